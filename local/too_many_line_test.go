package local

import (
	"testing"

	"guichet/pos"
)

// TestPlacesAddedToALineOverTheZoneSayWhatWasAsked: places added to a
// cart line that would hold more than the zone's places are refused in
// the cashier's numbers. Before, 56 added to a line of 5 in the gallery
// (60 places) read "line 1: quantity 61: too many for one line (zone
// "Standing gallery" has 60 places)", 61 being a number nobody typed, and
// in English on a French counter.
func TestPlacesAddedToALineOverTheZoneSayWhatWasAsked(t *testing.T) {
	for _, tc := range []struct {
		name   string
		inCart int
		add    func(t *Till) error
		want   string
		wantFr string
	}{
		{"beside the line's own", 5,
			func(t *Till) error { return t.AddTickets("hamlet-00", "galerie", "adult", 56) },
			"Standing gallery has 60 places: 56 asked beside the 5 already on the line",
			"Galerie debout compte 60 places : 56 demandés en plus des 5 déjà sur la ligne"},
		{"on a new line", 0,
			func(t *Till) error { return t.AddTickets("hamlet-00", "galerie", "adult", 61) },
			`quantity 61: too many for one line (zone "Standing gallery" has 60 places)`,
			"quantité 61 : trop pour une seule ligne (la zone « Galerie debout » compte 60 places)"},
		{"one category beside the line's own", 5,
			func(t *Till) error {
				return t.AddTicketCounts("hamlet-00", "galerie", []TicketCount{{"adult", 56}})
			},
			"Adult: Standing gallery has 60 places: 56 asked beside the 5 already on the line",
			"Adulte : Galerie debout compte 60 places : 56 demandés en plus des 5 déjà sur la ligne"},
		{"several categories, one beside the line's own", 5,
			func(t *Till) error {
				return t.AddTicketCounts("hamlet-00", "galerie", []TicketCount{{"child", 1}, {"adult", 56}})
			},
			"Adult: Standing gallery has 60 places: 56 asked beside the 5 already on the line — nothing was added",
			"Adulte : Galerie debout compte 60 places : 56 demandés en plus des 5 déjà sur la ligne — rien n'a été ajouté"},
		{"a line's quantity set keeps its number", 5,
			func(t *Till) error { return t.SetQuantity(0, 61) },
			`line 1: quantity 61: too many for one line (zone "Standing gallery" has 60 places)`,
			"ligne 1 : quantité 61 : trop pour une seule ligne (la zone « Galerie debout » compte 60 places)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := openTest(t, "")
			till := openTill(t, r, "claire", "1234")
			if tc.inCart > 0 {
				must(t, till.AddTickets("hamlet-00", "galerie", "adult", tc.inCart))
			}
			before := till.Cart()
			err := tc.add(till)
			if err == nil {
				t.Fatal("added")
			}
			if got := pos.Say(err, "en"); got != tc.want {
				t.Errorf("en: %q\nwant %q", got, tc.want)
			}
			if got := pos.Say(err, "fr"); got != tc.wantFr {
				t.Errorf("fr: %q\nwant %q", got, tc.wantFr)
			}
			if after := till.Cart(); places(after) != places(before) {
				t.Fatalf("the refusal changed the cart: %+v, before %+v", after.Lines, before.Lines)
			}
		})
	}
}
