package pos

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestSettleSplitPaymentsWithChange(t *testing.T) {
	c := testCatalog(t)
	ann := admin(t, c)
	ref := &CardRef{Terminal: "T-778812", Approval: "A1B2", Brand: "VISA", Last4: "4242"}
	for _, tc := range []struct {
		name                     string
		total                    int64
		tenders                  []Tender
		change, rounding, drawer int64 // drawer: cash kept
		err                      string
	}{
		{"cash exact", 4500, []Tender{{Method: "cash"}}, 0, 0, 4500, ""},
		{"cash with change", 4500, []Tender{{Method: "cash", Tendered: chf(10000)}}, 5500, 0, 4500, ""},
		{"cash rounds CHF down to 0.05", 1232, []Tender{{Method: "cash", Tendered: chf(2000)}}, 770, -2, 1230, ""},
		{"cash rounds CHF up to 0.05", 1233, []Tender{{Method: "cash", Tendered: chf(2000)}}, 765, 2, 1235, ""},
		{"card then cash for the rest", 6000, []Tender{{Method: "card", Amount: chf(4000), Card: ref}, {Method: "cash", Tendered: chf(5000)}}, 3000, 0, 2000, ""},
		{"cash short then card", 6000, []Tender{{Method: "cash", Tendered: chf(2000)}, {Method: "card", Card: ref}}, 0, 0, 2000, ""},
		{"cash part in coins, card the rest", 6033, []Tender{{Method: "cash", Amount: chf(2005)}, {Method: "card", Card: ref}}, 0, 0, 2005, ""},
		{"cash part the drawer cannot hold", 6033, []Tender{{Method: "cash", Amount: chf(2003)}, {Method: "card", Card: ref}}, 0, 0, 0, "no coin for CHF 20.03"},
		{"cash short the drawer cannot hold", 6033, []Tender{{Method: "cash", Tendered: chf(2003)}, {Method: "card", Card: ref}}, 0, 0, 0, "no coin for CHF 20.03"},
		{"cash typed as the rest, rounded", 1233, []Tender{{Method: "cash", Amount: chf(1233)}}, 0, 2, 1235, ""},
		{"cash handed over is coins", 1233, []Tender{{Method: "cash", Tendered: chf(1233)}}, 0, 0, 0, "no coin for CHF 12.33: type CHF 12.30 or CHF 12.35"},
		{"card for too much", 3000, []Tender{{Method: "card", Amount: chf(4000), Card: ref}}, 0, 0, 0, "more than the CHF 30.00 left"},
		{"not enough", 3000, []Tender{{Method: "card", Amount: chf(1000), Card: ref}}, 0, 0, 0, "CHF 20.00 is still to be paid"},
		{"card needs a reference", 3000, []Tender{{Method: "card"}}, 0, 0, 0, "reference shown on the payment terminal"},
		{"paid twice", 3000, []Tender{{Method: "cash"}, {Method: "card", Card: ref}}, 0, 0, 0, "already paid"},
		{"free for a zero total", 0, []Tender{{Method: "free"}}, 0, 0, 0, ""},
		{"free is not for a paid order", 3000, []Tender{{Method: "free"}}, 0, 0, 0, "only for an order whose total is zero"},
		{"a zero order is recorded as free", 0, []Tender{{Method: "cash"}}, 0, 0, 0, "recorded as free"},
		{"below the minimum", 900, []Tender{{Method: "twint", Card: ref}}, 0, 0, 0, "below this payment method's minimum"},
		{"unknown method", 900, []Tender{{Method: "bitcoin"}}, 0, 0, 0, "unknown payment method"},
		{"no method", 900, nil, 0, 0, 0, "choose a payment method"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, err := c.Settle(ann, chf(tc.total), tc.tenders, nil, testToday)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if st.Change.Amount != tc.change || st.Rounding.Amount != tc.rounding {
				t.Errorf("change %v rounding %v, want %d %d", st.Change, st.Rounding, tc.change, tc.rounding)
			}
			var paid, drawer int64
			for _, p := range st.Payments {
				paid += p.Amount.Amount
				drawer += p.Cash().Amount
			}
			if paid != tc.total || drawer != tc.drawer {
				t.Errorf("payments add up to %d (want %d), drawer %d (want %d)", paid, tc.total, drawer, tc.drawer)
			}
		})
	}
}

