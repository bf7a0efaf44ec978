package pos

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ParseCatalog reads and validates a catalog file. name is used in messages;
// today anchors relative dates ("+3d 20:00"). Every problem found is
// reported, each naming the item, so an organiser can fix a file in one go.
func ParseCatalog(name string, data []byte, today time.Time) (*Catalog, error) {
	if len(data) > MaxCatalogBytes {
		return nil, Errorf("catalog %s: the file is %d bytes, more than the %d a catalog may have", name, len(data), MaxCatalogBytes)
	}
	sum := sha256.Sum256(data)
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a byte-order mark some editors write
	if err := duplicateKey(data); err != nil {
		return nil, Errorf("catalog %s: %w", name, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	c := &Catalog{}
	var slips []error
	if err := dec.Decode(c); err != nil {
		if !isUnknownField(err) {
			return nil, Errorf("catalog %s: %w", name, jsonProblem(data, err))
		}
		// A misspelt field: the file is read again without it, and every
		// such field is listed with the other problems, each where it is.
		c = &Catalog{}
		dec = json.NewDecoder(bytes.NewReader(data))
		if err := dec.Decode(c); err != nil {
			return nil, Errorf("catalog %s: %w", name, jsonProblem(data, err))
		}
		if slips = walkCatalog(data, 0).slips(c); len(slips) == 0 {
			// the walk matches names as encoding/json does; should it not
			// find the field, the decoder's own sentence is said
			return nil, Errorf("catalog %s: %w", name, err)
		}
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, Errorf("catalog %s: line %d: something follows the catalog's closing brace; remove it", name, lineOf(data, dec.InputOffset()))
	}
	c.clean()
	if err := c.resolve(today, slips); err != nil {
		return nil, Errorf("catalog %s: %w", name, err)
	}
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

func lineOf(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// problems collects every validation problem of a catalog, each a
// sentence Say writes in the reader's language (a French manager met the
// catalog's and the offer form's refusals in English).
type problems []error

// add is a problem, its format and arguments as fmt's: an amount is
// written as the catalog file writes it (CHF 20.00).
func (p *problems) add(format string, args ...any) {
	for i, a := range args {
		if m, ok := a.(Money); ok {
			args[i] = m.String()
		}
	}
	*p = append(*p, Errorf(format, args...))
}

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	if len(p) == 1 {
		return p[0]
	}
	return &problemList{list: p}
}

// problemList is a catalog's problems, several of them: the first ones
// are enough to fix the file; a page of them is not.
type problemList struct{ list []error }

func (l *problemList) Error() string { return l.Say(English) }

// Say is the problems in lang, one a line.
func (l *problemList) Say(lang Lang) string {
	const shown = 20
	lines := make([]string, 0, min(len(l.list), shown))
	for _, e := range l.list[:min(len(l.list), shown)] {
		lines = append(lines, Say(e, lang))
	}
	if len(l.list) > shown {
		return fmt.Sprintf(sentence(lang, "%d problems:\n  %s\n  and %d more"), len(l.list), strings.Join(lines, "\n  "), len(l.list)-shown)
	}
	return fmt.Sprintf(sentence(lang, "%d problems:\n  %s"), len(l.list), strings.Join(lines, "\n  "))
}

// Limits of a catalog: far above any real box office, low enough that a
// mistyped number cannot make the register allocate gigabytes or overflow
// a total.
const (
	MaxCatalogBytes  = 8 << 20
	maxZones         = 100       // per venue
	maxRows          = 500       // per zone
	maxSeatsPerRow   = 1000      // and highest seat number
	maxSeats         = 200_000   // in all venues
	maxCapacity      = 1_000_000 // of a general-admission zone
	maxPerformances  = 20_000
	maxCatalogAmount = 100_000_000_00 // minor units: CHF 100 million
	maxPINDigits     = 12
)

// badID says why an id cannot be used: the journal's keys join ids with
// "|", and an id is printed on tickets and screens.
func badID(id string) bool {
	for _, r := range id {
		if r == '|' || unicode.IsControl(r) || r == utf8.RuneError {
			return true
		}
	}
	return false
}

func ids[T any](p *problems, kind Text, items []T, id func(*T) string) map[string]int {
	m := make(map[string]int, len(items))
	for i := range items {
		k := id(&items[i])
		if k == "" {
			p.add("%s number %d has no id", kind, i+1)
			continue
		}
		if badID(k) {
			p.add("%s %q: an id may not hold control characters or \"|\"", kind, k)
		}
		if _, dup := m[k]; dup {
			p.add("%s %q is defined twice", kind, k)
		}
		m[k] = i
	}
	return m
}

// resolve builds the indexes and checks every reference, amount and seat;
// found are the problems already found in the file (misspelt fields).
func (c *Catalog) resolve(today time.Time, found []error) error {
	var p problems
	p = append(p, found...)
	o := &c.Organiser
	if !o.Currency.Known() {
		p.add("organiser: currency %q is not one the register knows (CHF, EUR, USD, GBP, JPY)", o.Currency)
	}
	if o.Languages != nil && len(o.Languages) == 0 {
		p.add(`organiser: languages is empty; list the languages the counter speaks, the default first: ["fr", "en"]`)
	}
	if len(o.Languages) == 0 {
		o.Languages = []Lang{English}
	}
	if o.VATRate < 0 || o.VATRate > 10000 {
		p.add("organiser: vat_rate_bp %d is not a rate between 0 and 10000 (810 is 8.1 %%)", o.VATRate)
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
	x.venue = ids(&p, Text{"en": "venue", "fr": "lieu"}, c.Venues, func(v *Venue) string { return v.ID })
	x.category = ids(&p, Text{"en": "category", "fr": "catégorie"}, c.Categories, func(v *Category) string { return v.ID })
	x.priceList = ids(&p, Text{"en": "price list", "fr": "liste de prix"}, c.PriceLists, func(v *PriceList) string { return v.ID })
	x.event = ids(&p, Text{"en": "event", "fr": "événement"}, c.Events, func(v *Event) string { return v.ID })
	x.perf = ids(&p, Text{"en": "performance", "fr": "représentation"}, c.Performances, func(v *Performance) string { return v.ID })
	x.pass = ids(&p, Text{"en": "pass", "fr": "pass"}, c.Passes, func(v *Pass) string { return v.ID })
	x.voucher = ids(&p, Text{"en": "gift voucher", "fr": "bon cadeau"}, c.GiftVouchers, func(v *GiftVoucher) string { return v.ID })
	x.product = ids(&p, Text{"en": "product", "fr": "produit"}, c.Products, func(v *Product) string { return v.ID })
	x.method = ids(&p, Text{"en": "payment method", "fr": "moyen de paiement"}, c.PaymentMethods, func(v *PaymentMethod) string { return v.ID })
	x.profile = ids(&p, Text{"en": "profile", "fr": "profil"}, c.Profiles, func(v *Profile) string { return v.ID })
	x.staff = ids(&p, Text{"en": "staff", "fr": "membre du personnel"}, c.Staff, func(v *Staff) string { return v.ID })
	x.offer = ids(&p, Text{"en": "offer", "fr": "offre"}, c.Offers, func(v *Offer) string { return v.ID })

	money := func(where error, m Money, allowZero bool) {
		switch {
		case m.Currency != o.Currency:
			p.add("%s: amount %s is not in the organiser's currency %s", where, m, o.Currency)
		case m.Amount < 0:
			p.add("%s: negative amount %s", where, m)
		case m.Amount == 0 && !allowZero:
			p.add("%s: amount is zero", where)
		case m.Amount > maxCatalogAmount:
			p.add("%s: amount %s is more than the register takes (%s)", where, m, M(maxCatalogAmount, m.Currency))
		}
	}
	rate := func(where error, bp *int64) {
		if bp != nil && (*bp < 0 || *bp > 10000) {
			p.add("%s: vat_rate_bp %d is not a rate between 0 and 10000 (810 is 8.1 %%)", where, *bp)
		}
	}
	if len(c.Performances) > maxPerformances {
		p.add("%d performances: a catalog holds at most %d; split the season", len(c.Performances), maxPerformances)
	}

	// Seats, blocked seats and seated capacity are worked out once per zone
	// of a venue, not once per performance: a season has thousands of dates.
	x.zone = map[string]*zoneInfo{}
	x.zoneOf = map[*Zone]*zoneInfo{}
	seatCount := 0
	for _, v := range c.Venues {
		if len(v.Zones) == 0 {
			p.add("venue %q has no zone", v.ID)
		}
		if len(v.Zones) > maxZones {
			p.add("venue %q: %d zones; a venue has at most %d", v.ID, len(v.Zones), maxZones)
		}
		seenZone := map[string]bool{}
		for zi0, z := range v.Zones {
			where := Errorf("venue %q zone %q", v.ID, z.ID)
			if z.ID == "" || seenZone[z.ID] {
				p.add("%s: zone id missing or used twice", where)
			}
			if badID(z.ID) {
				p.add("%s: an id may not hold control characters or \"|\"", where)
			}
			if z.Capacity < 0 || z.Capacity > maxCapacity {
				p.add("%s: capacity %d is not between 1 and %d", where, z.Capacity, maxCapacity)
			}
			if len(z.Rows) > maxRows {
				p.add("%s: %d rows; a zone has at most %d", where, len(z.Rows), maxRows)
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
				if badID(r.Name) {
					p.add("%s row %q: a row name may not hold control characters or \"|\"", where, r.Name)
				}
				if !rowFits(&p, where, r) {
					continue
				}
				if seatCount += len(r.SeatNumbers()); seatCount > maxSeats {
					p.add("%s row %q: the venues have more than %d seats in all", where, r.Name, maxSeats)
					break
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
		for _, q := range cat.Form {
			if q.ID == "" || badID(q.ID) {
				p.add("category %q: a form question needs an id without control characters or \"|\"", cat.ID)
			}
		}
	}

	x.price = map[priceKey]Money{}
	for _, pl := range c.PriceLists {
		for _, pr := range pl.Prices {
			where := Errorf("price list %q", pl.ID)
			if _, ok := x.category[pr.Category]; !ok {
				p.add("%s: unknown category %q", where, pr.Category)
			}
			money(Errorf("%s category %q", where, pr.Category), pr.Amount, true)
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
		rate(Errorf("event %q", e.ID), e.VATRate)
		switch e.Format {
		case "":
			e.Format = FormatSpectacle
		case FormatSpectacle, FormatCinema:
		default:
			p.add("event %q: ticket format %q is not spectacle or cinema", e.ID, e.Format)
		}
		if x := e.Exchanges; x != nil {
			if x.FeePerTicket == (Money{}) {
				x.FeePerTicket = Zero(o.Currency)
			}
			money(Errorf("event %q exchange fee", e.ID), x.FeePerTicket, true)
			if x.UntilHours < 0 {
				p.add("event %q: exchanges until_hours_before is zero or more", e.ID)
			}
		}
	}

	x.capacity = map[zoneKey]int{}
	x.blocked = map[seatKey]bool{}
	for i := range c.Performances {
		pf := &c.Performances[i]
		where := Errorf("performance %q", pf.ID)
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
		money(Errorf("pass %q", ps.ID), ps.Price, true)
		rate(Errorf("pass %q", ps.ID), ps.VATRate)
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
		where := Errorf("gift voucher %q", g.ID)
		money(where, g.Value, g.FreeAmount)
		if g.ValidityMonths < 0 {
			p.add("%s: validity_months is zero or more", where)
		}
		if g.FreeAmount {
			money(Errorf("%s min_amount", where), g.MinAmount, false)
			money(Errorf("%s max_amount", where), g.MaxAmount, false)
			if g.MaxAmount.Cmp(g.MinAmount) < 0 {
				p.add("%s: max_amount is below min_amount", where)
			}
		} else if !g.MinAmount.IsZero() || !g.MaxAmount.IsZero() {
			p.add("%s: min_amount and max_amount need free_amount", where)
		}
	}
	for _, pr := range c.Products {
		money(Errorf("product %q", pr.ID), pr.Price, false)
		rate(Errorf("product %q", pr.ID), pr.VATRate)
	}
	for i := range c.PaymentMethods {
		// A minimum or a fee left out is zero, in the organiser's currency.
		m := &c.PaymentMethods[i]
		for _, a := range []*Money{&m.Minimum, &m.FeePerOrder, &m.FeePerTicket} {
			if *a == (Money{}) {
				*a = Zero(o.Currency)
			}
		}
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
		c.checkProfileRights(&p, pr)
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
		switch {
		case strings.Trim(s.PIN, "0123456789") != "":
			p.add("staff %q: a PIN is digits only", s.ID)
		case len(s.PIN) < 4:
			p.add("staff %q: the PIN needs at least 4 digits", s.ID)
		case len(s.PIN) > maxPINDigits:
			p.add("staff %q: the PIN has at most %d digits", s.ID, maxPINDigits)
		}
	}
	c.checkStaffMethods(&p)
	c.resolveOffers(&p, money, today)
	c.checkEmails(&p)
	return p.err()
}

// rowFits checks a row's seat count and numbers before they are listed, so
// a negative or huge count is a sentence, not a crash or gigabytes.
func rowFits(p *problems, where error, r Row) bool {
	switch {
	case r.Seats < 0 || r.Seats > maxSeatsPerRow:
		p.add("%s row %q: %d seats; a row has 1 to %d", where, r.Name, r.Seats, maxSeatsPerRow)
	case len(r.Numbers) > maxSeatsPerRow:
		p.add("%s row %q: %d seat numbers; a row has at most %d", where, r.Name, len(r.Numbers), maxSeatsPerRow)
	case r.From < 0 || r.From+r.Seats > maxSeatsPerRow+1:
		p.add("%s row %q: seats numbered from %d; seat numbers go from 1 to %d", where, r.Name, r.From, maxSeatsPerRow)
	default:
		for _, n := range r.Numbers {
			if n < 0 || n > maxSeatsPerRow {
				p.add("%s row %q: seat number %d; seat numbers go from 0 to %d", where, r.Name, n, maxSeatsPerRow)
				return false
			}
		}
		return true
	}
	return false
}
