package pos

import (
	"errors"
	"slices"
	"strings"
	"time"
)

// ExchangeRules are an event's rules for exchanging its tickets (seed 004,
// "Ticket exchange").
type ExchangeRules struct {
	// Refused: its tickets are never exchanged.
	Refused bool `json:"refused,omitempty"`
	// UntilHours: exchanges close this many hours before a performance
	// starts (0: at its start).
	UntilHours int `json:"until_hours_before,omitempty"`
	// FeePerTicket is kept from the credit of each ticket exchanged
	// (zero: the exchange-credit method's fee per ticket).
	FeePerTicket Money `json:"fee_per_ticket,omitzero"`
}

// CanExchange says whether a ticket of the performance may be exchanged
// now, and if not, why: a performance that started or is past never may.
func (c *Catalog) CanExchange(perf string, now time.Time) error {
	p, ok := c.PerformanceByID(perf)
	if !ok {
		return Errorf("performance %q: %w", perf, ErrUnknownItem)
	}
	at := p.Start.In(c.loc).Format("2006-01-02 15:04")
	if !now.Before(p.Start) {
		return Errorf("the performance of %s has started: its tickets can no longer be exchanged", at)
	}
	ev, _ := c.EventByID(p.Event)
	if ev == nil || ev.Exchanges == nil {
		return nil
	}
	if ev.Exchanges.Refused {
		return Errorf("%s: tickets of this event are not exchanged", ev.Name)
	}
	if h := ev.Exchanges.UntilHours; h > 0 && !now.Before(p.Start.Add(-time.Duration(h)*time.Hour)) {
		return Errorf("exchanges closed %d hours before the performance of %s", h, at)
	}
	return nil
}

// CanExchangePass says whether a pass can be exchanged at now: as the
// tickets it stands for, while every performance it covers can still be
// exchanged (none has started, none is past its event's exchange limit).
// Before, a day pass was exchanged for its whole price after its day. A
// pass for every performance has no such limit; a canceled performance
// holds none back.
func (c *Catalog) CanExchangePass(pass string, now time.Time) error {
	ps, ok := c.PassByID(pass)
	if !ok {
		return Errorf("pass %q: %w", pass, ErrUnknownItem)
	}
	if len(ps.Performances) == 0 && len(ps.Events) == 0 {
		return nil
	}
	for i := range c.Performances {
		p := &c.Performances[i]
		if p.Canceled || !slices.Contains(ps.Performances, p.ID) && !slices.Contains(ps.Events, p.Event) {
			continue
		}
		if err := c.CanExchange(p.ID, now); err != nil {
			return Errorf("%s is exchanged only while each of its performances can be: %w", ps.Name, err)
		}
	}
	return nil
}

// ExchangePassFee is what is kept from the credit of one exchanged pass:
// the exchange-credit method's fee per ticket or pass (an event's own fee
// is for its tickets).
func (c *Catalog) ExchangePassFee() Money {
	if m := c.MethodOfKind(KindCredit); m != nil {
		return m.FeePerTicket
	}
	return Zero(c.Currency())
}

// ExchangeFee is what is kept from the credit of one exchanged ticket of
// the performance: its event's exchange fee, or else the exchange-credit
// method's fee per ticket.
func (c *Catalog) ExchangeFee(perf string) Money {
	if p, ok := c.PerformanceByID(perf); ok {
		if ev, _ := c.EventByID(p.Event); ev != nil && ev.Exchanges != nil && !ev.Exchanges.FeePerTicket.IsZero() {
			return ev.Exchanges.FeePerTicket
		}
	}
	if m := c.MethodOfKind(KindCredit); m != nil {
		return m.FeePerTicket
	}
	return Zero(c.Currency())
}

