package pos

import (
	"strings"
	"time"
)

// Offers created or changed at the register (seed 000): each is a journal
// entry that overrides the catalog's offer of the same id, or adds one;
// the catalog stays the starting point. Pricing sees them through its
// PromoState when that state also implements OfferBook.

// OfferBook is a PromoState's offers when the register changed some: every
// offer in effect for pricing, the catalog's first (as changed), then the
// ones added, each resolved by CheckOffer.
type OfferBook interface {
	Offers() []*Offer
}

// offersIn is the offers pricing uses: the register's when it has its own.
func (c *Catalog) offersIn(st PromoState) []*Offer {
	if b, ok := st.(OfferBook); ok {
		return b.Offers()
	}
	out := make([]*Offer, len(c.Offers))
	for i := range c.Offers {
		out[i] = &c.Offers[i]
	}
	return out
}

// offerIn finds an offer among the ones pricing uses.
func (c *Catalog) offerIn(st PromoState, id string) (*Offer, bool) {
	if b, ok := st.(OfferBook); ok {
		for _, o := range b.Offers() {
			if o.ID == id {
				return o, true
			}
		}
		return nil, false
	}
	return c.OfferByID(id)
}

// automaticIn is AutomaticOffer among the offers pricing uses.
func (c *Catalog) automaticIn(st PromoState, now time.Time) *Offer {
	for _, o := range c.offersIn(st) {
		if o.Automatic && o.InEffect(now) {
			return o
		}
	}
	return nil
}

// CheckOffer checks an offer typed at the register as the catalog's are
// checked at load (effect, limits, scope, targeting, label controls), and
// resolves its validity dates from today: a relative one ("+7d") is
// written back as the day it means, so the offer saved ends when it was
// meant to, not a week after each start. others are the offers besides it:
// its codes must not be theirs. Position is left to the caller.
func (c *Catalog) CheckOffer(o Offer, today time.Time, others []*Offer) (Offer, error) {
	var p problems
	o.ID = strings.TrimSpace(o.ID)
	// text from people, as the catalog's (Catalog.clean): a caller other
	// than the screens' fields (which clean what is typed) could pass
	// control characters on to every screen, receipt and e-mail
	o.Name, o.Description = cleanText(o.Name), cleanText(o.Description)
	if o.ID == "" || strings.Trim(strings.ToLower(o.ID), "abcdefghijklmnopqrstuvwxyz0123456789-_") != "" || len(o.ID) > 40 {
		p.add("an offer's id is 1 to 40 letters, digits, - or _ (not %q)", o.ID)
	}
	money := func(where error, m Money, allowZero bool) {
		switch {
		case m.Currency != c.Currency():
			p.add("%s: amount %s is not in the organiser's currency %s", where, m, c.Currency())
		case m.Amount < 0:
			p.add("%s: negative amount %s", where, m)
		case m.Amount == 0 && !allowZero:
			p.add("%s: amount is zero", where)
		case m.Amount > maxCatalogAmount:
			p.add("%s: amount %s is more than the register takes (%s)", where, m, M(maxCatalogAmount, m.Currency))
		}
	}
	codes := map[string]string{}
	for _, x := range others {
		if x.ID == o.ID {
			continue
		}
		for _, k := range x.Codes {
			codes[NormalizeCode(k.Code)] = x.ID
		}
	}
	o.from, o.until = time.Time{}, time.Time{}
	c.resolveOffer(&p, money, &o, today, codes)
	if relativeWhen(o.ValidFrom) && !o.from.IsZero() {
		o.ValidFrom = o.from.Format("2006-01-02")
	}
	if relativeWhen(o.ValidUntil) && !o.until.IsZero() {
		o.ValidUntil = o.until.AddDate(0, 0, -1).Format("2006-01-02") // the last day
	}
	return o, p.err()
}

// relativeWhen reports whether a date is written from today ("+7d", "-3d",
// "+2w sat").
func relativeWhen(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasPrefix(s, "+") || strings.HasPrefix(s, "-")
}

// cleanText is t without control characters, in a new map (the caller's
// offer keeps its own).
func cleanText(t Text) Text {
	if t == nil {
		return nil
	}
	out := make(Text, len(t))
	for k, v := range t {
		out[k] = Clean(v, false)
	}
	return out
}
