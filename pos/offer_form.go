package pos

import (
	"fmt"
	"strconv"
	"strings"
)

// OfferForm is an offer as the register's screen types it: one text per
// field. Form and Offer go back and forth; what the form does not show
// (passes, customer targeting, detailed scope items) is kept from the
// offer it was made from.
type OfferForm struct {
	ID                           string
	NameFR, NameEN               string
	DescriptionFR, DescriptionEN string
	Effect                       string // percent, amount_per_ticket, amount_off_cart, price_list
	Value                        string // 15 (percent), 5.00 (an amount) or a price list's id
	MaxTickets, MaxPerOrder      string // empty or 0: no limit
	ValidFrom, ValidUntil        string // 2026-12-01, -3d... (empty: always)
	Events, Profiles             string // ids, separated by commas (empty: all)
	PerfControl, ListControl     string // +label (containing) or -label (not containing)
	CategoryControl              string
	Disabled                     bool
	eventsWere                   string
}

// FormOf is an offer's form.
func FormOf(o Offer) OfferForm {
	f := OfferForm{ID: o.ID, NameFR: o.Name["fr"], NameEN: o.Name["en"], DescriptionFR: o.Description["fr"], DescriptionEN: o.Description["en"],
		Effect: o.Effect, ValidFrom: o.ValidFrom, ValidUntil: o.ValidUntil, Profiles: strings.Join(o.Profiles, ", "),
		PerfControl: controlText(o.PerformanceControl), ListControl: controlText(o.PriceListControl), CategoryControl: controlText(o.CategoryControl),
		Disabled: o.Disabled}
	switch o.Effect {
	case EffectPercent:
		f.Value = strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%d.%02d", o.PercentBP/100, o.PercentBP%100), "0"), ".")
	case EffectAmountPerTicket, EffectAmountOffCart:
		f.Value = o.Amount.decimal(".", "")
	case EffectPriceList:
		f.Value = o.PriceList
	}
	if o.MaxTickets > 0 {
		f.MaxTickets = strconv.Itoa(o.MaxTickets)
	}
	if o.MaxPerOrder > 0 {
		f.MaxPerOrder = strconv.Itoa(o.MaxPerOrder)
	}
	var evs []string
	for _, s := range o.Events {
		if !has(evs, s.Event) && s.Event != "" {
			evs = append(evs, s.Event)
		}
	}
	f.Events = strings.Join(evs, ", ")
	f.eventsWere = f.Events
	return f
}

func controlText(l LabelControl) string {
	switch {
	case l.Containing != "":
		return "+" + l.Containing
	case l.NotContaining != "":
		return "-" + l.NotContaining
	}
	return ""
}

func parseControl(s string) LabelControl {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return LabelControl{}
	case strings.HasPrefix(s, "-"), strings.HasPrefix(s, "−"):
		return LabelControl{NotContaining: strings.TrimSpace(strings.TrimLeft(s, "-−"))}
	}
	return LabelControl{Containing: strings.TrimSpace(strings.TrimPrefix(s, "+"))}
}

func idList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' })
}

// Offer is the offer the form describes, over base (the offer edited, or
// a zero Offer for a new one). The numbers are read here; the catalog's
// rules are CheckOffer's.
func (f OfferForm) Offer(base Offer, currency Currency) (Offer, error) {
	o := base
	o.ID = strings.TrimSpace(f.ID)
	o.Name = Text{}
	o.Description = Text{}
	for lang, s := range map[string]string{"fr": f.NameFR, "en": f.NameEN} {
		if s = strings.TrimSpace(s); s != "" {
			o.Name[lang] = s
		}
	}
	for lang, s := range map[string]string{"fr": f.DescriptionFR, "en": f.DescriptionEN} {
		if s = strings.TrimSpace(s); s != "" {
			o.Description[lang] = s
		}
	}
	o.Effect = strings.TrimSpace(f.Effect)
	o.PercentBP, o.Amount, o.PriceList = 0, Money{}, ""
	value := strings.TrimSpace(f.Value)
	switch o.Effect {
	case EffectPercent:
		v := strings.TrimSpace(strings.TrimSuffix(strings.ReplaceAll(value, ",", "."), "%"))
		bp, err := ParseMinor(v, "CHF") // two decimals: 12.5 % is 1250
		if err != nil {
			return o, Errorf("the percentage %q is a number (15 or 12.5)", value)
		}
		o.PercentBP = bp
	case EffectAmountPerTicket, EffectAmountOffCart:
		minor, err := ParseMinor(value, currency)
		if err != nil {
			return o, Errorf("the amount %q is a number (5.00)", value)
		}
		o.Amount = M(minor, currency)
	case EffectPriceList:
		o.PriceList = value
	default:
		return o, Errorf("the effect is percent, amount_per_ticket, amount_off_cart or price_list, not %q", o.Effect)
	}
	for _, n := range []struct {
		s   string
		dst *int
	}{{f.MaxTickets, &o.MaxTickets}, {f.MaxPerOrder, &o.MaxPerOrder}} {
		*n.dst = 0
		if s := strings.TrimSpace(n.s); s != "" {
			v, err := strconv.Atoi(s)
			if err != nil || v < 0 {
				return o, Errorf("%q is not a number of tickets", s)
			}
			*n.dst = v
		}
	}
	o.ValidFrom, o.ValidUntil = strings.TrimSpace(f.ValidFrom), strings.TrimSpace(f.ValidUntil)
	if strings.TrimSpace(f.Events) != f.eventsWere || o.ID != base.ID {
		o.Events = nil
		for _, id := range idList(f.Events) {
			o.Events = append(o.Events, ScopeItem{Event: id})
		}
	}
	o.Profiles = idList(f.Profiles)
	o.PerformanceControl, o.PriceListControl, o.CategoryControl = parseControl(f.PerfControl), parseControl(f.ListControl), parseControl(f.CategoryControl)
	o.Disabled = f.Disabled
	return o, nil
}
