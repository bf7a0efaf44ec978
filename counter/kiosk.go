package counter

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"guichet/local"
	"guichet/payterm"
	"guichet/pos"
)

// UnlockKiosk opens the self-service kiosk's till: it sells as the
// customer (pos.KioskSeller and the catalog's "kiosk" profile), in a shift
// of its own.
func (s *Service) UnlockKiosk() (*Till, error) {
	t, err := s.reg.UnlockKiosk()
	if err != nil {
		return nil, err
	}
	return &Till{Till: t, s: s}, nil
}

// CheckKioskPIN checks the PIN typed after the kiosk's exit sequence
// (exitPIN or an administrator's): wrong PINs are counted, journaled and
// made to wait as an unlock's are (a *PINWaitError).
func (s *Service) CheckKioskPIN(pin, exitPIN string) error {
	return s.reg.CheckKioskPIN(pin, exitPIN)
}

// OpenStaffMenu checks the PIN typed after the kiosk's exit sequence, as
// CheckKioskPIN does; when it is right, this kiosk till reprints for the
// staff who typed it (the customer it sells as may not) until
// CloseStaffMenu.
func (t *Till) OpenStaffMenu(pin, exitPIN string) error {
	by, err := t.s.reg.KioskPINHolder(pin, exitPIN)
	if err != nil {
		t.staffBy.Store(nil)
		return err
	}
	t.staffBy.Store(&by)
	return nil
}

// CloseStaffMenu gives the kiosk till back to its customer, with the
// customer's rights.
func (t *Till) CloseStaffMenu() { t.staffBy.Store(nil) }

// staffMenu says who opened the kiosk's staff menu on this till, if it is
// open.
func (t *Till) staffMenu() (by string, open bool) {
	if p := t.staffBy.Load(); p != nil {
		return *p, true
	}
	return "", false
}

// CanPrint says whether tickets sold now would come out of the printer:
// a kiosk stops selling when they would not (paper out, cover open,
// offline, unreachable, or no printer at all). A low paper warning still
// prints.
//
// A printer not looked at yet (the spooler's first pass is under way at
// start) counts as able: the kiosk looks again before each payment and
// while the tickets print.
func (p PrinterState) CanPrint() bool {
	if p.None {
		return false
	}
	if !p.Online {
		return p.Problem == "" && p.Detail == "" && p.Failed == "" && !p.Printing // not looked at yet
	}
	return p.Problem == "" || p.Problem == PrinterPaperLow
}

// TerminalPayment is what paying at the payment terminal did.
type TerminalPayment struct {
	Ref    string         // the reference the terminal charged under
	Result payterm.Result // the terminal's answer
	// Sale is the order recorded (Result approved only).
	Sale Sale
}

// Paid says whether the order was recorded.
func (p TerminalPayment) Paid() bool { return p.Result.Outcome == payterm.Approved }

// ErrRefundNeeded: the terminal approved a charge the register could not
// turn into an order; staff must refund it on the terminal.
var ErrRefundNeeded = errors.New("the payment was approved but no order could be recorded: refund it on the terminal")

// statusWait bounds the question asked of a terminal after a charge whose
// answer did not come.
const statusWait = 10 * time.Second

// PayAtTerminal charges what the cart owes (after an exchange credit) by
// method on the terminal, and records the order only once the terminal
// approved: payment.requested is journaled before the terminal is asked,
// so an approval whose answer is lost is found again by Reconcile. A
// decline, a cancel or a timeout changes nothing in the cart (the customer
// may try again). An error means the outcome is unknown (the terminal did
// not answer, even to a status question): the request stays pending for
// Reconcile and the cart stays as it was.
func (t *Till) PayAtTerminal(ctx context.Context, term payterm.Terminal, method string) (TerminalPayment, error) {
	pc, err := t.PricedWith([]string{method})
	if err != nil {
		return TerminalPayment{}, err
	}
	due := pc.Total.Minus(t.Credit().Min(pc.Total))
	if due.Amount <= 0 {
		return TerminalPayment{}, pos.Errorf("nothing to pay on the terminal")
	}
	if out, settled, err := t.settleLost(ctx, term); settled || err != nil {
		return out, err
	}
	// a method that may no longer pay this order (its last day ended
	// while the customer chose, the catalog changed) is refused before
	// the terminal is asked: the order would be refused after the
	// approval, and the customer charged for a refund. As Checkout, on
	// what the order costs before the method's fees, less the credit.
	cat := t.s.Catalog()
	if m, ok := cat.PaymentMethodByID(method); ok {
		base := pc.Total.Minus(pc.FeesTotal)
		base = base.Minus(t.Credit().Min(base))
		if err := cat.MethodAvailable(m, t.Seller(), base, t.s.now()); err != nil {
			return TerminalPayment{}, pos.Errorf("%s: %w", m.Name, err)
		}
	}
	if s := t.s; s.escrow != nil && s.escrowOnline() {
		// the seats whose lease ended are asked for again, as Checkout
		// does, before the cart is held again for the charge
		s.renewCartSeats(t.Till.Cart())
	}
	req, err := t.RequestPayment(method, due)
	if err != nil {
		return TerminalPayment{}, err
	}
	out := TerminalPayment{Ref: req.Ref}
	res, err := term.Charge(ctx, due, req.Ref)
	if err != nil {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), statusWait)
		res, err = term.Status(sctx, req.Ref)
		cancel()
		if err != nil {
			return out, fmt.Errorf("payment %s: %w", req.Ref, err)
		}
	}
	out.Result = res
	unlock := t.s.settleTurn()
	defer unlock()
	switch res.Outcome {
	case payterm.Approved:
		out.Sale, err = t.settleApproved(req, res, "")
		return out, err
	case payterm.Unknown:
		out.Result.Outcome = payterm.TimedOut // it never reached the terminal: no money moved
		return out, t.ResolvePayment(req.Ref, local.PaymentAbandoned, "", "")
	default:
		return out, t.ResolvePayment(req.Ref, local.PaymentDeclined, "", string(res.Outcome))
	}
}