func TestSettleInvoiceLeavesOrderPendingWithDeadline(t *testing.T) {
	c := testCatalog(t)
	st, err := c.Settle(admin(t, c), chf(9000), []Tender{{Method: "invoice"}}, nil, testToday)
	if err != nil {
		t.Fatal(err)
	}
	// to the end of the tenth day, in the organiser's time zone
	y, m, d := testToday.In(c.Location()).Date()
	if !st.Pending || !st.Deadline.Equal(time.Date(y, m, d+10, 23, 59, 59, 0, c.Location())) || !st.Payments[0].Pending {
		t.Errorf("settlement %+v", st)
	}
	// The invoice method can no longer be chosen after its last day.
	if _, err := c.Settle(admin(t, c), chf(9000), []Tender{{Method: "invoice"}}, nil, testToday.AddDate(0, 0, 32)); !errors.Is(err, ErrMethodExpired) {
		t.Errorf("after available_until: err = %v", err)
	}
}

// TestAGiftVoucherStopsPayingAtItsExpiry: a gift voucher pays until the
// instant its validity ends (Voucher.Expires), not from it on.
func TestAGiftVoucherStopsPayingAtItsExpiry(t *testing.T) {
	c := testCatalog(t)
	expires := testToday.AddDate(1, 0, 0)
	d := expires.In(c.Location())
	endOfDay := time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, c.Location())
	bal := func(string) (Voucher, bool) {
		return Voucher{Number: "G-1", Kind: KindVoucher, Balance: chf(5000), Expires: expires}, true
	}
	for _, tc := range []struct {
		now time.Time
		ok  bool
	}{
		// it pays through the day its slip names, whatever the time of
		// day it was sold (10:00 UTC here, the box office's 11:00): before,
		// it stopped at that time, refusing a customer that afternoon
		{expires, true},
		{endOfDay.Add(-time.Nanosecond), true},
		{endOfDay, false},
	} {
		_, err := c.Settle(admin(t, c), chf(3000), []Tender{{Method: "gift", Voucher: "G-1"}}, bal, tc.now)
		if tc.ok != (err == nil) || !tc.ok && !strings.Contains(err.Error(), "expired") {
			t.Errorf("%s before its expiry: %v, want it to pay %v", expires.Sub(tc.now), err, tc.ok)
		}
	}
}

func TestSettleGiftVoucherBalance(t *testing.T) {
	c := testCatalog(t)
	bal := func(n string) (Voucher, bool) {
		if n == "G-1" {
			return Voucher{Number: "G-1", Kind: KindVoucher, Balance: chf(2000)}, true
		}
		return Voucher{}, false
	}
	st, err := c.Settle(admin(t, c), chf(3000), []Tender{{Method: "gift", Voucher: "G-1"}, {Method: "cash"}}, bal, testToday)
	if err != nil {
		t.Fatal(err)
	}
	if st.Payments[0].Amount.Amount != 2000 || st.Payments[1].Amount.Amount != 1000 {
		t.Errorf("payments %+v", st.Payments)
	}
	if _, err := c.Settle(admin(t, c), chf(3000), []Tender{{Method: "gift", Voucher: "G-9"}}, bal, testToday); err == nil || !strings.Contains(err.Error(), `no voucher or credit numbered "G-9"`) {
		t.Errorf("unknown voucher: %v", err)
	}
}

