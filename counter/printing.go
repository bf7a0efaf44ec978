package counter

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"guichet/local"
	"guichet/pos"
	"guichet/printers"
)

// ReceiptPolicy says which sales print their receipt without being asked.
type ReceiptPolicy string

const (
	ReceiptsAsk    ReceiptPolicy = "ask"    // only when asked (the done screen's key)
	ReceiptsAlways ReceiptPolicy = "always" // every sale
	ReceiptsCash   ReceiptPolicy = "cash"   // sales paid, even partly, in cash
)

// ParseReceiptPolicy reads --receipts.
func ParseReceiptPolicy(s string) (ReceiptPolicy, error) {
	switch p := ReceiptPolicy(s); p {
	case ReceiptsAsk, ReceiptsAlways, ReceiptsCash:
		return p, nil
	}
	return "", fmt.Errorf("--receipts must be ask, always or cash, not %q", s)
}

// DrawerKickTTL is how long a drawer kick waits for a printer that is off
// or out of paper: after that the staff have opened the drawer with the key,
// and a drawer opening by itself later is a risk, not a help.
const DrawerKickTTL = 2 * time.Minute

// openDrawer opens the drawer now (a cash in/out, a float, a count): the
// kick is a journaled print job, printed ahead of any ticket waiting. A
// training till moves no real money: the drawer, which holds the real
// cash, stays shut.
func (t *Till) openDrawer() {
	s := t.s
	if s.spool == nil || s.training {
		return
	}
	if err := t.Till.QueueDrawer(); err == nil {
		s.wake()
	}
}

// printQueue is the journal's print queue as the spooler sees it: tickets
// laid out in the register's print language, receipts from their order,
// drawer kicks. A kick of no sale (a cash in/out, a count) goes ahead of
// the tickets waiting, as the staff is at the drawer now; a sale's kick
// follows its tickets (they are queued in the sale's entries before it).
// A kick still waiting after DrawerKickTTL when its turn comes is dropped,
// journaled with why (Wanted).
type printQueue struct{ s *Service }

func (q printQueue) Pending() ([]printers.Job, error) { return q.PendingFirst(0) }

// Waiting is how many jobs wait, counted without laying any out
// (printers.WindowedQueue).
func (q printQueue) Waiting() (int, error) {
	n, err := q.s.reg.PrintQueueLen()
	if err != nil {
		return 0, err
	}
	if tr := q.s.traineeIfOpen(); tr != nil { // its jobs print here too
		m, err := tr.reg.PrintQueueLen()
		return n + m, err
	}
	return n, nil
}

