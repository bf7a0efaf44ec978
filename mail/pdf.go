package mail

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"rsc.io/qr"

	"guichet/pos"
)

// TicketPage is one print-at-home ticket: a page of the tickets' PDF.
type TicketPage struct {
	Organiser    string
	Event        string
	When         string // date and time, formatted in the customer's language
	Venue        string
	VenueAddress string
	Zone         string
	Row, Seat    string
	Category     string
	Price        string
	Regular      string // the price before an offer ("": none), as the printed ticket's "au lieu de"
	Offer        string // that offer's name
	Order        string
	Number       string // the ticket's number
	Customer     string
	Text         string // the organiser's text (the ticket's custom text)
	QR           string // the signed payload, as the printed ticket's (a gift voucher's number)
	// Voucher: a gift voucher, not an admission: its number is the
	// voucher's, shown at the till to pay, and Validity says until when.
	Voucher  bool
	Validity string // "Valable jusqu'au ..." (a gift voucher's)
	Copy     bool   // printed or sent before: the page says so
	Lang     pos.Lang
}

// pdfEpoch dates every PDF: the same tickets give the same bytes.
var pdfEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func newPDF() (*fpdf.Fpdf, func(string) string) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(pdfEpoch)
	pdf.SetModificationDate(pdfEpoch)
	pdf.SetCatalogSort(true)
	pdf.SetAutoPageBreak(true, 15)
	pdf.SetCreator("guichet", true)
	// The core fonts speak Windows-1252: French and German accents, the
	// euro sign; what it lacks prints as a question mark, but for the
	// signs names and amounts write that it spells otherwise (pdfSpelling).
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	return pdf, func(s string) string { return tr(pdfSpelling.Replace(s)) }
}

// pdfSpelling spells, in Windows-1252, signs it lacks that names write (an
// offer's "Semaine −15 %" as the printer spells it: "Semaine -15 %").
var pdfSpelling = strings.NewReplacer("\u2212", "-", "\u2010", "-", "\u2011", "-",
	"\u202f", "\u00a0", "\u2009", " ", "\u2007", "\u00a0")

// qrPNG is the payload's QR code at 10 pixels a module (with its quiet
// zone), error correction M as on the printed ticket.
func qrPNG(payload string) ([]byte, error) {
	c, err := qr.Encode(payload, qr.M)
	if err != nil {
		return nil, fmt.Errorf("QR code: %w", err)
	}
	c.Scale = 10
	return c.PNG(), nil
}

// QRSizeMM is the QR code's side on a ticket page: large enough to scan
// from a phone's screen or a printed page.
const QRSizeMM = 70

