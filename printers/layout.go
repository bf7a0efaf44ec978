package printers

import (
	"fmt"
	"strconv"
	"strings"
)

// words are the few fixed words printed on tickets and receipts.
type words struct {
	Duplicate, FreePlacement, Was, Order, Ticket, Zone, Row, Seat  string
	Receipt, Register, Staff, Discounts, Fees, Total, Paid, Change string
	Rounding, VAT, Thanks, Journal, Refunded                       string
	Training                                                       string
	Voucher                                                        string
}

var wordsEN = words{
	Duplicate: "DUPLICATE", FreePlacement: "Free placement", Was: "was", Order: "Order",
	Ticket: "Ticket", Zone: "Zone", Row: "Row", Seat: "Seat",
	Receipt: "Receipt", Register: "Register", Staff: "Served by", Discounts: "Discounts",
	Fees: "Fees", Total: "TOTAL", Paid: "Paid", Change: "Change", Rounding: "Rounding",
	VAT: "VAT incl.", Thanks: "Thank you!", Journal: "Journal", Refunded: "Refunded",
	Training: "TRAINING — NOT VALID", Voucher: "Gift voucher",
}

var wordsFR = words{
	Duplicate: "DUPLICATA", FreePlacement: "Placement libre", Was: "au lieu de", Order: "Commande",
	Ticket: "Billet", Zone: "Zone", Row: "Rang", Seat: "Place",
	Receipt: "Reçu", Register: "Caisse", Staff: "Servi par", Discounts: "Réductions",
	Fees: "Frais", Total: "TOTAL", Paid: "Payé", Change: "Rendu", Rounding: "Arrondi",
	VAT: "TVA incl.", Thanks: "Merci !", Journal: "Journal", Refunded: "Remboursé",
	Training: "FORMATION — NON VALABLE", Voucher: "Bon cadeau",
}

func wordsFor(lang string) words {
	if strings.HasPrefix(strings.ToLower(lang), "fr") {
		return wordsFR
	}
	return wordsEN
}

// The areas the QR code may take, in mm (square): the module size is the
// largest whose code fits.
const (
	spectacleQRMM = 30
	cinemaQRMM    = 18.75
)

// EncodeTicket lays out t for printer p and returns the ESC/POS bytes of the
// whole ticket, ending with a partial cut. It fails only when the QR payload
// does not fit in a QR code.
func EncodeTicket(t Ticket, p Profile) ([]byte, error) {
	e := newEncoder(p, false)
	e.ticket(&t)
	return e.finish()
}

// EncodeReceipt lays out r for printer p and returns the ESC/POS bytes,
// ending with a partial cut (and a drawer kick first when r.OpenDrawer).
func EncodeReceipt(r Receipt, p Profile) ([]byte, error) {
	e := newEncoder(p, false)
	e.receipt(&r)
	return e.finish()
}

// EncodeDrawerKick returns the bytes that open the cash drawer and do
// nothing else: ESC @, ESC t and ESC p, no paper fed, no cut.
func EncodeDrawerKick(p Profile) ([]byte, error) {
	e := newEncoder(p, false)
	e.begin()
	e.drawer()
	return e.finish()
}

// EncodeJob encodes a queued job.
func EncodeJob(j Job, p Profile) ([]byte, error) { return AppendJob(nil, j, p) }

// AppendJob is EncodeJob appending the job's bytes to dst. A spooler
// encodes each job into the buffer of the one before (once written to the
// printer: a Transport, an io.Writer, keeps nothing of what it wrote),
// where a copy was made for each job, some 8 kB a sale of four tickets.
func AppendJob(dst []byte, j Job, p Profile) ([]byte, error) {
	e := newEncoder(p, false)
	switch {
	case j.Ticket != nil:
		t := *j.Ticket
		e.ticket(&t)
	case j.Receipt != nil:
		r := *j.Receipt
		e.receipt(&r)
	case j.Drawer:
		e.begin()
		e.drawer()
	default:
		e.release()
		return nil, fmt.Errorf("print job %q holds neither a ticket, a receipt nor a drawer kick", j.ID)
	}
	return e.finishTo(dst)
}

// mainSeatLines are the Spectacle main part's zone and row, the zone on
// at most two lines and the row after it (on the next line when it does not
// fit), and its seat: a long zone name never pushes the row off.
func (e *encoder) mainSeatLines(t *Ticket, w words, cols int) (where [][]byte, seat []byte) {
	zone, row, seat := e.seatParts(t, w)
	where = e.wrapMax(zone, cols, 2)
	switch last := len(where) - 1; {
	case len(row) == 0:
	case last >= 0 && len(where[last])+2+len(row) <= cols:
		where[last] = e.join("  ", where[last], row)
	default:
		where = append(where, e.fit(row, cols))
	}
	return where, seat
}