// PendingFirst is Pending for the first n jobs of the queue (n <= 0: all),
// with every drawer kick of no sale and voucher slip behind them
// (printers.WindowedQueue).
func (q printQueue) PendingFirst(n int) ([]printers.Job, error) {
	s := q.s
	// the receipts' orders and the journal's head read with the queue
	jobs, receipts, headSeq, headHash, err := s.reg.PrintWindow(n)
	if err != nil {
		return nil, err
	}
	var first, rest []printers.Job
	kicks := map[string]time.Time{}
	for _, j := range jobs {
		switch j.Kind {
		case local.JobDrawer:
			kicks[j.ID] = j.Queued
			job := printers.Job{ID: j.ID, Drawer: true, Order: j.Order}
			if j.Order == "" {
				first = append(first, job)
			} else {
				rest = append(rest, job)
			}
		case local.JobReceipt:
			ro, ok := receipts[j.ID]
			if !ok {
				return nil, fmt.Errorf("print job %s: its order %s is not in the journal", j.ID, j.Order)
			}
			if j.Refund != 0 { // a cancellation's refund slip
				r, err := s.refundSlip(j.ID, j.Copy, ro, headSeq, headHash)
				if err != nil {
					return nil, err
				}
				rest = append(rest, printers.Job{ID: j.ID, Receipt: &r, Order: j.Order, Kind: printers.JobRefundSlip})
				continue
			}
			ov := ro.OrderView
			r := ReceiptLayout(s.Catalog(), ov.Order, s.lang)
			if ov.Order.State == pos.OrderPending {
				addressed(&r, ov.Customer, s.lang)
			}
			afterSale(s.Catalog(), &r, ov, s.lang)
			if ro.HasCredit {
				creditNote(&r, ro.Credit, s.lang)
			}
			r.Journal = headAnchor(headSeq, headHash)
			r.Training = s.training
			r.Copy = j.Copy // a receipt after the order's first: DUPLICATA n
			rest = append(rest, printers.Job{ID: j.ID, Receipt: &r, Order: j.Order})
		case local.JobReport:
			r, z, err := s.shiftReportPaper(j, headAnchor(headSeq, headHash))
			if err != nil {
				return nil, err
			}
			kind := printers.JobXReport // named for a failure
			if z {
				kind = printers.JobZReport
			}
			rest = append(rest, printers.Job{ID: j.ID, Receipt: &r, Order: j.Order, Kind: kind, Ref: j.Order})
		case local.JobPaymentRefund:
			tr, err := s.reg.TerminalRefundOf(j.ID)
			if err != nil {
				return nil, err
			}
			r := TerminalRefundSlip(s.Catalog(), tr, s.lang)
			r.Journal = headAnchor(headSeq, headHash)
			r.Training = s.training
			rest = append(rest, printers.Job{ID: j.ID, Receipt: &r, Kind: printers.JobTerminalRefund, Ref: j.Order})
		case local.JobVoucher:
			v, ok, err := s.reg.VoucherInfo(j.Order) // a slip's Order is its voucher's number
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, fmt.Errorf("print job %s: credit voucher %s is not in the journal", j.ID, j.Order)
			}
			// queued by the till that made it, with the exchange or
			// cancellation: its time is the voucher's, as a receipt's is
			// its sale's (a slip printed later says when it was made)
			r := VoucherSlip(s.Catalog(), v, j.Register, j.Staff, s.lang, j.Queued)
			r.Journal = s.HeadAnchor()
			r.Training = s.training
			first = append(first, printers.Job{ID: j.ID, Receipt: &r, Kind: printers.JobVoucherSlip, Ref: j.Order})
		default:
			t := TicketLayout(s.Catalog(), j, s.lang)
			t.Training = s.training
			rest = append(rest, printers.Job{ID: j.ID, Ticket: &t, Order: j.Order})
		}
	}
	// An order's jobs print together: its tickets, then the drawer (the
	// cash goes in once the customer has the tickets), then its receipt.
	firstOf := map[string]int{}
	for i, j := range rest {
		if _, ok := firstOf[j.Order]; !ok {
			firstOf[j.Order] = i
		}
	}
	rank := func(j printers.Job) int {
		switch {
		case j.Drawer:
			return 1
		case j.Receipt != nil:
			return 2
		}
		return 0
	}
	sort.SliceStable(rest, func(a, b int) bool {
		if fa, fb := firstOf[rest[a].Order], firstOf[rest[b].Order]; fa != fb {
			return fa < fb
		}
		return rank(rest[a]) < rank(rest[b])
	})
	training, err := s.trainingJobs()
	if err != nil {
		return nil, err
	}
	s.kickMu.Lock()
	s.kicks = kicks
	s.kickMu.Unlock()
	return append(append(first, rest...), training...), nil
}

type jobWithID = printers.Job

func (q printQueue) MarkPrinted(id string) error { return notWaiting(q.s.markPrinted(id)) }

// MarkPrintedAll records an order's printed jobs in one commit
// (printers.BatchMarker).
func (q printQueue) MarkPrintedAll(ids []string) error { return notWaiting(q.s.markPrintedAll(ids)) }

// Wanted is whether job id still waits, asked by the spooler just before
// it sends it (printers.WantedQueue): a ticket canceled after the queue
// was read, while the jobs ahead of it printed, does not print.
//
// A drawer kick is given up here, just before it would be sent, once it
// waited more than DrawerKickTTL (print.dropped, with why): only here is
// it sure not to have reached the printer. A kick that printed and whose
// record failed is never asked again, so it is recorded opened (retried by
// the spooler) rather than dropped: the drawer did open, and the cash
// count needs that said.
func (q printQueue) Wanted(id string) (bool, error) {
	s := q.s
	s.kickMu.Lock()
	queued, kick := s.kicks[id]
	s.kickMu.Unlock()
	if !kick || s.now().Sub(queued) <= DrawerKickTTL {
		return s.printJobWaiting(id)
	}
	err := s.reg.DropPrintJob(id, "the drawer kick waited more than 2 minutes for the printer")
	if errors.Is(err, local.ErrNotFound) {
		err = nil // gone already (recorded, or dropped): not wanted either
	}
	return false, err
}

// notWaiting tells the spooler that a job the journal refuses as not
// waiting is owed no record (recorded already, or dropped): it forgets it
// rather than retry it for ever (printers.ErrNotWaiting).
func notWaiting(err error) error {
	if errors.Is(err, local.ErrNotFound) {
		return fmt.Errorf("%w: %w", printers.ErrNotWaiting, err)
	}
	return err
}

