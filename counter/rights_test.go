package counter

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
	"guichet/printers"
)

// rightsRig is a register printing to a preview (a reprint needs a
// printer) where claire (administrator) sold two orders, one on invoice,
// and staff sold their own.
type rightsRig struct {
	svc    *Service
	path   string
	till   *Till
	claire []string // claire's orders: paid, pending
	own    []string // the staff's orders: paid, paid, pending ("" when the profile takes no invoice)
}

func newRightsRig(t *testing.T, staff, pin string) *rightsRig {
	t.Helper()
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	r := &rightsRig{path: filepath.Join(t.TempDir(), "guichet.db")}
	r.svc, err = Open(Options{Path: r.path, Register: "K01", Catalog: cat, Now: func() time.Time { return saleDay },
		Printer: printers.NewPreview()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.svc.Close() })
	claire := unlockOpen(t, r.svc, "claire", "1234")
	r.claire = []string{sellSeat(t, claire, "hamlet-00", "parterre", "cash", "C-1"), sellSeat(t, claire, "hamlet-00", "parterre", "invoice", "C-2", "C-3")}
	claire.Close()
	r.till = unlockOpen(t, r.svc, staff, pin)
	perf, zone, row := "hamlet-01", "parterre", "D"
	if staff == "marc" {
		perf, zone, row = "voyage-01", "salle", "D"
	}
	for i, method := range []string{"cash", "cash", "invoice"} {
		if m, _ := cat.PaymentMethodByID(method); !r.till.Seller().CanTake(m) {
			r.own = append(r.own, "")
			continue
		}
		r.own = append(r.own, sellSeat(t, r.till, perf, zone, method, fmt.Sprintf("%s-%d", row, 2*i+2), fmt.Sprintf("%s-%d", row, 2*i+3)))
	}
	return r
}

func unlockOpen(t *testing.T, svc *Service, staff, pin string) *Till {
	t.Helper()
	till, err := svc.Unlock(staff, pin)
	if err != nil {
		t.Fatal(err)
	}
	if _, open, _ := till.Shift(); open {
		return till
	}
	if _, err := till.OpenShift(pos.M(10000, "CHF")); err != nil {
		t.Fatal(err)
	}
	return till
}

// sellSeat sells seats as adult tickets (two on invoice, whose minimum is
// CHF 50).
func sellSeat(t *testing.T, till *Till, perf, zone, method string, seats ...string) string {
	t.Helper()
	if err := till.AddSeats(perf, zone, "adult", seats...); err != nil {
		t.Fatal(err)
	}
	sale, err := till.Checkout([]pos.Tender{{Method: method}})
	if err != nil {
		t.Fatalf("%s sells %s %s: %v", till.Staff().ID, perf, seats, err)
	}
	return sale.Order.Number
}