// seatParts are "Zone A", "Row 3" and "Seat 12" (or the placement) of t,
// each empty when t has none. A pass has no place in a hall: nothing
// stands for its seat, not "Free placement".
func (e *encoder) seatParts(t *Ticket, w words) (zone, row, seat []byte) {
	zone, row = e.labelled(w.Zone, e.oneLine(t.Zone)), e.labelled(w.Row, e.oneLine(t.Row))
	if s := e.oneLine(t.Seat); len(s) > 0 {
		seat = e.labelled(w.Seat, s)
	} else if p := e.oneLine(t.Placement); len(p) > 0 {
		seat = p
	} else if !t.Pass {
		seat = e.oneLine(w.FreePlacement)
	}
	return zone, row, seat
}

// seatLines are zone, row and seat on as few lines of width as they take,
// broken between them: a long zone name never pushes the row or the seat
// off the paper. The seat, or what stands for it, wraps rather than being
// cut: a gift voucher's validity is wider than a 58 mm line.
func (e *encoder) seatLines(t *Ticket, w words, width int) [][]byte {
	zone, row, seat := e.seatParts(t, w)
	lines := e.packParts("  ", width, zone, row)
	if n := len(lines); n > 0 && len(lines[n-1])+2+len(seat) <= width {
		lines[n-1] = e.join("  ", lines[n-1], seat)
		return lines
	}
	return append(lines, e.wrapMax(seat, width, 2)...)
}

// numbers is "Order 123 - Ticket T-1" (and "- DUPLICATE" when dup), on as
// many lines of width as it takes: on 58 mm paper a real ticket number with
// DUPLICATA does not fit one line, and cutting it would lose the suffix.
func (e *encoder) numbers(t *Ticket, w words, dup bool, width int) [][]byte {
	number := w.Ticket
	if t.Voucher {
		number = w.Voucher // the number the customer pays with, not a ticket's
	}
	parts := [][]byte{e.labelled(w.Order, e.oneLine(t.OrderNumber)), e.labelled(number, e.oneLine(t.TicketNumber))}
	if dup {
		parts = append(parts, e.oneLine(duplicateText(t, w)))
	}
	return e.packParts(" - ", width, parts...)
}

// was is "was CHF 30.00 (Offer)" for a discounted ticket, else nil.
func (e *encoder) was(regular, offer string, w words) []byte {
	reg := e.oneLine(regular)
	if len(reg) == 0 {
		return nil
	}
	out := e.labelled(w.Was, reg)
	if o := e.oneLine(offer); len(o) > 0 {
		out = append(append(append(out, " ("...), o...), ')')
	}
	return out
}

// lineIf prints text when it is not empty.
func (e *encoder) lineIf(text []byte, st style) {
	if len(text) > 0 {
		e.line(text, st)
	}
}

func (e *encoder) lines(lines [][]byte, st style) {
	for _, l := range lines {
		e.line(l, st)
	}
}

// ticket lays out t to its stock's length: the printed part and the feed
// after it end the cutter's feed short of the stock (the cut feeds the
// rest). The QR code gets the largest module its area allows, or a smaller
// one when the ticket's text leaves it less room; rather than go below
// minQRModuleMM (a code that door scanners read badly) the ticket drops
// its least needed lines (squeeze levels: less custom text, no custom text,
// no "was" price and no customer name). Each try is laid out in full on a scratch encoder:
// the QR code's height is linear in its module, so one try per level says
// which module fits.
func (e *encoder) ticket(t *Ticket) {
	room := e.prof.StockDots(t.Format) - e.prof.CutterFeedDots()
	module, squeeze := maxQRModule, 0
	fine := e.prof.mmDots(minQRModuleMM)
	for sq := 0; sq <= maxSqueeze; sq++ {
		trial := newEncoder(e.prof, false)
		trial.measuring = true
		trial.ticketAt(t, maxQRModule, sq, room)
		if trial.err != nil || trial.qrModule == 0 {
			trial.release()
			module, squeeze = maxQRModule, sq
			break
		}
		other := trial.height - trial.filler - trial.qrModule*trial.qrSpan
		m := min((room-other)/trial.qrSpan, trial.qrModule)
		module, squeeze = max(m, 1), sq
		if m >= min(fine, trial.qrModule) {
			if m == trial.qrModule && e.take(trial) {
				return
			}
			trial.release()
			break
		}
		trial.release()
	}
	e.ticketAt(t, module, squeeze, room)
}