// settleTurn waits for the turn to record what became of a charge, and
// gives what ends it. The terminal answers about one charge to whoever
// asks: the start's Reconcile, the staff menu (SettleLost) and a customer
// who tries again (settleLost) may each hear of the same lost approval at
// once when it was slow to answer; one at a time, each asks settledMeanwhile
// first, so the approval makes one order, and is not also called a refund.
func (s *Service) settleTurn() (unlock func()) {
	s.settleMu.Lock()
	return s.settleMu.Unlock
}

// settledMeanwhile says whether the charge req is no longer waiting for
// its outcome (another settled it while the terminal was asked), and the
// order it made if the terminal approved it (res) and one was recorded.
// Asked in its settleTurn.
func (t *Till) settledMeanwhile(req local.PaymentRequest, res payterm.Result) (order string, settled bool, err error) {
	pend, err := t.s.reg.PendingPayments()
	if err != nil {
		return "", false, err
	}
	for _, p := range pend {
		if p.Ref == req.Ref {
			return "", false, nil
		}
	}
	if res.Outcome == payterm.Approved {
		order, err = t.s.reg.OrderPaidBy(req.Seq, res.TerminalRef)
	}
	return order, true, err
}

// settleLost asks the terminal about the charges whose answer was lost
// before a new one is made, so a customer who tries again is never charged
// twice. A charge approved for this very cart (by its own method and
// amount, whichever method the customer chose since: paysThisCart) becomes
// its order (settled); one that moved no money is closed and the new
// charge goes on.
// While the terminal still says nothing of one, or approved one for
// another cart, no new charge is made: the error names that payment, for
// staff (Reconcile at the next start, or a refund on the terminal).
func (t *Till) settleLost(ctx context.Context, term payterm.Terminal) (out TerminalPayment, settled bool, err error) {
	pend, err := t.s.reg.PendingPayments()
	if err != nil {
		return out, false, err
	}
	for _, req := range pend {
		out = TerminalPayment{Ref: req.Ref}
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), statusWait)
		res, err := term.Status(sctx, req.Ref)
		cancel()
		if err != nil {
			return out, false, fmt.Errorf("payment %s, whose answer was lost: %w", req.Ref, err)
		}
		out, settled, err := t.settleLostOne(req, res)
		if settled || err != nil {
			return out, settled, err
		}
	}
	return TerminalPayment{}, false, nil
}

// settleLostOne is settleLost's for one charge the terminal answered
// about (res), in its settleTurn.
func (t *Till) settleLostOne(req local.PaymentRequest, res payterm.Result) (out TerminalPayment, settled bool, err error) {
	unlock := t.s.settleTurn()
	defer unlock()
	out = TerminalPayment{Ref: req.Ref}
	if order, gone, err := t.settledMeanwhile(req, res); err != nil || gone {
		if order == "" || err != nil {
			return out, false, err // settled otherwise: not this cart's
		}
		if !t.paysThisCart(req) {
			return TerminalPayment{}, false, nil // another cart's, recorded
		}
		out.Result = res
		out.Sale, err = t.saleOf(order)
		_ = t.ClearCart() // sold as that order, as a checkout empties it
		return out, true, err
	}
	switch res.Outcome {
	case payterm.Approved:
		if !t.paysThisCart(req) {
			return out, false, fmt.Errorf("payment %s was approved for another cart: %w", req.Ref, ErrLostApproval)
		}
		out.Result = res
		out.Sale, err = t.settleApproved(req, res, "")
		return out, true, err
	case payterm.Unknown:
		err = t.ResolvePayment(req.Ref, local.PaymentAbandoned, "", "")
	default:
		err = t.ResolvePayment(req.Ref, local.PaymentDeclined, "", string(res.Outcome))
	}
	return out, false, err
}