// TestRightsMatrix: each profile of the demo × each desk action, through
// the service. Allowed means done; refused means an error that names the
// right (pos.ErrNotAllowed), never a half-done action.
func TestRightsMatrix(t *testing.T) {
	type row struct{ staff, pin string }
	staff := []row{{"claire", "1234"}, {"marc", "5678"}, {"lea", "2468"}}
	// what each may do: claire (administrator), marc (cinema desk:
	// reprint, cash, close; his own orders), lea (theatre front desk:
	// cancel, validate, exchange, reprint, cash, close; her profile's orders)
	want := map[string]map[string]bool{
		"see own":                               {"claire": true, "marc": true, "lea": true},
		"see claire's":                          {"claire": true, "marc": false, "lea": false},
		"list claire's":                         {"claire": true, "marc": false, "lea": false},
		"cancel own":                            {"claire": true, "marc": false, "lea": true},
		"cancel claire's":                       {"claire": true, "marc": false, "lea": false},
		"validate":                              {"claire": true, "marc": false, "lea": true},
		"validate claire's":                     {"claire": true, "marc": false, "lea": false},
		"exchange own":                          {"claire": true, "marc": false, "lea": true},
		"exchange claire's":                     {"claire": true, "marc": false, "lea": false},
		"exchange claire's typed in lower case": {"claire": true, "marc": false, "lea": false},
		"exchange claire's typed short":         {"claire": true, "marc": false, "lea": false},
		"reprint own":                           {"claire": true, "marc": true, "lea": true},
		"reprint claire's":                      {"claire": true, "marc": false, "lea": false},
		"cash":                                  {"claire": true, "marc": true, "lea": true},
		"codes":                                 {"claire": true, "marc": false, "lea": false},
		"sell season pass":                      {"claire": true, "marc": false, "lea": true},
		"sell festival pass":                    {"claire": true, "marc": false, "lea": false},
		"sell gift voucher":                     {"claire": true, "marc": false, "lea": true},
		"sell product":                          {"claire": true, "marc": true, "lea": true},
		"comp":                                  {"claire": true, "marc": false, "lea": false},
		"close":                                 {"claire": true, "marc": true, "lea": true},
	}
	for _, st := range staff {
		t.Run(st.staff, func(t *testing.T) {
			r := newRightsRig(t, st.staff, st.pin)
			till := r.till
			ticket := func(order string) string { return order + "-01" }
			pending := r.own[2]
			if pending == "" {
				pending = r.own[1] // a profile without invoices: the right is refused first
			}
			item := func(kind, id string) func() error {
				return func() error {
					defer till.ClearCart()
					return till.AddItem(kind, id, 1)
				}
			}
			actions := []struct {
				name string
				do   func() error
			}{
				{"see own", func() error { _, ok, err := till.Order(r.own[0]); return okErr(ok, err) }},
				{"see claire's", func() error { _, ok, err := till.Order(r.claire[0]); return okErr(ok, err) }},
				{"list claire's", func() error {
					found, err := till.FindOrders("K01", 0)
					for _, ov := range found {
						if ov.Order.Staff == "claire" && st.staff != "claire" {
							return fmt.Errorf("listed %s", ov.Order.Number)
						}
					}
					if len(found) == 0 {
						return errors.New("lists nothing")
					}
					if st.staff != "claire" && len(found) != 3-count(r.own, "") {
						return fmt.Errorf("lists %d orders", len(found))
					}
					if err == nil && st.staff != "claire" {
						return pos.ErrNotAllowed // the others' orders are left out, as refused
					}
					return err
				}},
				{"reprint own", func() error { return till.Reprint(ticket(r.own[0])) }},
				{"reprint claire's", func() error { return till.Reprint(ticket(r.claire[0])) }},
				{"exchange own", func() error {
					_, err := till.Exchange(r.own[1], []string{ticket(r.own[1])})
					till.ClearCart()
					return err
				}},
				{"exchange claire's", func() error {
					_, err := till.Exchange(r.claire[0], []string{ticket(r.claire[0])})
					till.ClearCart()
					return err
				}},
				{"exchange claire's typed in lower case", func() error {
					_, err := till.Exchange(strings.ToLower(r.claire[0]), []string{strings.ToLower(ticket(r.claire[0]))})
					till.ClearCart()
					return err
				}},
				{"exchange claire's typed short", func() error {
					// "K01-000001" typed as "1", its ticket as "1-01"
					short := strings.TrimLeft(strings.TrimPrefix(r.claire[0], "K01-"), "0")
					_, err := till.Exchange(short, []string{short + "-01"})
					till.ClearCart()
					return err
				}},
				{"validate", func() error { return till.ValidatePayment(pending, pos.Tender{Reference: "VIR-1"}) }},
				{"validate claire's", func() error { return till.ValidatePayment(r.claire[1], pos.Tender{Reference: "VIR-1"}) }},
				{"cancel own", func() error { return till.Cancel(r.own[0], "test") }},
				{"cancel claire's", func() error { return till.Cancel(r.claire[0], "test") }},
				{"cash", func() error { return till.CashMove(pos.M(1000, "CHF"), "change") }},
				{"codes", func() error { _, err := till.PINFailures(); return err }},
				{"sell season pass", item(pos.LinePass, "abonnement-saison")},
				{"sell festival pass", item(pos.LinePass, "festival-3-jours")},
				{"sell gift voucher", item(pos.LineVoucher, "bon-100")},
				{"sell product", item(pos.LineProduct, "programme")},
				{"comp", func() error {
					defer till.ClearCart()
					if err := till.AddItem(pos.LineProduct, "programme", 1); err != nil {
						return err
					}
					return till.SetComp(0, "invitation")
				}},
				{"close", func() error {
					rep, err := till.XReport()
					if err != nil {
						return err
					}
					_, err = till.CloseShift(rep.Expected)
					return err
				}},
			}
			if len(actions) != len(want) {
				t.Fatalf("%d actions tried, %d expected", len(actions), len(want))
			}
			for _, a := range actions {
				allowed, ok := want[a.name][st.staff]
				if !ok {
					t.Fatalf("no expectation for %s × %s", st.staff, a.name)
				}
				err := a.do()
				switch {
				case allowed && err != nil:
					t.Errorf("%s: refused: %v", a.name, err)
				case !allowed && err == nil:
					t.Errorf("%s: allowed", a.name)
				case !allowed && !errors.Is(err, pos.ErrNotAllowed) && !errors.Is(err, pos.ErrNotYourItem) && !errors.Is(err, pos.ErrNoComps):
					t.Errorf("%s: refused without naming a right: %v", a.name, err)
				}
			}
			verifyAndRebuild(t, r.svc, r.path)
		})
	}
}

