package counter

import (
	"sync/atomic"

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
	// staffBy: who opened the kiosk's staff menu on this till (an
	// administrator's id or local.KioskExitPIN; nil while it is closed):
	// it reprints, which its customer may not, and is journaled with
	// what they settle there.
	staffBy atomic.Pointer[string]
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
	Slip       bool // the credit voucher's slip is in the printer's queue (no order: the credit became a voucher alone)
	Receipt    bool // the receipt prints by itself (the receipt policy)
	Drawer     bool // the cash drawer opens (a cash payment)
	// Printer is the printer's state when the sale was recorded: the screen
	// says "queued, the printer is unreachable" rather than "printed".
	Printer PrinterState
}

// Checkout records the order (durable before it returns), then wakes the
// printer: the order's tickets, its receipt when the policy says so, and
// the cash drawer for a cash payment. An exchange whose whole credit became
// a voucher has no order number: its voucher's slip alone prints.
func (t *Till) Checkout(tenders []pos.Tender) (Sale, error) {
	s := t.s
	// The print policy is decided before the sale, so the receipt and the
	// drawer kick are queued in the sale's own transaction: a restart
	// forgets neither.
	var also local.PrintAlso
	if s.spool != nil {
		cash := false
		for _, td := range tenders {
			if m, ok := s.Catalog().PaymentMethodByID(td.Method); ok && m.Kind == pos.KindCash {
				cash = true
			}
		}
		also = local.PrintAlso{Drawer: cash && !s.training, Receipt: s.policy == ReceiptsAlways || s.policy == ReceiptsCash && cash}
		if cr := t.Till.Credit(); !cr.IsZero() && !also.Receipt {
			// an exchange credit larger than the new order leaves a
			// credit voucher: the receipt is its paper, so it prints
			methods := make([]string, len(tenders))
			for i, td := range tenders {
				methods[i] = td.Method
			}
			if pc, err := t.Till.PricedWith(methods); err == nil && len(pc.Lines) > 0 && cr.Cmp(pc.Total) > 0 {
				also.Receipt = true
			}
		}
	}
	if s.escrow != nil && s.escrowOnline() {
		s.renewCartSeats(t.Till.Cart())
	}
	o, err := t.Till.Checkout(tenders, also)
	if err != nil {
		return Sale{}, err
	}
	sale := Sale{Order: o}
	sale.Voucher, sale.HasVoucher = t.Till.LastCreditVoucher()
	if o.Number == "" {
		// the whole credit became a voucher: its slip is what the
		// customer takes away
		if sale.HasVoucher && s.spool != nil {
			// the exchange is recorded whatever happens to its slip: its
			// number is on the done screen too
			if t.Till.QueueVoucherSlip(sale.Voucher.Number) == nil {
				sale.Slip, sale.Printer = true, s.Printer()
				s.wake()
			}
		}
		return sale, nil
	}
	sale.Tickets = len(o.Tickets)
	s.queueInvoice(t.Staff().ID, o)
	if s.spool == nil {
		return sale, nil
	}
	sale.Drawer, sale.Receipt = also.Drawer && paidInCash(o), also.Receipt
	s.wake()
	sale.Printer = s.Printer()
	return sale, nil
}

// HoldAgain holds the cart again before a payment is taken
// (local.Till.HoldAgain): on a register selling the central server's
// seats, those whose lease ended are asked for again first, as Checkout
// does, so a seat the server still gives is not refused as another
// register's.
func (t *Till) HoldAgain() error {
	if s := t.s; s.escrow != nil && s.escrowOnline() {
		s.renewCartSeats(t.Till.Cart())
	}
	return t.Till.HoldAgain()
}

// PrintReceipt prints a recorded order's receipt (asked for on the done
// screen or the desk). The order's first receipt, and the first after its
// invoice's payment is validated (it shows the payment), need only the
// right to see the order; a copy after it (a duplicate) needs the reprint
// right, as a ticket printed again does.
func (t *Till) PrintReceipt(number string) error {
	ov, err := t.orderToPrint(number)
	if err != nil {
		return err
	}
	if err := t.mayPrintCopy(ov.Receipts); err != nil {
		return err
	}
	if err := t.Till.QueueReceipt(ov.Order.Number); err != nil {
		return err
	}
	t.s.wake()
	return nil
}

