package counter

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	gsync "guichet/sync"

	"guichet/local"
	"guichet/pos"
	"guichet/printers"
)

// Options configures a Service.
type Options struct {
	// The register's file, id and catalog, as local.Options.
	Path     string
	Register string
	Catalog  *pos.Catalog
	Now      func() time.Time // the register's clock (default time.Now)

	// Lang is the language tickets and receipts print in (default: the
	// catalog's first). The screens may speak another.
	Lang pos.Lang
	// Printer is where tickets, receipts and drawer kicks go; nil: no
	// printer (tickets stay in the journal's print queue).
	Printer printers.Transport
	// Profile is the printer's model (default printers.DefaultProfile).
	Profile *printers.Profile
	// Receipts says which sales print a receipt without being asked.
	Receipts ReceiptPolicy
	// PrintInterval is how often the spooler looks at the queue without
	// being woken (default 2 s; tests shorten it).
	PrintInterval time.Duration
	// Central, when its URL is set, is the server the journal is pushed
	// to in the background; selling never waits for it.
	Central Central
	// NewJournalAfter starts a new journal with the key beside a lost one,
	// numbering orders after this one (local.Options.NewJournalAfter).
	NewJournalAfter uint64
	// NewJournalFrom gives where the lost journal's closures stood, which
	// the new one goes on from (local.Options.NewJournalFrom).
	NewJournalFrom func(pub ed25519.PublicKey) (local.JournalFigures, error)
	// Serves says what this process serves, for a second one refused
	// (local.Options.Serves).
	Serves string
	// Mail, when set, starts the e-mail sender (counter/email.go); nil:
	// e-mails are only queued. A register of a central server (Central)
	// only queues: guichetd sends and schedules (ErrCentralSends).
	Mail *MailOptions

	// Log, when set, gets each new failure of a print job with its
	// error's own words (the event log has them too): where the operator
	// of an SSH server reads what went wrong.
	Log *slog.Logger

	// spoolQueue, when set, is the queue the spooler is given instead of
	// the journal's (the tests make its records fail).
	spoolQueue func(printQueue) printers.Queue
}

// Service is the register service. Its methods are safe for concurrent use
// by many tills.
type Service struct {
	reg    *local.Register
	own    bool // reg was opened by Open: Close closes it
	lang   pos.Lang
	now    func() time.Time
	policy ReceiptPolicy

	printer printers.Transport
	prof    printers.Profile
	spool   *printers.Spooler
	stop    context.CancelFunc
	done    chan struct{}
	mail    *mailer        // nil: e-mails are only queued
	push    *pushing       // nil: no central server
	escrow  *gsync.Escrow  // nil: the register holds its whole catalog
	workers sync.WaitGroup // background work stopped by Close

	closeOnce sync.Once

	training bool // sells into the training register (training.go)
	trainMu  sync.Mutex
	trainee  *Service // the training service beside this one, once opened

	// kicks are the drawer kicks of the print queue's last read, with
	// when each was queued: the spooler's Wanted gives up a stale one
	// (printQueue.Wanted).
	kickMu sync.Mutex
	kicks  map[string]time.Time

	log       *slog.Logger // nil: none (Options.Log)
	faultMu   sync.Mutex
	lastFault string // the printer fault last logged ("": none)
	lastShown PrinterState
	// printing tells the screens' status lines of the printer's state
	// (PrinterChanges).
	printing changes
	changes  changes

	leftMu sync.Mutex
	left   map[string][]LeftPayments // by staff: told at their next unlock

	// settleMu: the kiosk's charges are settled one at a time (kiosk.go,
	// settleTurn)
	settleMu sync.Mutex
}

// Open opens the register's file and starts its printer.
func Open(o Options) (*Service, error) {
	reg, err := local.Open(local.Options{Path: o.Path, Register: o.Register, Catalog: o.Catalog, Now: o.Now, NewJournalAfter: o.NewJournalAfter,
		NewJournalFrom: o.NewJournalFrom, Escrow: o.Central.URL != "" && o.Central.Escrow, Serves: o.Serves})
	if err != nil {
		return nil, err
	}
	s, err := New(reg, o)
	if err != nil {
		reg.Close()
		return nil, err
	}
	s.own = true
	return s, nil
}

