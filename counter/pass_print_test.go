package counter

import (
	"strings"
	"testing"

	"guichet/pos"
)

// TestAPrintedPassSaysNoPlacement: a season pass sold at the counter came
// out of the printer saying "Placement libre" where a seat goes, as if it
// let its holder in anywhere in one hall; a pass has no zone, seat nor
// placement. The printed pass names itself and says nothing there.
func TestAPrintedPassSaysNoPlacement(t *testing.T) {
	r := newRig(t, ReceiptsAsk)
	must(t, r.till.AddItem(pos.LinePass, "abonnement-saison", 1))
	if _, err := r.till.Checkout([]pos.Tender{cash(20000)}); err != nil {
		t.Fatal(err)
	}
	text := r.printed().Plain()
	if !strings.Contains(text, "Abonnement saison") {
		t.Fatalf("the pass was not printed:\n%s", text)
	}
	if strings.Contains(text, "Placement libre") {
		t.Errorf("the printed pass says \"Placement libre\":\n%s", text)
	}
}

// TestAPrintedPassSaysWhatItLetsIn: a pass's paper printed nothing where a
// seat goes (before that "Placement libre"): the season's subscription
// names its events, a festival day pass prints its day and time.
func TestAPrintedPassSaysWhatItLetsIn(t *testing.T) {
	for _, tc := range []struct{ pass, want string }{
		{"abonnement-saison", "Valable pour : Hamlet, Carmen"},
		{"festival-jour-1", "Pass festival - jour 1"}, // the dash as CP850 prints it
	} {
		t.Run(tc.pass, func(t *testing.T) {
			r := newRig(t, ReceiptsAsk)
			must(t, r.till.AddItem(pos.LinePass, tc.pass, 1))
			if _, err := r.till.Checkout([]pos.Tender{cash(20000)}); err != nil {
				t.Fatal(err)
			}
			text := r.printed().Plain()
			if !strings.Contains(text, tc.want) {
				t.Fatalf("the printed pass does not say %q:\n%s", tc.want, text)
			}
			if tc.pass == "festival-jour-1" {
				cat := r.svc.Catalog()
				perf, _ := cat.PerformanceByID("festival-j1")
				at := perf.Start.In(cat.Location())
				if when := pos.FormatDate(at, "fr") + " " + at.Format("15:04"); !strings.Contains(text, when) {
					t.Errorf("the day pass does not print its day %q:\n%s", when, text)
				}
			}
		})
	}
}
