package counter

import (
	"errors"

	"guichet/local"
	"guichet/pos"
)

// Rights (seed 004): every desk action of a till is checked here, in the
// service, whatever screen or command asks for it: the action must be one
// the seller's profile allows, and the order one it may see. The screens
// hide what a profile may not do; this is what refuses it.

// May reports whether the till's seller may take a desk action.
func (t *Till) May(a pos.Action) bool { return t.Seller().May(a) }

// Check is May as the refusal that names the missing right (nil: allowed).
func (t *Till) Check(a pos.Action) error { return t.Seller().Check(a) }

// checkOrder refuses an order the seller may not see, then an action the
// profile does not allow. An order that does not exist is left to the
// journal's own refusal.
func (t *Till) checkOrder(number string, a pos.Action) error {
	ov, ok, err := t.s.reg.Order(number)
	if err != nil {
		return err
	}
	if ok {
		if err := t.s.Catalog().CheckOrder(t.Seller(), number, ov.Order.Staff); err != nil {
			return err
		}
	}
	if a == "" {
		return nil
	}
	return t.Check(a)
}

// Order is one order as this till's seller may see it: an order sold by
// someone else than the profile shows is refused with why.
func (t *Till) Order(number string) (OrderView, bool, error) {
	ov, ok, err := t.s.reg.Order(number)
	if err != nil || !ok {
		return ov, ok, err
	}
	if err := t.s.Catalog().CheckOrder(t.Seller(), number, ov.Order.Staff); err != nil {
		return OrderView{}, false, err
	}
	return ov, true, nil
}

// FindOrders finds orders as Service.FindOrders does, only those this
// till's seller may see.
func (t *Till) FindOrders(q string, limit int) ([]OrderView, error) {
	sel := t.Seller()
	if sel.OrderScope() == pos.OrdersAll {
		return t.s.reg.FindOrders(q, limit)
	}
	return t.s.reg.FindOrdersWhere(q, limit, func(o *pos.Order) bool { return t.s.Catalog().SeesOrder(sel, o.Staff) })
}

// Cancel cancels a whole order the seller may see and cancel, as
// CancelPart does (a cash refund opens the drawer, a credit given back
// prints its slip).
func (t *Till) Cancel(number, reason string) error {
	return t.CancelPart(number, reason, CancelOptions{})
}

// ValidatePayment records an invoice's payment, when the seller may; one
// paid in cash opens the drawer (the money goes in, the change comes out).
func (t *Till) ValidatePayment(number string, how pos.Tender) error {
	if err := t.checkOrder(number, pos.ActValidate); err != nil {
		return err
	}
	if err := t.Till.ValidatePayment(number, how); err != nil {
		return err
	}
	if m, ok := t.s.Catalog().PaymentMethodByID(how.Method); ok && m.Kind == pos.KindCash {
		t.openDrawer()
	}
	return nil
}

// ErrScanAtKiosk: the kiosk takes tickets back only by their QR codes
// scanned, never by numbers typed.
var ErrScanAtKiosk = errors.New("at the kiosk, scan your tickets' QR codes to exchange them; to exchange by order number, ask at the box office")

func init() {
	pos.AddSentences(pos.French, map[string]string{
		ErrScanAtKiosk.Error(): "au kiosque, scannez les codes QR de vos billets pour les échanger ; pour échanger par numéro de commande, adressez-vous au guichet",
	})
}

// Exchange takes tickets back for a credit, when the seller may exchange
// and sees every ticket's order. A ticket is given by its number (with the
// order number or e-mail it was bought under: staff see the customer and
// the ticket in hand) or by the QR code scanned from it, which proves it
// (local.Register.ScannedTicket). At the kiosk no one sees the customer,
// and order numbers run in sequence: only scanned codes are taken there
// (ErrScanAtKiosk), so no one exchanges someone else's tickets by typing
// their order's number.
func (t *Till) Exchange(ref string, tickets []string) (pos.Money, error) {
	if err := t.Check(pos.ActExchange); err != nil {
		return pos.Money{}, err
	}
	if t.Seller().Kiosk && !local.AllScanned(tickets) {
		return pos.Money{}, ErrScanAtKiosk
	}
	return t.exchange(ref, tickets)
}

// exchange is Exchange without the kiosk's rule, for replay: a kiosk's
// charge whose answer was lost records its order with the exchange its
// request journaled, as Exchange was given it then (the codes scanned,
// checked again; numbers only in requests journaled before the kiosk
// took codes alone). Nothing else reaches it: what a request journals
// comes from an exchange Exchange took.
func (t *Till) exchange(ref string, tickets []string) (pos.Money, error) {
	if err := t.Check(pos.ActExchange); err != nil {
		return pos.Money{}, err
	}
	// the orders checked are the ones the register reads: a number typed
	// in any case ("k01-000001-01") or short ("1-01") is read as issued,
	// a code scanned is the ticket it proves
	issued := make([]string, len(tickets))
	for i, tk := range tickets {
		number := t.s.reg.TypedTicket(tk)
		issued[i] = number
		if code, ok := local.ScannedCode(tk); ok {
			st, err := t.s.reg.ScannedTicket(code)
			if err != nil {
				return pos.Money{}, err
			}
			number, issued[i] = st.Number, code
		}
		if err := t.checkOrder(pos.OrderOfTicket(number), ""); err != nil {
			return pos.Money{}, err
		}
	}
	return t.Till.Exchange(ref, issued)
}

// PINFailures lists the members of staff with wrong PINs in a row, for an
// administrator's desk (pos.ActPINs).
func (t *Till) PINFailures() ([]PINFailures, error) {
	if err := t.Check(pos.ActPINs); err != nil {
		return nil, err
	}
	return t.s.reg.PINFailures()
}

// ClearPINWait clears a member of staff's wrong PINs in a row and so their
// wait, when the seller may manage them (administrators, pos.ActPINs).
func (t *Till) ClearPINWait(staffID string) error {
	if err := t.Check(pos.ActPINs); err != nil {
		return err
	}
	return t.Till.ClearPINWait(staffID)
}

// SetOrderCustomer sets, changes or (id "") takes off the customer of an
// order the seller may see (seed 003: after the sale too). An order
// waiting for its invoice to be paid whose invoice e-mail never went (no
// address at checkout) gets it queued now, as checkout would have.
func (t *Till) SetOrderCustomer(number, id string) error {
	if err := t.checkOrder(number, ""); err != nil {
		return err
	}
	if err := t.Till.SetOrderCustomer(number, id); err != nil {
		return err
	}
	t.s.queueInvoiceOf(t.Staff().ID, number)
	return nil
}

// ImportCustomers records the customers of a CSV file, all or none (an
// administrator's, pos.ActCustomers: a *pos.CustomersImportError lists
// every bad line).
func (t *Till) ImportCustomers(data []byte) ([]pos.Customer, error) {
	if err := t.Check(pos.ActCustomers); err != nil {
		return nil, err
	}
	return t.s.reg.ImportCustomers(t.Staff().ID, data)
}