// New serves a register already open (tests, tools that open it
// themselves). Close stops the printer but leaves reg open.
func New(reg *local.Register, o Options) (*Service, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	cat := reg.Catalog()
	if o.Lang == "" {
		o.Lang = cat.Lang("")
	}
	if !o.Lang.Known() {
		return nil, fmt.Errorf("tickets print in fr or en, not %q", o.Lang)
	}
	if o.Receipts == "" {
		o.Receipts = ReceiptsAsk
	}
	prof := printers.Profile{}
	if o.Profile != nil {
		prof = *o.Profile
	} else {
		p, err := printers.LookupProfile(printers.DefaultProfile)
		if err != nil {
			return nil, err
		}
		prof = p
	}
	s := &Service{reg: reg, lang: o.Lang, now: o.Now, policy: o.Receipts, printer: o.Printer, prof: prof, done: make(chan struct{}), log: o.Log}
	reg.OnChange(s.changes.tell)
	ctx, cancel := context.WithCancel(context.Background())
	s.stop = cancel
	if o.Central.URL != "" && o.Mail != nil {
		cancel()
		return nil, ErrCentralSends
	}
	if o.Central.URL != "" {
		s.startPush(ctx, o.Central)
	}
	s.startLapses(ctx)
	if o.Mail != nil {
		if err := s.StartMail(*o.Mail); err != nil {
			cancel()
			s.workers.Wait()
			return nil, err
		}
	}
	if o.Printer == nil {
		close(s.done)
		return s, nil
	}
	var q printers.Queue = printQueue{s}
	if o.spoolQueue != nil {
		q = o.spoolQueue(printQueue{s})
	}
	s.spool = printers.NewSpooler(q, o.Printer, prof, printers.SpoolerOptions{Interval: o.PrintInterval, OnChange: s.printerChanged})
	go func() { defer close(s.done); _ = s.spool.Run(ctx) }()
	return s, nil
}

// Close stops the printer (a job being written is abandoned and stays in
// the queue) and closes the register's file if Open opened it.
func (s *Service) Close() error {
	var err error
	s.closeOnce.Do(func() {
		if s.stop != nil {
			s.stop()
		}
		<-s.done
		s.workers.Wait()
		if tr := s.traineeIfOpen(); tr != nil {
			_ = tr.Close()
		}
		s.reg.OnChange(nil)
		s.stopMail()
		if s.own {
			err = s.reg.Close()
		}
	})
	return err
}

// Register is the journal the service writes (tools and tests read it).
func (s *Service) Register() *local.Register { return s.reg }

// Catalog is the box office the register sells now: a catalog pulled from
// the central server replaces it between sales (counter/central.go).
func (s *Service) Catalog() *pos.Catalog { return s.reg.Catalog() }

// ID is the register's id ("K01").
func (s *Service) ID() string { return s.reg.ID() }

// Lang is the language tickets and receipts print in.
func (s *Service) Lang() pos.Lang { return s.lang }

// Version changes on every commit and hold change.
func (s *Service) Version() uint64 { return s.reg.Version() }

// Unlock opens a till for a member of staff. Five wrong PINs in a row
// make the next try wait (a *PINWaitError), 30 s and doubling.
func (s *Service) Unlock(staffID, pin string) (*Till, error) {
	return s.UnlockAt(staffID, pin, "")
}

// UnlockAt is Unlock at a named till (a session of the register: "K01/ssh"),
// which a wrong PIN's journal entry names.
func (s *Service) UnlockAt(staffID, pin, till string) (*Till, error) {
	t, err := s.reg.UnlockAt(staffID, pin, till)
	if err != nil {
		return nil, err
	}
	return &Till{Till: t, s: s}, nil
}

// CheckPINAt checks a member of staff's PIN at a named till as UnlockAt
// does (wrong PINs counted, journaled and made to wait), without opening
// a till: the PIN that resumes a till locked while it stayed open.
func (s *Service) CheckPINAt(staffID, pin, till string) error {
	return s.reg.CheckPINAt(staffID, pin, till)
}

// Availability is what is left to sell in each zone of a performance.
// Like every query, it returns the journal's error (a damaged view says
// to rebuild) rather than an empty answer.
func (s *Service) Availability(perf string) ([]ZoneAvailability, error) {
	return s.AvailabilityFor(perf, nil)
}

