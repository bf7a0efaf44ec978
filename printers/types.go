package printers

// Format is the physical ticket stock a ticket layout is drawn for.
type Format string

const (
	// Spectacle is the tall 82 x 203.2 mm theatre ticket: big event name, seat,
	// price, QR code and a tear-off stub that repeats the essentials.
	Spectacle Format = "spectacle"
	// Cinema is the short 101.6 x 76.2 mm ticket: the same facts packed into
	// fewer lines, a smaller QR code and no stub.
	Cinema Format = "cinema"
)

// LengthMM is the ticket's length along the paper. Encoded tickets are fed
// to this length, counting the cutter's own feed (Profile.StockDots), so that
// a roll of blank paper yields tickets of the stock's size.
func (f Format) LengthMM() float64 {
	switch f {
	case Cinema:
		return 76.2
	default:
		return 203.2
	}
}

// Ticket is everything printed on one admission ticket. It is plain data: the
// caller (the register) formats money and dates in the customer's language, so
// this package never needs pos or local. Every string may come from people or
// from the catalog; the encoder removes control characters itself.
type Ticket struct {
	Format Format // Spectacle (the default when empty) or Cinema

	Organiser string
	Event     string
	When      string // pre-formatted date and time, e.g. "sam. 12 déc. 2026 20:00"
	Venue     string

	Zone, Row, Seat string // Seat == "" means free placement ("Placement libre")
	// Placement, when set, is printed where the seat goes: a gift
	// voucher's validity, which has no seat nor placement.
	Placement string
	// Voucher: a gift voucher, whose number is printed as the voucher's
	// ("Bon cadeau K01-000001-01"), the one to type or scan to pay with it.
	Voucher bool
	// Pass: a pass (a season subscription), no admission to one seat:
	// nothing is printed where the seat goes unless Placement says it.
	Pass     bool
	Category string // price category, e.g. "Adulte"

	Price        string // charged price, pre-formatted, e.g. "CHF 25.00"
	RegularPrice string // set only when discounted: printed as "was CHF 30.00"
	OfferName    string // the offer that lowered the price, printed beside RegularPrice

	OrderNumber  string
	TicketNumber string

	CustomText string // free text from the event, may hold line breaks
	Customer   string // the customer's name, printed only when set

	// QRPayload is the signed payload the door scanner checks. It is stored
	// as-is in the QR code (never cleaned: changing a byte would break the
	// signature); it cannot leak into the command stream because the QR
	// command carries its length.
	QRPayload string

	Duplicate bool   // a reprint: DUPLICATE / DUPLICATA is printed top and bottom
	Copy      int    // the duplicate's number, printed after the word ("DUPLICATA 2"); 0: none
	Training  bool   // sold in training: "TRAINING — NOT VALID" is printed across it
	Lang      string // "fr" or "en" (the default) for the few fixed words
}

// ReceiptLine is one line of a receipt. Text is the label: the product line
// ("Adulte - Hamlet"), the offer name of a discount, the fee name or the
// payment method. Amounts are pre-formatted strings.
type ReceiptLine struct {
	Text      string
	Qty       int    // printed as "2 x" when > 0
	Amount    string // line total as charged, e.g. "CHF 50.00" or "CHF -5.00"
	Regular   string // regular total when discounted: printed as "was ..."
	OfferName string // offer that changed this line's price, printed with Regular
}

// Receipt is a sales receipt for 58 mm or 80 mm paper. Like Ticket it is
// plain, pre-formatted data.
type Receipt struct {
	Organiser   string
	Register    string // the register (till) name
	Staff       string // who sold
	OrderNumber string
	When        string // pre-formatted date and time

	Lines     []ReceiptLine
	Discounts []ReceiptLine // Text (or OfferName) is the offer name, Amount the reduction
	Fees      []ReceiptLine

	Total string
	// NoTotal leaves the total's line out: a document on the roll that
	// adds nothing up (a shift's X or Z report, whose rows are the
	// drawer's).
	NoTotal  bool
	Payments []ReceiptLine // Text is the payment method, Amount what it paid
	Change   string        // cash given back, printed when set
	Rounding string        // cash rounding (CHF 0.05), printed when set
	VAT      string        // VAT included, e.g. "8.1% CHF 4.30", printed when set
	// MoreVAT are the other rates' VAT included, each on its own line
	// under VAT (an order with tickets and products taxed apart).
	MoreVAT []string
	// VATNumber is the organiser's VAT registration, printed under VAT.
	VATNumber string
	// Journal is the register's journal head when the receipt printed
	// ("1234:ab12cd34ef56"): an anchor on paper; printed small at the end.
	Journal string

	Lang       string // "fr" or "en" (the default)
	OpenDrawer bool   // kick the cash drawer (after a cash payment)
	Training   bool   // a training sale: "TRAINING — NOT VALID" at the top and the end
	// Copy, when set, is a duplicate's number: the order's receipt printed
	// again, "DUPLICATA 2" at the top and the end (0: the original).
	Copy int
	// Duplicate, with no Copy, is a reprint no journal numbered:
	// "DUPLICATA" alone at the top and the end (a Z closure printed again
	// by a tool that reads the journal and writes nothing).
	Duplicate bool
	// Title, when set, prints in place of "Receipt", and no thanks at the
	// end: another document on the receipt roll (the daily ticket statement).
	Title string
	// PaymentsTitle replaces "Paid" over Payments: "To pay by ..." for
	// an invoice, which is not paid (its Title: "Invoice").
	PaymentsTitle string
	// Due are the payments still to be made (an invoice's, beside a
	// deposit or a voucher already paid): when set, Payments print under
	// "Paid" and Due under PaymentsTitle.
	Due []ReceiptLine
	// Refunds are what cancellations of the order (whole or some of its
	// tickets) gave back, by method, printed under "Refunded" after the
	// payments: a receipt printed after a cancellation does not read as
	// the sale alone.
	Refunds []ReceiptLine
	// Notes are printed after the VAT, each wrapped: an invoice's
	// customer, payment details and closing message, a credit voucher
	// left by an exchange.
	Notes []string
}

// Job is one document waiting in the print queue. ID is the ticket number or
// the receipt id; exactly one of Ticket, Receipt and Drawer is set.
type Job struct {
	ID      string
	Ticket  *Ticket
	Receipt *Receipt
	// Drawer is a job that only opens the cash drawer: no paper moves.
	Drawer bool
	// Order is the order the job belongs to, if any.
	Order string
	// Kind and Ref say what the job is as staff know it, for a failure
	// told to them (Named); unset, Named tells it from what the job holds.
	Kind JobKind
	Ref  string
}
