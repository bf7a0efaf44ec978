package counter

import (
	"fmt"
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

// addDrawer opens the drawer right after the order's tickets.
func (s *Service) addDrawer(order string) {
	id := "drawer"
	if order != "" {
		id += "-" + order
	}
	s.extras.Add(printers.Job{ID: id, Drawer: true, Order: order}, s.now().Add(DrawerKickTTL))
}

// openDrawer opens the drawer now, ahead of any ticket waiting (a cash
// in/out, a float, a count).
func (s *Service) openDrawer() {
	if s.spool == nil {
		return
	}
	s.addDrawer("")
	s.wake()
}

func (s *Service) addReceipt(o pos.Order) {
	r := ReceiptLayout(s.cat, o, s.lang)
	s.extras.Add(printers.Job{ID: "receipt-" + o.Number, Receipt: &r, Order: o.Number}, time.Time{})
}

// printQueue is the journal's print queue as the spooler sees it: each
// ticket laid out in the register's print language.
type printQueue struct{ s *Service }

func (q printQueue) Pending() ([]printers.Job, error) {
	jobs, err := q.s.reg.PrintQueue()
	if err != nil {
		return nil, err
	}
	out := make([]printers.Job, 0, len(jobs))
	for _, j := range jobs {
		t := TicketLayout(q.s.cat, j, q.s.lang)
		out = append(out, printers.Job{ID: j.ID, Ticket: &t, Order: j.Order})
	}
	return out, nil
}

func (q printQueue) MarkPrinted(id string) error { return q.s.reg.MarkPrinted(id) }

// TicketLayout turns a queued ticket into what the ticket layout prints,
// formatted in lang.
func TicketLayout(cat *pos.Catalog, j local.PrintJob, lang string) printers.Ticket {
	t := j.Ticket
	out := printers.Ticket{
		Format: printers.Format(j.Format), Organiser: cat.Organiser.Name,
		Event: j.Event.In(lang), Venue: j.Venue, Zone: j.ZoneName.In(lang), Category: j.CategoryName.In(lang),
		Price: t.Price.Format(lang), OrderNumber: j.Order, TicketNumber: t.Number,
		CustomText: t.CustomText, Customer: j.Customer, QRPayload: j.QR, Duplicate: j.Duplicate, Lang: lang,
	}
	if !j.Start.IsZero() {
		out.When = pos.FormatDate(j.Start.In(cat.Location()), lang) + " " + j.Start.In(cat.Location()).Format("15:04")
	}
	if t.Kind != pos.LineTicket {
		out.Event = j.ItemName.In(lang)
	}
	if t.Seat != "" {
		if r, n, ok := pos.SplitSeatID(t.Seat); ok {
			out.Row, out.Seat = r, fmt.Sprint(n)
		}
	}
	if t.Regular != t.Price {
		out.RegularPrice = t.Regular.Format(lang)
		out.OfferName = t.Offer
	}
	return out
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
	Failed  string // the last job's failure, until a pass succeeds
	None    bool   // the register has no printer
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
)

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
}

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
	out := PrinterState{Online: st.Online, Printing: st.Printing != "", Pending: st.Pending, Failed: st.LastError}
	if p, ok := printerProblems[st.Problem]; ok {
		out.Problem = p
	} else if st.Problem != printers.ProblemNone || !st.Online {
		out.Detail = st.Reason
	}
	return out
}
