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
