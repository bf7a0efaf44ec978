package local

import (
	"errors"
	"testing"

	"guichet/pos"
)

// A till closed while its reports are being read (another goroutine: the
// desk's X report runs in a tea.Cmd while the idle lock closes the till)
// answers ErrTillClosed from then on; under -race, Close and the read
// transaction's check do not race.
func TestTillClosedWhileItsReportIsRead(t *testing.T) {
	r, _ := openTest(t, "")
	a := openTill(t, r, "claire", "1234")
	done := make(chan error, 1)
	go func() {
		var err error
		for range 200 {
			if _, err = a.XReport(); err != nil {
				break
			}
		}
		done <- err
	}()
	a.Close()
	if err := <-done; err != nil && !errors.Is(err, ErrTillClosed) {
		t.Fatalf("X report while the till closes: %v", err)
	}
	if _, err := a.XReport(); !errors.Is(err, ErrTillClosed) {
		t.Fatalf("X report of a closed till: %v, want ErrTillClosed", err)
	}
}

// TestAResellerWithoutFreeIsToldWhyAFreeOrderHasNoMethod: Marc's profile
// takes cash, card, TWINT and gift vouchers; a ticket a 100 % offer makes
// free is an order of CHF 0.00, which only free / invitation records.
// Before, his payment screen said only "No payment method for this
// amount", with nothing to do; the till now says why and who can place it.
func TestAResellerWithoutFreeIsToldWhyAFreeOrderHasNoMethod(t *testing.T) {
	r, _ := openTest(t, "")
	_, err := r.SaveOffer("claire", pos.Offer{ID: "cadeau", Name: pos.Text{"fr": "Offert", "en": "On the house"},
		Effect: pos.EffectPercent, PercentBP: 10000, Automatic: true})
	must(t, err)
	marc := openTill(t, r, "marc", "5678")
	must(t, marc.AddSeats("voyage-01", "salle", "adult", "B-3"))
	pc, err := marc.Priced()
	must(t, err)
	if !pc.Total.IsZero() {
		t.Fatalf("the offer leaves %s to pay: not what this test is about", pc.Total)
	}
	ms, err := marc.PaymentMethods()
	if len(ms) != 0 || !errors.Is(err, pos.ErrZeroNeedsFree) {
		t.Fatalf("methods %v, %v: want none, and why", ms, err)
	}
	if got := pos.Say(err, "fr"); got != "une commande dont le total est nul s'enregistre en gratuit / invitation, que votre profil ne prend pas : un administrateur, ou un profil qui prend Gratuit / invitation, l'enregistre" {
		t.Fatalf("said %q", got)
	}
	claire := openTill(t, r, "claire", "1234")
	must(t, claire.AddSeats("voyage-01", "salle", "adult", "B-4"))
	if ms, err := claire.PaymentMethods(); err != nil || len(ms) != 1 || ms[0].Kind != pos.KindFree {
		t.Fatalf("an administrator is offered %v, %v", ms, err)
	}
}