var (
	passEvents = pos.Text{"fr": "Valable pour : %s", "en": "Valid for: %s"}
	passPerfs  = pos.Text{"fr": "Valable pour %d représentations", "en": "Valid for %d performances"}
)

// passValidity says on a pass's paper what it lets in (it printed nothing
// there, and before that "Free placement"): a day pass its performance's
// date and time, a pass of several performances how many, a season's
// subscription its events by name.
func passValidity(cat *pos.Catalog, id string, lang pos.Lang, out *printers.Ticket) {
	p, ok := cat.PassByID(id)
	if !ok {
		return
	}
	switch {
	case len(p.Performances) == 1:
		if perf, ok := cat.PerformanceByID(p.Performances[0]); ok {
			at := perf.Start.In(cat.Location())
			out.When = pos.FormatDate(at, lang) + " " + at.Format("15:04")
		}
	case len(p.Performances) > 1:
		out.Placement = strings.Replace(passPerfs.In(lang), "%d", strconv.Itoa(len(p.Performances)), 1)
	case len(p.Events) > 0:
		var names []string
		for _, e := range p.Events {
			if ev, ok := cat.EventByID(e); ok {
				names = append(names, ev.Name.In(lang))
			}
		}
		if len(names) > 0 {
			out.Placement = strings.Replace(passEvents.In(lang), "%s", strings.Join(names, ", "), 1)
		}
	}
}

// TicketLayout turns a queued ticket into what the ticket layout prints,
// formatted in lang.
func TicketLayout(cat *pos.Catalog, j local.PrintJob, lang pos.Lang) printers.Ticket {
	t := j.Ticket
	out := printers.Ticket{
		Format: printers.Format(j.Format), Organiser: cat.Organiser.Name,
		Event: j.Event.In(lang), Venue: j.Venue, Zone: j.ZoneName.In(lang), Category: j.CategoryName.In(lang),
		Price: t.Price.Format(lang), OrderNumber: j.Order, TicketNumber: t.Number,
		CustomText: t.CustomText, Customer: j.Customer, QRPayload: j.QR, Duplicate: j.Duplicate, Copy: j.Copy, Lang: string(lang),
	}
	if !j.Start.IsZero() {
		out.When = pos.FormatDate(j.Start.In(cat.Location()), lang) + " " + j.Start.In(cat.Location()).Format("15:04")
	}
	if t.Kind != pos.LineTicket {
		out.Event = j.ItemName.In(lang)
	}
	if out.Pass = t.Kind == pos.LinePass; out.Pass {
		passValidity(cat, t.Item, lang, &out) // where a seat goes: what it lets in
	}
	if t.Kind == pos.LineVoucher {
		// a voucher, not an admission: its number as the QR (scanned
		// to pay with it or look its balance up), its value, until when
		out.QRPayload, out.Category, out.Voucher = t.Number, voucherWord.In(lang), true
		out.Placement = noExpiry.In(lang)
		if !t.Expires.IsZero() {
			out.Placement = strings.Replace(validUntil.In(lang), "%s", pos.FormatDate(t.Expires.In(cat.Location()), lang), 1)
		}
	}
	if t.Seat != "" {
		if r, n, ok := pos.SplitSeatID(t.Seat); ok {
			out.Row, out.Seat = r, fmt.Sprint(n)
		}
	}
	if t.Regular != t.Price {
		out.RegularPrice = t.Regular.Format(lang)
		out.OfferName = offerName(cat, t.Offer, lang)
	}
	return out
}

// offerName is the name of a ticket's offer in lang: the ticket keeps it
// in the sale's language, and the catalog's offer of that name says it in
// lang (as the receipt names its reductions); a name the catalog no longer
// has stays as it is.
func offerName(cat *pos.Catalog, name string, lang pos.Lang) string {
	if name == "" {
		return ""
	}
	for i := range cat.Offers {
		for _, n := range cat.Offers[i].Name {
			if n == name {
				if in := cat.Offers[i].Name.In(lang); in != "" {
					return in
				}
				return name
			}
		}
	}
	return name
}

// PrinterState is the printer as a status line tells it.
type PrinterState struct {
	Online   bool
	Printing bool
	Pending  int // jobs waiting to be printed
	// Problem says what is wrong, or warns while online: one of the
	// Printer* kinds below; "" none.
	Problem string
	Detail  string // the printer's own words, when no Problem fits
	// Failure is the last job's failure, until a pass succeeds: the
	// screens say it with FailureWords; Failed is it in English, with
	// the error's own words, for command lines.
	Failure printers.Failure
	Failed  string
	// Unrecorded are jobs that printed but whose record the journal
	// refused so far: retried, never printed again; a status line says
	// so while there are any.
	Unrecorded int
	None       bool // the register has no printer
}

