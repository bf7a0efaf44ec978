package tui

import (
	"time"

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
}

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
	Checkout(tenders []pos.Tender) (pos.Order, error)
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