// paysThisCart says whether the charge req pays the till's cart as it is
// now: the same cart, which costs what was charged by the charge's own
// method (after the exchange credit), whatever method the customer chose
// since.
func (t *Till) paysThisCart(req local.PaymentRequest) bool {
	if !sameCart(req.Cart, t.Cart()) {
		return false
	}
	pc, err := t.PricedWith([]string{req.Method})
	return err == nil && pc.Total.Minus(t.Credit().Min(pc.Total)) == req.Amount
}

// saleOf is the sale of an order already recorded.
func (t *Till) saleOf(number string) (Sale, error) {
	ov, _, err := t.s.reg.Order(number)
	if err != nil {
		return Sale{}, err
	}
	return Sale{Order: ov.Order, Tickets: len(ov.Tickets), Printer: t.s.Printer()}, nil
}

// ErrLostApproval: the terminal approved a charge whose answer was lost,
// for a cart that is no longer the one being paid; it is left for staff
// (Reconcile records its order at the next start).
var ErrLostApproval = errors.New("a card payment whose answer was lost was approved: ask at the counter before paying again")

// sameCart: a and b sell the same lines with the same code.
func sameCart(a, b pos.Cart) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

// settleApproved records the order an approval paid, with its card
// reference, then the request's resolution (with by: who settled it, ""
// the kiosk itself). An approval already recorded (the register stopped
// between the two) is not recorded again. Called in its settleTurn.
func (t *Till) settleApproved(req local.PaymentRequest, res payterm.Result, by string) (Sale, error) {
	if !res.Amount.IsZero() && res.Amount != req.Amount {
		note := fmt.Sprintf("the terminal charged %s for %s", res.Amount, req.Amount)
		_ = t.ResolvePayment(req.Ref, local.PaymentRefund, "", withBy(note, by))
		return Sale{}, fmt.Errorf("payment %s (%s): %w", req.Ref, note, ErrRefundNeeded)
	}
	if number, err := t.s.reg.OrderPaidBy(req.Seq, res.TerminalRef); err != nil {
		return Sale{}, err
	} else if number != "" {
		sale, err := t.saleOf(number)
		if err != nil {
			return Sale{}, err
		}
		return sale, t.ResolvePayment(req.Ref, local.PaymentPaid, number, by)
	}
	// the card pays what the terminal charged, not whatever the order
	// costs now (an offer that ended while the customer paid): an order
	// that no longer costs that is refused, and the charge refunded
	sale, err := t.Checkout([]pos.Tender{{Method: req.Method, Amount: req.Amount, Card: res.Card()}})
	if err != nil {
		_ = t.ResolvePayment(req.Ref, local.PaymentRefund, "", withBy(err.Error(), by))
		return Sale{}, fmt.Errorf("payment %s: %v: %w", req.Ref, err, ErrRefundNeeded)
	}
	return sale, t.ResolvePayment(req.Ref, local.PaymentPaid, sale.Order.Number, by)
}

// withBy adds who settled a payment to its note.
func withBy(note, by string) string {
	if by == "" {
		return note
	}
	return note + "; " + by
}

// Reconciled is what Reconcile did with one charge left pending.
type Reconciled struct {
	Ref     string
	Outcome string // local.PaymentPaid, PaymentDeclined, PaymentRefund, PaymentAbandoned; "" still pending
	Order   string // the order recorded (paid)
	Note    string // why a refund is needed, or why it is still pending
}

// Reconcile asks the terminal about every charge whose answer the register
// never recorded (a crash, a lost answer) and records what became of it:
// an approval becomes its order (once: one already recorded is found by
// its terminal reference), a decline or a charge the terminal never saw
// is closed. A terminal that does not answer leaves them pending. The
// till's cart is used for the orders it records and left empty.
func (t *Till) Reconcile(ctx context.Context, term payterm.Terminal) ([]Reconciled, error) {
	pend, err := t.s.reg.PendingPayments()
	if err != nil {
		return nil, err
	}
	var out []Reconciled
	for _, req := range pend {
		rc := Reconciled{Ref: req.Ref}
		res, err := term.Status(ctx, req.Ref)
		if err != nil {
			rc.Note = err.Error()
			out = append(out, rc)
			continue
		}
		rc, settled, err := t.reconcileOne(req, res)
		if err != nil {
			return out, err
		}
		if settled {
			out = append(out, rc)
		}
	}
	return out, nil
}

