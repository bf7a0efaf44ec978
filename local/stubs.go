package local

import (
	"crypto/ed25519"
	"errors"

	"guichet/pos"
)

var errNotYet = errors.New("not yet")

// Register is the register service: one per bbolt file and process.
type Register struct {
	cat *pos.Catalog
	id  string
}

// Till is one staff member's screen.
type Till struct {
	r     *Register
	staff *pos.Staff
}

func Open(o Options) (*Register, error)                                     { return nil, errNotYet }
func (r *Register) Close() error                                            { return nil }
func (r *Register) Catalog() *pos.Catalog                                   { return r.cat }
func (r *Register) ID() string                                              { return r.id }
func (r *Register) PublicKey() ed25519.PublicKey                            { return nil }
func (r *Register) Version() uint64                                         { return 0 }
func (r *Register) Unlock(staffID, pin string) (*Till, error)               { return nil, errNotYet }
func (t *Till) Close()                                                      {}
func (t *Till) Staff() *pos.Staff                                           { return t.staff }
func (t *Till) Seller() pos.Seller                                          { return pos.Seller{} }
func (t *Till) Shift() (Shift, bool)                                        { return Shift{}, false }
func (t *Till) OpenShift(float pos.Money) (Shift, error)                    { return Shift{}, errNotYet }
func (t *Till) Cart() pos.Cart                                              { return pos.Cart{} }
func (t *Till) Priced() (pos.PricedCart, error)                             { return pos.PricedCart{}, errNotYet }
func (t *Till) AddSeats(perf, zone, category string, seats ...string) error { return errNotYet }
func (t *Till) AddTickets(perf, zone, category string, qty int) error       { return errNotYet }
func (t *Till) AddItem(kind, item string, qty int) error                    { return errNotYet }
func (t *Till) SetQuantity(line, qty int) error                             { return errNotYet }
func (t *Till) SetCategory(line int, category string) error                 { return errNotYet }
func (t *Till) RemoveLine(line int) error                                   { return errNotYet }
func (t *Till) SetAnswers(line int, answers map[string]string) error        { return errNotYet }
func (t *Till) SetCustomText(line int, text string) error                   { return errNotYet }
func (t *Till) ApplyCode(code string) (pos.PricedCart, error)               { return pos.PricedCart{}, errNotYet }
func (t *Till) RemoveCode()                                                 {}
func (t *Till) SetCustomer(id string) error                                 { return errNotYet }
func (t *Till) ClearCart()                                                  {}
func (t *Till) PaymentMethods() ([]*pos.PaymentMethod, error)               { return nil, errNotYet }
func (t *Till) Checkout(tenders []pos.Tender) (pos.Order, error)            { return pos.Order{}, errNotYet }
func (r *Register) SaveCustomer(staff string, c pos.Customer) (pos.Customer, error) {
	return c, errNotYet
}
func (r *Register) SearchCustomers(query string, limit int) []pos.Customer { return nil }
func (r *Register) Order(number string) (OrderView, bool)                  { return OrderView{}, false }
func (r *Register) FindOrders(query string, limit int) []OrderView         { return nil }
func (t *Till) ValidatePayment(order string) error                         { return errNotYet }
func (t *Till) Cancel(order, reason string) error                          { return errNotYet }
func (t *Till) Exchange(ref string, tickets []string) (pos.Money, error) {
	return pos.Money{}, errNotYet
}
func (t *Till) Reprint(ticket string) error                                 { return errNotYet }
func (t *Till) CashMove(amount pos.Money, reason string) error              { return errNotYet }
func (t *Till) XReport() (Report, error)                                    { return Report{}, errNotYet }
func (t *Till) CloseShift(counted pos.Money) (Report, error)                { return Report{}, errNotYet }
func (r *Register) Availability(perf string) []ZoneAvailability             { return nil }
func (r *Register) SeatMap(perf, zone string, t *Till) map[string]SeatState { return nil }
func (r *Register) PrintQueue() ([]PrintJob, error)                         { return nil, errNotYet }
func (r *Register) MarkPrinted(id string) error                             { return errNotYet }
func (r *Register) Stats() (Stats, error)                                   { return Stats{}, errNotYet }