// orderToPrint is a recorded order a paper of is asked for (a receipt, a
// refund slip): refused without a printer or the right to see the order.
func (t *Till) orderToPrint(number string) (local.OrderView, error) {
	if t.s.spool == nil {
		return local.OrderView{}, ErrNoPrinter
	}
	if err := t.checkOrder(number, ""); err != nil {
		return local.OrderView{}, err
	}
	ov, ok, err := t.s.reg.Order(number)
	if err != nil {
		return ov, err
	}
	if !ok {
		return ov, pos.Errorf("order %s: %w", number, local.ErrNotFound)
	}
	return ov, nil
}

// mayPrintCopy: a paper printed before (copies > 0) prints again as a
// duplicate, which needs the reprint right; the staff at the kiosk has it
// by their PIN.
func (t *Till) mayPrintCopy(copies int) error {
	if _, staff := t.staffMenu(); copies > 0 && !staff {
		return t.Check(pos.ActReprint)
	}
	return nil
}

// Reprint queues a ticket again, marked DUPLICATE, and wakes the printer.
// A register with no printer refuses it (ErrNoPrinter): the journal would
// count a duplicate nothing printed.
func (t *Till) Reprint(ticket string) error {
	right := pos.ActReprint
	if _, staff := t.staffMenu(); staff {
		right = "" // the staff at the kiosk, by their PIN
	}
	if err := t.checkOrder(pos.OrderOfTicket(ticket), right); err != nil {
		return err
	}
	if t.s.spool == nil {
		return ErrNoPrinter
	}
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
		t.openDrawer()
	}
	return sh, err
}

// CashMove records cash put in or taken out, then opens the drawer.
func (t *Till) CashMove(amount pos.Money, reason string) error {
	if err := t.Check(pos.ActCash); err != nil {
		return err
	}
	if err := t.Till.CashMove(amount, reason); err != nil {
		return err
	}
	t.openDrawer()
	return nil
}

// XReport is the shift's figures so far, with the journal's head.
func (t *Till) XReport() (Report, error) {
	r, err := t.Till.XReport()
	r.Head = t.s.HeadAnchor()
	return r, err
}

// CloseShift records the Z closure with the cash counted, against the
// cash expected at the close (a caller that showed none: a script, a
// test); the report carries the journal's head, the closure's own entry.
func (t *Till) CloseShift(counted pos.Money) (Report, error) {
	if err := t.Check(pos.ActClose); err != nil {
		return Report{}, err
	}
	r, err := t.Till.CloseShift(counted)
	r.Head = t.s.HeadAnchor()
	return r, err
}

// CloseShiftAgainst records the Z closure with the cash counted, confirmed
// against the cash expected the screen showed (expected): refused, nothing
// closed, with an error wrapping ErrExpectedChanged when the drawer's is
// no longer it (her other till of the shift sold since the screen read it).
func (t *Till) CloseShiftAgainst(counted, expected pos.Money) (Report, error) {
	if err := t.Check(pos.ActClose); err != nil {
		return Report{}, err
	}
	r, err := t.Till.CloseShiftAgainst(counted, expected)
	if err != nil {
		return Report{}, err
	}
	r.Head = t.s.HeadAnchor()
	return r, nil
}

// OpenDrawer opens the cash drawer for the staff to count it (the Z
// closure's count). Only a till with an open shift has a drawer to open.
func (t *Till) OpenDrawer() error {
	_, ok, err := t.Till.Shift()
	if err != nil {
		return err
	}
	if !ok {
		return local.ErrNoShift
	}
	t.openDrawer()
	return nil
}

// Close ends the till: its cart's holds are released.
func (t *Till) Close() error { t.Till.Close(); return nil }

// RemoveCode takes the promo code off the cart, unless the cart holds a
// category only the code offers.
func (t *Till) RemoveCode() error { return t.Till.RemoveCode() }

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