// AvailabilityFor is Availability as till t may add to its cart (nil: as
// any till): its own cart's places counted held (InCart says how many),
// so what is left is what its next AddTicketCounts may add
// (local.Register.AvailabilityFor).
func (s *Service) AvailabilityFor(perf string, t *Till) ([]ZoneAvailability, error) {
	var lt *local.Till
	if t != nil {
		lt = t.Till
	}
	zs, err := s.reg.AvailabilityFor(perf, lt)
	online := s.escrow != nil && s.escrowOnline()
	for i := range zs {
		if online && zs[i].Seated {
			// Online, a seat picked is asked for then (as the seat map
			// shows every seat free): the zone's seats count, not only
			// those this register holds now, or a zone it holds none of
			// would say sold out.
			zs[i].Capacity = s.Catalog().Capacity(perf, zs[i].Zone)
			zs[i].Available = pos.Available(zs[i].Capacity, zs[i].Sold, zs[i].Held)
		}
		if s.escrow != nil && !zs[i].Seated {
			if n, ok := s.escrow.Free(local.ZoneResource(perf, zs[i].Zone)); ok && online {
				// Online, places the register lacks are asked for when
				// added (Till.AddTickets): what the box office has not
				// granted counts too, or a party larger than the
				// register's batch was warned off, and a zone it holds
				// none of said sold out at the kiosk.
				zs[i].Capacity += n
				zs[i].Available += n
			}
		}
	}
	return zs, err
}

// SeatMap lists the seats of a zone that are not free, as till sees them
// (nil till: as any till).
func (s *Service) SeatMap(perf, zone string, t *Till) (map[string]SeatState, error) {
	var lt *local.Till
	if t != nil {
		lt = t.Till
	}
	m, err := s.reg.SeatMap(perf, zone, lt)
	if err == nil {
		err = s.seatsElsewhere(perf, zone, m)
	}
	return m, err
}

// FirstFreeSeat is the seat a seat plan's cursor starts on, at the
// counter and at the kiosk alike: the zone's first seat in reading order
// (row by row, front row first, each row left to right) that is neither
// blocked on the catalog nor in seats (a SeatMap: sold, held, in a cart,
// elsewhere). It is "" when no seat is free: the cursor then stays on the
// plan's first seat. It reads nothing but its arguments.
func FirstFreeSeat(cat *pos.Catalog, perf string, z *pos.Zone, seats map[string]SeatState) string {
	for i := range z.Rows {
		r := &z.Rows[i]
		for _, n := range r.SeatNumbers() {
			id := pos.SeatID(r.Name, n)
			if seats[id] == SeatFree && !cat.SeatBlocked(perf, z.ID, id) {
				return id
			}
		}
	}
	return ""
}

// SaveCustomer records a new or changed customer. One with another
// customer's e-mail is not recorded: the *EmailInUseError names that
// customer, for the staff member to choose them or save this one with
// SaveCustomerSharingEmail.
func (s *Service) SaveCustomer(staffID string, c pos.Customer) (pos.Customer, error) {
	return s.reg.SaveCustomer(staffID, c)
}

// SaveCustomerSharingEmail records a customer who shares another's
// e-mail, as the staff member chose.
func (s *Service) SaveCustomerSharingEmail(staffID string, c pos.Customer) (pos.Customer, error) {
	return s.reg.SaveCustomerSharingEmail(staffID, c)
}

// EmailInUseError is a customer not recorded because another has the
// same e-mail (Existing).
type EmailInUseError = local.EmailInUseError

// SearchCustomers finds customers by name or e-mail, accents ignored.
func (s *Service) SearchCustomers(q string, limit int) ([]pos.Customer, error) {
	return s.reg.SearchCustomers(q, limit)
}

// FindOrders finds orders by number, customer name or e-mail (pending
// invoices first, then the newest).
func (s *Service) FindOrders(q string, limit int) ([]OrderView, error) {
	return s.reg.FindOrders(q, limit)
}

// Voucher is a gift voucher or credit voucher: its kind and what it may
// still pay.
func (s *Service) Voucher(number string) (pos.Voucher, bool, error) {
	return s.reg.Voucher(number)
}

// VoucherBalance is what a gift voucher or credit voucher may still pay.
func (s *Service) VoucherBalance(number string) (pos.Money, bool, error) {
	return s.reg.VoucherBalance(number)
}

// Order is one order with its tickets' states and their QR payloads.
func (s *Service) Order(number string) (OrderView, bool, error) {
	return s.reg.Order(number)
}

