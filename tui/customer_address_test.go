package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"guichet/fixtures"
	"guichet/pos"
)

// TestAMultiLineAddressStaysOnItsRowAndIsKept: a customer's address of
// several lines (typed at the central desk, imported from a file) is
// shown on its one row of the form, its lines marked, and comes back
// whole when the form is saved; so do multi-line notes.
func TestAMultiLineAddressStaysOnItsRowAndIsKept(t *testing.T) {
	cat, err := fixtures.DemoCatalog(fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	s := newCustomer(&common{cat: cat, lang: "en", st: newStyles(), sale: &sale{}})
	cu := pos.Customer{ID: "C1", FirstName: "Zoé", LastName: "Müller", Address: "Rue du Lac 1\n1003 Lausanne", Notes: "wheelchair\nprefers aisle"}
	s.open(cu)
	for focus := range custFields {
		s.focus = focus
		v := s.View()
		if n := strings.Count(v, "\n"); n != custFields+2 {
			t.Fatalf("focus on field %d: the form has %d lines, want %d:\n%s", focus, n, custFields+2, v)
		}
	}
	s.focus = custAddress
	s.Update(tea.KeyPressMsg{Code: tea.KeyEnd})
	s.Update(tea.KeyPressMsg{Code: 'x', Text: "x"})
	if got := s.form[custAddress].Value(); got != "Rue du Lac 1\n1003 Lausannex" {
		t.Fatalf("the address after typing is %q", got)
	}
	if got := s.form[custNotes].Value(); got != cu.Notes {
		t.Fatalf("the notes are %q", got)
	}
}
