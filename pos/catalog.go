package pos

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

var jsonUnmarshal = json.Unmarshal

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

	loc    *time.Location
	idx    index
	digest string
}

// Organiser holds the box office's own settings.
type Organiser struct {
	Name      string   `json:"name"`
	Currency  Currency `json:"currency"`              // every amount in the catalog is in this currency
	Languages []string `json:"languages"`             // first is the default, e.g. ["fr", "en"]
	TimeZone  string   `json:"time_zone"`             // IANA name, e.g. "Europe/Zurich"
	VATRate   int64    `json:"vat_rate_bp,omitempty"` // included VAT in basis points (810 = 8.1 %), printed on receipts
	VATNumber string   `json:"vat_number,omitempty"`
	Address   string   `json:"address,omitempty"`
}

// Venue is a place with one or more zones.
type Venue struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Address string `json:"address,omitempty"`
	Zones   []Zone `json:"zones"`
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
	out := make([]int, r.Seats)
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
}

// GiftVoucher is sold at its face value and spent later as a payment.
type GiftVoucher struct {
	ID    string `json:"id"`
	Name  Text   `json:"name"`
	Value Money  `json:"value"`
}

// Product is anything else sold at the counter (programme, tote bag).
type Product struct {
	ID    string `json:"id"`
	Name  Text   `json:"name"`
	Price Money  `json:"price"`
}

// ParseCatalog reads and validates a catalog file. name is used in messages;
// today anchors relative dates ("+3d 20:00"). Every problem found is
// reported, each naming the item, so an organiser can fix a file in one go.
func ParseCatalog(name string, data []byte, today time.Time) (*Catalog, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	c := &Catalog{}
	if err := dec.Decode(c); err != nil {
		return nil, fmt.Errorf("catalog %s: %s", name, jsonProblem(data, err))
	}
	c.clean()
	if err := c.resolve(today); err != nil {
		return nil, fmt.Errorf("catalog %s: %w", name, err)
	}
	sum := sha256.Sum256(data)
	c.digest = hex.EncodeToString(sum[:])
	return c, nil
}

// clean removes control characters from every text of the file that a
// screen or a printer shows (names, descriptions, addresses, form labels),
// so a catalog cannot drive the terminal or the printer (DESIGN: text that
// comes from people).
func (c *Catalog) clean() {
	str := func(s *string) { *s = Clean(*s, false) }
	txt := func(t Text) {
		for k, v := range t {
			t[k] = Clean(v, false)
		}
	}
	o := &c.Organiser
	str(&o.Name)
	str(&o.Address)
	str(&o.VATNumber)
	for i := range c.Venues {
		v := &c.Venues[i]
		str(&v.Name)
		str(&v.Address)
		for j := range v.Zones {
			txt(v.Zones[j].Name)
		}
	}
	for i := range c.Categories {
		txt(c.Categories[i].Name)
		for j := range c.Categories[i].Form {
			txt(c.Categories[i].Form[j].Label)
		}
	}
	for i := range c.PriceLists {
		txt(c.PriceLists[i].Name)
	}
	for i := range c.Events {
		txt(c.Events[i].Name)
		txt(c.Events[i].Description)
	}
	for i := range c.Passes {
		txt(c.Passes[i].Name)
	}
	for i := range c.GiftVouchers {
		txt(c.GiftVouchers[i].Name)
	}
	for i := range c.Products {
		txt(c.Products[i].Name)
	}
	for i := range c.PaymentMethods {
		txt(c.PaymentMethods[i].Name)
		txt(c.PaymentMethods[i].Description)
	}
	for i := range c.Profiles {
		str(&c.Profiles[i].Name)
	}
	for i := range c.Staff {
		str(&c.Staff[i].Name)
	}
	for i := range c.Offers {
		txt(c.Offers[i].Name)
		txt(c.Offers[i].Description)
	}
}

// jsonProblem turns a decoder error into a sentence with a line number.
func jsonProblem(data []byte, err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	off := int64(-1)
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
		return fmt.Sprintf("line %d: %q should be %s", lineOf(data, off), te.Field, te.Type)
	}
	if off >= 0 {
		return fmt.Sprintf("line %d: %v", lineOf(data, off), err)
	}
	return err.Error()
}