// HeadAnchor is the journal's head as paper keeps it: its sequence and the
// first 12 hex digits of its hash ("1234:ab12cd34ef56"), what
// `guichet journal verify --expect-head` checks. Printed on receipts and Z
// reports, it is an anchor the machine cannot rewrite: removing entries
// after it is caught even if the head record is rewritten too.
func (s *Service) HeadAnchor() string { return headAnchor(s.reg.Head()) }

// headAnchor is HeadAnchor of a head read (local.Register.Head).
func headAnchor(seq uint64, hash string) string {
	if seq == 0 || len(hash) < 12 {
		return ""
	}
	return fmt.Sprintf("%d:%s", seq, hash[:12])
}

// HasPrinter says whether anything prints (a receipt key makes sense).
func (s *Service) HasPrinter() bool { return s.spool != nil }

// wake asks the printer to look at its queue now; it never blocks.
func (s *Service) wake() {
	if s.spool != nil {
		s.spool.Kick()
	}
}

// ErrNoPrinter is returned when something is asked of a printer the
// register does not have.
var ErrNoPrinter = errors.New("this register has no printer: give it one with --printer to print")

// The register's views of orders, shifts and seats, as the service gives
// them to every till.
type (
	OrderView     = local.OrderView
	TicketView    = local.TicketView
	Report        = local.Report
	MethodTotal   = local.MethodTotal
	CreditVoucher = local.CreditVoucher
	// TicketCount is how many tickets of one price category a till adds
	// (Till.AddTicketCounts).
	TicketCount      = local.TicketCount
	Shift            = local.Shift
	ZoneAvailability = local.ZoneAvailability
	SeatState        = local.SeatState
)

// Seat states: a free seat is absent from SeatMap.
const (
	SeatFree        SeatState = 0
	SeatSold                  = local.SeatSold
	SeatHeldByOther           = local.SeatHeldByOther
	SeatHeldByMe              = local.SeatHeldByMe
	SeatBlocked               = local.SeatBlocked
	SeatElsewhere             = local.SeatElsewhere
)

// TicketQRs gives what each ticket of an order carries in its QR code:
// a ticket's or pass's signed payload, a gift voucher's number. An order
// the register does not have is an error wrapping ErrNotFound, said in
// the seller's language.
func (s *Service) TicketQRs(order string) (map[string]string, error) {
	ov, ok, err := s.reg.Order(order)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, pos.Errorf("order %s: %w", order, local.ErrNotFound)
	}
	out := make(map[string]string, len(ov.Tickets))
	for _, t := range ov.Tickets {
		out[t.Number] = t.QR
		if t.Kind == pos.LineVoucher {
			// as printed: the number the payment screen takes, not a
			// door's payload (the door refuses a voucher anyway)
			out[t.Number] = t.Number
		}
	}
	return out, nil
}

// PINWaitError is an unlock refused after too many wrong PINs: its Say
// gives the wait in the staff's language.
type PINWaitError = local.PINWaitError

// PINFailures is a member of staff's wrong PINs in a row.
type PINFailures = local.PINFailures

// LockedError is ErrLocked with the pid and what the process that has the
// file open serves.
type LockedError = local.LockedError

// Errors a till's screens tell apart, as the journal gives them.
var (
	ErrWrongPIN = local.ErrWrongPIN
	ErrLocked   = local.ErrLocked
	ErrNoShift  = local.ErrNoShift
	ErrNotFound = local.ErrNotFound
	// ErrExpectedChanged: a Z counted against a cash expected the drawer
	// no longer has (Till.CloseShiftAgainst); nothing was closed.
	ErrExpectedChanged = local.ErrExpectedChanged
)

// UnlockAdmin opens a till as the administrator of a box office whose
// catalog lists no staff (command-line tools).
func (s *Service) UnlockAdmin() (*Till, error) {
	t, err := s.reg.UnlockAdmin()
	if err != nil {
		return nil, err
	}
	return &Till{Till: t, s: s}, nil
}

// WaitPrinted waits until the printer has nothing left to print, or ctx
// ends (a command-line tool that placed an order prints before it exits).
func (s *Service) WaitPrinted(ctx context.Context) error {
	if s.spool == nil {
		return nil
	}
	s.wake()
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	for idle := 0; ; {
		q, err := s.reg.PrintQueue()
		if err != nil {
			return err
		}
		st := s.spool.State()
		// a job printed whose record waits is not done either: the
		// journal would print it again at the next start
		if len(q) == 0 && st.Printing == "" && st.Pending == 0 && st.Unrecorded == 0 {
			if idle++; idle >= 2 {
				return nil
			}
		} else {
			idle = 0
		}
		select {
		case <-ctx.Done():
			return notAllPrinted(s.Printer())
		case <-t.C:
		}
	}
}

