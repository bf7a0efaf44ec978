package pos

import (
	"strings"
	"time"
)

// Effects an offer can have; an offer has exactly one (seeds 000, 002).
const (
	EffectPercent         = "percent"           // percent off each ticket/pass that benefits
	EffectAmountPerTicket = "amount_per_ticket" // fixed amount off each ticket/pass that benefits
	EffectAmountOffCart   = "amount_off_cart"   // fixed amount off the cart, spread over the lines
	EffectPriceList       = "price_list"        // the regular price list is replaced by another
)

// Offer is a promotional offer: a name the customer sees, one effect, the
// limits on who and what may benefit, and the codes that unlock it (or none
// when it is automatic). Codes added at the register live in its journal;
// Codes here are those the catalog file defines.
type Offer struct {
	ID          string `json:"id"`
	Name        Text   `json:"name"`
	Description Text   `json:"description,omitempty"`

	Effect    string `json:"effect"`
	PercentBP int64  `json:"percent_bp,omitempty"` // EffectPercent: 2000 = 20 %
	Amount    Money  `json:"amount,omitzero"`      // EffectAmountPerTicket, EffectAmountOffCart
	PriceList string `json:"price_list,omitempty"` // EffectPriceList: the list that replaces the regular one
	Automatic bool   `json:"automatic,omitempty"`  // applies without a code
	Disabled  bool   `json:"disabled,omitempty"`   // kept, but not in effect
	Position  int    `json:"-"`                    // place in the catalog: the first automatic offer wins
	Codes     []Code `json:"codes,omitempty"`      // codes defined by the catalog file

	// Limits (seed 000 step 1). Zero means no limit.
	MaxTickets  int    `json:"max_tickets,omitempty"`           // tickets that may benefit, across all orders
	MaxPerOrder int    `json:"max_tickets_per_order,omitempty"` // tickets that may benefit in one order
	ValidFrom   string `json:"valid_from,omitempty"`            // first day, from 00:00:00 ("2026-12-01", "-3d")
	ValidUntil  string `json:"valid_until,omitempty"`           // last day, to 23:59:59

	// Scope (seed 000 step 2): empty lists mean every ticket and pass.
	Events []ScopeItem `json:"events,omitempty"` // events, dates, zones, categories
	Passes []ScopeItem `json:"passes,omitempty"` // passes and subscriptions

	// Target (seed 000 step 3).
	Customers CustomerTarget `json:"customers,omitzero"`
	Profiles  []string       `json:"profiles,omitempty"` // box-office profiles that may grant it

	// Label controls (seed 002).
	PerformanceControl LabelControl `json:"performance_control,omitzero"`
	PriceListControl   LabelControl `json:"price_list_control,omitzero"`
	CategoryControl    LabelControl `json:"category_control,omitzero"`

	from, until time.Time // validity, resolved at load: from <= now < until
}

// ScopeItem is one thing an offer is limited to: an event (optionally one
// date, zone and category of it) or a pass. Each item may have its own quota
// and per-order limit, unlimited by default; its tickets also count in the
// offer's own quota.
type ScopeItem struct {
	Event       string `json:"event,omitempty"`
	Performance string `json:"performance,omitempty"`
	Zone        string `json:"zone,omitempty"`
	Category    string `json:"category,omitempty"`
	Pass        string `json:"pass,omitempty"`
	Quota       int    `json:"quota,omitempty"`
	PerOrder    int    `json:"per_order,omitempty"`
}

// Key names the item in usage counts: "event=hamlet,zone=parterre", "pass=x".
// It is derived from what the item matches, so it survives reordering.
func (s ScopeItem) Key() string {
	var b strings.Builder
	for _, f := range [][2]string{{"event", s.Event}, {"performance", s.Performance}, {"zone", s.Zone}, {"category", s.Category}, {"pass", s.Pass}} {
		if f[1] == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(f[0] + "=" + f[1])
	}
	return b.String()
}

// ScopeItemByKey finds the offer's scope item (events, then passes) that
// Key names: a quota per event, date, zone, category or pass is escrowed
// under that name.
func (o *Offer) ScopeItemByKey(key string) (ScopeItem, bool) {
	for _, items := range [][]ScopeItem{o.Events, o.Passes} {
		for _, s := range items {
			if s.Key() == key {
				return s, true
			}
		}
	}
	return ScopeItem{}, false
}