// take makes what trial laid out e's own, when e would lay out the same
// bytes: the ticket keeps the module the try gave its QR code (the usual
// case: its text leaves the code its largest module), and the try drew
// everything (a printer with its own QR command: only a raster image is
// left out of a try). The ticket is then laid out once instead of twice
// (a third of a printed sale's encoding). e must be new and untraced (the
// try kept no trace); trial is released.
func (e *encoder) take(trial *encoder) bool {
	defer trial.release()
	if !e.prof.NativeQR || e.traced || e.off != 0 || e.err != nil || trial.err != nil {
		return false
	}
	if trial.err = trial.p.Print(); trial.err != nil { // the library's buffer into trial.buf
		return false
	}
	if _, e.err = e.p.WriteRaw(trial.buf.Bytes()); e.err != nil {
		return true // e failed: finish says so
	}
	e.off, e.height, e.filler = trial.off, trial.height, trial.filler
	e.qrModule, e.qrSpan, e.fontB = trial.qrModule, trial.qrSpan, trial.fontB
	return true
}

// minQRModuleMM is the finest module a ticket's text may push its QR code
// to: 3 dots at 203 dpi, 2 at 180 dpi.
const minQRModuleMM = 0.33

// maxSqueeze is the last squeeze level of a ticket (see ticket).
const maxSqueeze = 3

// ticketAt lays out t with QR modules of at most module dots, at squeeze
// level squeeze, fed to room dots before the cut.
func (e *encoder) ticketAt(t *Ticket, module, squeeze, room int) {
	w := wordsFor(t.Lang)
	e.begin()
	if t.Format == Cinema {
		e.cinema(t, w, module, squeeze, room)
	} else {
		e.spectacle(t, w, module, squeeze, room)
	}
	e.cut()
}

// spectacle is the tall ticket: a main part and a tear-off stub at the end of
// the 203.2 mm stock.
func (e *encoder) spectacle(t *Ticket, w words, module, squeeze, room int) {
	cols := e.prof.colsA()
	center := style{align: alignCenter, w: 1, h: 1}
	bold := center
	bold.bold = true
	big := bold
	big.w, big.h = 2, 2
	small := center
	small.fontB = true

	if t.Training {
		tr := bold
		tr.reverse = true
		e.line(e.oneLine(w.Training), tr)
	}
	if t.Duplicate {
		dup := big
		dup.reverse = true
		e.line(e.oneLine(duplicateText(t, w)), dup)
		e.blank()
	}
	e.lines(e.wrapMax(e.oneLine(t.Organiser), cols, 2), center)
	e.lines(e.wrapMax(e.oneLine(t.Event), cols/2, 3), big)
	e.lines(e.wrapMax(e.oneLine(t.When), cols, 2), bold)
	e.lines(e.wrapMax(e.oneLine(t.Venue), cols, 2), center)
	e.line(e.rule('-', cols), center)

	where, seat := e.mainSeatLines(t, w, cols)
	e.lines(where, center)
	if len(e.wrap(seat, cols/2)) <= 2 {
		e.lines(e.wrap(seat, cols/2), big)
	} else { // a voucher's validity: in full, at single width
		e.lines(e.wrapMax(seat, cols, 2), bold)
	}
	e.lines(e.wrapMax(e.oneLine(t.Category), cols, 2), bold)
	e.lines(e.wrapMax(e.oneLine(t.Price), cols/2, 1), big)
	if squeeze < 3 {
		e.lines(e.wrapMax(e.was(t.RegularPrice, t.OfferName, w), cols, 2), center)
	}
	e.line(e.rule('-', cols), center)

	if custom := e.paragraphs(t.CustomText); len(custom) > 0 && squeeze < 2 {
		e.lines(e.wrapMax(custom, cols, 6>>squeeze), center)
	}
	if squeeze < 3 {
		e.lines(e.wrapMax(e.oneLine(t.Customer), cols, 1), bold)
	}
	e.blank()
	e.qrCode(t.QRPayload, e.prof.mmDots(spectacleQRMM), module)
	e.lines(e.numbers(t, w, false, e.prof.colsB()), small)
	if t.Duplicate {
		e.line(e.oneLine(duplicateText(t, w)), bold)
	}
	if t.Training {
		e.line(e.oneLine(w.Training), bold)
	}

	// Stub, at the end of the stock.
	left := style{align: alignLeft, w: 1, h: 1}
	stubBold := left
	stubBold.bold = true
	stubSmall := left
	stubSmall.fontB = true
	type stubLine struct {
		text []byte
		st   style
	}
	stub := []stubLine{
		{e.rule('-', cols), left},
		{e.fit(e.oneLine(t.Event), cols), stubBold},
		{e.fit(e.oneLine(t.When), cols), left},
	}
	for _, l := range e.seatLines(t, w, cols) {
		stub = append(stub, stubLine{l, stubBold})
	}
	stub = append(stub, stubLine{e.pair(t.Category, t.Price, cols), left})
	for _, l := range e.numbers(t, w, t.Duplicate, e.prof.colsB()) {
		stub = append(stub, stubLine{l, stubSmall})
	}
	stubHeight := 0
	for _, l := range stub {
		stubHeight += lineHeight(l.st.h)
	}
	e.fill(room - stubHeight - e.height)
	for _, l := range stub {
		e.line(l.text, l.st)
	}
}

