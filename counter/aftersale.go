package counter

import (
	"context"
	"time"

	"guichet/local"
	"guichet/pos"
)

// Orders and money after the sale (issue 12), as the service gives them
// to every till and command.
type (
	VoucherView   = local.VoucherView
	VoucherUse    = local.VoucherUse
	CancelOptions = local.CancelOptions
	ReportDetail  = local.ReportDetail
)

// LapseDue releases the pending invoices whose deadline passed (order.lapsed)
// and says how many; the register also does it itself before it sells.
func (s *Service) LapseDue() (int, error) { return s.reg.LapseDue() }

// VoucherInfo is a voucher's value, spending, balance, validity and
// history (ok false: no such voucher).
func (s *Service) VoucherInfo(number string) (VoucherView, bool, error) {
	return s.reg.VoucherInfo(number)
}

// CreditVoucherOf is the credit voucher an order left: what an exchange
// that paid it did not use, or what its cancellation gave back of an
// exchange credit.
func (s *Service) CreditVoucherOf(order string) (VoucherView, bool, error) {
	return s.reg.CreditVoucherOf(order)
}

// VouchersOf lists the vouchers of the customers a name or e-mail finds.
func (s *Service) VouchersOf(query string) ([]VoucherView, error) { return s.reg.VouchersOf(query) }

// ShiftReport is a shift's X (open) or Z (closed) report; "" is the last
// shift opened.
func (s *Service) ShiftReport(shift string) (Report, bool, error) {
	r, ok, err := s.reg.ShiftReport(shift)
	r.Head = s.HeadAnchor()
	return r, ok, err
}

// CancelPart cancels an order or some of its tickets, refunded by the
// method chosen; a cash refund opens the drawer (not in training), and
// money given back prints its refund slip when the receipt policy prints a
// sale's receipt (slipPolicy); else the cashier asks for it
// (PrintRefundSlipOf, r).
func (t *Till) CancelPart(number, reason string, opt CancelOptions) error {
	if err := t.checkOrder(number, pos.ActCancel); err != nil { // rights.go
		return err
	}
	// the refund slip and the drawer's kick are queued with the
	// cancellation: what the customer and the drawer's count are told. A
	// training refund gives back no real cash: the drawer stays shut.
	opt.Drawer = t.s.spool != nil && !t.s.training
	opt.Slip, opt.SlipCashOnly = t.s.slipPolicy()
	if err := t.Till.CancelPart(number, reason, opt); err != nil {
		return err
	}
	done := t.Till.LastCancellation()
	if done.Slip || opt.Drawer && len(done.Refunds) > 0 {
		t.s.wake()
	}
	// an exchange credit given back went to a credit voucher: its slip is
	// what the customer takes away (its number pays later). The
	// cancellation is recorded whatever happens to the slip: the order
	// screen names the voucher too.
	if done.Credit != "" && t.s.spool != nil && t.Till.QueueVoucherSlip(done.Credit) == nil {
		t.s.wake()
	}
	return nil
}

// RefundSlipWaits says whether the till's last cancellation gave money
// back with its refund slip left for the cashier to ask (r on a ticket
// given back): a printer, and a receipt policy that did not print it.
func (t *Till) RefundSlipWaits() bool {
	c := t.Till.LastCancellation()
	return t.s.spool != nil && len(c.Refunds) > 0 && !c.Slip
}

// slipPolicy says whether a refund slip prints by itself: as a sale's
// receipt does under the receipt policy (the slip is the refund's
// receipt): always, only with cash given back (cash), or when the cashier
// asks (ask: r on a ticket given back prints it, as the original).
func (s *Service) slipPolicy() (slip, cashOnly bool) {
	if s.spool == nil {
		return false, false
	}
	return s.policy != ReceiptsAsk, s.policy == ReceiptsCash
}

// lapseEvery is how often the service looks for invoices past their
// deadline while nobody sells (a sale or a list notices them at once).
const lapseEvery = time.Minute

// startLapses releases the seats of invoices that lapse while the counter
// stands idle, so a till that only looks (a seat plan on another screen)
// sees them free.
func (s *Service) startLapses(ctx context.Context) {
	s.workers.Add(1)
	go func() {
		defer s.workers.Done()
		t := time.NewTicker(lapseEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				_, _ = s.reg.LapseDue() // a failure is met again by the next sale, which says it
			}
		}
	}()
}
