package pos

import (
	"fmt"
	"strings"
	"time"
)

// Order states.
const (
	OrderPending  = "pending_payment" // an invoice is waiting to be validated
	OrderPaid     = "paid"
	OrderCanceled = "canceled"
	OrderLapsed   = "lapsed" // its invoice's deadline passed unpaid: its tickets were released
)

// Order is a placed order. It is built by NewOrder and recorded in the
// journal; it never changes there: payments, cancellation and exchanges are
// later journal entries that the views fold into its state.
type Order struct {
	Number   string        `json:"number"`
	State    string        `json:"state"`
	Placed   time.Time     `json:"placed"`
	Register string        `json:"register"`
	Staff    string        `json:"staff"`
	Customer string        `json:"customer,omitempty"`
	Lines    []PricedLine  `json:"lines"`
	Offer    *AppliedOffer `json:"offer,omitempty"`
	Fees     []Fee         `json:"fees,omitempty"`
	Total    Money         `json:"total"`
	Tickets  []Ticket      `json:"tickets"`
	Payments []Payment     `json:"payments"`
	Deadline time.Time     `json:"deadline,omitzero"`
	VAT      []VATTotal    `json:"vat,omitempty"` // included in Total, by rate; nil in orders recorded before VAT was priced (see Catalog.VATTotals)
}

// Ticket is one admission (or pass, or gift voucher) with its own number.
type Ticket struct {
	Number      string `json:"number"`
	Kind        string `json:"kind"` // ticket, pass, gift_voucher
	Line        int    `json:"line"` // index in Order.Lines
	Performance string `json:"performance,omitempty"`
	Zone        string `json:"zone,omitempty"`
	Seat        string `json:"seat,omitempty"`
	Category    string `json:"category,omitempty"`
	Item        string `json:"item,omitempty"`
	Price       Money  `json:"price"`   // charged for this one
	Regular     Money  `json:"regular"` // regular price of this one
	Offer       string `json:"offer,omitempty"`
	CustomText  string `json:"custom_text,omitempty"`
	// Expires is when a gift voucher stops paying (zero: never).
	Expires time.Time `json:"expires,omitzero"`
	// Comp is why it was given free (an invitation).
	Comp string `json:"comp,omitempty"`
}

// OrderNumber is unique without a server: the register's id and its own
// order sequence, "K01-000123".
func OrderNumber(register string, seq uint64) string {
	return fmt.Sprintf("%s-%06d", register, seq)
}

// TicketNumber is the order number and the ticket's place in it: "K01-000123-02".
func TicketNumber(order string, n int) string { return fmt.Sprintf("%s-%02d", order, n) }

// OrderOfTicket is the order number a ticket number belongs to.
func OrderOfTicket(ticket string) string {
	if i := strings.LastIndexByte(ticket, '-'); i > 0 {
		return ticket[:i]
	}
	return ticket
}

// NewOrder builds an order from a priced cart and its settlement. Each
// ticket, pass and gift voucher gets its own number; a line of several gets
// its charged amount split exactly, the odd centimes going to the first ones.
func NewOrder(number, register, staff, customer string, pc PricedCart, st Settlement, placed time.Time) Order {
	o := Order{
		Number: number, State: OrderPaid, Placed: placed, Register: register, Staff: staff,
		Customer: customer, Lines: pc.Lines, Offer: pc.Offer, Fees: pc.Fees, Total: pc.Total,
		Payments: st.Payments, VAT: pc.VAT,
	}
	if o.VAT == nil {
		o.VAT = []VATTotal{} // priced: no VAT, not "not worked out"
	}
	if st.Pending {
		o.State, o.Deadline = OrderPending, st.Deadline
	}
	n := 0
	for i, l := range pc.Lines {
		if l.Kind == LineProduct {
			continue
		}
		shares := SplitEvenly(l.Charged, l.Quantity)
		for q := 0; q < l.Quantity; q++ {
			n++
			o.Tickets = append(o.Tickets, Ticket{
				Number: TicketNumber(number, n), Kind: l.Kind, Line: i,
				Performance: l.Performance, Zone: l.Zone, Seat: l.Seat, Category: l.Category, Item: l.Item,
				Price: shares[q], Regular: l.Unit, Offer: l.Offer, CustomText: l.CustomText,
				Expires: l.Expires, Comp: l.Comp,
			})
		}
	}
	return o
}

// SplitEvenly divides an amount into n shares that differ by at most one
// minor unit and add up exactly; the larger shares come first.
func SplitEvenly(m Money, n int) []Money {
	if n <= 0 {
		return nil
	}
	out := make([]Money, n)
	q, r := m.Amount/int64(n), m.Amount%int64(n)
	for i := range out {
		out[i] = Money{q, m.Currency}
		if int64(i) < r {
			out[i].Amount++
		}
	}
	return out
}

// Available is what is left to sell: capacity minus what is sold and what is
// held (seats on plans and carts of every till, and pending orders).
func Available(capacity, sold, held int) int {
	return max(0, capacity-sold-held)
}