func okErr(ok bool, err error) error {
	if err == nil && !ok {
		return errors.New("not found")
	}
	return err
}

func count(list []string, s string) int {
	n := 0
	for _, x := range list {
		if x == s {
			n++
		}
	}
	return n
}

// verifyAndRebuild closes the service, verifies the journal and checks a
// rebuild gives the views the register kept.
func verifyAndRebuild(t *testing.T, svc *Service, path string) {
	t.Helper()
	if err := svc.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := local.Verify(path); err != nil {
		t.Fatal(err)
	}
	res, err := local.Rebuild(path)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Identical {
		t.Fatalf("a rebuild changed the views: %+v", res)
	}
}

// TestRefusalsNameTheRight: the refusal says which right is missing, in
// the seller's language.
func TestRefusalsNameTheRight(t *testing.T) {
	r := newRightsRig(t, "marc", "5678")
	err := r.till.Cancel(r.own[0], "test")
	if got := pos.Say(err, pos.French); got != "votre profil ne permet pas d'annuler des commandes : demandez à un administrateur" {
		t.Errorf("French: %q", got)
	}
	if got := pos.Say(err, pos.English); got != "your profile does not allow canceling orders: ask an administrator" {
		t.Errorf("English: %q", got)
	}
	_, _, err = r.till.Order(r.claire[0])
	if got := pos.Say(err, pos.English); got != "order "+r.claire[0]+" was sold by someone else: your profile shows only your own orders" {
		t.Errorf("English: %q", got)
	}
}

// TestARefusedCustomersImportSaysCustomers: a reseller refused a
// customers import is told the right is importing customers (it said
// "managing offers and codes", the right it was checked against), in
// French and English; nothing is imported, and an administrator may.
func TestARefusedCustomersImportSaysCustomers(t *testing.T) {
	r := newRightsRig(t, "lea", "2468")
	file := []byte("first_name,last_name,email\nZoé,Müller,zoe@example.ch\n")
	_, err := r.till.ImportCustomers(file)
	if !errors.Is(err, pos.ErrNotAllowed) {
		t.Fatalf("a reseller imports customers: %v", err)
	}
	if got := pos.Say(err, pos.English); got != "your profile does not allow importing customers: ask an administrator" {
		t.Errorf("English: %q", got)
	}
	if got := pos.Say(err, pos.French); got != "votre profil ne permet pas d'importer des clients : demandez à un administrateur" {
		t.Errorf("French: %q", got)
	}
	if list, err := r.svc.reg.SearchCustomers("Müller", 0); err != nil || len(list) != 0 {
		t.Fatalf("after the refusal the register finds %+v (%v)", list, err)
	}
	claire := unlockOpen(t, r.svc, "claire", "1234")
	if list, err := claire.ImportCustomers(file); err != nil || len(list) != 1 {
		t.Fatalf("an administrator imports customers: %+v (%v)", list, err)
	}
}

