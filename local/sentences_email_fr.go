package local

import "guichet/pos"

// French for the outbox's sentences (email.go, view_outbox.go), added to
// frenchSentences before it is handed to pos (package variables are set
// before any init runs).
func init() {
	m := map[string]string{
		"order %s has no valid ticket to send":               "la commande %s n'a aucun billet valable à envoyer",
		"order %s is not waiting for its invoice to be paid": "la commande %s n'attend pas le paiement d'une facture",
		"e-mail %s: %w":                   "e-mail %s : %w",
		"e-mail kind %q is not one of %s": "le type d'e-mail « %s » n'est pas un de ceux-ci : %s",
		"the tickets of order %s already wait in the outbox for %s: they go once, nothing is queued again": "les billets de la commande %s attendent déjà dans la boîte d'envoi pour %s : ils partent une fois, rien n'est ajouté",
	}
	for en, fr := range m {
		frenchSentences[en] = fr
	}
	pos.AddSentences("fr", m) // whichever init runs first
}
