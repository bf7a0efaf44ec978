package pos

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func ticket(perf, zone, cat, seat string, qty int) CartLine {
	return CartLine{Kind: LineTicket, Performance: perf, Zone: zone, Category: cat, Seat: seat, Quantity: qty}
}

func TestPriceRegularPricesFromThePerformancesList(t *testing.T) {
	c := testCatalog(t)
	pc, err := Price(c, Cart{Lines: []CartLine{
		ticket("p1", "stalls", "adult", "A-2", 1),
		ticket("p1", "standing", "adult", "", 3), // zone-specific price
		ticket("p1", "standing", "child", "", 2), // list-wide price
		{Kind: LinePass, Item: "season", Quantity: 1},
		{Kind: LineVoucher, Item: "g50", Quantity: 1},
		{Kind: LineProduct, Item: "prog", Quantity: 2},
	}}, PricingContext{Now: testToday, Lang: "en", Seller: admin(t, c)})
	if err != nil {
		t.Fatal(err)
	}
	wantCharged := []int64{3000, 3705, 3000, 10000, 5000, 1000}
	for i, l := range pc.Lines {
		if l.Charged.Amount != wantCharged[i] || l.Regular != l.Charged {
			t.Errorf("line %d: charged %v regular %v, want %d", i+1, l.Charged, l.Regular, wantCharged[i])
		}
	}
	if pc.Total.Amount != 25705 || pc.Tickets != 7 {
		t.Errorf("total %v tickets %d, want CHF 257.05 and 7", pc.Total, pc.Tickets)
	}
	if got := pc.Lines[0].Detail; !strings.Contains(got, "Row A, seat 2") || !strings.Contains(got, "Stalls") {
		t.Errorf("detail %q should name zone and seat", got)
	}
}

func TestPriceRefusesLinesThatCannotBeSold(t *testing.T) {
	c := testCatalog(t)
	rob, _ := c.SellerFor("rob")
	for _, tc := range []struct {
		name   string
		line   CartLine
		seller Seller
		want   error
		msg    string
	}{
		{"seated zone needs a seat", ticket("p1", "stalls", "adult", "", 1), Seller{}, ErrSeatRequired, ""},
		{"blocked seat of the venue", ticket("p2", "stalls", "adult", "A-4", 1), Seller{}, ErrSeatBlocked, ""},
		{"blocked seat of the date", ticket("p1", "stalls", "adult", "A-1", 1), Seller{}, ErrSeatBlocked, ""},
		{"seat not in the row", ticket("p1", "stalls", "adult", "B-2", 1), Seller{}, ErrUnknownItem, ""},
		{"free placement has no seat", ticket("p1", "standing", "adult", "A-2", 1), Seller{}, ErrNoSeatHere, ""},
		{"quantity at least one", ticket("p1", "standing", "adult", "", 0), Seller{}, ErrBadQuantity, ""},
		{"unknown performance", ticket("p9", "standing", "adult", "", 1), Seller{}, ErrUnknownItem, ""},
		{"profile limits events", ticket("p1", "standing", "adult", "", 1), rob, ErrNotYourEvent, ""},
		{"profile lists no passes", CartLine{Kind: LinePass, Item: "season", Quantity: 1}, rob, ErrNotYourItem, "pass"},
		{"unknown kind", CartLine{Kind: "bike", Quantity: 1}, Seller{}, nil, "kind \"bike\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Price(c, Cart{Lines: []CartLine{{Kind: LineProduct, Item: "prog", Quantity: 1}, tc.line}}, PricingContext{Now: testToday, Seller: tc.seller})
			var le *LineError
			if !errors.As(err, &le) || le.Line != 2 {
				t.Fatalf("err = %v, want a LineError on line 2", err)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
			if tc.msg != "" && !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("err = %v, want it to say %q", err, tc.msg)
			}
		})
	}
}

func TestPriceSameSeatTwiceIsRefused(t *testing.T) {
	c := testCatalog(t)
	_, err := Price(c, Cart{Lines: []CartLine{ticket("p1", "stalls", "adult", "A-2", 1), ticket("p1", "stalls", "child", "A-2", 1)}}, PricingContext{})
	if !errors.Is(err, ErrSeatTwice) {
		t.Fatalf("err = %v", err)
	}
}

