package pos

import (
	"testing"
	"time"
)

func TestAnOfferFormRoundTripsAndKeepsWhatItDoesNotShow(t *testing.T) {
	c := testCatalog(t)
	base := Offer{ID: "x", Name: Text{"fr": "X", "en": "X"}, Effect: EffectPercent, PercentBP: 1250, MaxPerOrder: 4,
		Events: []ScopeItem{{Event: "show", PerOrder: 2}}, Passes: []ScopeItem{{Pass: "season"}}, CategoryControl: LabelControl{NotContaining: "child"}}
	f := FormOf(base)
	if f.Value != "12.5" || f.Events != "show" || f.CategoryControl != "-child" || f.MaxPerOrder != "4" {
		t.Fatalf("form %+v", f)
	}
	o, err := f.Offer(base, "CHF")
	if err != nil {
		t.Fatal(err)
	}
	if o.PercentBP != 1250 || len(o.Events) != 1 || o.Events[0].PerOrder != 2 || len(o.Passes) != 1 || o.CategoryControl.NotContaining != "child" {
		t.Fatalf("round trip lost something: %+v", o)
	}
	f.Effect, f.Value, f.Events = EffectAmountPerTicket, "5", "show other"
	o, err = f.Offer(base, "CHF")
	if err != nil || o.Amount != M(500, "CHF") || o.PercentBP != 0 || len(o.Events) != 2 || o.Events[0].PerOrder != 0 {
		t.Fatalf("changed: %+v %v", o, err)
	}
	if _, err := c.CheckOffer(o, time.Now(), nil); err != nil {
		t.Fatalf("check: %v", err)
	}
	for _, bad := range []OfferForm{{ID: "y", Effect: "half"}, {ID: "y", Effect: EffectPercent, Value: "lots"}, {ID: "y", Effect: EffectPercent, Value: "5", MaxTickets: "-1"}} {
		if _, err := bad.Offer(Offer{}, "CHF"); err == nil {
			t.Errorf("%+v read", bad)
		}
	}
}

// TestAnOfferMadeAtTheRegisterIsCleanedOfControlCharacters: an offer's
// name and description are text from people (DESIGN.md): one made at the
// register reaches screens, receipts and e-mails as the catalog's do,
// without control characters, whoever called CheckOffer (the screens'
// fields clean what is typed; the register's service does not).
func TestAnOfferMadeAtTheRegisterIsCleanedOfControlCharacters(t *testing.T) {
	c := testCatalog(t)
	typed := Offer{ID: "noel", Effect: EffectPercent, PercentBP: 1000,
		Name: Text{"fr": "Noël\x1b[2J", "en": "Christmas\x07"}, Description: Text{"en": "10 %\x1b]0;pwned\x07 off\r\neverything"}}
	got, err := c.CheckOffer(typed, testToday, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ what, got, want string }{
		{"French name", got.Name["fr"], "Noël[2J"},
		{"English name", got.Name["en"], "Christmas"},
		{"description", got.Description["en"], "10 %]0;pwned off  everything"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s %q, want %q", tc.what, tc.got, tc.want)
		}
	}
	if typed.Name["fr"] != "Noël\x1b[2J" {
		t.Errorf("the caller's offer was changed: %q", typed.Name["fr"])
	}
}
