package counter

import (
	"guichet/local"
	"guichet/pos"
)

// Till is one member of staff's session at the register: their cart and
// their shift. The cart's operations are the journal's own (local.Till);
// what touches paper or the drawer goes through here, so every kind of till
// prints the same way.
type Till struct {
	*local.Till
	s *Service
}

// Sale is what a checkout did: the order as recorded, and what the printer
// was asked to do besides its tickets.
type Sale struct {
	Order pos.Order
	// Voucher is the credit voucher made of an exchange credit's remainder
	// (HasVoucher false: none).
	Voucher    CreditVoucher
	HasVoucher bool
	Tickets    int  // tickets sent to the printer's queue
	Receipt    bool // the receipt prints by itself (the receipt policy)
	Drawer     bool // the cash drawer opens (a cash payment)
	// Printer is the printer's state when the sale was recorded: the screen
	// says "queued, the printer is unreachable" rather than "printed".
	Printer PrinterState
}

// Checkout records the order (durable before it returns), then wakes the
// printer: the order's tickets, its receipt when the policy says so, and
// the cash drawer for a cash payment. An exchange whose whole credit became
// a voucher has no order number: nothing prints.
func (t *Till) Checkout(tenders []pos.Tender) (Sale, error) {
	o, err := t.Till.Checkout(tenders)
	if err != nil {
		return Sale{}, err
	}
	sale := Sale{Order: o}
	sale.Voucher, sale.HasVoucher = t.Till.LastCreditVoucher()
	if o.Number == "" {
		return sale, nil
	}
	sale.Tickets = len(o.Tickets)
	s := t.s
	if s.spool == nil {
		return sale, nil
	}
	cash := paidInCash(o)
	if cash {
		s.addDrawer(o.Number)
		sale.Drawer = true
	}
	if s.policy == ReceiptsAlways || s.policy == ReceiptsCash && cash {
		s.addReceipt(o)
		sale.Receipt = true
	}
	s.wake()
	sale.Printer = s.Printer()
	return sale, nil
}

// PrintReceipt prints a recorded order's receipt (asked for on the done
// screen or the desk).
func (t *Till) PrintReceipt(number string) error {
	if t.s.spool == nil {
		return ErrNoPrinter
	}
	ov, ok := t.s.reg.Order(number)
	if !ok {
		return pos.Errorf("order %s: %w", number, local.ErrNotFound)
	}
	t.s.addReceipt(ov.Order)
	t.s.wake()
	return nil
}

// Reprint queues a ticket again, marked DUPLICATE, and wakes the printer.
func (t *Till) Reprint(ticket string) error {
	if err := t.Till.Reprint(ticket); err != nil {
		return err
	}
	t.s.wake()
	return nil
}

// OpenShift opens the till's shift with its float; a float goes into the
// drawer, so the drawer opens.
func (t *Till) OpenShift(float pos.Money) (Shift, error) {
	sh, err := t.Till.OpenShift(float)
	if err == nil && !float.IsZero() {
		t.s.openDrawer()
	}
	return sh, err
}

// CashMove records cash put in or taken out, then opens the drawer.
func (t *Till) CashMove(amount pos.Money, reason string) error {
	if err := t.Till.CashMove(amount, reason); err != nil {
		return err
	}
	t.s.openDrawer()
	return nil
}

// OpenDrawer opens the cash drawer for the staff to count it (the Z
// closure's count). Only a till with an open shift has a drawer to open.
func (t *Till) OpenDrawer() error {
	if _, ok := t.Till.Shift(); !ok {
		return local.ErrNoShift
	}
	t.s.openDrawer()
	return nil
}

// Close ends the till: its cart's holds are released.
func (t *Till) Close() error { t.Till.Close(); return nil }

// RemoveCode takes the promo code off the cart.
func (t *Till) RemoveCode() error { t.Till.RemoveCode(); return nil }

// ClearCart empties the cart and releases its holds.
func (t *Till) ClearCart() error { t.Till.ClearCart(); return nil }

func paidInCash(o pos.Order) bool {
	for _, pay := range o.Payments {
		if pay.Kind == pos.KindCash {
			return true
		}
	}
	return false
}
