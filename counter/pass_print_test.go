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
