package pos

import (
	"strconv"
	"strings"
	"time"
)

// Catalog is everything a box office sells and the rules it sells it by. It
// is loaded once (ParseCatalog), validated whole, and then only read: every
// function in pos takes it as an argument and none changes it.
type Catalog struct {
	Organiser      Organiser       `json:"organiser"`
	Venues         []Venue         `json:"venues"`
	Categories     []Category      `json:"categories"`
	PriceLists     []PriceList     `json:"price_lists"`
	Events         []Event         `json:"events"`
	Performances   []Performance   `json:"performances"`
	Passes         []Pass          `json:"passes,omitempty"`
	GiftVouchers   []GiftVoucher   `json:"gift_vouchers,omitempty"`
	Products       []Product       `json:"products,omitempty"`
	PaymentMethods []PaymentMethod `json:"payment_methods"`
	Profiles       []Profile       `json:"profiles,omitempty"`
	Staff          []Staff         `json:"staff"`
	Offers         []Offer         `json:"offers,omitempty"`
	Emails         Emails          `json:"emails,omitzero"` // what is e-mailed and in which words (pos/email.go)

	loc    *time.Location
	idx    index
	digest string
}

// Organiser holds the box office's own settings.
type Organiser struct {
	Name      string   `json:"name"`
	Currency  Currency `json:"currency"`              // every amount in the catalog is in this currency
	Languages []Lang   `json:"languages"`             // first is the default, e.g. ["fr", "en"]
	TimeZone  string   `json:"time_zone"`             // IANA name, e.g. "Europe/Zurich"
	VATRate   int64    `json:"vat_rate_bp,omitempty"` // included VAT in basis points (810 = 8.1 %), printed on receipts
	VATNumber string   `json:"vat_number,omitempty"`
	Address   string   `json:"address,omitempty"`
	Email     string   `json:"email,omitempty"`    // the sender of every e-mail (the organiser's name as its display name)
	ReplyTo   string   `json:"reply_to,omitempty"` // where customers' answers go (default: Email)
}

// Venue is a place with one or more zones.
type Venue struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Address string `json:"address,omitempty"`
	// Screen says the seats face a screen (a cinema), not a stage: the
	// seat plan names what is in front.
	Screen bool   `json:"screen,omitempty"`
	Zones  []Zone `json:"zones"`
}

// Zone is part of a venue: seated (Rows) or general admission (Capacity).
type Zone struct {
	ID       string `json:"id"`
	Name     Text   `json:"name"`
	Capacity int    `json:"capacity,omitempty"` // general admission only
	Rows     []Row  `json:"rows,omitempty"`     // seated zones: front row first
	Stage    string `json:"stage,omitempty"`    // where the stage is drawn: "top" (default) or "bottom"
}

// Seated reports whether tickets in the zone are for a particular seat.
func (z *Zone) Seated() bool { return len(z.Rows) > 0 }

// Row is one row of a seating plan. Seats are numbered From..From+Seats-1,
// or listed in Numbers (odd/even numbering, gaps); Aisles are the seat
// numbers after which the plan draws a gap.
type Row struct {
	Name    string `json:"name"`
	Seats   int    `json:"seats,omitempty"`
	From    int    `json:"from,omitempty"`
	Numbers []int  `json:"numbers,omitempty"`
	Blocked []int  `json:"blocked,omitempty"` // never sold (technical desk, pillar)
	Aisles  []int  `json:"aisles,omitempty"`
}

// SeatNumbers lists the row's seat numbers in plan order.
func (r *Row) SeatNumbers() []int {
	if len(r.Numbers) > 0 {
		return r.Numbers
	}
	from := r.From
	if from == 0 {
		from = 1
	}
	out := make([]int, max(r.Seats, 0))
	for i := range out {
		out[i] = from + i
	}
	return out
}

// SeatID names a seat: row, dash, number ("F-12").
func SeatID(row string, number int) string { return row + "-" + strconv.Itoa(number) }

// SplitSeatID is the inverse of SeatID.
func SplitSeatID(id string) (row string, number int, ok bool) {
	i := strings.LastIndexByte(id, '-')
	if i <= 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(id[i+1:])
	return id[:i], n, err == nil
}

// Category is a price category (Adult, Child, AVS/AHV...).
type Category struct {
	ID     string     `json:"id"`
	Name   Text       `json:"name"`
	Labels []string   `json:"labels,omitempty"`
	Form   []Question `json:"form,omitempty"` // the per-price form asked for each ticket
}

// Question is one field of a per-price form.
type Question struct {
	ID       string `json:"id"`
	Label    Text   `json:"label"`
	Required bool   `json:"required,omitempty"`
}