// TestAReceiptCopyNeedsTheReprintRight: a seller prints the order's first
// receipt on the right to see the order; a copy after it (a duplicate)
// needs the reprint right, as tickets printed again do ("reprint": tickets
// and receipts), and a refused copy queues nothing.
func TestAReceiptCopyNeedsTheReprintRight(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := cat.ProfileByID("caisse-cinema")
	if !ok {
		t.Fatal("the demo has no profile caisse-cinema")
	}
	p.Actions = []pos.Action{pos.ActCash, pos.ActClose} // marc may not reprint
	path := filepath.Join(t.TempDir(), "guichet.db")
	svc, err := Open(Options{Path: path, Register: "K01", Catalog: cat, Now: func() time.Time { return saleDay },
		Printer: printers.NewPreview()})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	marc := unlockOpen(t, svc, "marc", "5678")
	order := sellSeat(t, marc, "voyage-01", "salle", "cash", "D-2")
	if err := marc.Check(pos.ActReprint); err == nil {
		t.Fatal("marc may reprint: the test's profile is wrong")
	}
	queued := func() int {
		t.Helper()
		n := 0
		es, err := svc.reg.Entries(1, 100000)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range es {
			if e, err := local.DecodeEntry(v); err == nil && e.Type == local.TypeReceiptQueued {
				n++
			}
		}
		return n
	}
	if err := marc.PrintReceipt(order); err != nil {
		t.Fatalf("the order's first receipt: %v", err)
	}
	if err := marc.PrintReceipt(order); !errors.Is(err, pos.ErrNotAllowed) {
		t.Fatalf("a copy of the receipt without the reprint right: %v", err)
	}
	if n := queued(); n != 1 {
		t.Fatalf("%d receipts queued, want the original alone", n)
	}
	claire := unlockOpen(t, svc, "claire", "1234")
	if err := claire.PrintReceipt(order); err != nil {
		t.Fatalf("a copy of the receipt by an administrator: %v", err)
	}
	if n := queued(); n != 2 {
		t.Fatalf("%d receipts queued, want 2", n)
	}
}

// TestAnAdministratorClearsAColleaguesPINWait: Marc's wrong PINs make him
// wait (doubling up to a day); an administrator clears them at the desk
// and his right PIN opens at once. A reseller may not, the clearing is
// journaled with who did it, and clearing nothing says so. The throttle
// still counts from zero after it.
func TestAnAdministratorClearsAColleaguesPINWait(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "guichet.db")
	svc, err := Open(Options{Path: path, Register: "K01", Catalog: cat, Now: func() time.Time { return saleDay }})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	for range local.PINTries {
		if _, err := svc.UnlockAt("marc", "0000", "K01/ssh-2"); err == nil {
			t.Fatal("a wrong PIN opened")
		}
	}
	var wait *PINWaitError
	if _, err := svc.Unlock("marc", "5678"); !errors.As(err, &wait) {
		t.Fatalf("after %d wrong PINs: %v, want a wait", local.PINTries, err)
	}
	lea, err := svc.Unlock("lea", "2468")
	if err != nil {
		t.Fatal(err)
	}
	if err := lea.ClearPINWait("marc"); !errors.Is(err, pos.ErrNotAllowed) {
		t.Fatalf("a reseller clears a PIN wait: %v", err)
	}
	claire, err := svc.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if err := claire.ClearPINWait("marc"); err != nil {
		t.Fatal(err)
	}
	if fails, err := claire.PINFailures(); err != nil || len(fails) != 0 {
		t.Fatalf("the desk still lists %+v (%v)", fails, err)
	}
	if _, err := svc.Unlock("marc", "5678"); err != nil {
		t.Fatalf("marc's right PIN after the clearing: %v", err)
	}
	err = claire.ClearPINWait("marc")
	if got := pos.Say(err, pos.English); got != "Marc Rossi has no wrong PINs to clear" {
		t.Errorf("clearing nothing: %q", got)
	}
	if got := pos.Say(err, pos.French); got != "Marc Rossi n'a pas de codes PIN erronés à effacer" {
		t.Errorf("French: %q", got)
	}
	es, err := svc.reg.Entries(1, 100000)
	if err != nil {
		t.Fatal(err)
	}
	var cleared []string
	for _, v := range es {
		if e, err := local.DecodeEntry(v); err == nil && e.Type == local.TypePINCleared {
			cleared = append(cleared, e.Staff+":"+string(e.Payload))
		}
	}
	if len(cleared) != 1 || !strings.Contains(cleared[0], `"by":"claire"`) || !strings.HasPrefix(cleared[0], "claire:") {
		t.Errorf("pin.cleared entries: %q, want one by claire", cleared)
	}
}

