package local

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"time"

	"guichet/pos"
)

// Options configure a register. Only Catalog is required.
type Options struct {
	Path        string           // bbolt file; default "guichet.db"
	Register    string           // register id, e.g. "K01": order numbers K01-000123
	Catalog     *pos.Catalog     // what is sold; required
	Now         func() time.Time // default time.Now
	HoldFor     time.Duration    // how long seats/capacity held in a cart last (default 20 min)
	LockTimeout time.Duration    // default 1 s, then ErrLocked

	// NewJournalAfter, when the journal is missing or empty but its key is
	// there (which Open otherwise refuses), starts a new journal with that
	// key anyway: it records journal.restarted and numbers orders after
	// this one (the last order the lost journal sold), so no ticket number
	// signed with the key is used twice. 0: refuse.
	NewJournalAfter uint64
	// NewJournalFrom gives where the lost journal's closures stood (the
	// figures of its last closures, read from the central server or typed
	// by the operator), which the new journal's closures go on from. It
	// is called only when a new journal is started; nil then refuses
	// (ErrNoJournalFigures): the perpetual grand total never starts again
	// from zero. It is given the register's public key (the key kept),
	// which the lost journal's closures are signed with.
	NewJournalFrom func(pub ed25519.PublicKey) (JournalFigures, error)

	// ReadOnly opens the file for reading only (guichet quote --db, codes
	// list): nothing is written, not even a pid file, and it works while
	// the register runs in another process (see readonly.go). Commands
	// that record something fail with ErrReadOnly.
	ReadOnly bool
	// Trial, with ReadOnly, opens the file to try a command-line tool's
	// command before it opens the file for writing (so that a refused
	// command writes nothing, not even a start): a command runs on the
	// file as it is and stops where it would first write, returning nil
	// with nothing written; a refused one returns its refusal. A member of
	// staff with no open shift is taken to have one (the tool opens it
	// with --float). When the register's start would grant capacity the
	// file does not hold yet (its catalog changed), the trial cannot tell
	// what the start changes: every command returns nil.
	Trial bool

	// Key is the signing key a new register's file is made with, instead
	// of a random one (a key issued with the register; tests that need
	// the same QR payloads on every run). It is ignored once the file or
	// its key file exists.
	Key ed25519.PrivateKey

	// Training marks the file as a training register's (the counter's
	// training mode): kept in the file, it is told by Register.Training
	// whatever the file is named after.
	Training bool

	// Escrow makes the register sell only the capacity a central server
	// granted it (escrow.go), instead of its whole catalog's.
	Escrow bool
	// Serves says what the process that opens the file serves ("counter",
	// "kiosk", "ssh 127.0.0.1:2222"), written in the pid file beside it: a
	// second process refused (LockedError) is told how to reach it.
	Serves string

	// repointBy: the file is opened to sell for its catalog's organiser
	// from now on, re-pointed by this member of staff (RepointOrganiser).
	repointBy string
	// noSession: the file is opened only to record a refused unlock
	// (RecordRefusedUnlock): no register.started nor register.stopped,
	// and none of a start's entries (a grant, a key pinned, the days'
	// closures).
	noSession bool
}

// LockedError is ErrLocked with what the pid file beside the journal says
// of the process that has it open.
type LockedError struct {
	Path   string
	PID    int    // 0: unknown
	Serves string // Options.Serves of that process; "" unknown
}

func (e *LockedError) Error() string {
	if e.PID > 0 {
		return fmt.Sprintf("%s is %v (pid %d): close it first", e.Path, ErrLocked, e.PID)
	}
	return fmt.Sprintf("%s is %v: close it first", e.Path, ErrLocked)
}

func (e *LockedError) Unwrap() error { return ErrLocked }

// Errors a screen may want to tell apart.
var (
	// ErrLocked: another process has the file open. The error returned by
	// Open wraps it and names that process's pid when it can.
	ErrLocked = errors.New("already open by another register")
	// ErrWrongPIN: the staff member or the PIN is not right.
	ErrWrongPIN = errors.New("wrong staff member or PIN")
	// ErrNoShift: the till has no open shift; open one with a float first.
	ErrNoShift = errors.New("no open shift: open your shift with a float first")
	// ErrExpectedChanged: a Z refused (CloseShiftAgainst) because the cash
	// expected its count was confirmed against is no longer the drawer's.
	ErrExpectedChanged = errors.New("the cash expected changed since the count was confirmed")
	// ErrTillClosed: the till was closed (logged out).
	ErrTillClosed = errors.New("this till is closed: unlock it again")
	// ErrNotFound: no order, ticket, customer or voucher by that number.
	ErrNotFound = errors.New("not found")
	// ErrKeyMismatch: the signing key beside the file is not the one this
	// register's journal recorded (register.key): Open refuses, since the
	// tickets it signed would not verify at the door.
	ErrKeyMismatch = errors.New("does not match this register's journal")
	// ErrKeyMissing: the signing key beside the file is gone while the
	// journal already has entries: Open refuses to make a new one.
	ErrKeyMissing = errors.New("is missing")
	// ErrKeyExposed: the signing key's file can be read by other users
	// (its mode is not 0600): Open refuses and says the chmod to run.
	ErrKeyExposed = errors.New("can be read by other users")
)