func lineOf(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// Location is the organiser's time zone.
func (c *Catalog) Location() *time.Location { return c.loc }

// Currency is the organiser's currency.
func (c *Catalog) Currency() Currency { return c.Organiser.Currency }

// Lang returns lang if the box office offers it, else its default language.
func (c *Catalog) Lang(lang string) string {
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

// ParseWhen reads a date-time of a catalog file in the organiser's zone:
// "2026-12-12 20:00", "2026-12-12" (midnight), or relative to today:
// "+3d 20:00", "-2d", "+0d", "+2w sat 20:00" (a weekday of a later week).
func ParseWhen(s string, today time.Time, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "+") || strings.HasPrefix(s, "-") {
		days, clock, _ := strings.Cut(s, " ")
		if strings.HasSuffix(days, "w") {
			return parseWeekWhen(s, days, clock, today, loc)
		}
		n, err := strconv.Atoi(strings.TrimSuffix(days, "d"))
		if err != nil || !strings.HasSuffix(days, "d") {
			return time.Time{}, fmt.Errorf("%q: a relative date is written like \"+3d 20:00\"", s)
		}
		t := today.In(loc)
		d := time.Date(t.Year(), t.Month(), t.Day()+n, 0, 0, 0, 0, loc)
		if clock == "" {
			return d, nil
		}
		hm, err := time.ParseInLocation("15:04", clock, loc)
		if err != nil {
			return time.Time{}, fmt.Errorf("%q: time of day should be like 20:00", s)
		}
		return time.Date(d.Year(), d.Month(), d.Day(), hm.Hour(), hm.Minute(), 0, 0, loc), nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q: write a date as \"2026-12-12 20:00\" or \"+3d 20:00\"", s)
}

var weekdays = map[string]int{"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}

// parseWeekWhen reads "+2w sat 20:00": Saturday of the week two weeks after
// today's (weeks start on Monday), so demo dates fall on real weekdays.
func parseWeekWhen(s, weeks, rest string, today time.Time, loc *time.Location) (time.Time, error) {
	bad := fmt.Errorf("%q: a relative week is written like \"+2w sat 20:00\"", s)
	n, err := strconv.Atoi(strings.TrimSuffix(weeks, "w"))
	if err != nil {
		return time.Time{}, bad
	}
	day, clock, _ := strings.Cut(rest, " ")
	wd, ok := weekdays[strings.ToLower(day)]
	if !ok {
		return time.Time{}, bad
	}
	t := today.In(loc)
	monday := (int(t.Weekday()) + 6) % 7
	offset := n*7 - monday + wd
	rel := fmt.Sprintf("%+dd", offset)
	if clock != "" {
		rel += " " + clock
	}
	return ParseWhen(rel, today, loc)
}

// PerformanceByID and the lookups below are map reads, built once at load.
func (c *Catalog) PerformanceByID(id string) (*Performance, bool) {
	i, ok := c.idx.perf[id]
	if !ok {
		return nil, false
	}
	return &c.Performances[i], true
}

func (c *Catalog) EventByID(id string) (*Event, bool) {
	i, ok := c.idx.event[id]
	if !ok {
		return nil, false
	}
	return &c.Events[i], true
}

func (c *Catalog) VenueByID(id string) (*Venue, bool) {
	i, ok := c.idx.venue[id]
	if !ok {
		return nil, false
	}
	return &c.Venues[i], true
}

func (c *Catalog) CategoryByID(id string) (*Category, bool) {
	i, ok := c.idx.category[id]
	if !ok {
		return nil, false
	}
	return &c.Categories[i], true
}

func (c *Catalog) PriceListByID(id string) (*PriceList, bool) {
	i, ok := c.idx.priceList[id]
	if !ok {
		return nil, false
	}
	return &c.PriceLists[i], true
}

func (c *Catalog) PassByID(id string) (*Pass, bool) {
	i, ok := c.idx.pass[id]
	if !ok {
		return nil, false
	}
	return &c.Passes[i], true
}

func (c *Catalog) GiftVoucherByID(id string) (*GiftVoucher, bool) {
	i, ok := c.idx.voucher[id]
	if !ok {
		return nil, false
	}
	return &c.GiftVouchers[i], true
}

func (c *Catalog) ProductByID(id string) (*Product, bool) {
	i, ok := c.idx.product[id]
	if !ok {
		return nil, false
	}
	return &c.Products[i], true
}

func (c *Catalog) PaymentMethodByID(id string) (*PaymentMethod, bool) {
	i, ok := c.idx.method[id]
	if !ok {
		return nil, false
	}
	return &c.PaymentMethods[i], true
}

func (c *Catalog) ProfileByID(id string) (*Profile, bool) {
	i, ok := c.idx.profile[id]
	if !ok {
		return nil, false
	}
	return &c.Profiles[i], true
}

func (c *Catalog) StaffByID(id string) (*Staff, bool) {
	i, ok := c.idx.staff[id]
	if !ok {
		return nil, false
	}
	return &c.Staff[i], true
}

func (c *Catalog) OfferByID(id string) (*Offer, bool) {
	i, ok := c.idx.offer[id]
	if !ok {
		return nil, false
	}
	return &c.Offers[i], true
}

// ZoneOf finds a zone of the venue where a performance takes place.
func (c *Catalog) ZoneOf(perf *Performance, zoneID string) (*Zone, bool) {
	ev, ok := c.EventByID(perf.Event)
	if !ok {
		return nil, false
	}
	v, ok := c.VenueByID(ev.Venue)
	if !ok {
		return nil, false
	}
	for i := range v.Zones {
		if v.Zones[i].ID == zoneID {
			return &v.Zones[i], true
		}
	}
	return nil, false
}

// ZonesOf lists the zones of a performance's venue.
func (c *Catalog) ZonesOf(perf *Performance) []Zone {
	ev, ok := c.EventByID(perf.Event)
	if !ok {
		return nil
	}
	v, _ := c.VenueByID(ev.Venue)
	if v == nil {
		return nil
	}
	return v.Zones
}

// PriceFor is the price of a category in a zone on a price list: the entry
// for that zone, else the list's entry for every zone.
func (c *Catalog) PriceFor(list, category, zone string) (Money, bool) {
	if m, ok := c.idx.price[priceKey{list, category, zone}]; ok {
		return m, true
	}
	m, ok := c.idx.price[priceKey{list, category, ""}]
	return m, ok
}

// CategoriesOn lists the categories a price list offers in a zone, in
// catalog order.
func (c *Catalog) CategoriesOn(list, zone string) []*Category {
	var out []*Category
	for i := range c.Categories {
		if _, ok := c.PriceFor(list, c.Categories[i].ID, zone); ok {
			out = append(out, &c.Categories[i])
		}
	}
	return out
}

// Capacity is what a performance can hold in a zone: the seats that are
// not blocked, or the general-admission capacity (a date may lower it).
func (c *Catalog) Capacity(perfID, zoneID string) int {
	return c.idx.capacity[zoneKey{perfID, zoneID}]
}

// SeatBlocked reports whether a seat is never sold for a performance.
func (c *Catalog) SeatBlocked(perfID, zoneID, seat string) bool {
	if c.idx.blocked[seatKey{perfID, zoneID, seat}] {
		return true
	}
	zi := c.zoneInfoOf(perfID, zoneID)
	return zi != nil && zi.blocked[seat]
}

// zoneInfoOf finds the precomputed seats of the zone a performance uses.
func (c *Catalog) zoneInfoOf(perfID, zoneID string) *zoneInfo {
	perf, ok := c.PerformanceByID(perfID)
	if !ok {
		return nil
	}
	ev, ok := c.EventByID(perf.Event)
	if !ok {
		return nil
	}
	return c.idx.zone[ev.Venue+"/"+zoneID]
}

// SeatExists reports whether a zone has the seat.
func (c *Catalog) SeatExists(venueZone *Zone, seat string) bool {
	zi := c.idx.zoneOf[venueZone]
	return zi != nil && zi.seats[seat]
}

// PerformancesByStart lists performance indexes in start order (computed at load).
func (c *Catalog) PerformancesByStart() []*Performance {
	out := make([]*Performance, len(c.idx.byStart))
	for i, j := range c.idx.byStart {
		out[i] = &c.Performances[j]
	}
	return out
}

// Digest is a SHA-256 over the catalog file's bytes, recorded in the journal
// so an order can be traced to the catalog it was priced with.
func (c *Catalog) Digest() string { return c.digest }

// zoneInfo is what a venue's zone holds, computed once at load.
type zoneInfo struct {
	zone     *Zone
	seats    map[string]bool
	blocked  map[string]bool // never sold, on any date
	capacity int             // seated: seats not blocked
}

type priceKey struct{ list, category, zone string }
type zoneKey struct{ perf, zone string }
type seatKey struct{ perf, zone, seat string }

type index struct {
	perf, event, venue, category, priceList, pass, voucher, product, method, profile, staff, offer map[string]int

	zone     map[string]*zoneInfo // "venue/zone"
	zoneOf   map[*Zone]*zoneInfo
	price    map[priceKey]Money
	capacity map[zoneKey]int
	blocked  map[seatKey]bool
	byStart  []int
}

// problems collects every validation problem of a catalog.
type problems []string

func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	if len(p) == 1 {
		return errors.New(p[0])
	}
	return fmt.Errorf("%d problems:\n  %s", len(p), strings.Join(p, "\n  "))
}

func ids[T any](p *problems, kind string, items []T, id func(*T) string) map[string]int {
	m := make(map[string]int, len(items))
	for i := range items {
		k := id(&items[i])
		if k == "" {
			p.add("%s number %d has no id", kind, i+1)
			continue
		}
		if _, dup := m[k]; dup {
			p.add("%s %q is defined twice", kind, k)
		}
		m[k] = i
	}
	return m
}

// resolve builds the indexes and checks every reference, amount and seat.
func (c *Catalog) resolve(today time.Time) error {
	var p problems
	o := &c.Organiser
	if !o.Currency.Known() {
		p.add("organiser: currency %q is not one the register knows (CHF, EUR, USD, GBP, JPY)", o.Currency)
	}
	if len(o.Languages) == 0 {
		o.Languages = []string{"en"}
	}
	if o.TimeZone == "" {
		o.TimeZone = "UTC"
	}
	loc, err := time.LoadLocation(o.TimeZone)
	if err != nil {
		p.add("organiser: unknown time zone %q", o.TimeZone)
		loc = time.UTC
	}
	c.loc = loc

	x := &c.idx
	x.venue = ids(&p, "venue", c.Venues, func(v *Venue) string { return v.ID })
	x.category = ids(&p, "category", c.Categories, func(v *Category) string { return v.ID })
	x.priceList = ids(&p, "price list", c.PriceLists, func(v *PriceList) string { return v.ID })
	x.event = ids(&p, "event", c.Events, func(v *Event) string { return v.ID })
	x.perf = ids(&p, "performance", c.Performances, func(v *Performance) string { return v.ID })
	x.pass = ids(&p, "pass", c.Passes, func(v *Pass) string { return v.ID })
	x.voucher = ids(&p, "gift voucher", c.GiftVouchers, func(v *GiftVoucher) string { return v.ID })
	x.product = ids(&p, "product", c.Products, func(v *Product) string { return v.ID })
	x.method = ids(&p, "payment method", c.PaymentMethods, func(v *PaymentMethod) string { return v.ID })
	x.profile = ids(&p, "profile", c.Profiles, func(v *Profile) string { return v.ID })
	x.staff = ids(&p, "staff", c.Staff, func(v *Staff) string { return v.ID })
	x.offer = ids(&p, "offer", c.Offers, func(v *Offer) string { return v.ID })

	money := func(where string, m Money, allowZero bool) {
		switch {
		case m.Currency != o.Currency:
			p.add("%s: amount %s is not in the organiser's currency %s", where, m, o.Currency)
		case m.Amount < 0:
			p.add("%s: negative amount %s", where, m)
		case m.Amount == 0 && !allowZero:
			p.add("%s: amount is zero", where)
		}
	}

	// Seats, blocked seats and seated capacity are worked out once per zone
	// of a venue, not once per performance: a season has thousands of dates.
	x.zone = map[string]*zoneInfo{}
	x.zoneOf = map[*Zone]*zoneInfo{}
	for _, v := range c.Venues {
		if len(v.Zones) == 0 {
			p.add("venue %q has no zone", v.ID)
		}
		seenZone := map[string]bool{}
		for zi0, z := range v.Zones {
			where := fmt.Sprintf("venue %q zone %q", v.ID, z.ID)
			if z.ID == "" || seenZone[z.ID] {
				p.add("%s: zone id missing or used twice", where)
			}
			seenZone[z.ID] = true
			if !z.Seated() && z.Capacity <= 0 {
				p.add("%s: a general-admission zone needs a capacity above zero", where)
			}
			if z.Seated() && z.Capacity != 0 {
				p.add("%s: a seated zone takes its capacity from its rows; remove \"capacity\"", where)
			}
			seats := map[string]bool{}
			zi := &zoneInfo{zone: &v.Zones[zi0], blocked: map[string]bool{}}
			x.zone[v.ID+"/"+z.ID] = zi
			x.zoneOf[zi.zone] = zi
			for _, r := range z.Rows {
				if r.Name == "" {
					p.add("%s: a row has no name", where)
				}
				nums := r.SeatNumbers()
				if len(nums) == 0 {
					p.add("%s row %q: no seats", where, r.Name)
				}
				for _, n := range nums {
					id := SeatID(r.Name, n)
					if seats[id] {
						p.add("%s: seat %s appears twice", where, id)
					}
					seats[id] = true
				}
				for _, b := range r.Blocked {
					id := SeatID(r.Name, b)
					if !seats[id] {
						p.add("%s row %q: blocked seat %d is not in the row", where, r.Name, b)
					} else if !zi.blocked[id] {
						zi.blocked[id] = true
						zi.capacity--
					}
				}
			}
			zi.seats = seats
			if z.Seated() {
				zi.capacity += len(seats)
			}
		}
	}

	for _, cat := range c.Categories {
		if len(cat.Name) == 0 {
			p.add("category %q has no name", cat.ID)
		}
	}

	x.price = map[priceKey]Money{}
	for _, pl := range c.PriceLists {
		for _, pr := range pl.Prices {
			where := fmt.Sprintf("price list %q", pl.ID)
			if _, ok := x.category[pr.Category]; !ok {
				p.add("%s: unknown category %q", where, pr.Category)
			}
			money(fmt.Sprintf("%s category %q", where, pr.Category), pr.Amount, true)
			k := priceKey{pl.ID, pr.Category, pr.Zone}
			if _, dup := x.price[k]; dup {
				p.add("%s: category %q has two prices for zone %q", where, pr.Category, pr.Zone)
			}
			x.price[k] = pr.Amount
		}
	}

	for i := range c.Events {
		e := &c.Events[i]
		if _, ok := x.venue[e.Venue]; !ok {
			p.add("event %q: unknown venue %q", e.ID, e.Venue)
		}
		switch e.Format {
		case "":
			e.Format = FormatSpectacle
		case FormatSpectacle, FormatCinema:
		default:
			p.add("event %q: ticket format %q is not spectacle or cinema", e.ID, e.Format)
		}
	}

	x.capacity = map[zoneKey]int{}
	x.blocked = map[seatKey]bool{}
	for i := range c.Performances {
		pf := &c.Performances[i]
		where := fmt.Sprintf("performance %q", pf.ID)
		t, err := ParseWhen(pf.When, today, loc)
		if err != nil {
			p.add("%s: start %v", where, err)
		}
		pf.Start = t
		if _, ok := x.priceList[pf.PriceList]; !ok {
			p.add("%s: unknown price list %q", where, pf.PriceList)
		}
		ei, ok := x.event[pf.Event]
		if !ok {
			p.add("%s: unknown event %q", where, pf.Event)
			continue
		}
		vi, ok := x.venue[c.Events[ei].Venue]
		if !ok {
			continue
		}
		v := &c.Venues[vi]
		for zid := range pf.Capacity {
			found := false
			for _, z := range v.Zones {
				found = found || (z.ID == zid && !z.Seated())
			}
			if !found {
				p.add("%s: capacity for %q, which is not a general-admission zone of venue %q", where, zid, v.ID)
			}
		}
		for _, z := range v.Zones {
			k := zoneKey{pf.ID, z.ID}
			if !z.Seated() {
				capacity := z.Capacity
				if n, ok := pf.Capacity[z.ID]; ok {
					if n < 0 || n > z.Capacity {
						p.add("%s: capacity %d for zone %q must be between 0 and the venue's %d", where, n, z.ID, z.Capacity)
					}
					capacity = n
				}
				x.capacity[k] = capacity
				continue
			}
			x.capacity[k] = x.zone[v.ID+"/"+z.ID].capacity
		}
		for _, s := range pf.Blocked {
			placed := false
			for _, z := range v.Zones {
				zi := x.zone[v.ID+"/"+z.ID]
				if zi.seats[s] {
					placed = true
					k := seatKey{pf.ID, z.ID, s}
					if !zi.blocked[s] && !x.blocked[k] {
						x.blocked[k] = true
						x.capacity[zoneKey{pf.ID, z.ID}]--
					}
				}
			}
			if !placed {
				p.add("%s: blocked seat %q is not a seat of venue %q", where, s, v.ID)
			}
		}
	}
	x.byStart = make([]int, len(c.Performances))
	for i := range x.byStart {
		x.byStart[i] = i
	}
	sort.SliceStable(x.byStart, func(a, b int) bool {
		return c.Performances[x.byStart[a]].Start.Before(c.Performances[x.byStart[b]].Start)
	})

	for _, ps := range c.Passes {
		money(fmt.Sprintf("pass %q", ps.ID), ps.Price, true)
		for _, e := range ps.Events {
			if _, ok := x.event[e]; !ok {
				p.add("pass %q: unknown event %q", ps.ID, e)
			}
		}
		for _, pf := range ps.Performances {
			if _, ok := x.perf[pf]; !ok {
				p.add("pass %q: unknown performance %q", ps.ID, pf)
			}
		}
	}
	for _, g := range c.GiftVouchers {
		money(fmt.Sprintf("gift voucher %q", g.ID), g.Value, false)
	}
	for _, pr := range c.Products {
		money(fmt.Sprintf("product %q", pr.ID), pr.Price, false)
	}
	for i := range c.PaymentMethods {
		c.PaymentMethods[i].check(&p, money, today, loc)
	}
	for _, pr := range c.Profiles {
		for _, e := range pr.Events {
			if _, ok := x.event[e]; !ok {
				p.add("profile %q: unknown event %q", pr.ID, e)
			}
		}
		for _, m := range pr.PaymentMethods {
			if _, ok := x.method[m]; !ok {
				p.add("profile %q: unknown payment method %q", pr.ID, m)
			}
		}
		for _, of := range pr.Offers {
			if _, ok := x.offer[of]; !ok {
				p.add("profile %q: unknown offer %q", pr.ID, of)
			}
		}
	}
	for _, s := range c.Staff {
		switch s.Role {
		case RoleAdmin:
		case RoleReseller:
			if _, ok := x.profile[s.Profile]; !ok {
				p.add("staff %q: a reseller needs a known profile, not %q", s.ID, s.Profile)
			}
		default:
			p.add("staff %q: role %q is not admin or reseller", s.ID, s.Role)
		}
		if len(s.PIN) < 4 {
			p.add("staff %q: the PIN needs at least 4 digits", s.ID)
		}
	}
	c.resolveOffers(&p, money, today)
	return p.err()
}