// notAllPrinted says, for a command line, what WaitPrinted left undone:
// jobs still to print, and jobs that printed but whose record the journal
// refused so far (the paper is out; the record is retried, and once more
// as the register closes, else the job prints again at its next start).
// It is said in the command line's language, the last failure too.
func notAllPrinted(p PrinterState) error {
	if p.Unrecorded == 0 {
		return pos.Errorf("the printer did not print everything (%s): it stays in the print queue", printerSummary(p))
	}
	var failed any = errors.New(p.Failed)
	if p.Failure.Kind != printers.FailNone {
		failed = pos.Text{"en": p.Failed, "fr": FailureSaid(p.Failure, pos.French)}
	}
	unrecorded := pos.Errorf("%d printed jobs wait for their record in the journal (the last failure: %s): it is tried again as the register closes; if it fails, they print again at the next start",
		p.Unrecorded, failed)
	if p.Unrecorded == 1 {
		unrecorded = pos.Errorf("1 printed job waits for its record in the journal (the last failure: %s): it is tried again as the register closes; if it fails, it prints again at the next start", failed)
	}
	if p.Pending == 0 && !p.Printing {
		return pos.Errorf("the printer printed everything, but %w", unrecorded)
	}
	return pos.Errorf("the printer did not print everything (%s): it stays in the print queue; %w", printerSummary(p), unrecorded)
}

// printerSummary is the printer's state in a few words for a command
// line, in its language: what the printer needs (the screens' words, not
// the problem's name: "paperout"), its own words, or how many jobs wait.
func printerSummary(p PrinterState) any {
	switch {
	case p.Problem != "":
		return problemText(p.Problem)
	case p.Detail != "":
		return errors.New(p.Detail) // said where it is one of the register's sentences
	case !p.Online:
		return problemText(PrinterOffline)
	}
	return pos.Errorf("%d waiting", p.Pending)
}

// problemText is a problem's words in every language.
func problemText(problem string) pos.Text {
	return pos.Text{"en": PrinterProblemWords(problem, pos.English), "fr": PrinterProblemWords(problem, pos.French)}
}

// A ticket's states, as the journal keeps them.
const (
	TicketValid     = local.TicketValid
	TicketCanceled  = local.TicketCanceled
	TicketExchanged = local.TicketExchanged
)

// printerChanged logs a printer fault in the register's event log when
// one begins (not at every look while it lasts), and a job's failure with
// its error's own words (the screens name the job and the cause in
// theirs) when it is a new one, and tells the screens
// when the printer comes or goes: they draw only what changes, so a
// printer that comes back (or is found ready at start) would otherwise
// show as offline until the next key. A job printed needs no word here:
// its confirmation is a commit, which tells them already. What only a
// status line shows (a job printing, the jobs waiting) goes to
// PrinterChanges, which makes no screen read the register again.
func (s *Service) printerChanged(st printers.SpoolerState) {
	fault := ""
	if !st.Online {
		fault = st.Reason
	}
	shown := printerState(st)
	s.faultMu.Lock()
	changed := fault != s.lastFault
	came := st.Online != s.lastShown.Online
	moved := shown != s.lastShown
	failed := shown.Failure != s.lastShown.Failure && st.Failure.Kind != printers.FailNone
	s.lastFault, s.lastShown = fault, shown
	s.faultMu.Unlock()
	if changed && fault != "" {
		_ = s.reg.LogEvent(local.EventPrinterFault, fault) // best effort: the fault shows on the status line anyway
	}
	if failed {
		// the screens say the failure in their words; its error's own
		// (the path, the errno, the journal's refusal) are for whoever
		// reads the event log (guichet journal events)
		_ = s.reg.LogEvent(local.EventPrinterFault, st.LastError)
		if f := st.Failure; s.log != nil {
			s.log.Warn("a print job failed", "job", f.Job.Kind.String(), "ref", f.Job.Ref, "queue_id", f.Job.ID,
				"others", f.Others, "failure", st.LastError, "problem", f.Problem.String(), "requeued", f.Again, "err", f.Err)
		}
	}
	if changed || came {
		s.changes.tell()
	}
	if moved {
		s.printing.tell()
	}
}
