package local

import (
	"encoding/binary"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// The self-service kiosk is a till with no member of staff: it sells as the
// customer (pos.KioskSeller, limited by the catalog's "kiosk" profile when
// there is one) under the journal's staff id "kiosk", in a shift of its own
// opened with no float (it takes no cash).
//
// A card charged at the kiosk's payment terminal is journaled twice around
// the charge: payment.requested (the reference the terminal charges under,
// the amount, the cart) before the terminal is asked, and payment.resolved
// (its outcome, the order it paid) once the answer is handled. A request
// with no resolution is a charge whose answer the kiosk never recorded (a
// crash, a lost answer): at the next start the kiosk asks the terminal
// about it (PendingPayments) and turns an approval into its order, once.

// KioskStaffID is the staff id the kiosk's entries carry.
const KioskStaffID = "kiosk"

// KioskProfileID is the catalog profile that limits what the kiosk sells.
const KioskProfileID = "kiosk"

// Entry types of the kiosk's payment terminal.
const (
	TypePaymentRequested = "payment.requested"
	TypePaymentResolved  = "payment.resolved"
	// payment.refunded: staff refunded on the terminal an approval
	// resolved as PaymentRefund (Note says who)
	TypePaymentRefunded = "payment.refunded"
)

// PaymentRequest is a charge asked of the payment terminal.
type PaymentRequest struct {
	Ref    string    `json:"ref"` // what the terminal charges under: "K01-P000012"
	Method string    `json:"method"`
	Amount pos.Money `json:"amount"`
	Cart   pos.Cart  `json:"cart"` // what it pays for, code included
	// Exchange is the exchange credit the cart was paid with besides the
	// charge (nil: none; requests written before it have none)
	Exchange *PaymentExchange `json:"exchange,omitempty"`
	Seq      uint64           `json:"-"` // its entry
}

// PaymentExchange is an exchange a charge pays the rest of: what Exchange
// was given, so the order an approval whose answer was lost is recorded
// with its credit.
type PaymentExchange struct {
	Ref string `json:"ref"` // the order number or the customer's e-mail ("": every ticket scanned)
	// Tickets are the tickets returned as Exchange was given them: their
	// numbers, or the QR codes scanned from them (a kiosk's)
	Tickets []string `json:"tickets"`
}

// Payment outcomes a resolution records.
const (
	PaymentPaid      = "paid"      // approved and its order recorded (Order)
	PaymentDeclined  = "declined"  // declined, cancelled or timed out: no money moved
	PaymentRefund    = "refund"    // approved but no order could be made of it: refund on the terminal
	PaymentAbandoned = "abandoned" // the terminal never saw it
)

type paymentResolved struct {
	Ref     string `json:"ref"`
	Outcome string `json:"outcome"`
	Order   string `json:"order,omitempty"`
	Note    string `json:"note,omitempty"`
}

type paymentRefunded struct {
	Ref  string `json:"ref"`
	Note string `json:"note,omitempty"`
}

func init() {
	registerPayload[PaymentRequest](TypePaymentRequested)
	registerPayload[paymentResolved](TypePaymentResolved)
	registerPayload[paymentRefunded](TypePaymentRefunded)
}

// CheckKioskPIN checks the PIN typed after a kiosk's exit sequence: the
// kiosk's exit PIN (exitPIN, none if empty) or an administrator's. The
// sequence is open to any customer, so wrong PINs follow the unlock's rule
// (pins.go), counted under KioskStaffID: journaled, and after PINTries in
// a row the next try waits (a *PINWaitError), whichever PIN it is.
func (r *Register) CheckKioskPIN(pin, exitPIN string) error {
	_, err := r.KioskPINHolder(pin, exitPIN)
	return err
}

// KioskExitPIN names the exit PIN as the one who typed it (KioskPINHolder).
const KioskExitPIN = "exit PIN"

// KioskPINHolder checks the PIN as CheckKioskPIN does and says whose it
// is: the administrator's id, or KioskExitPIN (an administrator's first,
// should the exit PIN be one's too). The staff menu names them in what it
// journals.
func (r *Register) KioskPINHolder(pin, exitPIN string) (string, error) {
	if pin == "" {
		return "", ErrWrongPIN
	}
	var by string
	err := r.throttlePIN(KioskStaffID, "", func() bool {
		cat := r.cat()
		for i := range cat.Staff {
			if s := &cat.Staff[i]; s.Role == pos.RoleAdmin && s.CheckPIN(pin) {
				by = s.ID
				return true
			}
		}
		if exitPIN != "" && (&pos.Staff{PIN: exitPIN}).CheckPIN(pin) {
			by = KioskExitPIN
			return true
		}
		return false
	})
	if err != nil {
		r.logPINRefused(KioskStaffID, err)
		return "", err
	}
	return by, nil
}

// UnlockKiosk opens the kiosk's till, opening its shift (no float) the
// first time.
func (r *Register) UnlockKiosk() (*Till, error) {
	if _, ok := r.cat().StaffByID(KioskStaffID); ok {
		return nil, pos.Errorf("the catalog has a member of staff called %q: that id is the kiosk's own, rename them", KioskStaffID)
	}
	seller := pos.KioskSeller()
	if p, ok := r.cat().ProfileByID(KioskProfileID); ok {
		seller.Profile = p
	}
	t := newTill(r, &pos.Staff{ID: KioskStaffID, Name: "Kiosk"}, seller)
	r.mu.Lock()
	r.tills[t] = struct{}{}
	r.mu.Unlock()
	_, ok, err := t.Shift()
	if err != nil {
		t.Close()
		return nil, err
	}
	if !ok {
		if _, err := t.OpenShift(pos.Zero(r.cat().Currency())); err != nil {
			t.Close()
			return nil, err
		}
	}
	return t, nil
}

// RequestPayment journals a charge of amount for the till's cart by
// method, before the terminal is asked (durable when it returns), and
// gives its reference. The cart's seats and places are held again first,
// HoldFor from now, so that no other till takes them while the card is
// read: a hold that ran out takes again what is still free, and what
// another till sold or holds meanwhile is refused here, naming it, before
// anything is charged.
func (t *Till) RequestPayment(method string, amount pos.Money) (PaymentRequest, error) {
	if err := t.HoldAgain(); err != nil {
		return PaymentRequest{}, err
	}
	req := PaymentRequest{Method: method, Amount: amount, Cart: t.Cart()}
	t.r.mu.Lock()
	if c := t.credit; c != nil {
		req.Exchange = &PaymentExchange{Ref: c.ref, Tickets: slices.Clone(c.given)}
	}
	t.r.mu.Unlock()
	err := t.command(func(w *writer) error {
		n := getInt(view(w.tx, vKioskPayments), kioskCountKey) + 1
		req.Ref = fmt.Sprintf("%s-P%06d", t.r.id, n)
		e, err := w.append(TypePaymentRequested, req)
		req.Seq = e.Seq
		return err
	})
	return req, err
}

// ResolvePayment records what became of a requested charge.
func (t *Till) ResolvePayment(ref, outcome, order, note string) error {
	return t.command(func(w *writer) error {
		if view(w.tx, vKioskPayments).Get([]byte(ref)) == nil {
			return pos.Errorf("payment %s: %w", ref, ErrNotFound)
		}
		_, err := w.append(TypePaymentResolved, paymentResolved{Ref: ref, Outcome: outcome, Order: order, Note: note})
		return err
	})
}

// RefundOwed is a card approval the kiosk resolved as to refund on the
// terminal, not yet marked refunded.
type RefundOwed struct {
	Ref  string
	Note string // why no order was made of it
}

// RefundsOwed lists the approvals to refund on the terminal that staff
// have not marked refunded (RefundedPayment), in reference order.
func (r *Register) RefundsOwed() ([]RefundOwed, error) {
	var out []RefundOwed
	err := r.read(func(tx *bolt.Tx) error {
		return view(tx, vKioskRefunds).ForEach(func(k, v []byte) error {
			e, err := seqEntry(tx, "refund", k, v)
			if err != nil {
				return err
			}
			var p paymentResolved
			if err := e.decode(&p); err != nil {
				return err
			}
			out = append(out, RefundOwed{Ref: p.Ref, Note: p.Note})
			return nil
		})
	})
	return out, err
}

// RefundedPayment records that staff refunded on the terminal the
// approval ref, resolved as to refund (note says who). slip queues its
// refund slip in the same commit (a printer waits for it): the customer
// is given the paper with the refund, never without it.
func (t *Till) RefundedPayment(ref, note string, slip bool) error {
	return t.command(func(w *writer) error {
		v := view(w.tx, vKioskRefunds).Get([]byte(ref))
		if v == nil {
			return pos.Errorf("payment %s is not waiting to be refunded: nothing to mark", ref)
		}
		if len(v) != 8 {
			return fmt.Errorf("refund %s: a damaged view: run guichet journal rebuild", ref)
		}
		resolved := binary.BigEndian.Uint64(v)
		e, err := w.append(TypePaymentRefunded, paymentRefunded{Ref: ref, Note: note})
		if err != nil || !slip {
			return err
		}
		requested, err := requestOf(w.tx, ref, resolved)
		if err != nil {
			return err
		}
		_, err = w.append(TypeReceiptQueued, receiptQueued{Payment: ref, PaymentEntries: []uint64{requested, resolved, e.Seq}})
		return err
	})
}

// requestOf is the payment.requested entry of ref, the newest before its
// resolution (entry resolved): a charge is resolved a few entries after
// it was asked, or at the next start.
func requestOf(tx *bolt.Tx, ref string, resolved uint64) (uint64, error) {
	c := tx.Bucket(bucketJournal).Cursor()
	for k, v := c.Seek(seqKey(resolved)); k != nil; k, v = c.Prev() {
		e, _, err := decodeEntry(v)
		if err != nil {
			return 0, err
		}
		if e.Type != TypePaymentRequested {
			continue
		}
		var p PaymentRequest
		if err := e.decode(&p); err != nil {
			return 0, err
		}
		if p.Ref == ref {
			return e.Seq, nil
		}
	}
	return 0, fmt.Errorf("payment %s: its payment.requested entry is not in the journal", ref)
}

// TerminalRefund is a kiosk's card approval staff refunded on the
// terminal, as its refund slip prints it.
type TerminalRefund struct {
	Ref      string
	Method   string    // the payment method charged
	Amount   pos.Money // given back to the card
	Why      string    // why no order was made of it (its resolution's note)
	Note     string    // its payment.refunded note (who refunded it)
	Time     time.Time // when it was marked refunded
	Register string
}

// TerminalRefundOf is the card refund print job id prints the slip of
// (a JobPaymentRefund).
func (r *Register) TerminalRefundOf(job string) (TerminalRefund, error) {
	var out TerminalRefund
	seq, ok := jobSeq(job)
	if !ok {
		return out, fmt.Errorf("print job %q is not a job number", job)
	}
	err := r.read(func(tx *bolt.Tx) error {
		q, err := entryAt(tx, seq)
		if err != nil {
			return err
		}
		var rq receiptQueued
		if err := q.decode(&rq); err != nil {
			return err
		}
		if q.Type != TypeReceiptQueued || rq.Payment == "" || len(rq.PaymentEntries) != 3 {
			return fmt.Errorf("print job %s is not a card refund's slip", job)
		}
		var req PaymentRequest
		var res paymentResolved
		var done paymentRefunded
		for i, into := range []any{&req, &res, &done} {
			e, err := entryAt(tx, rq.PaymentEntries[i])
			if err != nil {
				return fmt.Errorf("print job %s: %w", job, err)
			}
			if err := e.decode(into); err != nil {
				return fmt.Errorf("print job %s: %w", job, err)
			}
			if i == 2 {
				out.Time, out.Register = e.Time, e.Register
			}
		}
		out.Ref, out.Method, out.Amount, out.Why, out.Note = rq.Payment, req.Method, req.Amount, res.Note, done.Note
		return nil
	})
	return out, err
}

// PendingPayments lists the charges asked of the terminal whose outcome
// was never recorded, oldest first.
func (r *Register) PendingPayments() ([]PaymentRequest, error) {
	var out []PaymentRequest
	err := r.read(func(tx *bolt.Tx) error {
		return view(tx, vKioskPayments).ForEach(func(k, v []byte) error {
			if string(k) == string(kioskCountKey) {
				return nil
			}
			e, err := seqEntry(tx, "payment", k, v)
			if err != nil {
				return err
			}
			var req PaymentRequest
			if err := e.decode(&req); err != nil {
				return err
			}
			req.Seq = e.Seq
			out = append(out, req)
			return nil
		})
	})
	return out, err
}

// OrderPaidBy finds the order a card approval already paid (recorded after
// the request at seq but not yet resolved, say because the register
// stopped between the two): the order's number, or "".
func (r *Register) OrderPaidBy(seq uint64, terminalRef string) (string, error) {
	var found string
	err := r.read(func(tx *bolt.Tx) error {
		return forEachEntry(tx, seq+1, func(e Entry) error {
			if e.Type != TypePaymentCaptured || found != "" {
				return nil
			}
			var p paymentCaptured
			if err := e.decode(&p); err != nil {
				return err
			}
			if p.Payment.Card != nil && p.Payment.Card.Terminal == terminalRef {
				found = p.Order
			}
			return nil
		})
	})
	return found, err
}

// seqEntry is the journal entry a kiosk view's value points at (its
// sequence number, 8 bytes); what and k name the row should it be damaged.
func seqEntry(tx *bolt.Tx, what string, k, v []byte) (Entry, error) {
	if len(v) != 8 {
		return Entry{}, fmt.Errorf("%s %s: a damaged view: run guichet journal rebuild", what, k)
	}
	return entryAt(tx, binary.BigEndian.Uint64(v))
}

// LastKioskOrder is the number of the newest order the kiosk sold (its
// order.placed entry carries KioskStaffID), "" when it sold none: the
// staff menu reprints it after the kiosk restarted. The counters view
// keeps it (kioskLastKey): one read, however many orders the counter
// tills sold on the same file since.
func (r *Register) LastKioskOrder() (string, error) {
	var found string
	err := r.read(func(tx *bolt.Tx) error {
		found = lastKioskOrder(tx)
		return nil
	})
	return found, err
}

func lastKioskOrder(tx *bolt.Tx) string {
	return string(view(tx, vCounters).Get(kioskLastKey))
}