func TestPriceFormAnswersAreCleaned(t *testing.T) {
	c := testCatalog(t)
	l := ticket("p1", "standing", "student", "", 1)
	l.Answers = map[string]string{"school": " EPFL\x1b[2J "}
	l.CustomText = "Happy birthday\x07"
	pc, err := Price(c, Cart{Lines: []CartLine{l}}, PricingContext{})
	if err != nil {
		t.Fatal(err)
	}
	if got := pc.Lines[0].Answers["school"]; got != "EPFL[2J" {
		t.Errorf("answer = %q", got)
	}
	if got := pc.Lines[0].CustomText; got != "Happy birthday" {
		t.Errorf("custom text = %q", got)
	}
	l.Answers = map[string]string{"school": "x", "shoe": "42"}
	if _, err := Price(c, Cart{Lines: []CartLine{l}}, PricingContext{}); err == nil || !strings.Contains(err.Error(), `no question "shoe"`) {
		t.Errorf("unknown question: err = %v", err)
	}
}

func TestPriceFeesOfTheChosenMethodsAreAdded(t *testing.T) {
	c := testCatalog(t)
	cart := Cart{Lines: []CartLine{ticket("p1", "standing", "adult", "", 4)}, Methods: []string{"invoice"}}
	pc, err := Price(c, cart, PricingContext{})
	if err != nil {
		t.Fatal(err)
	}
	// CHF 2.00 per order + 4 x CHF 0.20 per ticket.
	if pc.FeesTotal.Amount != 280 || pc.Total.Amount != 4940+280 {
		t.Errorf("fees %v total %v", pc.FeesTotal, pc.Total)
	}
}

func TestOrderNumbering(t *testing.T) {
	for _, tc := range []struct {
		reg  string
		seq  uint64
		want string
	}{{"K01", 1, "K01-000001"}, {"K01", 123, "K01-000123"}, {"BOX2", 1234567, "BOX2-1234567"}} {
		if got := OrderNumber(tc.reg, tc.seq); got != tc.want {
			t.Errorf("OrderNumber(%s, %d) = %s, want %s", tc.reg, tc.seq, got, tc.want)
		}
	}
	if got := TicketNumber("K01-000123", 2); got != "K01-000123-02" {
		t.Errorf("ticket number %s", got)
	}
	if got := OrderOfTicket("K01-000123-02"); got != "K01-000123" {
		t.Errorf("order of ticket %s", got)
	}
}

func TestNewOrderIssuesOneTicketPerAdmission(t *testing.T) {
	c := testCatalog(t)
	pc, err := Price(c, Cart{Lines: []CartLine{
		ticket("p1", "standing", "adult", "", 3), {Kind: LineProduct, Item: "prog", Quantity: 1},
		{Kind: LineVoucher, Item: "g50", Quantity: 1},
	}}, PricingContext{})
	if err != nil {
		t.Fatal(err)
	}
	pc.Lines[0].Charged = chf(1000) // as a cart discount would leave it: 10.00 over 3 tickets
	o := NewOrder("K01-000007", "K01", "ann", "", pc, Settlement{}, testToday)
	if len(o.Tickets) != 4 {
		t.Fatalf("%d tickets, want 3 admissions and 1 gift voucher", len(o.Tickets))
	}
	if o.Tickets[0].Price.Amount != 334 || o.Tickets[1].Price.Amount != 333 || o.Tickets[2].Price.Amount != 333 {
		t.Errorf("shares %v %v %v", o.Tickets[0].Price, o.Tickets[1].Price, o.Tickets[2].Price)
	}
	if o.Tickets[3].Number != "K01-000007-04" || o.Tickets[3].Kind != LineVoucher {
		t.Errorf("voucher ticket %+v", o.Tickets[3])
	}
	if o.State != OrderPaid {
		t.Errorf("state %s", o.State)
	}
}

func TestAvailabilityCountsSoldAndHeld(t *testing.T) {
	for _, tc := range []struct{ capacity, sold, held, want int }{
		{10, 0, 0, 10}, {10, 4, 3, 3}, {10, 10, 0, 0}, {10, 8, 5, 0}, {0, 0, 0, 0},
	} {
		if got := Available(tc.capacity, tc.sold, tc.held); got != tc.want {
			t.Errorf("Available(%d, %d, %d) = %d, want %d", tc.capacity, tc.sold, tc.held, got, tc.want)
		}
	}
}