// CustomerTarget limits an offer to some customers; a customer qualifies by
// meeting any one of the conditions set. Nothing set: everyone.
type CustomerTarget struct {
	PreviousBuyers bool     `json:"previous_buyers,omitempty"` // have ordered before at this box office
	Newsletter     bool     `json:"newsletter,omitempty"`      // signed up for the newsletter
	Chosen         []string `json:"chosen,omitempty"`          // customer ids chosen by hand
}

// IsZero reports whether the offer is for everyone.
func (t CustomerTarget) IsZero() bool {
	return !t.PreviousBuyers && !t.Newsletter && len(t.Chosen) == 0
}

// LabelControl selects targets by label (seed 002): all (both empty), those
// containing a label, or those not containing it.
type LabelControl struct {
	Containing    string `json:"containing,omitempty"`
	NotContaining string `json:"not_containing,omitempty"`
}

// IsZero reports whether the control lets everything through.
func (l LabelControl) IsZero() bool { return l.Containing == "" && l.NotContaining == "" }

// Allows reports whether a target with these labels passes the control.
func (l LabelControl) Allows(labels ...[]string) bool {
	switch {
	case l.Containing != "":
		return hasLabel(l.Containing, labels...)
	case l.NotContaining != "":
		return !hasLabel(l.NotContaining, labels...)
	}
	return true
}

func hasLabel(label string, sets ...[]string) bool {
	for _, set := range sets {
		for _, x := range set {
			if strings.EqualFold(x, label) {
				return true
			}
		}
	}
	return false
}

// ValidAt reports where now falls in the offer's validity: 0 inside, -1
// before its first day, +1 after its last.
func (o *Offer) ValidAt(now time.Time) int {
	switch {
	case !o.from.IsZero() && now.Before(o.from):
		return -1
	case !o.until.IsZero() && !now.Before(o.until):
		return 1
	}
	return 0
}

// ValidFromTime and ValidUntilTime are the resolved validity bounds; the
// zero time means that end is open. Until is exclusive: 00:00:00 of the day
// after the last day, so the last day runs to 23:59:59.
func (o *Offer) ValidFromTime() time.Time  { return o.from }
func (o *Offer) ValidUntilTime() time.Time { return o.until }

// InEffect reports whether the offer may apply at all at that time: enabled
// and within its validity.
func (o *Offer) InEffect(now time.Time) bool { return !o.Disabled && o.ValidAt(now) == 0 }

// dayStart is 00:00:00 of the day a catalog date names, in loc.
func dayStart(s string, today time.Time, loc *time.Location) (time.Time, error) {
	t, err := ParseWhen(s, today, loc)
	if err != nil {
		return time.Time{}, err
	}
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc), nil
}

// resolveOffers checks the offers of a catalog at load and resolves their
// validity dates (relative ones too) in the organiser's time zone.
func (c *Catalog) resolveOffers(p *problems, money func(error, Money, bool), today time.Time) {
	codes := map[string]string{}
	for i := range c.Offers {
		o := &c.Offers[i]
		o.Position = i
		c.resolveOffer(p, money, o, today, codes)
	}
}

