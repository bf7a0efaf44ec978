package mail

import "guichet/pos"

// French for the sentences of an account's refusal, and of a failure
// tried again (smtp.go): stored in English as the reason of the message
// tried, the French desk shows them in French, the server's words and the
// settings' names as they are.
func init() {
	pos.AddStoredSentences(pos.French, map[string]string{
		refusedSender:    "le serveur de messagerie %s a refusé d'envoyer depuis l'adresse de l'organisateur (%s) : vérifiez que le compte SMTP peut envoyer depuis organiser.email du catalogue ; les e-mails attendent dans la boîte d'envoi",
		refusedLogin:     "le serveur de messagerie %s a refusé la connexion de « %s » (%s) : vérifiez --smtp-user et GUICHET_SMTP_PASSWORD ; les e-mails attendent dans la boîte d'envoi",
		refusedRegister:  "le serveur de messagerie %s a refusé cette caisse (%s) : vérifiez --smtp, --smtp-tls, --smtp-user et GUICHET_SMTP_PASSWORD ; les e-mails attendent dans la boîte d'envoi",
		failedConnection: "la connexion au serveur de messagerie %s a échoué (%s) : les e-mails attendent dans la boîte d'envoi et seront réessayés ; si cela dure, vérifiez que le serveur fonctionne, ainsi que --smtp et --smtp-tls",
		failedForNow:     "le serveur de messagerie %s n'a pas pris ce message pour l'instant (%s) : il sera réessayé",
		refusedMessage:   "le serveur de messagerie %s a refusé ce message définitivement (%s) : il ne sera pas réessayé ; vérifiez l'adresse du destinataire",
	})
}