// Printer problems a screen names in its staff's language.
const (
	PrinterPaperOut    = "paperout"
	PrinterPaperLow    = "paperlow"
	PrinterCover       = "cover"
	PrinterCutter      = "cutter"
	PrinterError       = "error"
	PrinterHot         = "hot"
	PrinterFeeding     = "feeding"
	PrinterOffline     = "offline"
	PrinterUnreachable = "unreachable"
	PrinterWriteFailed = "writefailed"
)

// printerWords says each problem as the staff read it, on the till's
// status line and the kiosk's staff menu alike.
var printerWords = map[string]pos.Text{
	PrinterPaperOut:    {"fr": "plus de papier : mettez un rouleau", "en": "out of paper: load a new roll"},
	PrinterPaperLow:    {"fr": "rouleau presque fini", "en": "paper running low"},
	PrinterCover:       {"fr": "capot ouvert : fermez-le", "en": "cover open: close it"},
	PrinterCutter:      {"fr": "coupe-papier bloqué : ouvrez le capot et dégagez-le", "en": "cutter jammed: open the cover and clear it"},
	PrinterError:       {"fr": "erreur : éteignez et rallumez l'imprimante", "en": "error: switch the printer off and on"},
	PrinterHot:         {"fr": "erreur passagère (tête chaude) : patientez", "en": "temporary error (print head too hot): wait"},
	PrinterFeeding:     {"fr": "avance du papier (bouton FEED)", "en": "paper being fed (FEED button)"},
	PrinterOffline:     {"fr": "hors ligne", "en": "offline"},
	PrinterUnreachable: {"fr": "injoignable : vérifiez le câble ou le réseau", "en": "unreachable: check the cable or network"},
	PrinterWriteFailed: {"fr": "écriture refusée : vérifiez l'imprimante", "en": "write failed: check the printer"},
}

// PrinterProblemWords is what the printer needs, in lang: "capot ouvert :
// fermez-le"; the problem's name itself for one with no words.
func PrinterProblemWords(problem string, lang pos.Lang) string {
	if w, ok := printerWords[problem]; ok {
		return w.In(lang)
	}
	return problem
}

// printerProblems are the spooler's problems the screens have words for.
var printerProblems = map[printers.Problem]string{
	printers.ProblemPaperOut:    PrinterPaperOut,
	printers.ProblemCoverOpen:   PrinterCover,
	printers.ProblemCutter:      PrinterCutter,
	printers.ProblemHot:         PrinterHot,
	printers.ProblemError:       PrinterError,
	printers.ProblemFeeding:     PrinterFeeding,
	printers.ProblemPaperLow:    PrinterPaperLow,
	printers.ProblemOffline:     PrinterOffline,
	printers.ProblemUnreachable: PrinterUnreachable,
	printers.ProblemWriteFailed: PrinterWriteFailed,
}

// PrinterProblemOf is the spooler's problem as one of the Printer*
// kinds ("" for none or one without words).
func PrinterProblemOf(p printers.Problem) string { return printerProblems[p] }

// Printer is the printer's state now. It is cheap: screens call it on
// every frame.
func (s *Service) Printer() PrinterState {
	if s.spool == nil {
		return PrinterState{None: true}
	}
	return printerState(s.spool.State())
}

// printerState is the spooler's state for a status line: its problem's
// kind is named by the screens in the staff's language; a reason without a
// kind is shown in the printer's own words.
func printerState(st printers.SpoolerState) PrinterState {
	out := PrinterState{Online: st.Online, Printing: st.Printing != "", Pending: st.Pending, Failure: st.Failure, Failed: st.LastError,
		Unrecorded: st.Unrecorded}
	if p, ok := printerProblems[st.Problem]; ok {
		out.Problem = p
	} else if st.Problem != printers.ProblemNone || !st.Online {
		out.Detail = st.Reason
	}
	return out
}

// jobWords name a job as staff find it, as the screens that queue it do:
// the ticket by its number, the receipt by its order; %s is the job's
// Ref.
var jobWords = map[printers.JobKind]pos.Text{
	printers.JobUnknown:        {"fr": "tâche d'impression %s", "en": "print job %s"},
	printers.JobTicket:         {"fr": "billet %s", "en": "ticket %s"},
	printers.JobReceipt:        {"fr": "reçu de la commande %s", "en": "receipt of order %s"},
	printers.JobRefundSlip:     {"fr": "bon de remboursement de la commande %s", "en": "refund slip of order %s"},
	printers.JobXReport:        {"fr": "rapport X du service %s", "en": "X report of shift %s"},
	printers.JobZReport:        {"fr": "clôture Z du service %s", "en": "Z closure of shift %s"},
	printers.JobVoucherSlip:    {"fr": "bon d'avoir %s", "en": "credit voucher %s"},
	printers.JobTerminalRefund: {"fr": "reçu du remboursement carte %s", "en": "card refund slip %s"},
	printers.JobDrawer:         {"fr": "tiroir-caisse", "en": "cash drawer"},
}