// PriceList gives each category a price, per zone or for every zone.
type PriceList struct {
	ID     string      `json:"id"`
	Name   Text        `json:"name"`
	Labels []string    `json:"labels,omitempty"`
	Prices []ListPrice `json:"prices"`
}

// ListPrice is one entry of a price list. Zone "" applies to every zone without
// an entry of its own.
type ListPrice struct {
	Category string `json:"category"`
	Zone     string `json:"zone,omitempty"`
	Amount   Money  `json:"price"`
}

// Ticket formats of the thermal printer (seed 004).
const (
	FormatSpectacle = "spectacle" // 82 x 203.2 mm
	FormatCinema    = "cinema"    // 101.6 x 76.2 mm
)

// Event is a show, film or festival; its dated occurrences are Performances.
type Event struct {
	ID          string   `json:"id"`
	Name        Text     `json:"name"`
	Description Text     `json:"description,omitempty"`
	Venue       string   `json:"venue"`
	Format      string   `json:"ticket_format,omitempty"` // spectacle (default) or cinema
	Labels      []string `json:"labels,omitempty"`
	Minutes     int      `json:"duration_minutes,omitempty"`
	VATRate     *int64   `json:"vat_rate_bp,omitempty"` // VAT included in its tickets' prices; nil: the organiser's
	// SalesClose is when sales of a performance stop, in minutes after its
	// start (negative: before it); nil: at the start.
	SalesClose *int `json:"sales_close_minutes,omitempty"`
	// Exchanges are its rules for exchanging tickets (nil: allowed until
	// the performance starts, at the exchange-credit method's fee).
	Exchanges *ExchangeRules `json:"exchanges,omitempty"`
	// BeforeShowEmail turns the e-mail before each performance on (true)
	// or off (false) for this event; nil: as emails.before_show.enabled.
	BeforeShowEmail *bool `json:"before_show_email,omitempty"`
}

// Performance is one dated occurrence of an event, with its regular price
// list. In a file, Start is "2026-12-12 20:00" in the organiser's time zone,
// or relative to the day the register starts: "+3d 20:00".
type Performance struct {
	ID        string         `json:"id"`
	Event     string         `json:"event"`
	When      string         `json:"start"`
	PriceList string         `json:"price_list"`
	Labels    []string       `json:"labels,omitempty"`
	Capacity  map[string]int `json:"capacity,omitempty"` // zone -> general admission capacity for this date
	Blocked   []string       `json:"blocked,omitempty"`  // seats not sold for this date only ("A-1")
	Canceled  bool           `json:"canceled,omitempty"`

	Start time.Time `json:"-"`
}

// Pass is a pass or subscription valid for a set of events or performances.
type Pass struct {
	ID           string   `json:"id"`
	Name         Text     `json:"name"`
	Price        Money    `json:"price"`
	Events       []string `json:"events,omitempty"`
	Performances []string `json:"performances,omitempty"`
	Capacity     int      `json:"capacity,omitempty"` // 0: unlimited
	Labels       []string `json:"labels,omitempty"`
	VATRate      *int64   `json:"vat_rate_bp,omitempty"` // nil: the organiser's
}

// GiftVoucher is sold at its face value and spent later as a payment.
type GiftVoucher struct {
	ID    string `json:"id"`
	Name  Text   `json:"name"`
	Value Money  `json:"value"`
	// ValidityMonths is how long a voucher pays after its sale (0: no end).
	ValidityMonths int `json:"validity_months,omitempty"`
	// FreeAmount lets the seller type its value, between MinAmount and
	// MaxAmount (Value is then what the screen offers first).
	FreeAmount bool  `json:"free_amount,omitempty"`
	MinAmount  Money `json:"min_amount,omitzero"`
	MaxAmount  Money `json:"max_amount,omitzero"`
}

// Product is anything else sold at the counter (programme, tote bag).
type Product struct {
	ID      string `json:"id"`
	Name    Text   `json:"name"`
	Price   Money  `json:"price"`
	VATRate *int64 `json:"vat_rate_bp,omitempty"` // e.g. 260 for a printed programme; nil: the organiser's
}

// Location is the organiser's time zone.
func (c *Catalog) Location() *time.Location { return c.loc }

// Currency is the organiser's currency.
func (c *Catalog) Currency() Currency { return c.Organiser.Currency }

// Lang returns lang if the box office offers it, else its default language.
func (c *Catalog) Lang(lang Lang) Lang {
	for _, l := range c.Organiser.Languages {
		if l == lang {
			return l
		}
	}
	if len(c.Organiser.Languages) > 0 {
		return c.Organiser.Languages[0]
	}
	return "en"
}

// Digest is a SHA-256 over the catalog file's bytes, recorded in the journal
// so an order can be traced to the catalog it was priced with.
func (c *Catalog) Digest() string { return c.digest }
