package sync

import (
	"guichet/pos"
	"guichet/sync/api"
)

// guichetd's refusal of a token (api.TokenRefused), which the status line
// shows as the server wrote it: in the till's language.
func init() {
	pos.AddStoredSentences(pos.French, map[string]string{
		api.TokenRefused: "ce jeton est inconnu ou a été révoqué : sur le serveur, guichetd register renew NOM donne un nouveau jeton à une caisse inscrite (guichetd register add en inscrit une nouvelle) ; mettez-le dans le fichier de jeton de la caisse (--token-file) et redémarrez-la",
	})
}