// TicketsPDF lays out one ticket per A4 page.
func TicketsPDF(pages []TicketPage) ([]byte, error) {
	pdf, tr := newPDF()
	for i, p := range pages {
		w := words(p.Lang)
		pdf.AddPage()
		pdf.SetFont("Helvetica", "", 11)
		pdf.CellFormat(0, 6, tr(p.Organiser), "", 1, "L", false, 0, "")
		if p.Copy {
			pdf.SetFont("Helvetica", "B", 14)
			pdf.SetTextColor(180, 0, 0)
			pdf.CellFormat(0, 8, tr(w.copy), "", 1, "R", false, 0, "")
			pdf.SetTextColor(0, 0, 0)
		}
		pdf.Ln(4)
		pdf.SetFont("Helvetica", "B", 22)
		pdf.MultiCell(0, 10, tr(p.Event), "", "L", false)
		pdf.SetFont("Helvetica", "", 14)
		for _, l := range []string{p.When, join(" · ", p.Venue, p.VenueAddress)} {
			if l != "" {
				pdf.MultiCell(0, 7, tr(l), "", "L", false)
			}
		}
		pdf.Ln(4)
		pdf.SetFont("Helvetica", "", 12)
		seat := p.Zone
		switch {
		case p.Seat != "":
			seat = join(" · ", p.Zone, w.row+" "+p.Row, w.seat+" "+p.Seat)
		case p.Zone != "":
			// no seat in its zone: free placement, as the printed
			// ticket says
			seat = join(" · ", p.Zone, w.free)
		}
		was := ""
		if p.Regular != "" {
			was = w.was + " " + p.Regular
			if p.Offer != "" {
				was += " (" + p.Offer + ")"
			}
		}
		for _, l := range []string{seat, join(" · ", p.Category, p.Price), was, p.Validity, p.Customer} {
			if l != "" {
				pdf.MultiCell(0, 6, tr(l), "", "L", false)
			}
		}
		png, err := qrPNG(p.QR)
		if err != nil {
			return nil, fmt.Errorf("ticket %s: %w", p.Number, err)
		}
		name := fmt.Sprintf("qr%d", i)
		pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
		y := pdf.GetY() + 6
		pdf.ImageOptions(name, (210-QRSizeMM)/2, y, QRSizeMM, QRSizeMM, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
		pdf.SetY(y + QRSizeMM + 2)
		pdf.SetFont("Helvetica", "B", 13)
		label, scan := w.ticket, w.scan
		if p.Voucher {
			label, scan = w.voucher, w.scanVoucher
		}
		pdf.CellFormat(0, 7, tr(label+" "+p.Number), "", 1, "C", false, 0, "")
		pdf.SetFont("Helvetica", "", 10)
		pdf.CellFormat(0, 5, tr(w.order+" "+p.Order), "", 1, "C", false, 0, "")
		if p.Text != "" {
			pdf.Ln(4)
			pdf.MultiCell(0, 5, tr(p.Text), "", "C", false)
		}
		pdf.Ln(4)
		pdf.SetFont("Helvetica", "I", 9)
		pdf.MultiCell(0, 4, tr(scan), "", "C", false)
	}
	return output(pdf)
}

// InvoiceLine is one line of an invoice.
type InvoiceLine struct {
	Text   string
	Amount string
}

// Invoice is what the invoice's PDF says.
type Invoice struct {
	Organiser, OrganiserAddress, VATNumber string
	Customer                               string // civility and name ("Mme Zoé Müller")
	CustomerAddress                        string // lines
	Order, Date, Deadline                  string
	Lines                                  []InvoiceLine
	Total                                  string
	VAT                                    []string // "VAT 8.1 % included: CHF 3.75"
	PaymentDetails                         string
	Closing                                string
	Reminder                               bool // a reminder: the title says so
	Lang                                   pos.Lang

	// Paid is what was paid beside the invoice (a deposit, a gift
	// voucher), each as a negative amount, and Due what is left to pay;
	// none: the invoice asks for the total.
	Paid []InvoiceLine
	Due  string
}

// InvoicePDF lays out an invoice on A4.
func InvoicePDF(inv Invoice) ([]byte, error) {
	w := words(inv.Lang)
	pdf, tr := newPDF()
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 12)
	pdf.CellFormat(0, 6, tr(inv.Organiser), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 10)
	for _, l := range lines(inv.OrganiserAddress) {
		pdf.CellFormat(0, 5, tr(l), "", 1, "L", false, 0, "")
	}
	if inv.VATNumber != "" {
		pdf.CellFormat(0, 5, tr(w.vatNumber+" "+inv.VATNumber), "", 1, "L", false, 0, "")
	}
	pdf.SetXY(120, 45)
	pdf.SetFont("Helvetica", "", 11)
	for _, l := range append([]string{inv.Customer}, lines(inv.CustomerAddress)...) {
		pdf.SetX(120)
		pdf.CellFormat(0, 5.5, tr(l), "", 1, "L", false, 0, "")
	}
	pdf.SetY(85)
	pdf.SetFont("Helvetica", "B", 16)
	title := w.invoice
	if inv.Reminder {
		title = w.reminder
	}
	pdf.CellFormat(0, 9, tr(title+" "+inv.Order), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 10)
	pdf.CellFormat(0, 5, tr(w.date+" "+inv.Date), "", 1, "L", false, 0, "")
	pdf.CellFormat(0, 5, tr(w.deadline+" "+inv.Deadline), "", 1, "L", false, 0, "")
	pdf.Ln(6)
	pdf.SetFont("Helvetica", "", 11)
	for _, l := range inv.Lines {
		invoiceLine(pdf, tr(l.Text), tr(l.Amount))
	}
	pdf.SetFont("Helvetica", "B", 12)
	pdf.CellFormat(140, 8, tr(w.total), "", 0, "L", false, 0, "")
	pdf.CellFormat(0, 8, tr(inv.Total), "", 1, "R", false, 0, "")
	if len(inv.Paid) > 0 {
		pdf.SetFont("Helvetica", "", 11)
		for _, l := range inv.Paid {
			invoiceLine(pdf, tr(w.paid+" "+l.Text), tr(l.Amount))
		}
		pdf.SetFont("Helvetica", "B", 12)
		pdf.CellFormat(140, 8, tr(w.due), "", 0, "L", false, 0, "")
		pdf.CellFormat(0, 8, tr(inv.Due), "", 1, "R", false, 0, "")
	}
	pdf.SetFont("Helvetica", "", 9)
	for _, v := range inv.VAT {
		pdf.CellFormat(0, 5, tr(v), "", 1, "R", false, 0, "")
	}
	pdf.Ln(8)
	pdf.SetFont("Helvetica", "", 11)
	if inv.PaymentDetails != "" {
		pdf.MultiCell(0, 5.5, tr(w.payTo+"\n"+inv.PaymentDetails), "", "L", false)
		pdf.Ln(4)
	}
	if inv.Closing != "" {
		pdf.MultiCell(0, 5.5, tr(inv.Closing), "", "L", false)
	}
	return output(pdf)
}

