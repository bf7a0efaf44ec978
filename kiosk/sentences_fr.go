package kiosk

import "guichet/pos"

// French for the kiosk's errors said through pos.Say (catalog.go): a new
// catalog it refuses is told to a French technician in French.
func init() {
	pos.AddSentences(pos.French, map[string]string{
		"the central server's new catalog was not applied, the kiosk sells on with the one it has: %w": "le nouveau catalogue du serveur central n'a pas été appliqué, la borne vend avec celui qu'elle a : %w",
	})
}