// Shift is a staff member's period at the till, from the float to the Z.
type Shift struct {
	ID     string    `json:"id"` // "K01-S0003"
	Staff  string    `json:"staff"`
	Opened time.Time `json:"opened"`
	Float  pos.Money `json:"float"`
}

// MethodTotal is what one payment method took in a shift.
type MethodTotal struct {
	Method  string    `json:"method"`
	Kind    string    `json:"kind"`
	Count   int       `json:"count"`             // payments taken
	Refunds int       `json:"refunds,omitempty"` // refunds given, apart from the payments
	Amount  pos.Money `json:"amount"`            // payments minus refunds, counted against orders
}

// Report is an X report (at any time) or a Z closure (CloseShift) of a shift.
// Expected cash = Float + CashIn - CashOut + CashSales - CashRefunds.
type Report struct {
	Shift       string        `json:"shift"`
	Staff       string        `json:"staff"`
	Opened      time.Time     `json:"opened"`
	At          time.Time     `json:"at"`
	Z           bool          `json:"z"` // the closure itself
	Float       pos.Money     `json:"float"`
	CashIn      pos.Money     `json:"cash_in"`
	CashOut     pos.Money     `json:"cash_out"` // positive: what was taken out
	CashSales   pos.Money     `json:"cash_sales"`
	CashRefunds pos.Money     `json:"cash_refunds"`
	Expected    pos.Money     `json:"expected"`
	Counted     pos.Money     `json:"counted,omitzero"`    // Z only
	Difference  pos.Money     `json:"difference,omitzero"` // Z only: counted - expected
	ByMethod    []MethodTotal `json:"by_method"`           // in catalog order
	Orders      int           `json:"orders"`
	Tickets     int           `json:"tickets"`
	Canceled    int           `json:"canceled"` // orders canceled whole
	// PartCanceled counts the cancellations of some tickets of an order
	// (the rest of it standing), apart from Canceled.
	PartCanceled int `json:"canceled_partly,omitempty"`
	// CashRounding is the CHF cash rounding of the shift's cash payments
	// less that of its cash refunds: the cash method's takings (orders'
	// amounts) plus it are CashSales less CashRefunds (the drawer's).
	CashRounding pos.Money `json:"cash_rounding,omitzero"`
	// Left is the payments taken at the staff member's tills during the
	// shift for sales never recorded (payments.left: a till closed, a cart
	// emptied after part of it was paid), by method. They are not in
	// Expected: the cashier was told to give them back; a Z over by the
	// same amount is them kept.
	Left []MethodTotal `json:"left,omitempty"`
	// Head is the journal's head when the report was drawn ("1234:ab12…",
	// what journal verify --expect-head takes): paper keeps an anchor the
	// machine cannot rewrite. Not journaled: the service adds it.
	Head string `json:"-"`
	// Detail is what was sold, given, refunded and lapsed (nil in Z
	// closures recorded before it was kept).
	Detail *ReportDetail `json:"detail,omitempty"`
}

// Ticket states in views.
const (
	TicketValid     = "valid"
	TicketCanceled  = "canceled"
	TicketExchanged = "exchanged"
)

// TicketView is a ticket with its state.
type TicketView struct {
	pos.Ticket
	State    string `json:"state"`
	Printed  int    `json:"printed"`      // times printed (original and duplicates)
	Reprints int    `json:"reprints"`     // duplicates asked for
	QR       string `json:"qr,omitempty"` // signed payload, filled in by Order only (derived with the register's key)
	// LetIn is when and where this register's door let it in (its first
	// admission), filled in by Order only; nil: not let in.
	LetIn *Admitted `json:"let_in,omitempty"`
}

// Admitted is a ticket's admission at a door.
type Admitted struct {
	Door        string    `json:"door"`
	Performance string    `json:"performance"`
	At          time.Time `json:"at"`
}

// OrderView is an order as the counter sees it now: the order as placed,
// its current state, the state of each ticket and what happened to it.
type OrderView struct {
	Order        pos.Order     `json:"order"` // Order.State is the current state
	Tickets      []TicketView  `json:"tickets"`
	Customer     *pos.Customer `json:"customer,omitempty"`
	CancelReason string        `json:"cancel_reason,omitempty"`
	Validated    time.Time     `json:"validated,omitzero"` // invoice payment validated
	// Validation is how the invoice was paid (nil: not validated, or
	// validated before the register recorded how).
	Validation    *pos.Payment `json:"validation,omitempty"`
	ExchangedInto string       `json:"exchanged_into,omitempty"`
	// Refunds are the payments given back so far, by cancellations of
	// the whole order or of some of its tickets.
	Refunds []pos.Payment `json:"refunds,omitempty"`
	// Receipts counts the receipts queued for the order since its
	// payment was validated (a receipt showing the payment is not a copy
	// of the invoice printed before it): the next one printed is a
	// duplicate (DUPLICATA n).
	Receipts int `json:"receipts,omitempty"`
	// ExchangeFee is what the exchange whose credit paid the order kept
	// of the tickets it took back (exchange.made's Fee), for its receipt;
	// zero for an order no exchange credit paid.
	ExchangeFee pos.Money `json:"exchange_fee,omitzero"`
	// Cancellations are the order's cancellations (whole or of some
	// tickets), oldest first: each one's refund slip (RefundOf).
	Cancellations []CancelRef `json:"cancellations,omitempty"`
	// ExchangedFrom are the tickets the exchange whose credit paid the
	// order took back, as they were sold (for its receipt); none for an
	// order no exchange credit paid.
	ExchangedFrom []pos.Ticket `json:"exchanged_from,omitempty"`
}