// invoiceLine is one line of the invoice's table: its text wrapped within
// its 140 mm (a seated line names the event, zone, row, seats, category
// and offer), its amount on the first line, a rule under both. A line
// that would not fit above the page's foot starts the next page.
func invoiceLine(pdf *fpdf.Fpdf, text, amount string) {
	const textW, lineH = 140, 6
	rows := pdf.SplitLines([]byte(text), textW)
	if len(rows) == 0 {
		rows = [][]byte{nil}
	}
	h := float64(len(rows)) * lineH
	_, pageH := pdf.GetPageSize()
	_, _, _, bottom := pdf.GetMargins()
	if pdf.GetY()+h > pageH-bottom {
		pdf.AddPage()
	}
	x, y := pdf.GetXY()
	for i, r := range rows {
		border := ""
		if i == len(rows)-1 {
			border = "B"
		}
		pdf.SetXY(x, y+float64(i)*lineH)
		pdf.CellFormat(textW, lineH, string(r), border, 0, "L", false, 0, "")
	}
	pdf.SetXY(x+textW, y)
	pdf.CellFormat(0, lineH, amount, "", 0, "R", false, 0, "")
	pdf.SetXY(x+textW, y)
	pdf.CellFormat(0, h, "", "B", 1, "", false, 0, "")
}

func output(pdf *fpdf.Fpdf) ([]byte, error) {
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		return nil, fmt.Errorf("PDF: %w", err)
	}
	return b.Bytes(), nil
}

func join(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// pdfWords are a PDF's fixed words in one language.
type pdfWords struct {
	copy, row, seat, free, ticket, order, scan                          string
	invoice, reminder, date, deadline, total, payTo, vatNumber, tickets string
	paid, due, was                                                      string
	voucher, scanVoucher                                                string
}

func words(lang pos.Lang) pdfWords {
	if lang == pos.French {
		return pdfWords{
			copy: "COPIE", row: "rang", seat: "place", free: "Placement libre", ticket: "Billet", order: "Commande",
			scan:    "Présentez ce code à l'entrée, imprimé ou sur l'écran de votre téléphone. Chaque billet n'est valable qu'une fois.",
			invoice: "Facture", reminder: "Rappel — facture", date: "Date :", deadline: "À payer jusqu'au :",
			total: "Total", payTo: "Paiement :", vatNumber: "N° TVA", tickets: "billets",
			paid: "Déjà payé :", due: "Reste à payer", was: "au lieu de",
			voucher: "Bon cadeau", scanVoucher: "Présentez ce code à la caisse pour payer avec ce bon, imprimé ou sur l'écran de votre téléphone.",
		}
	}
	return pdfWords{
		copy: "COPY", row: "row", seat: "seat", free: "Free placement", ticket: "Ticket", order: "Order",
		scan:    "Show this code at the door, printed or on your phone's screen. Each ticket is valid once.",
		invoice: "Invoice", reminder: "Reminder — invoice", date: "Date:", deadline: "Payable by:",
		total: "Total", payTo: "Payment:", vatNumber: "VAT no.", tickets: "tickets",
		paid: "Paid already:", due: "Left to pay", was: "was",
		voucher: "Gift voucher", scanVoucher: "Show this code at the box office to pay with this voucher, printed or on your phone's screen.",
	}
}