func TestCustomerSearchIgnoresCaseAndAccents(t *testing.T) {
	all := []Customer{
		{ID: "1", Name: "Zoé Müller", Email: "zoe.mueller@example.ch"},
		{ID: "2", Name: "Zoe Martin", Email: "zm@example.fr"},
		{ID: "3", Name: "Jean Dupont", Email: "JEAN@EXAMPLE.CH"},
		{ID: "4", Name: "François Lœb", Email: ""},
	}
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"zoe", []string{"1", "2"}}, {"Zoé", []string{"1", "2"}}, {"ZOÉ MÜLLER", []string{"1"}},
		{"muller", []string{"1"}}, {"jean@example", []string{"3"}}, {"francois loeb", []string{"4"}},
		{"example.ch", []string{"1", "3"}}, {"nobody", nil},
	} {
		var got []string
		for _, c := range SearchCustomers(all, tc.q, 0) {
			got = append(got, c.ID)
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("search %q = %v, want %v", tc.q, got, tc.want)
		}
	}
}

func TestCustomerNormalize(t *testing.T) {
	c, err := Customer{Name: "  Zoé \x1b  Müller ", Email: " Zoe@Example.CH "}.Normalize()
	if err != nil || c.Name != "Zoé Müller" || c.Email != "zoe@example.ch" {
		t.Errorf("normalized %+v, %v", c, err)
	}
	for _, bad := range []Customer{{Name: ""}, {Name: "A", Email: "not-an-address"}, {Name: "A", Email: "a@"}} {
		if _, err := bad.Normalize(); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}

// A ticket goes into the cart before its form is answered; the order
// cannot be placed until every required question is.
func TestRequiredFormAnswerBlocksTheOrderNotTheCart(t *testing.T) {
	c := testCatalog(t)
	cart := Cart{Lines: []CartLine{ticket("p1", "standing", "adult", "", 1), ticket("p1", "standing", "student", "", 1)}}
	pc, err := Price(c, cart, PricingContext{Lang: "en"})
	if err != nil {
		t.Fatalf("a missing answer must not keep the ticket out of the cart: %v", err)
	}
	if got := pc.Lines[1].Missing; len(got) != 1 || got[0] != "school" {
		t.Errorf("missing answers %v", got)
	}
	err = c.Complete(pc, "en")
	var le *LineError
	if !errors.As(err, &le) || le.Line != 2 || !errors.Is(err, ErrAnswerRequired) || !strings.Contains(err.Error(), `"School"`) {
		t.Fatalf("Complete: %v", err)
	}
	cart.Lines[1].Answers = map[string]string{"school": "EPFL"}
	if pc, err = Price(c, cart, PricingContext{}); err != nil || c.Complete(pc, "en") != nil {
		t.Fatalf("answered: %v / %v", err, c.Complete(pc, "en"))
	}
}

// TestSalesCloseWhenThePerformanceStarts: a performance is sold until it
// starts, or until as many minutes after (before) as its event says; then
// the refusal says when sales closed, in the seller's language.
func TestSalesCloseWhenThePerformanceStarts(t *testing.T) {
	c := testCatalog(t)
	p1, _ := c.PerformanceByID("p1")
	line := CartLine{Kind: LineTicket, Performance: "p1", Zone: "standing", Category: "adult", Quantity: 1}
	price := func(now time.Time) error {
		_, err := Price(c, Cart{Lines: []CartLine{line}}, PricingContext{Now: now})
		return err
	}
	if err := price(p1.Start.Add(-time.Minute)); err != nil {
		t.Fatalf("a minute before the start: %v", err)
	}
	err := price(p1.Start)
	if !errors.Is(err, ErrSalesClosed) {
		t.Fatalf("at the start: %v, want sales closed", err)
	}
	if fr := Say(err, "fr"); !strings.Contains(fr, "ventes closes à 20:00") {
		t.Errorf("French: %q", fr)
	}
	thirty := 30
	ev, _ := c.EventByID(p1.Event)
	ev.SalesClose = &thirty
	if err := price(p1.Start.Add(29 * time.Minute)); err != nil {
		t.Fatalf("29 minutes in, with sales open 30 minutes after the start: %v", err)
	}
	if err := price(p1.Start.Add(30 * time.Minute)); !errors.Is(err, ErrSalesClosed) || !strings.Contains(err.Error(), "20:30") {
		t.Fatalf("30 minutes in: %v", err)
	}
	if !c.OnSale(p1, p1.Start.Add(10*time.Minute)) || c.OnSale(p1, p1.Start.Add(31*time.Minute)) {
		t.Error("OnSale disagrees with pricing")
	}
}