// amountOf checks a gift voucher's value typed at the counter (zero: its
// catalog value).
func (g *GiftVoucher) amountOf(a Money) error {
	switch {
	case a.IsZero() && g.FreeAmount && g.Value.IsZero():
		return Errorf("%s: type the voucher's amount, from %s to %s", g.Name, g.MinAmount, g.MaxAmount)
	case a.IsZero():
		return nil
	case !g.FreeAmount:
		return Errorf("%s is sold at %s: its amount cannot be chosen", g.Name, g.Value)
	case a.Currency != g.MinAmount.Currency:
		return Errorf("%s: the amount is in %s", g.Name, g.MinAmount.Currency)
	case a.Cmp(g.MinAmount) < 0 || a.Cmp(g.MaxAmount) > 0:
		return Errorf("%s: the amount is from %s to %s, not %s", g.Name, g.MinAmount, g.MaxAmount, a)
	}
	return nil
}

// CanComp reports whether the seller may give a line free with a reason:
// administrators, and resellers whose profile allows comps ("comps": true,
// or "comp" among its actions: rights.go).
func (s Seller) CanComp() bool {
	if s.Staff != nil && s.Staff.Role == RoleAdmin {
		return true
	}
	return s.Profile != nil && (s.Profile.Comps || has(s.Profile.Actions, ActComp))
}

// ErrNoComps refuses a comp to a seller who may not give one.
var ErrNoComps = errors.New("only an administrator, or a profile allowed to, may give an invitation")

// applyComps makes every line given with a reason free (after offers: an
// invitation is free whatever else applied).
func applyComps(ctx PricingContext, pc *PricedCart) error {
	for i := range pc.Lines {
		l := &pc.Lines[i]
		l.Comp = strings.TrimSpace(Clean(l.Comp, false))
		switch {
		case l.Comp == "":
			continue
		case ctx.Seller.Kiosk || !ctx.Seller.CanComp():
			return &LineError{Line: i + 1, Err: ErrNoComps}
		case len([]rune(l.Comp)) > 100:
			return &LineError{Line: i + 1, Err: Errorf("the reason is longer than 100 characters")}
		}
		l.Charged = Zero(pc.Currency)
		l.Offer = ""
	}
	return nil
}

func init() {
	AddSentences(French, map[string]string{
		"the performance of %s has started: its tickets can no longer be exchanged":                      "la représentation du %s a commencé : ses billets ne peuvent plus être échangés",
		"%s: tickets of this event are not exchanged":                                                    "%s : les billets de cet événement ne sont pas échangés",
		"exchanges closed %d hours before the performance of %s":                                         "échanges fermés %d h avant la représentation du %s",
		"%s: type the voucher's amount, from %s to %s":                                                   "%s : tapez le montant du bon, de %s à %s",
		"%s is sold at %s: its amount cannot be chosen":                                                  "%s est vendu à %s : son montant ne se choisit pas",
		"%s: the amount is in %s":                                                                        "%s : le montant est en %s",
		"%s: the amount is from %s to %s, not %s":                                                        "%s : le montant va de %s à %s, pas %s",
		"only an administrator, or a profile allowed to, may give an invitation":                         "seul un administrateur, ou un profil qui y est autorisé, peut offrir une invitation",
		"the reason is longer than 100 characters":                                                       "la raison dépasse 100 caractères",
		"%s: voucher %s was sold on order %s, whose invoice is not paid yet: validate the payment first": "%s : le bon %s a été vendu sur la commande %s, dont la facture n'est pas encore payée : validez d'abord le paiement",
		"%s: voucher %s expired on %s":                                                                   "%s : le bon %s a expiré le %s",
		"%s is exchanged only while each of its performances can be: %w":                                 "%s ne s'échange que tant que chacune de ses représentations peut l'être : %w",
	})
}

// FormatPercent writes a rate in basis points with its sign: "1 %" in
// French (a space before the sign), "1%" in English.
func FormatPercent(bp int64, lang Lang) string {
	if lang.spaceBeforeSign() {
		return FormatRate(bp, lang) + "\u00a0%"
	}
	return FormatRate(bp, lang) + "%"
}