// cinema is the short 76.2 mm ticket: one line per fact, a smaller QR code.
func (e *encoder) cinema(t *Ticket, w words, module, squeeze, room int) {
	cols := e.prof.colsA()
	center := style{align: alignCenter, w: 1, h: 1}
	bold := center
	bold.bold = true
	tall := bold
	tall.h = 2
	small := center
	small.fontB = true
	left := style{align: alignLeft, w: 1, h: 1, bold: true}

	if t.Duplicate || t.Training {
		dup := bold
		dup.reverse = true
		e.line(e.oneLine(duplicateText(t, w)), dup)
	}
	e.lineIf(e.fit(e.join(" - ", e.oneLine(t.Organiser), e.oneLine(t.Venue)), e.prof.colsB()), small)
	e.lineIf(e.fit(e.oneLine(t.Event), cols), tall)
	e.lineIf(e.fit(e.oneLine(t.When), cols), bold)
	e.lines(e.seatLines(t, w, cols), tall)
	if len(t.Category)+len(t.Price) > 0 {
		e.line(e.pair(t.Category, t.Price, cols), left)
	}
	if was := e.was(t.RegularPrice, t.OfferName, w); len(was) > 0 && squeeze < 3 {
		e.line(e.fit(was, e.prof.colsB()), small)
	}
	if custom := e.paragraphs(t.CustomText); len(custom) > 0 && squeeze < 2 {
		e.lines(e.wrapMax(custom, e.prof.colsB(), 2-squeeze), small)
	}
	if c := e.oneLine(t.Customer); len(c) > 0 && squeeze < 3 {
		e.line(e.fit(c, cols), center)
	}
	e.qrCode(t.QRPayload, e.prof.mmDots(cinemaQRMM), module)
	e.lines(e.numbers(t, w, t.Duplicate, e.prof.colsB()), small)
	e.fill(room - e.height)
}