// CancelRef is one cancellation of an order: its order.canceled entry
// and how many refund slips were queued for it (the next is a duplicate
// numbered so).
type CancelRef struct {
	Entry uint64 `json:"entry"`
	Slips int    `json:"slips,omitempty"`
}

// ZoneAvailability is one zone of a performance: what this register may
// sell (Capacity, granted), what is sold (pending invoices included), what
// carts hold now, and what is left.
type ZoneAvailability struct {
	Zone      string   `json:"zone"`
	Name      pos.Text `json:"name"`
	Seated    bool     `json:"seated"`
	Capacity  int      `json:"capacity"`
	Sold      int      `json:"sold"`
	Held      int      `json:"held"`
	Available int      `json:"available"`
	// InCart is how many of Held the till asking has in its cart
	// (AvailabilityFor; 0 for any till).
	InCart int `json:"in_cart,omitempty"`
	// GivenBack is how many of Sold the exchange of the till asking gives
	// back (AvailabilityFor): counted in Available for it, and in
	// Capacity+GivenBack-Sold-Held = Available.
	GivenBack int `json:"given_back,omitempty"`
}

// SeatState is a seat that cannot be taken by this till right now.
type SeatState int

// Seat states (free seats are absent from SeatMap).
const (
	SeatSold SeatState = iota + 1
	SeatHeldByOther
	SeatHeldByMe
	SeatBlocked
	// SeatElsewhere: in escrow, offline, a seat this register does not
	// hold (another may sell it).
	SeatElsewhere
)

func (s SeatState) String() string {
	switch s {
	case SeatSold:
		return "sold"
	case SeatHeldByOther:
		return "held by another till"
	case SeatHeldByMe:
		return "in your cart"
	case SeatBlocked:
		return "not for sale"
	case SeatElsewhere:
		return "held by another register"
	}
	return "free"
}

// PrintJob is a job of the print queue: a ticket to print, with
// everything a ticket layout needs, an order's receipt, or a kick of the
// cash drawer (Kind). A receipt's and a drawer kick's Ticket is zero.
type PrintJob struct {
	ID           string     `json:"id"`   // pass to MarkPrinted or DropPrintJob
	Kind         string     `json:"kind"` // JobTicket, JobReceipt, JobDrawer
	Queued       time.Time  `json:"queued"`
	Order        string     `json:"order,omitempty"` // a drawer kick's: the cash sale's, if any
	Ticket       pos.Ticket `json:"ticket"`
	Duplicate    bool       `json:"duplicate"`      // a reprint (a ticket's, or a receipt's after the first): the layout marks it DUPLICATE
	Copy         int        `json:"copy,omitempty"` // the duplicate's number, as its ticket.reprinted or receipt.queued recorded it
	Customer     string     `json:"customer,omitempty"`
	QR           string     `json:"qr"`              // signed payload for the QR code
	Event        pos.Text   `json:"event,omitempty"` // names from the catalog
	Venue        string     `json:"venue,omitempty"` //
	ZoneName     pos.Text   `json:"zone_name,omitempty"`
	CategoryName pos.Text   `json:"category_name,omitempty"`
	ItemName     pos.Text   `json:"item_name,omitempty"` // pass or gift voucher
	Start        time.Time  `json:"start,omitzero"`
	Format       string     `json:"format,omitempty"` // pos.FormatSpectacle or pos.FormatCinema
	// Refund, for a receipt job, is the order.canceled entry whose refund
	// slip it is (0: the order's receipt).
	Refund uint64 `json:"refund,omitempty"`
	// Z, for a report job (JobReport), is whether it was queued as the
	// shift's Z closure; else it was queued as an X, while the shift was
	// open, and stays one if the shift closed before it printed.
	Z bool `json:"z,omitempty"`
	// Register and Staff, for a receipt, slip or drawer job, are the till
	// and the staff id that queued it (its entry's): a credit voucher's
	// slip is queued with the exchange or cancellation that made the
	// voucher, so it names who made it.
	Register string `json:"register,omitempty"`
	Staff    string `json:"staff,omitempty"`
}

// Stats describe the file.
type Stats struct {
	Entries    uint64 `json:"entries"`
	LastSeq    uint64 `json:"last_seq"`
	Size       int64  `json:"size_bytes"`
	FlatSize   int64  `json:"flat_file_bytes"` // <db>.journal, zeros written ahead included
	PrintQueue int    `json:"print_queue"`
	Orders     int    `json:"orders"`
	Customers  int    `json:"customers"`
}
