package local

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// TypeTicketAdmitted records a ticket let in at a door for a performance.
// It is appended like every entry, so a door working offline on the
// register's journal hands its admissions on with the journal's push.
const TypeTicketAdmitted = "ticket.admitted"

// ticketAdmitted is a ticket let in: the entry's time is when. A pass is
// admitted once per performance, a ticket once.
type ticketAdmitted struct {
	Ticket      string `json:"ticket"`
	Performance string `json:"performance"`
	Door        string `json:"door"`
	Pass        bool   `json:"pass,omitempty"`
}

func init() { registerPayload[ticketAdmitted](TypeTicketAdmitted) }

// Verdict is what the door says of a scanned ticket.
type Verdict string

const (
	VerdictAdmit            Verdict = "admit"
	VerdictAlreadyAdmitted  Verdict = "already_admitted"
	VerdictCanceled         Verdict = "canceled"
	VerdictExchanged        Verdict = "exchanged"
	VerdictWrongPerformance Verdict = "wrong_performance"
	VerdictForged           Verdict = "forged"     // the signature does not match this register's key
	VerdictUnknown          Verdict = "unknown"    // this journal never issued it
	VerdictNotATicket       Verdict = "not_ticket" // a gift voucher: it pays, it does not let in
	VerdictUnreadable       Verdict = "unreadable" // neither a ticket code nor a ticket number
	VerdictUnpaid           Verdict = "unpaid"     // its order's invoice is not paid yet
	// VerdictLostJournal: a genuine code (this register's key) of a
	// ticket the journal this one replaced sold (its order number at most
	// the lost journal's last, journal.restarted): whether it was
	// canceled, exchanged or already let in went with that journal.
	VerdictLostJournal Verdict = "lost_journal"
)

// Admission is the door's answer for one scan. Only VerdictAdmit recorded
// anything (a ticket.admitted entry, durable when Admit returns).
type Admission struct {
	Verdict Verdict
	// Ticket is the ticket as this journal issued it (Number only, or
	// nothing, when the journal does not know it).
	Ticket pos.Ticket
	// Door and At: who let the ticket in, and when (VerdictAdmit: this
	// door, now; VerdictAlreadyAdmitted: the first admission).
	Door string
	At   time.Time
	// Reason says why a code could not be read or verified.
	Reason string
}

// Admitted reports whether the person may go in.
func (a Admission) Admitted() bool { return a.Verdict == VerdictAdmit }

// admissionRec is a ticket's admission in the admissions view.
type admissionRec struct {
	Door string    `json:"door"`
	At   time.Time `json:"at"`
}

// typedNumber is a ticket number typed at the door: "K01-000012-01", or
// without the register ("12-1", "000012-01").
var typedNumber = regexp.MustCompile(`^(?:([A-Za-z0-9]+)-)?([0-9]{1,9})-([0-9]{1,3})$`)

// Admit lets a ticket in at door for performance perf, or says why not.
// scanned is what the scanner typed (the QR payload: original, reprint and
// photocopy are one payload, hence one admission) or a ticket number typed
// by hand. The check and the ticket.admitted entry are one write
// transaction: two doors on one register never both admit a ticket.
func (r *Register) Admit(door, perf, scanned string) (Admission, error) {
	if strings.TrimSpace(door) == "" {
		return Admission{}, errors.New("the door needs a name")
	}
	p, ok := r.cat().PerformanceByID(perf)
	if !ok {
		return Admission{}, fmt.Errorf("there is no performance %q in the catalog", perf)
	}
	if p.Canceled {
		// its tickets are refunded, and an admission would not keep them
		// from it (letIn): a door left open on it lets no one in
		return Admission{}, pos.Errorf("performance %s was canceled: its tickets are refunded, no one is let in", perf)
	}
	number, claim, verdict, reason := r.readScan(scanned)
	if verdict != "" {
		return Admission{Verdict: verdict, Ticket: pos.Ticket{Number: number}, Reason: reason}, nil
	}
	if r.readOnly {
		return Admission{}, ErrReadOnly
	}
	now := r.now()
	var a Admission
	err := r.write(func(tx *bolt.Tx) error {
		var err error
		a, err = r.judge(tx, perf, number, claim)
		if err != nil || a.Verdict != VerdictAdmit {
			return err
		}
		a.Door, a.At = door, now.UTC()
		p := ticketAdmitted{Ticket: a.Ticket.Number, Performance: perf, Door: door, Pass: a.Ticket.Kind == pos.LinePass}
		_, err = r.newWriter(tx, now, "", "").append(TypeTicketAdmitted, p)
		return err
	})
	if err != nil {
		return Admission{}, err
	}
	if a.Verdict == VerdictAdmit {
		r.changed()
	}
	return a, nil
}

