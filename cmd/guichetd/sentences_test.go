package main

import (
	"testing"

	"guichet/pos"
)

// TestNoSentenceHasTwoFrenchs: every sentence the server links is
// translated once (pos.SentenceConflicts; see guichet's own test).
func TestNoSentenceHasTwoFrenchs(t *testing.T) {
	for _, c := range pos.SentenceConflicts() {
		t.Errorf("translated twice, differently: %s", c)
	}
}