// TestSettleAVoucherPaysItsBalanceOnce: a voucher offered in two payments
// of one order pays at most its balance in all (a CHF 20 voucher paid CHF
// 30 before), and each payment records what the voucher still holds after
// it, which the receipt prints.
func TestSettleAVoucherPaysItsBalanceOnce(t *testing.T) {
	c := testCatalog(t)
	bal := func(n string) (Voucher, bool) {
		if n == "G-1" || n == "G-2" {
			return Voucher{Number: n, Kind: KindVoucher, Balance: chf(2000)}, true
		}
		return Voucher{}, false
	}
	gift := func(n string, amount int64) Tender {
		t := Tender{Method: "gift", Voucher: n}
		if amount > 0 {
			t.Amount = chf(amount)
		}
		return t
	}
	for _, tc := range []struct {
		name    string
		total   int64
		tenders []Tender
		paid    []int64 // each payment's amount
		left    []int64 // what its voucher holds after it
		refused string  // the refusal, when the settlement is refused
	}{
		{"one voucher pays part", 1500, []Tender{gift("G-1", 0)}, []int64{1500}, []int64{500}, ""},
		{"one voucher pays all it holds", 3000, []Tender{gift("G-1", 0), {Method: "cash"}}, []int64{2000, 1000}, []int64{0, 0}, ""},
		{"the same voucher twice: the second pays what is left", 3000, []Tender{gift("G-1", 1200), gift("G-1", 0), {Method: "cash"}}, []int64{1200, 800, 1000}, []int64{800, 0, 0}, ""},
		{"the same voucher twice: nothing left for the second", 3000, []Tender{gift("G-1", 2000), gift("G-1", 0)}, nil, nil, "voucher G-1 already pays all it holds (CHF 20.00) of this order"},
		{"two vouchers each pay their own", 3000, []Tender{gift("G-1", 0), gift("G-2", 0)}, []int64{2000, 1000}, []int64{0, 1000}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, err := c.Settle(admin(t, c), chf(tc.total), tc.tenders, bal, testToday)
			if tc.refused != "" {
				if err == nil || !strings.Contains(err.Error(), tc.refused) {
					t.Fatalf("err = %v, want %q", err, tc.refused)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(st.Payments) != len(tc.paid) {
				t.Fatalf("payments %+v", st.Payments)
			}
			for i, p := range st.Payments {
				if p.Amount != chf(tc.paid[i]) {
					t.Errorf("payment %d pays %s, want %s", i+1, p.Amount, chf(tc.paid[i]))
				}
				if p.Kind == KindVoucher && (p.Left == nil || *p.Left != chf(tc.left[i])) {
					t.Errorf("payment %d leaves %v on %s, want %s", i+1, p.Left, p.Voucher, chf(tc.left[i]))
				}
				if p.Kind != KindVoucher && p.Left != nil {
					t.Errorf("payment %d (%s) records %s left", i+1, p.Kind, p.Left)
				}
			}
		})
	}
}

func TestPaymentMethodAvailability(t *testing.T) {
	c := testCatalog(t)
	names := func(ms []*PaymentMethod) string {
		var s []string
		for _, m := range ms {
			s = append(s, m.ID)
		}
		return strings.Join(s, ",")
	}
	rob, _ := c.SellerFor("rob")
	for _, tc := range []struct {
		name   string
		seller Seller
		total  int64
		want   string
	}{
		{"administrator, small order", admin(t, c), 500, "cash,card,gift"},
		{"administrator, above the minimums", admin(t, c), 6000, "cash,card,twint,invoice,gift"},
		{"zero total only free", admin(t, c), 0, "free"},
		{"reseller limited by profile", rob, 6000, "cash"},
		{"kiosk sells as a customer", KioskSeller(), 6000, "card,twint,gift"},
	} {
		if got := names(c.MethodsFor(tc.seller, chf(tc.total), testToday)); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}

// TestAMethodForCustomersOnlyIsNotTakenByStaff: a payment method's
// availability (seed 004: self-service customer / reseller and
// administrator) works both ways: one offered to customers only is not
// taken at the counter, by an administrator either.
func TestAMethodForCustomersOnlyIsNotTakenByStaff(t *testing.T) {
	twint := `{"id": "twint", "kind": "twint", "name": "TWINT", "minimum": "CHF 10", "customer": true, "staff": true`
	c := testCatalogWith(t, twint, strings.Replace(twint, `"staff": true`, `"staff": false`, 1))
	m, _ := c.PaymentMethodByID("twint")
	for _, tc := range []struct {
		name   string
		seller Seller
		ok     bool
	}{
		{"administrator", admin(t, c), false},
		{"kiosk", KioskSeller(), true},
	} {
		err := c.MethodAvailable(m, tc.seller, chf(6000), testToday)
		if tc.ok != (err == nil) || !tc.ok && !errors.Is(err, ErrMethodNotForSeller) {
			t.Errorf("%s: %v, want taken %v", tc.name, err, tc.ok)
		}
	}
}

// TestAMethodsMinimumIsTheSmallestOrderItTakes: a payment method's
// minimum order amount (seed 004) is the smallest total it may pay: an
// order of exactly that amount may use it, one a centime below may not,
// and the refusal names the minimum.
func TestAMethodsMinimumIsTheSmallestOrderItTakes(t *testing.T) {
	c := testCatalog(t)
	for _, tc := range []struct {
		method string
		total  int64
		ok     bool
	}{
		{"twint", 999, false},
		{"twint", 1000, true},
		{"invoice", 4999, false},
		{"invoice", 5000, true},
	} {
		m, _ := c.PaymentMethodByID(tc.method)
		err := c.MethodAvailable(m, admin(t, c), chf(tc.total), testToday)
		if tc.ok && err != nil {
			t.Errorf("%s for %v: %v, want it offered", tc.method, chf(tc.total), err)
		}
		if !tc.ok && (!errors.Is(err, ErrBelowMinimum) || !strings.Contains(err.Error(), m.Minimum.String())) {
			t.Errorf("%s for %v: %v, want below its minimum %v", tc.method, chf(tc.total), err, m.Minimum)
		}
	}
}

func TestCardReferenceNeverKeepsACardNumber(t *testing.T) {
	for _, tc := range []struct {
		ref CardRef
		ok  bool
	}{
		{CardRef{Terminal: "T-1234", Approval: "998877", Brand: "VISA", Last4: "4242"}, true},
		{CardRef{Terminal: "4111111111111111"}, false},
		{CardRef{Terminal: "T-1", Approval: "4111 1111 1111 1111"}, false},
		{CardRef{Terminal: "T-1", Brand: "5500-0000-0000-0004"}, false},
		{CardRef{Terminal: "T-1", Approval: "3782 822463 10005"}, false}, // American Express, 15 digits
		{CardRef{Terminal: "T-1", Approval: "3056-930902-5904"}, false},  // Diners Club, 14 digits
		{CardRef{Terminal: "6759 6498 2643"}, false},                     // Maestro, 12 digits
		{CardRef{Terminal: "T-1", Last4: "42424"}, false},
		{CardRef{Terminal: ""}, false},
	} {
		if err := tc.ref.Check(); (err == nil) != tc.ok {
			t.Errorf("%+v: err = %v", tc.ref, err)
		}
	}
}

func TestPaymentMethodFees(t *testing.T) {
	c := testCatalog(t)
	inv, _ := c.PaymentMethodByID("invoice")
	for tickets, want := range map[int]int64{0: 200, 1: 220, 5: 300} {
		if got, err := inv.Fee(tickets, Zero("CHF")); err != nil || got.Amount != want {
			t.Errorf("invoice fee for %d tickets = %v, want %d", tickets, got, want)
		}
	}
}

// TestAMethodsAvailableUntilClosesWhenWritten: a payment method written
// "available_until": "2026-11-25" is open through that day; written with
// a time of day it closes at that time. Before, a time of day kept the
// method open until that time the next day.
func TestAMethodsAvailableUntilClosesWhenWritten(t *testing.T) {
	loc := testCatalog(t).Location()
	for _, tc := range []struct {
		until      string
		open, shut time.Time // the last instant it takes, the first it refuses
	}{
		{"2026-11-25", time.Date(2026, 11, 25, 23, 59, 0, 0, loc), time.Date(2026, 11, 26, 0, 0, 0, 0, loc)},
		{"2026-11-25 18:00", time.Date(2026, 11, 25, 17, 59, 0, 0, loc), time.Date(2026, 11, 25, 18, 0, 0, 0, loc)},
		{"+2d 18:00", time.Date(2026, 11, 25, 17, 59, 0, 0, loc), time.Date(2026, 11, 25, 18, 0, 0, 0, loc)},
	} {
		t.Run(tc.until, func(t *testing.T) {
			c := testCatalog(t)
			m, ok := c.PaymentMethodByID("invoice")
			if !ok {
				t.Fatal("no invoice method")
			}
			m.Until = tc.until
			var p problems
			m.check(&p, func(error, Money, bool) {}, testToday, c.Location())
			if err := p.err(); err != nil {
				t.Fatal(err)
			}
			for _, at := range []struct {
				when time.Time
				ok   bool
			}{{tc.open, true}, {tc.shut, false}} {
				_, err := c.Settle(admin(t, c), chf(9000), []Tender{{Method: "invoice"}}, nil, at.when)
				if at.ok != (err == nil) || !at.ok && !errors.Is(err, ErrMethodExpired) {
					t.Errorf("at %v: %v, want it taken %v", at.when, err, at.ok)
				}
			}
		})
	}
}
