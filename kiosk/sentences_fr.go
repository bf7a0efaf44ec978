package kiosk

import (
	"strings"

	"guichet/pos"
)

// French for the kiosk's errors said through pos.Say (catalog.go): a new
// catalog it refuses is told to a French technician in French.
func init() {
	m := map[string]string{
		"the central server's new catalog was not applied, the kiosk sells on with the one it has: %w": "le nouveau catalogue du serveur central n'a pas été appliqué, la borne vend avec celui qu'elle a : %w",
	}
	pos.AddSentences(pos.French, m)
	// kept as English text in the event log (guichet journal events): a
	// stored sentence's translation takes every argument as %s
	stored := map[string]string{}
	for en, fr := range m {
		stored[en] = strings.ReplaceAll(fr, "%w", "%s")
	}
	pos.AddStoredSentences(pos.French, stored)
}