func (e *encoder) receipt(r *Receipt) {
	w := wordsFor(r.Lang)
	cols := e.prof.colsA()
	center := style{align: alignCenter, w: 1, h: 1}
	bold := center
	bold.bold = true
	tall := bold
	tall.h = 2
	left := style{align: alignLeft, w: 1, h: 1}
	leftBold := left
	leftBold.bold = true
	total := leftBold
	total.h = 2

	e.begin()
	if r.OpenDrawer {
		// First, so the drawer opens while the receipt prints.
		e.drawer()
	}
	if r.Training {
		tr := bold
		tr.reverse = true
		e.lines(e.wrap(e.oneLine(w.Training), cols), tr)
	}
	dup := ""
	if r.Copy > 0 {
		dup = w.Duplicate + " " + strconv.Itoa(r.Copy)
	} else if r.Duplicate {
		dup = w.Duplicate
	}
	if dup != "" {
		d := bold
		d.reverse = true
		e.lines(e.wrap(e.oneLine(dup), cols), d)
	}
	e.lines(e.wrapMax(e.oneLine(r.Organiser), cols, 2), tall)
	title := w.Receipt
	if r.Title != "" {
		title = r.Title
	}
	e.lines(e.wrap(e.oneLine(title), cols), bold)
	e.lines(e.wrapMax(e.oneLine(r.When), cols, 1), center)
	if r.OrderNumber != "" {
		e.lines(e.wrap(e.labelled(w.Order, e.oneLine(r.OrderNumber)), cols), left)
	}
	till, staff := e.labelled(w.Register, e.oneLine(r.Register)), e.labelled(w.Staff, e.oneLine(r.Staff))
	if both := e.join("  ", till, staff); len(both) <= cols {
		e.line(both, left)
	} else { // on narrow paper, one each: "Servi par" stays with the name
		e.lines(e.wrap(till, cols), left)
		e.lines(e.wrap(staff, cols), left)
	}
	e.line(e.rule('-', cols), left)

	for _, l := range r.Lines {
		label := e.oneLine(l.Text)
		if l.Qty > 0 {
			label = e.join(" ", fmt.Appendf(nil, "%d x", l.Qty), label)
		}
		e.lines(e.twoCols(label, e.oneLine(l.Amount), cols), left)
		if was := e.was(l.Regular, l.OfferName, w); len(was) > 0 {
			e.lines(e.wrap(e.join("", []byte("  "), was), cols), left)
		}
	}
	e.section(w.Discounts, r.Discounts, cols)
	e.section(w.Fees, r.Fees, cols)
	e.line(e.rule('-', cols), left)

	if !r.NoTotal {
		e.lines(e.twoCols(e.oneLine(w.Total), e.oneLine(r.Total), cols), total)
	}
	if v := e.oneLine(r.Rounding); len(v) > 0 {
		e.lines(e.twoCols(e.oneLine(w.Rounding), v, cols), left)
	}
	paid := w.Paid
	if r.PaymentsTitle != "" && len(r.Due) == 0 {
		paid = r.PaymentsTitle
	}
	e.section(paid, r.Payments, cols)
	if v := e.oneLine(r.Change); len(v) > 0 {
		e.lines(e.twoCols(e.oneLine(w.Change), v, cols), leftBold)
	}
	e.section(r.PaymentsTitle, r.Due, cols)
	e.section(w.Refunded, r.Refunds, cols)
	if v := e.oneLine(r.VAT); len(v) > 0 {
		e.lines(e.twoCols(e.oneLine(w.VAT), v, cols), left)
		for _, more := range r.MoreVAT {
			e.lines(e.twoCols(nil, e.oneLine(more), cols), left)
		}
	}
	if v := e.oneLine(r.VATNumber); len(v) > 0 {
		e.lines(e.wrap(v, cols), left)
	}
	if len(r.Notes) > 0 {
		e.line(e.rule('-', cols), left)
		for _, n := range r.Notes {
			e.lines(e.wrap(e.oneLine(n), cols), left)
		}
	}
	e.line(e.rule('-', cols), left)
	if r.Title == "" {
		e.line(e.oneLine(w.Thanks), center)
	}
	if r.Training {
		e.lines(e.wrap(e.oneLine(w.Training), cols), bold)
	}
	if dup != "" {
		e.lines(e.wrap(e.oneLine(dup), cols), bold)
	}
	if v := e.oneLine(r.Journal); len(v) > 0 {
		e.line(e.oneLine(w.Journal+" "+r.Journal), center)
	}
	e.cut()
}

// pair is one line with left, and right flush right, both cut to fit.
func (e *encoder) pair(left, right string, cols int) []byte {
	r := e.fit(e.oneLine(right), cols/2)
	l := e.fit(e.oneLine(left), cols-len(r)-1)
	return e.pad(l, r, cols)
}

// section prints a titled list of label/amount lines (discounts, fees).
func (e *encoder) section(title string, lines []ReceiptLine, cols int) {
	if len(lines) == 0 {
		return
	}
	e.line(e.oneLine(title), style{align: alignLeft, w: 1, h: 1, bold: true})
	for _, l := range lines {
		label := e.oneLine(l.Text)
		if len(label) == 0 {
			label = e.oneLine(l.OfferName)
		}
		if l.Qty > 0 {
			label = e.join(" ", fmt.Appendf(nil, "%d x", l.Qty), label)
		}
		e.lines(e.twoCols(e.join("", []byte("  "), label), e.oneLine(l.Amount), cols), style{align: alignLeft, w: 1, h: 1})
	}
}

// encodeTraced encodes a ticket or a receipt and also returns the commands the
// encoder itself emitted (for the fuzz test).
func encodeTraced(t *Ticket, r *Receipt, p Profile) ([]byte, []cmdMark, error) {
	e := newEncoder(p, true)
	if t != nil {
		e.ticket(t)
	} else {
		e.receipt(r)
	}
	b, err := e.finish()
	return b, e.trace, err
}

// duplicateText is the word for a reprint, with its number when the
// journal counted it: "DUPLICATA 2".
func duplicateText(t *Ticket, w words) string {
	if t.Training {
		return w.Training // a training ticket is not valid, whichever copy
	}
	if t.Copy > 0 {
		return w.Duplicate + " " + strconv.Itoa(t.Copy)
	}
	return w.Duplicate
}