// failureWords say what happened: a job's as nouns (no French agreement
// with the job's gender or number), a drawer kick's (it opens, it does
// not print; the drawer is one word, "tiroir-caisse").
var failureWords = map[printers.FailureKind][2]pos.Text{
	printers.FailLayout:      {{"fr": "mise en page impossible", "en": "cannot be laid out"}, {"fr": "pas ouvert", "en": "not opened"}},
	printers.FailSend:        {{"fr": "envoi impossible", "en": "not sent"}, {"fr": "pas ouvert", "en": "not opened"}},
	printers.FailUnconfirmed: {{"fr": "impression non confirmée", "en": "printing not confirmed"}, {"fr": "peut-être pas ouvert", "en": "may not have opened"}},
	printers.FailStopped:     {{"fr": "impression interrompue", "en": "printing interrupted"}, {"fr": "ouverture interrompue", "en": "opening interrupted"}},
	printers.FailRecord:      {{"fr": "imprimé, enregistrement en attente", "en": "printed, record pending"}, {"fr": "ouvert, enregistrement en attente", "en": "opened, record pending"}},
}

// printerCause is a problem named short, as the cause of a job's failure.
var printerCause = map[printers.Problem]pos.Text{
	printers.ProblemPaperOut:    {"fr": "plus de papier", "en": "out of paper"},
	printers.ProblemCoverOpen:   {"fr": "capot ouvert", "en": "cover open"},
	printers.ProblemCutter:      {"fr": "coupe-papier bloqué", "en": "cutter jammed"},
	printers.ProblemHot:         {"fr": "tête trop chaude", "en": "print head too hot"},
	printers.ProblemError:       {"fr": "erreur de l'imprimante", "en": "printer error"},
	printers.ProblemFeeding:     {"fr": "avance du papier", "en": "paper being fed"},
	printers.ProblemOffline:     {"fr": "imprimante hors ligne", "en": "printer offline"},
	printers.ProblemUnreachable: {"fr": "imprimante injoignable", "en": "printer unreachable"},
	printers.ProblemWriteFailed: {"fr": "écriture refusée", "en": "write failed"},
}

var (
	failureJob    = pos.Text{"fr": "%s : ", "en": "%s: "}
	failureOthers = pos.Text{"fr": " et %d autres", "en": " and %d more"}
	failureAgain  = pos.Text{"fr": ", reste en attente", "en": ", stays in the queue"}
	failureQueue  = pos.Text{"fr": "file d'impression illisible", "en": "the print queue cannot be read"}
)

// FailureWords is a job's failure as staff read it, in lang: the job as
// they find it, what happened, why in the printer's words, and whether it
// prints by itself later: "billet K01-000001-01 : écriture refusée,
// reste en attente". The error's own words are left
// to the event log (printerChanged). "" for no failure.
func FailureWords(f printers.Failure, lang pos.Lang) string {
	switch f.Kind {
	case printers.FailNone:
		return ""
	case printers.FailQueue:
		return failureQueue.In(lang)
	}
	ref := f.Job.Ref
	if ref == "" {
		ref = f.Job.ID // no number staff know: the queue's, better than none
	}
	job := strings.Replace(jobWords[f.Job.Kind].In(lang), "%s", ref, 1)
	if f.Others > 0 {
		job += strings.Replace(failureOthers.In(lang), "%d", strconv.Itoa(f.Others), 1)
	}
	what := failureWords[f.Kind][0]
	if f.Job.Kind == printers.JobDrawer {
		what = failureWords[f.Kind][1]
	}
	out := strings.Replace(failureJob.In(lang), "%s", job, 1)
	c, caused := printerCause[f.Problem]
	switch {
	case caused && f.Kind == printers.FailSend && f.Job.Kind != printers.JobDrawer:
		out += c.In(lang) // "not sent" goes without saying: short for a status line
	case caused:
		out += what.In(lang) + " (" + c.In(lang) + ")"
	default:
		out += what.In(lang)
	}
	if f.Again {
		out += failureAgain.In(lang)
	}
	return out
}