// resolveOffer checks one offer and resolves its validity dates; codes
// maps the codes seen so far to their offer.
func (c *Catalog) resolveOffer(p *problems, money func(error, Money, bool), o *Offer, today time.Time, codes map[string]string) {
	x := &c.idx
	{
		where := Errorf("offer %q", o.ID)
		if len(o.Name) == 0 || o.Name.In("en") == "" {
			p.add("%s has no name (customers see it when the offer applies)", where)
		}
		c.checkOfferLabels(p, o, where)
		switch o.Effect {
		case EffectPercent:
			if o.PercentBP <= 0 || o.PercentBP > 10000 {
				p.add("%s: percent_bp %d must be between 1 and 10000 (2000 = 20 %%)", where, o.PercentBP)
			}
		case EffectAmountPerTicket, EffectAmountOffCart:
			money(Errorf("%s amount", where), o.Amount, false)
		case EffectPriceList:
			if _, ok := x.priceList[o.PriceList]; !ok {
				p.add("%s: unknown price list %q", where, o.PriceList)
			}
		default:
			p.add("%s: effect %q is not percent, amount_per_ticket, amount_off_cart or price_list", where, o.Effect)
		}
		if o.Effect != EffectPercent && o.PercentBP != 0 {
			p.add("%s: percent_bp is only for a percent offer", where)
		}
		if o.Effect != EffectAmountPerTicket && o.Effect != EffectAmountOffCart && !o.Amount.IsZero() {
			p.add("%s: amount is only for an amount_per_ticket or amount_off_cart offer", where)
		}
		if o.Effect != EffectPriceList && o.PriceList != "" {
			p.add("%s: price_list is only for a price_list offer", where)
		}
		if o.MaxTickets < 0 || o.MaxPerOrder < 0 {
			p.add("%s: ticket limits cannot be negative", where)
		}
		var err error
		if o.ValidFrom != "" {
			if o.from, err = dayStart(o.ValidFrom, today, c.loc); err != nil {
				p.add("%s: valid_from %v", where, err)
			}
		}
		if o.ValidUntil != "" {
			if o.until, err = dayStart(o.ValidUntil, today, c.loc); err != nil {
				p.add("%s: valid_until %v", where, err)
			} else {
				o.until = o.until.AddDate(0, 0, 1)
			}
		}
		if !o.from.IsZero() && !o.until.IsZero() && !o.from.Before(o.until) {
			p.add("%s: valid_until is before valid_from", where)
		}
		for _, s := range o.Events {
			c.checkScopeItem(p, where, s, false)
		}
		for _, s := range o.Passes {
			c.checkScopeItem(p, where, s, true)
		}
		for _, pr := range o.Profiles {
			if _, ok := x.profile[pr]; !ok {
				p.add("%s: unknown profile %q", where, pr)
			}
		}
		for name, l := range map[string]LabelControl{"performance_control": o.PerformanceControl, "price_list_control": o.PriceListControl, "category_control": o.CategoryControl} {
			if l.Containing != "" && l.NotContaining != "" {
				p.add("%s: %s takes containing or not_containing, not both", where, name)
			}
		}
		if o.Automatic && len(o.Codes) > 0 {
			p.add("%s: an automatic offer applies without a code; remove its codes", where)
		}
		for j := range o.Codes {
			k := &o.Codes[j]
			k.Code = NormalizeCode(k.Code)
			k.Offer = o.ID
			if err := CheckCodeText(k.Code); err != nil {
				p.add("%s: %v", where, err)
			}
			if k.MaxUses < 0 {
				p.add("%s code %s: max_uses cannot be negative", where, k.Code)
			}
			if other, dup := codes[k.Code]; dup {
				p.add("%s: code %s is already a code of offer %q", where, k.Code, other)
			}
			codes[k.Code] = o.ID
		}
	}
}

func (c *Catalog) checkScopeItem(p *problems, where error, s ScopeItem, pass bool) {
	x := &c.idx
	where = Errorf("%s scope item %q", where, s.Key())
	if s.Quota < 0 || s.PerOrder < 0 {
		p.add("%s: quota and per_order cannot be negative", where)
	}
	if pass {
		if _, ok := x.pass[s.Pass]; !ok {
			p.add("%s: unknown pass %q", where, s.Pass)
		}
		if s.Event != "" || s.Performance != "" || s.Zone != "" || s.Category != "" {
			p.add("%s: a pass item names only a pass", where)
		}
		return
	}
	if s.Pass != "" {
		p.add("%s: list passes under \"passes\", not \"events\"", where)
	}
	ev := s.Event
	if s.Performance != "" {
		pi, ok := x.perf[s.Performance]
		if !ok {
			p.add("%s: unknown performance %q", where, s.Performance)
			return
		}
		if ev != "" && c.Performances[pi].Event != ev {
			p.add("%s: performance %q is not a date of event %q", where, s.Performance, ev)
		}
		ev = c.Performances[pi].Event
	}
	ei, ok := x.event[ev]
	if !ok {
		p.add("%s: unknown event %q", where, ev)
		return
	}
	if s.Zone != "" {
		found := false
		if v, ok := c.VenueByID(c.Events[ei].Venue); ok {
			for _, z := range v.Zones {
				found = found || z.ID == s.Zone
			}
		}
		if !found {
			p.add("%s: zone %q is not in the venue of event %q", where, s.Zone, ev)
		}
	}
	if s.Category != "" {
		if _, ok := x.category[s.Category]; !ok {
			p.add("%s: unknown category %q", where, s.Category)
		}
	}
}
