package kiosk

import (
	"log/slog"

	"guichet/pos"
)

// AcceptCatalog is the kiosk's check of a catalog pulled from the central
// server (counter.Central.Accept): one that offers customers no method of
// the terminal is refused, as guichet kiosk refuses it at start. Applied,
// it would let every customer fill a cart and then tell them no payment
// is possible. The kiosk sells on with the catalog it has, and log (the
// kiosk's log, which staff read: a customer's screen is no place for it;
// nil: none) says why, once per catalog pulled, in English, a record with
// the reason in err; the refusal it returns is a sentence pos.Say writes
// in each language (sentences_fr.go).
func AcceptCatalog(log *slog.Logger) func(*pos.Catalog) error {
	return func(c *pos.Catalog) error {
		err := c.KioskPays()
		if err == nil {
			return nil
		}
		if log != nil {
			log.Warn("the central server's new catalog was not applied, the kiosk sells on with the one it has", "err", err)
		}
		return pos.Errorf("the central server's new catalog was not applied, the kiosk sells on with the one it has: %w", err)
	}
}