// reconcileOne is Reconcile's for one charge the terminal answered about
// (res), in its settleTurn: settled is false when it was settled meanwhile
// (the staff menu) with no order, nothing more to say of it.
func (t *Till) reconcileOne(req local.PaymentRequest, res payterm.Result) (rc Reconciled, settled bool, err error) {
	unlock := t.s.settleTurn()
	defer unlock()
	rc = Reconciled{Ref: req.Ref}
	if order, gone, err := t.settledMeanwhile(req, res); err != nil || gone {
		rc.Outcome, rc.Order = local.PaymentPaid, order
		return rc, order != "", err
	}
	switch res.Outcome {
	case payterm.Approved:
		rc.Outcome, rc.Order, rc.Note = t.replay(req, res, "")
	case payterm.Unknown:
		rc.Outcome = local.PaymentAbandoned
		err = t.ResolvePayment(req.Ref, rc.Outcome, "", "")
	default:
		rc.Outcome = local.PaymentDeclined
		err = t.ResolvePayment(req.Ref, rc.Outcome, "", string(res.Outcome))
	}
	return rc, true, err
}

// replay records the order of an approval whose answer was lost, from the
// cart journaled with its request (and the exchange it paid the rest of);
// by says who settled it ("": the kiosk itself). Called in its settleTurn.
func (t *Till) replay(req local.PaymentRequest, res payterm.Result, by string) (outcome, order, note string) {
	if number, err := t.s.reg.OrderPaidBy(req.Seq, res.TerminalRef); err != nil {
		return "", "", err.Error()
	} else if number != "" {
		if err := t.ResolvePayment(req.Ref, local.PaymentPaid, number, by); err != nil {
			return "", "", err.Error()
		}
		return local.PaymentPaid, number, ""
	}
	_ = t.ClearCart()
	defer func() { _ = t.ClearCart() }()
	var err error
	if ex := req.Exchange; ex != nil {
		// as it was taken then: the kiosk's codes (checked again), or
		// the numbers of a request journaled before it took only codes
		_, err = t.exchange(ex.Ref, ex.Tickets)
	}
	if err == nil {
		err = t.SetCart(req.Cart)
	}
	if err == nil && req.Cart.Customer != "" {
		// SetCart leaves the customer out (as the code): the exchange's
		// customer, priced as the charge was
		err = t.SetCustomer(req.Cart.Customer)
	}
	if err == nil && req.Cart.Code != "" {
		_, err = t.ApplyCode(req.Cart.Code)
	}
	if err == nil {
		var pc pos.PricedCart
		if pc, err = t.PricedWith([]string{req.Method}); err == nil {
			if due := pc.Total.Minus(t.Credit().Min(pc.Total)); due != req.Amount {
				err = fmt.Errorf("the cart now costs %s, the terminal charged %s", due, req.Amount)
			}
		}
	}
	if err != nil {
		_ = t.ResolvePayment(req.Ref, local.PaymentRefund, "", withBy(err.Error(), by))
		return local.PaymentRefund, "", err.Error()
	}
	sale, err := t.settleApproved(req, res, by)
	if err != nil {
		return local.PaymentRefund, "", err.Error()
	}
	return local.PaymentPaid, sale.Order.Number, ""
}

// What settling a lost payment may refuse, for the staff menu.
const (
	sayNotWaiting = "payment %s is not waiting for an answer: nothing to settle"
	sayApproved   = "the terminal says payment %s was approved: it was charged, choose that instead"
	sayNotCharged = "the terminal says payment %s was not charged (%s): choose that instead"
)

func init() {
	pos.AddSentences(pos.French, map[string]string{
		sayNotWaiting: "le paiement %s n'attend pas de réponse : rien à régler",
		sayApproved:   "le terminal indique que le paiement %s a été accepté : il a été débité, choisissez plutôt cela",
		sayNotCharged: "le terminal indique que le paiement %s n'a pas été débité (%s) : choisissez plutôt cela",
	})
}

// ErrStaffMenuClosed: settling a payment needs the staff menu open.
var ErrStaffMenuClosed = errors.New("open the staff menu with a staff PIN first")