// readScan reads what the door was given: a signed code (checked against
// the register's key) or a ticket number. A verdict is returned when the
// scan is refused before the journal is read.
func (r *Register) readScan(scanned string) (number string, claim *TicketClaim, v Verdict, reason string) {
	s := strings.TrimSpace(scanned)
	// A scanner on the wrong keyboard layout or with caps lock may type
	// the code in lower case; base32 is upper case only.
	if up := strings.ToUpper(s); strings.HasPrefix(up, qrPrefix) {
		s = up
	}
	if strings.HasPrefix(s, qrPrefix) || strings.HasPrefix(s, qrPrefixV1) {
		c, err := VerifyTicket(r.pub, s)
		switch {
		case errors.Is(err, ErrBadSignature):
			if m := typedNumber.FindStringSubmatch(c.Number); m != nil && m[1] != "" && !strings.EqualFold(m[1], r.id) {
				// another register's ticket (its key is not this
				// door's): what the door knows is that this journal
				// never issued it, not that it is forged
				return strings.ToUpper(c.Number), nil, VerdictUnknown, "this ticket was sold by register " + strings.ToUpper(m[1]) + ", not " + r.id + ": its code is signed with that register's key"
			}
			return "", nil, VerdictForged, err.Error()
		case err != nil:
			return "", nil, VerdictUnreadable, err.Error()
		}
		return c.Number, &c, "", ""
	}
	m := typedNumber.FindStringSubmatch(s)
	if m == nil {
		return "", nil, VerdictUnreadable, "this is neither a ticket code nor a ticket number (" + r.id + "-000012-01)"
	}
	reg := r.id
	if m[1] != "" {
		if !strings.EqualFold(m[1], r.id) {
			return strings.ToUpper(s), nil, VerdictUnknown, "this ticket was sold by register " + strings.ToUpper(m[1]) + ", not " + r.id
		}
	}
	ord, _ := strconv.ParseUint(m[2], 10, 64)
	n, _ := strconv.Atoi(m[3])
	return pos.TicketNumber(pos.OrderNumber(reg, ord), n), nil, "", ""
}

// judge is the verdict on ticket number at perf, read in tx. A signed
// claim must match the ticket this journal issued under its number.
func (r *Register) judge(tx *bolt.Tx, perf, number string, claim *TicketClaim) (Admission, error) {
	a := Admission{Ticket: pos.Ticket{Number: number}}
	p, _, ok, err := issuedEntry(tx, number)
	if err != nil {
		return a, err
	}
	if !ok && claim != nil {
		lost, err := lostOrders(tx)
		if err != nil {
			return a, err
		}
		if n, ok := orderSeq(number); ok && n <= lost {
			a.Verdict = VerdictLostJournal
			a.Reason = fmt.Sprintf("this ticket is genuine, sold before this journal replaced a lost one (orders up to %d): whether it was canceled, exchanged or already let in went with that journal; check it with the box office before letting it in", lost)
			return a, nil
		}
	}
	if !ok || claim != nil && claimOf(p.Ticket) != *claim {
		a.Verdict = VerdictUnknown
		return a, nil
	}
	a.Ticket = p.Ticket
	var rec orderRec
	if _, err := getJSON(view(tx, vOrders), []byte(p.Order), &rec); err != nil {
		return a, err
	}
	if i, ok := ticketIndex(number); ok && i < len(rec.Tickets) {
		switch rec.Tickets[i].state() {
		case TicketCanceled:
			a.Verdict = VerdictCanceled
			return a, nil
		case TicketExchanged:
			a.Verdict = VerdictExchanged
			return a, nil
		}
	}
	switch {
	case p.Ticket.Kind == pos.LineVoucher:
		a.Verdict = VerdictNotATicket
		return a, nil
	case p.Ticket.Kind == pos.LinePass && !r.passCovers(p.Ticket.Item, perf),
		p.Ticket.Kind != pos.LinePass && p.Ticket.Performance != perf:
		a.Verdict = VerdictWrongPerformance
		return a, nil
	}
	if rec.State == pos.OrderPending {
		// sold on an invoice not paid yet: used once it is (issue 12).
		// Said only of a ticket paying would let in: the door does not
		// send someone to pay for a show they could not enter anyway.
		a.Verdict = VerdictUnpaid
		return a, nil
	}
	var was admissionRec
	found, err := getJSON(view(tx, vAdmissions), admittedKey(number, perf), &was)
	if err != nil {
		return a, err
	}
	if found {
		a.Verdict, a.Door, a.At = VerdictAlreadyAdmitted, was.Door, was.At
		return a, nil
	}
	a.Verdict = VerdictAdmit
	return a, nil
}

