package tui

import (
	"time"

	"guichet/local"
	"guichet/pos"
)

// Service is what the screens ask of the register, and nothing more. The
// real one is the local register (see FromLocal); tests may use a fake.
// Every method that writes is called from a tea.Cmd, never from Update.
type Service interface {
	Catalog() *pos.Catalog
	ID() string
	// Version changes on every commit and hold change: the screens poll it
	// on a tick and refresh availability when it moves.
	Version() uint64
	Unlock(staffID, pin string) (Till, error)
	Availability(perf string) []ZoneAvailability
	// SeatMap lists the seats of a zone that are not free, as seen by till.
	SeatMap(perf, zone string, till Till) map[string]SeatState
	SaveCustomer(staffID string, c pos.Customer) (pos.Customer, error)
	SearchCustomers(q string, limit int) []pos.Customer
	// FindOrders finds orders by number, customer name or e-mail (pending
	// invoices first, then the newest).
	FindOrders(q string, limit int) []OrderView
	// Voucher finds a gift voucher or credit voucher (number in any case)
	// with what it may still pay.
	Voucher(number string) (pos.Voucher, bool)
	// Order is one order with its tickets' states.
	Order(number string) (OrderView, bool)
}

// The desk's views of orders and shifts are the register's own: the screens
// only read them.
type (
	OrderView   = local.OrderView
	TicketView  = local.TicketView
	Report      = local.Report
	MethodTotal = local.MethodTotal
	// CreditVoucher is what an exchange credit left unused: its number and
	// balance.
	CreditVoucher = local.CreditVoucher
)

// Till is one member of staff's session at the register: their cart and
// their shift.
type Till interface {
	Staff() *pos.Staff
	Seller() pos.Seller
	Shift() (Shift, bool)
	OpenShift(float pos.Money) (Shift, error)
	Close() error

	Cart() pos.Cart
	Priced() (pos.PricedCart, error)
	AddSeats(perf, zone, category string, seats ...string) error
	AddTickets(perf, zone, category string, qty int) error
	AddItem(kind, item string, qty int) error
	SetQuantity(line, qty int) error
	SetCategory(line int, category string) error
	RemoveLine(line int) error
	SetAnswers(line int, answers map[string]string) error
	SetCustomText(line int, text string) error
	ApplyCode(code string) (pos.PricedCart, error)
	RemoveCode() error
	SetCustomer(id string) error
	ClearCart() error
	PaymentMethods() ([]*pos.PaymentMethod, error)
	// PricedWith prices the cart as Checkout will with these payment
	// methods (their fees included).
	PricedWith(methods []string) (pos.PricedCart, error)
	Checkout(tenders []pos.Tender) (pos.Order, error)
	// LastCreditVoucher is the credit voucher the last Checkout made of an
	// exchange credit's remainder; false when it made none.
	LastCreditVoucher() (CreditVoucher, bool)
	// SetLang names cart lines, details and offers in the staff's language.
	SetLang(lang string)

	// The desk's other operations. Each writes its journal entries and
	// returns once they are durable.
	ValidatePayment(order string) error
	Cancel(order, reason string) error
	Reprint(ticket string) error
	// Exchange takes tickets back (by order number or e-mail) and puts
	// their value in the cart as a credit; Credit is that credit.
	Exchange(ref string, tickets []string) (pos.Money, error)
	Credit() pos.Money
	CashMove(amount pos.Money, reason string) error
	XReport() (Report, error)
	CloseShift(counted pos.Money) (Report, error)
}

// Shift is the cash drawer session a till sells in.
type Shift struct {
	ID     string
	Opened time.Time
	Float  pos.Money
}

// ZoneAvailability is what is left to sell in one zone of a performance.
type ZoneAvailability struct {
	Zone                            string
	Capacity, Sold, Held, Available int
}

// SeatState is why a seat is not free.
type SeatState int

const (
	SeatFree SeatState = iota
	SeatSold
	SeatHeldByOther
	SeatHeldByMe
	SeatBlocked
)