// SettleLost records what the staff, having checked the payment terminal,
// say became of the charge ref whose answer was lost (one left pending:
// PendingPayments), so the kiosk sells again without a restart and without
// charging twice. The terminal is asked first, and its answer wins: staff
// who say otherwise are refused and nothing is recorded. An approval
// becomes its order from the cart journaled with the request, as Reconcile
// does at start (or a refund when no order can be made of it). When the
// terminal does not answer, the staff's word is recorded: not charged
// closes the request; charged, with no terminal reference to record the
// order with, is recorded as to refund on the terminal. The resolution's
// note names who settled it (the staff menu's PIN). The order is recorded
// on a till of its own: this till's cart stays as it is.
func (t *Till) SettleLost(ctx context.Context, term payterm.Terminal, ref string, charged bool) (Reconciled, error) {
	by, open := t.staffMenu()
	if !open {
		return Reconciled{}, ErrStaffMenuClosed
	}
	pend, err := t.s.reg.PendingPayments()
	if err != nil {
		return Reconciled{}, err
	}
	var req *local.PaymentRequest
	for i := range pend {
		if pend[i].Ref == ref {
			req = &pend[i]
		}
	}
	if req == nil {
		return Reconciled{}, pos.Errorf(sayNotWaiting, ref)
	}
	rc := Reconciled{Ref: ref}
	said := "not charged"
	if charged {
		said = "charged"
	}
	note := fmt.Sprintf("%s, checked on the terminal by %s", said, by)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), statusWait)
	res, serr := term.Status(sctx, ref)
	cancel()
	unlock := t.s.settleTurn()
	defer unlock()
	if order, gone, err := t.settledMeanwhile(*req, res); err != nil {
		return rc, err
	} else if gone && (order == "" || !charged) {
		return rc, pos.Errorf(sayNotWaiting, ref) // the start's Reconcile settled it meanwhile
	} else if gone {
		rc.Outcome, rc.Order, rc.Note = local.PaymentPaid, order, note
		return rc, nil
	}
	switch {
	case serr != nil && charged:
		rc.Outcome, rc.Note = local.PaymentRefund, note+"; the terminal did not answer: refund it on the terminal"
		err = t.ResolvePayment(ref, rc.Outcome, "", rc.Note)
	case serr != nil:
		rc.Outcome, rc.Note = local.PaymentDeclined, note
		err = t.ResolvePayment(ref, rc.Outcome, "", rc.Note)
	case res.Outcome == payterm.Approved && !charged:
		return rc, pos.Errorf(sayApproved, ref)
	case res.Outcome == payterm.Approved:
		// on a till of its own: the cart being sold here stays as it is
		own, err := t.s.UnlockKiosk()
		if err != nil {
			return rc, err
		}
		rc.Outcome, rc.Order, rc.Note = own.replay(*req, res, note)
		_ = own.Close()
		if rc.Outcome == local.PaymentPaid {
			rc.Note = note
		}
	case charged:
		return rc, pos.Errorf(sayNotCharged, ref, string(res.Outcome))
	case res.Outcome == payterm.Unknown:
		rc.Outcome, rc.Note = local.PaymentAbandoned, note
		err = t.ResolvePayment(ref, rc.Outcome, "", rc.Note)
	default:
		rc.Outcome, rc.Note = local.PaymentDeclined, note+" ("+string(res.Outcome)+")"
		err = t.ResolvePayment(ref, rc.Outcome, "", rc.Note)
	}
	return rc, err
}

// RefundOwed is a kiosk's card approval to refund on the terminal.
type RefundOwed = local.RefundOwed

// RefundsOwed lists the kiosk's card approvals to refund on the terminal
// (no order could be made of them) that staff have not marked refunded:
// they stay listed across restarts until then.
func (s *Service) RefundsOwed() ([]RefundOwed, error) { return s.reg.RefundsOwed() }

// MarkRefunded records that the staff who opened the staff menu refunded
// on the terminal the approval ref (one of RefundsOwed): it is journaled
// with who did it, and no longer listed. The kiosk's printer, when it has
// one, prints its refund slip with it whatever --receipts says: nobody
// can ask for it later (the staff menu reprints orders only), and the
// customer walks away with it.
func (t *Till) MarkRefunded(ref string) error {
	by, open := t.staffMenu()
	if !open {
		return ErrStaffMenuClosed
	}
	slip := t.s.spool != nil
	if err := t.RefundedPayment(ref, refundedBy+by, slip); err != nil {
		return err
	}
	if slip {
		t.s.wake()
	}
	return nil
}

// refundedBy begins the note a card refund marked from the staff menu is
// journaled with; who did it follows (its slip names them).
const refundedBy = "refunded on the terminal by "

// WakePrinter has the printer looked at now (staff refilled the paper).
func (s *Service) WakePrinter() { s.wake() }
