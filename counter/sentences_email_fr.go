package counter

import "guichet/pos"

// French for the e-mail sentences of the register service (email.go):
// the reasons a message is not sent, which the desk shows beside it, and
// the errors a screen may show.
func init() {
	pos.AddSentences(pos.French, map[string]string{
		"its tickets were canceled or exchanged: nothing to send":            "ses billets ont été annulés ou échangés : rien à envoyer",
		"the performance was canceled":                                       "la représentation a été annulée",
		"the performance had started: the e-mail before it is not sent late": "la représentation avait commencé : l'e-mail d'avant le spectacle n'est pas envoyé en retard",
		"the order's customer was taken off or has no e-mail address now: this e-mail is not sent to the address it was queued for (send it again from the order's screen)": "le client de la commande a été retiré ou n'a plus d'adresse e-mail : cet e-mail n'est pas envoyé à l'adresse pour laquelle il attendait (renvoyez-le depuis l'écran de la commande)",
		"the invoice was paid":              "la facture a été payée",
		"the order was canceled":            "la commande a été annulée",
		"the invoice's deadline has passed": "l'échéance de la facture est passée",
		"this order has no customer e-mail address: type the address to send the tickets to":                                                      "cette commande n'a pas d'adresse e-mail de client : tapez l'adresse à laquelle envoyer les billets",
		"the catalog has no organiser e-mail to send from: set organiser.email in the catalog (the e-mails wait in the outbox until then)":        "le catalogue n'a pas d'e-mail d'organisateur d'où envoyer : renseignez organiser.email dans le catalogue (les e-mails attendent dans la boîte d'envoi jusque-là)",
		"this register has no printer: give it one with --printer to print":                                                                       "cette caisse n'a pas d'imprimante : indiquez-en une avec --printer pour imprimer",
		"this register pushes to a central server, which sends the e-mails: give the mail server to guichetd serve (--smtp), not to the register": "cette caisse envoie son journal à un serveur central, qui envoie les e-mails : donnez le serveur de messagerie à guichetd serve (--smtp), pas à la caisse",
		"the e-mail sender is running already":                   "l'envoi des e-mails est déjà en marche",
		"e-mail is not set up on this register (no SMTP server)": "l'e-mail n'est pas configuré sur cette caisse (pas de serveur SMTP)",
	})
	// reasons with a ticket's number, kept as text in the journal
	pos.AddStoredSentences(pos.French, map[string]string{
		noTicketCode: "le billet %s n'a pas ici de code signé valable (sa caisse n'en a pas envoyé, ou il ne se vérifie pas) : envoyez-le depuis la caisse",
		// why a message could not be written (compose), kept as text
		// as the reason it waits: the order's number, then what is
		// wrong with it, itself said in French ("not found")
		"order %s: %w": "commande %s : %s",
		// a kind the register does not write, kept as the reason it waits
		"e-mail kind %q is not one of %s": "le type d'e-mail « %s » n'est pas un de ceux-ci : %s",
	})
}