// lostOrders is the last order number of the lost journal this one
// replaces (its journal.restarted, among the entries that start it: the
// key pinned first); 0 for a journal that replaces none.
func lostOrders(tx *bolt.Tx) (uint64, error) {
	c := tx.Bucket(bucketJournal).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		e, _, err := decodeEntry(v)
		if err != nil {
			return 0, err
		}
		if e.Type == TypeRegisterKey {
			continue
		}
		if e.Type != TypeJournalRestarted {
			return 0, nil
		}
		var p journalRestarted
		if err := e.decode(&p); err != nil {
			return 0, err
		}
		return p.AfterOrder, nil
	}
	return 0, nil
}

// orderSeq is the order's sequence number in a ticket number
// ("K01-000012-01": 12).
func orderSeq(ticket string) (uint64, bool) {
	m := typedNumber.FindStringSubmatch(ticket)
	if m == nil {
		return 0, false
	}
	n, err := strconv.ParseUint(m[2], 10, 64)
	return n, err == nil
}

// passCovers says whether a pass lets in at perf: one of its
// performances, or a performance of one of its events (neither listed:
// every performance).
func (r *Register) passCovers(pass, perf string) bool {
	ps, ok := r.cat().PassByID(pass)
	if !ok {
		return false
	}
	if len(ps.Performances) == 0 && len(ps.Events) == 0 {
		return true
	}
	p, _ := r.cat().PerformanceByID(perf)
	return slices.Contains(ps.Performances, perf) || p != nil && slices.Contains(ps.Events, p.Event)
}

// DoorCounts is a performance at the door: tickets sold for it (pending
// invoices included, cancelled and exchanged ones not) and admitted.
type DoorCounts struct {
	Performance string `json:"performance"`
	Sold        int    `json:"sold"`     // tickets for this performance
	Admitted    int    `json:"admitted"` // of those tickets
	Passes      int    `json:"passes"`   // passes admitted (not counted in Sold)
}

// DoorCounts counts perf's tickets sold and admitted, from the views.
func (r *Register) DoorCounts(perf string) (DoorCounts, error) {
	dc := DoorCounts{Performance: perf}
	err := r.read(func(tx *bolt.Tx) error {
		prefix := key(perf, "")
		c := view(tx, vSold).Cursor()
		for k, _ := c.Seek(prefix); k != nil && strings.HasPrefix(string(k), string(prefix)); k, _ = c.Next() {
			dc.Sold += getInt(view(tx, vSold), k)
		}
		b := view(tx, vAdmissions)
		dc.Admitted = getInt(b, admittedCountKey(perf, false))
		dc.Passes = getInt(b, admittedCountKey(perf, true))
		return nil
	})
	return dc, err
}

// letIn reports whether ticket was let in at a door for a performance
// that still takes place, as this register's door view has it: its seat
// is taken (the person is inside), so it is neither canceled nor
// exchanged, which would put the seat back on sale. A performance
// canceled gives its admitted tickets back like any other.
func letIn(tx *bolt.Tx, cat *pos.Catalog, ticket string) (door, at string, ok bool, err error) {
	var found *Admitted
	err = admissionsOf(tx, ticket, func(a Admitted) bool {
		if p, ok := cat.PerformanceByID(a.Performance); ok && p.Canceled {
			return true
		}
		found = &a
		return false
	})
	if err != nil || found == nil {
		return "", "", false, err
	}
	return found.Door, found.At.In(cat.Location()).Format("15:04"), true, nil
}

// admissionsOf calls each with the admissions of ticket (a pass: one a
// performance), in the view's order, until each returns false.
func admissionsOf(tx *bolt.Tx, ticket string, each func(Admitted) bool) error {
	prefix := key("t", ticket, "")
	c := view(tx, vAdmissions).Cursor()
	for k, data := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, data = c.Next() {
		var rec admissionRec
		if err := json.Unmarshal(data, &rec); err != nil {
			return &DamagedViewError{Key: string(k), Err: err}
		}
		if !each(Admitted{Door: rec.Door, Performance: string(k[len(prefix):]), At: rec.At}) {
			return nil
		}
	}
	return nil
}