// TestTheReceiptOfAPaymentNeedsNoReprintRight: a seller who may validate
// an invoice's payment but not reprint printed the invoice at the sale;
// the receipt after the payment was refused him as a copy, though it is
// the first receipt showing the payment. He prints it; a copy of it still
// needs the reprint right.
func TestTheReceiptOfAPaymentNeedsNoReprintRight(t *testing.T) {
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := cat.ProfileByID("caisse-cinema")
	if !ok {
		t.Fatal("the demo has no profile caisse-cinema")
	}
	p.Actions = []pos.Action{pos.ActCash, pos.ActClose, pos.ActValidate} // marc may not reprint
	p.PaymentMethods = append(p.PaymentMethods, "invoice")
	svc, err := Open(Options{Path: filepath.Join(t.TempDir(), "guichet.db"), Register: "K01", Catalog: cat,
		Now: func() time.Time { return saleDay }, Printer: printers.NewPreview()})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	marc := unlockOpen(t, svc, "marc", "5678")
	order := sellSeat(t, marc, "voyage-01", "salle", "invoice", "D-2", "D-3", "D-4", "D-5", "D-6")
	if err := marc.PrintReceipt(order); err != nil {
		t.Fatalf("the invoice: %v", err)
	}
	if err := marc.ValidatePayment(order, pos.Tender{Reference: "VIR-1"}); err != nil {
		t.Fatal(err)
	}
	if err := marc.PrintReceipt(order); err != nil {
		t.Fatalf("the receipt of the payment: %v", err)
	}
	if err := marc.PrintReceipt(order); !errors.Is(err, pos.ErrNotAllowed) {
		t.Fatalf("a copy of the receipt without the reprint right: %v", err)
	}
}

// TestARefusedPINWaitSaysPINs: a reseller asking for the staff locked out
// by wrong PINs, or clearing one's wait, is told the right is unlocking
// staff (it said "managing offers and codes"), in French and English.
func TestARefusedPINWaitSaysPINs(t *testing.T) {
	r := newRightsRig(t, "lea", "2468")
	_, listErr := r.till.PINFailures()
	for _, err := range []error{listErr, r.till.ClearPINWait("marc")} {
		if !errors.Is(err, pos.ErrNotAllowed) {
			t.Fatalf("a reseller and the PIN waits: %v", err)
		}
		if got := pos.Say(err, pos.English); got != "your profile does not allow unlocking staff after wrong PINs: ask an administrator" {
			t.Errorf("English: %q", got)
		}
		if got := pos.Say(err, pos.French); got != "votre profil ne permet pas de débloquer le personnel après des codes PIN erronés : demandez à un administrateur" {
			t.Errorf("French: %q", got)
		}
	}
	claire := unlockOpen(t, r.svc, "claire", "1234")
	if _, err := claire.PINFailures(); err != nil {
		t.Fatalf("an administrator lists the PIN waits: %v", err)
	}
}
