package pos

import (
	"fmt"
	"math/bits"
	"sort"
	"strings"
	"time"
)

// PromoState is what pricing needs to know about codes and offer usage. The
// register implements it from its views; CodeBook is an in-memory one. All
// three are reads: pricing never records anything.
type PromoState interface {
	// Code finds a code by its normalised text (NormalizeCode); it is a map
	// read, never a scan.
	Code(code string) (Code, bool)
	// CodeUses is the number of orders, placed or pending and not canceled,
	// that used the code.
	CodeUses(code string) int
	// OfferTickets is the number of tickets and passes that benefited from
	// the offer in orders placed or pending and not canceled, plus those
	// benefiting in other tills' carts (never the cart being priced). item
	// "" is the whole offer; otherwise a ScopeItem.Key of the offer.
	OfferTickets(offer, item string) int
}

// RefusalReason says why a typed code did not apply; screens and tests key on it.
type RefusalReason string

// Why a code is refused. Each has its own sentence (CodeRefusal.Message).
const (
	RefusedUnknown          RefusalReason = "unknown_code"
	RefusedDisabled         RefusalReason = "code_disabled"
	RefusedUsedUp           RefusalReason = "code_used_up"
	RefusedNotYetValid      RefusalReason = "not_yet_valid"
	RefusedExpired          RefusalReason = "expired"
	RefusedQuotaReached     RefusalReason = "quota_reached"
	RefusedNotForCart       RefusalReason = "not_for_this_event_or_category"
	RefusedTooManyTickets   RefusalReason = "too_many_tickets"
	RefusedAutomaticOffer   RefusalReason = "automatic_offer_in_effect"
	RefusedVoucherOrProduct RefusalReason = "cart_holds_voucher_or_product"
	RefusedNotForCustomer   RefusalReason = "not_for_this_customer"
	RefusedNotForProfile    RefusalReason = "not_for_this_profile"
)

// CodeRefusal is why a typed code was not applied. The cart is priced
// without it (PricedCart.Refusal); a register's ApplyCode returns it as the
// error so the screen shows Message and keeps the cart as it was.
type CodeRefusal struct {
	Code    string        `json:"code"` // normalised
	Reason  RefusalReason `json:"reason"`
	Message string        `json:"message"` // a sentence for the person at the counter

	format string // Message's English sentence and its values, so that
	args   []any  // Say can write it again in the other language
}

func (r *CodeRefusal) Error() string { return r.Message }

// plain: the refusal's values say the same in every language (the code, a
// number), so its sentence can be written again in another; an offer's
// name or a date was written in the seller's language.
func (r *CodeRefusal) plain() bool {
	if r.format == "" {
		return false
	}
	for _, a := range r.args {
		switch v := a.(type) {
		case int:
		case string:
			if v != r.Code {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// CodeError is the refusal of the typed code as an error, or nil when the
// code applied or none was typed.
func (pc *PricedCart) CodeError() error {
	if pc.Refusal == nil {
		return nil
	}
	return pc.Refusal
}

func refuse(lang Lang, code string, reason RefusalReason, format string, args ...any) *CodeRefusal {
	return &CodeRefusal{Code: code, Reason: reason, Message: fmt.Sprintf(say(lang, format), args...), format: format, args: args}
}

// say gives the French sentence for an English one when the seller works in
// French; refusals are read out at the counter, so they come in the
// seller's language.
func say(lang Lang, en string) string {
	if lang == French {
		if fr, ok := frenchRefusals[en]; ok {
			return fr
		}
	}
	return en
}

var frenchRefusals = map[string]string{
	"the automatic offer %q is in effect: no other code can be used while it runs":                        "l'offre automatique « %s » est en cours : aucun autre code ne peut être utilisé pendant ce temps",
	"a cart holding a gift voucher or a product cannot take a promo code: sell those in a separate order": "un panier qui contient un bon cadeau ou un produit ne peut pas recevoir de code promo : vendez-les dans une commande à part",
	"there is no promo code %s: check how it is spelled":                                                  "le code promo %s n'existe pas : vérifiez son orthographe",
	"the code %s is disabled": "le code %s est désactivé",
	"the offer %q of the code %s is disabled: an administrator enables the offer (not the code)": "l'offre « %s » du code %s est désactivée : un administrateur active l'offre (pas le code)",
	"the code %s is not valid yet: it can be used from %s":                                       "le code %s n'est pas encore valable : il peut être utilisé dès le %s",
	"the code %s expired: its last day was %s":                                                   "le code %s a expiré : son dernier jour était le %s",
	"the code %s has been used by as many orders as it allows (%d)":                              "le code %s a déjà été utilisé par autant de commandes qu'il le permet (%d)",
	"%s cannot be granted with your box-office profile":                                          "%s ne peut pas être accordé avec votre profil de guichet",
	"%s is not valid for the events or categories in the cart":                                   "%s n'est pas valable pour les événements ou les catégories du panier",
	"%s is valid only on these prices: %s":                                                       "%s n'est valable qu'aux tarifs : %s",
	"%s reduces nothing here: every ticket it is valid for is an invitation":                     "%s ne réduit rien ici : chaque billet pour lequel il est valable est une invitation",
	"%s allows at most %d tickets per order":                                                     "%s permet au plus %d billets par commande",
	"%s allows at most %d tickets per order for %s":                                              "%s permet au plus %d billets par commande pour %s",
	"the offer %q has only %d of its %d tickets left%s":                                          "il ne reste que %[2]d des %[3]d billets de l'offre « %[1]s »%[4]s",
	"the offer %q has reached its quota of %d tickets%s":                                         "l'offre « %s » a atteint son quota de %d billets%s",
	"this code":                               "ce code",
	"the automatic offer %q":                  "l'offre automatique « %s »",
	" for ":                                   " pour ",
	"customers who have ordered before":       "aux clients ayant déjà commandé",
	"newsletter subscribers":                  "aux abonnés de la newsletter",
	"a chosen list of customers":              "à une liste choisie de clients",
	" or ":                                    " ou ",
	"%s is reserved for %s":                   "%s est réservé %s",
	": attach the customer to the cart first": " : associez d'abord le client au panier",
	", and this customer is not one of them":  ", et ce client n'en fait pas partie",
}

// AutomaticOffer is the automatic offer in effect at now: the first, in
// catalog order, that is enabled and valid (seed 002: "only one automatic
// promo code must be in effect at a given time otherwise the first on the
// list will be used"). nil when there is none.
func (c *Catalog) AutomaticOffer(now time.Time) *Offer {
	for i := range c.Offers {
		if o := &c.Offers[i]; o.Automatic && o.InEffect(now) {
			return o
		}
	}
	return nil
}

// CodeEntryOpen reports whether a code may be typed at all: some offer with
// codes is in effect and no automatic offer is (seed 002).
func (c *Catalog) CodeEntryOpen(now time.Time) bool {
	if c.AutomaticOffer(now) != nil {
		return false
	}
	for i := range c.Offers {
		if o := &c.Offers[i]; !o.Automatic && o.InEffect(now) {
			return true
		}
	}
	return false
}

// applyPromotions is step 2 of pricing. A typed code is checked and applied;
// if it is refused the refusal is recorded and the cart is priced as if it
// had not been typed. Without a usable code, the automatic offer in effect
// applies when it fits the cart. A cart holding a gift voucher or a product
// takes no offer at all (seed 000), and those lines are never discounted.
func applyPromotions(c *Catalog, cart Cart, ctx PricingContext, pc *PricedCart) error {
	auto := c.automaticIn(ctx.Promo, ctx.Now)
	mixed := cart.HasVoucherOrProduct()
	if typed := NormalizeCode(cart.Code); typed != "" {
		ref := c.applyCode(typed, auto, mixed, ctx, pc)
		if ref == nil {
			return nil
		}
		pc.Refusal, pc.CodeRefused = ref, ref.Message
	}
	if auto != nil && !mixed {
		// An automatic offer that does not fit the cart (other events, a
		// customer it is not for) simply does not apply; one the cart is
		// over the limits of says why (seed 000: "an error message will
		// indicate ... the maximum number has been exceeded").
		if ref := c.applyOffer(auto, "", ctx, pc); ref != nil && (ref.Reason == RefusedTooManyTickets || ref.Reason == RefusedQuotaReached) {
			pc.AutoRefusal = ref
		}
	}
	return nil
}

func (c *Catalog) applyCode(code string, auto *Offer, mixed bool, ctx PricingContext, pc *PricedCart) *CodeRefusal {
	if auto != nil {
		return refuse(ctx.Lang, code, RefusedAutomaticOffer, "the automatic offer %q is in effect: no other code can be used while it runs", auto.Name.In(ctx.Lang))
	}
	if mixed {
		return refuse(ctx.Lang, code, RefusedVoucherOrProduct, "a cart holding a gift voucher or a product cannot take a promo code: sell those in a separate order")
	}
	k, ok := lookupCode(c, ctx.Promo, code)
	if !ok {
		return refuse(ctx.Lang, code, RefusedUnknown, "there is no promo code %s: check how it is spelled", code)
	}
	o, ok := c.offerIn(ctx.Promo, k.Offer)
	if !ok {
		return refuse(ctx.Lang, code, RefusedUnknown, "there is no promo code %s: check how it is spelled", code)
	}
	if k.Disabled {
		return refuse(ctx.Lang, code, RefusedDisabled, "the code %s is disabled", code)
	}
	if o.Disabled { // the offer, not the code: enabling the code would change nothing
		return refuse(ctx.Lang, code, RefusedDisabled, "the offer %q of the code %s is disabled: an administrator enables the offer (not the code)", o.Name.In(ctx.Lang), code)
	}
	switch o.ValidAt(ctx.Now) {
	case -1:
		return refuse(ctx.Lang, code, RefusedNotYetValid, "the code %s is not valid yet: it can be used from %s", code, FormatDate(o.from, ctx.Lang))
	case 1:
		return refuse(ctx.Lang, code, RefusedExpired, "the code %s expired: its last day was %s", code, FormatDate(o.until.AddDate(0, 0, -1), ctx.Lang))
	}
	if k.MaxUses > 0 && ctx.Promo != nil && ctx.Promo.CodeUses(code) >= k.MaxUses {
		return refuse(ctx.Lang, code, RefusedUsedUp, "the code %s has been used by as many orders as it allows (%d)", code, k.MaxUses)
	}
	return c.applyOffer(o, code, ctx, pc)
}

// lookupCode finds a code in the register's state, or among the catalog's
// own codes when pricing has no state (tests, tools).
func lookupCode(c *Catalog, st PromoState, code string) (Code, bool) {
	if st != nil {
		return st.Code(code)
	}
	for _, o := range c.Offers {
		for _, k := range o.Codes {
			if k.Code == code {
				k.Offer = o.ID
				return k, true
			}
		}
	}
	return Code{}, false
}

// offerPlan is which lines benefit from an offer and how many tickets.
type offerPlan struct {
	lines   []int        // indexes into PricedCart.Lines
	units   []Money      // new unit price for a price-list change (else unused)
	itemOf  []int        // scope item index per benefiting line, -1: none
	paid    []int        // the lines that are not invitations (Comp)
	tickets int          // tickets and passes that benefit (invitations not)
	perItem map[int]int  // scope item index -> tickets
	items   []*ScopeItem // offer's scope items, events then passes
}

// applyOffer checks an offer's target, scope and limits against the cart
// and, when they hold, applies its effect. It changes nothing on refusal.
func (c *Catalog) applyOffer(o *Offer, code string, ctx PricingContext, pc *PricedCart) *CodeRefusal {
	what := say(ctx.Lang, "this code")
	if code == "" {
		what = fmt.Sprintf(say(ctx.Lang, "the automatic offer %q"), o.Name.In(ctx.Lang))
	}
	if !profileAllowed(o, ctx.Seller) {
		return refuse(ctx.Lang, code, RefusedNotForProfile, "%s cannot be granted with your box-office profile", what)
	}
	if ref := customerAllowed(ctx.Lang, o, ctx.Customer, code, what); ref != nil {
		return ref
	}
	plan := c.planOffer(o, pc.Lines)
	if len(plan.lines) == 0 && pc.Tickets > 0 {
		if lists := c.listsPassing(o.PriceListControl, ctx.Lang); lists != "" {
			// say which prices the code needs ("valid on weekday prices")
			return refuse(ctx.Lang, code, RefusedNotForCart, "%s is valid only on these prices: %s", what, lists)
		}
		return refuse(ctx.Lang, code, RefusedNotForCart, "%s is not valid for the events or categories in the cart", what)
	}
	if len(plan.lines) > 0 && len(plan.paid) == 0 {
		// it would reduce nothing, yet count as used: a code's single
		// use, an offer's order, spent on invitations
		return refuse(ctx.Lang, code, RefusedNotForCart, "%s reduces nothing here: every ticket it is valid for is an invitation", what)
	}
	if o.MaxPerOrder > 0 && plan.tickets > o.MaxPerOrder {
		return refuse(ctx.Lang, code, RefusedTooManyTickets, "%s allows at most %d tickets per order", what, o.MaxPerOrder)
	}
	for i, n := range plan.perItem {
		if s := plan.items[i]; s.PerOrder > 0 && n > s.PerOrder {
			return refuse(ctx.Lang, code, RefusedTooManyTickets, "%s allows at most %d tickets per order for %s", what, s.PerOrder, c.itemName(s, ctx.Lang))
		}
	}
	st := ctx.Promo
	if o.MaxTickets > 0 {
		used := 0
		if st != nil {
			used = st.OfferTickets(o.ID, "")
		}
		if used+plan.tickets > o.MaxTickets {
			return quotaRefusal(ctx.Lang, code, o.Name.In(ctx.Lang), "", o.MaxTickets, used)
		}
	}
	for i, n := range plan.perItem {
		s := plan.items[i]
		if s.Quota == 0 {
			continue
		}
		used := 0
		if st != nil {
			used = st.OfferTickets(o.ID, s.Key())
		}
		if used+n > s.Quota {
			return quotaRefusal(ctx.Lang, code, o.Name.In(ctx.Lang), say(ctx.Lang, " for ")+c.itemName(s, ctx.Lang), s.Quota, used)
		}
	}
	applyEffect(o, plan, pc, ctx.Lang)
	pc.Offer = &AppliedOffer{ID: o.ID, Name: o.Name.In(ctx.Lang), Description: Clean(o.Description.In(ctx.Lang), false),
		Code: code, Automatic: o.Automatic, offer: o}
	return nil
}

func quotaRefusal(lang Lang, code, offer, forWhat string, quota, used int) *CodeRefusal {
	if left := quota - used; left > 0 {
		return refuse(lang, code, RefusedQuotaReached, "the offer %q has only %d of its %d tickets left%s", offer, left, quota, forWhat)
	}
	return refuse(lang, code, RefusedQuotaReached, "the offer %q has reached its quota of %d tickets%s", offer, quota, forWhat)
}

// listsPassing names the price lists a price-list control lets through
// ("" when the control is empty or none passes).
func (c *Catalog) listsPassing(ctl LabelControl, lang Lang) string {
	if ctl.IsZero() {
		return ""
	}
	var names []string
	for i := range c.PriceLists {
		if ctl.Allows(c.PriceLists[i].Labels) {
			names = append(names, c.PriceLists[i].Name.In(lang))
		}
	}
	return strings.Join(names, ", ")
}

// CodeOffersFor reports whether an offer with codes is in effect now for
// this seller (seed 002): the code field takes a code only then. st is the
// register's state (its offers when it changed some; nil: the catalog's).
func (c *Catalog) CodeOffersFor(s Seller, now time.Time, st PromoState) bool {
	if c.automaticIn(st, now) != nil {
		return false // while an automatic offer runs, pricing takes no code
	}
	for _, o := range c.offersIn(st) {
		if !o.Automatic && o.InEffect(now) && profileAllowed(o, s) {
			return true
		}
	}
	return false
}

// profileAllowed: an offer limited to box-office profiles is granted by
// staff with one of them, and by administrators, who may do everything; a
// reseller's own profile may also list the offers it grants.
func profileAllowed(o *Offer, s Seller) bool {
	if !s.CanGrant(o.ID) {
		return false
	}
	if len(o.Profiles) == 0 {
		return true
	}
	if s.Kiosk {
		return false
	}
	if s.Profile == nil {
		return true // administrators
	}
	return allowed(o.Profiles, s.Profile.ID)
}

func customerAllowed(lang Lang, o *Offer, cf *CustomerFacts, code, what string) *CodeRefusal {
	t := o.Customers
	if t.IsZero() {
		return nil
	}
	if cf != nil && ((t.PreviousBuyers && cf.PreviousBuyer) || (t.Newsletter && cf.Newsletter) || (cf.ID != "" && contains(t.Chosen, cf.ID))) {
		return nil
	}
	var who []string
	if t.PreviousBuyers {
		who = append(who, say(lang, "customers who have ordered before"))
	}
	if t.Newsletter {
		who = append(who, say(lang, "newsletter subscribers"))
	}
	if len(t.Chosen) > 0 {
		who = append(who, say(lang, "a chosen list of customers"))
	}
	msg := fmt.Sprintf(say(lang, "%s is reserved for %s"), what, strings.Join(who, say(lang, " or ")))
	if cf == nil || cf.ID == "" {
		msg += say(lang, ": attach the customer to the cart first")
	} else {
		msg += say(lang, ", and this customer is not one of them")
	}
	return &CodeRefusal{Code: code, Reason: RefusedNotForCustomer, Message: msg}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// planOffer finds the lines that benefit: tickets and passes in the offer's
// scope that pass its label controls. Gift vouchers and products never do.
// An invitation (a line with a Comp reason) is free whatever the offer
// (applyComps, after it): it may take a price-list change's list, but it
// counts in none of the offer's limits and takes no share of an amount off
// the cart, which would be lost with it.
func (c *Catalog) planOffer(o *Offer, lines []PricedLine) offerPlan {
	plan := offerPlan{}
	for i := range o.Events {
		plan.items = append(plan.items, &o.Events[i])
	}
	for i := range o.Passes {
		plan.items = append(plan.items, &o.Passes[i])
	}
	for i := range lines {
		item, unit, ok := c.benefits(o, &lines[i])
		if !ok {
			continue
		}
		plan.lines = append(plan.lines, i)
		plan.units = append(plan.units, unit)
		plan.itemOf = append(plan.itemOf, item)
		if strings.TrimSpace(Clean(lines[i].Comp, false)) != "" {
			continue
		}
		plan.paid = append(plan.paid, i)
		plan.tickets += lines[i].Quantity
		if item >= 0 {
			if plan.perItem == nil {
				plan.perItem = map[int]int{}
			}
			plan.perItem[item] += lines[i].Quantity
		}
	}
	return plan
}

// benefits decides for one line: the scope item it counts under (-1 when
// the offer has no scope), and for a price-list change its new unit price.
func (c *Catalog) benefits(o *Offer, l *PricedLine) (item int, unit Money, ok bool) {
	scoped := len(o.Events) > 0 || len(o.Passes) > 0
	item = -1
	switch l.Kind {
	case LineTicket:
		perf, ok := c.PerformanceByID(l.Performance)
		if !ok {
			return 0, unit, false
		}
		ev, _ := c.EventByID(perf.Event)
		if scoped {
			item = -1
			for i := range o.Events {
				if s := &o.Events[i]; (s.Event == "" || s.Event == perf.Event) && (s.Performance == "" || s.Performance == perf.ID) &&
					(s.Zone == "" || s.Zone == l.Zone) && (s.Category == "" || s.Category == l.Category) {
					item = i
					break
				}
			}
			if item < 0 {
				return 0, unit, false
			}
		}
		var evLabels, listLabels, catLabels []string
		if ev != nil {
			evLabels = ev.Labels
		}
		if pl, ok := c.PriceListByID(perf.PriceList); ok {
			listLabels = pl.Labels
		}
		if cat, ok := c.CategoryByID(l.Category); ok {
			catLabels = cat.Labels
		}
		if !o.PerformanceControl.Allows(perf.Labels, evLabels) || !o.PriceListControl.Allows(listLabels) || !o.CategoryControl.Allows(catLabels) {
			return 0, unit, false
		}
		if o.Effect == EffectPriceList {
			m, ok := c.PriceFor(o.PriceList, l.Category, l.Zone)
			return item, m, ok
		}
		return item, unit, l.PriceList != ""
	case LinePass:
		if o.Effect == EffectPriceList || !o.PerformanceControl.IsZero() || !o.PriceListControl.IsZero() || !o.CategoryControl.IsZero() {
			return 0, unit, false // a pass has no date, price list or category to pass a control
		}
		if scoped {
			for i := range o.Passes {
				if o.Passes[i].Pass == l.Item {
					return len(o.Events) + i, unit, true
				}
			}
			return 0, unit, false
		}
		return -1, unit, true
	}
	return 0, unit, false
}

// applyEffect changes the charged prices of the lines that benefit.
func applyEffect(o *Offer, plan offerPlan, pc *PricedCart, lang Lang) {
	name := o.Name.In(lang)
	switch o.Effect {
	case EffectPercent:
		for _, i := range plan.lines {
			l := &pc.Lines[i]
			l.Charged = l.Unit.Minus(l.Unit.Percent(o.PercentBP)).Times(l.Quantity)
		}
	case EffectAmountPerTicket:
		for _, i := range plan.lines {
			l := &pc.Lines[i]
			l.Charged = l.Unit.Minus(l.Unit.Min(o.Amount)).Times(l.Quantity)
		}
	case EffectAmountOffCart:
		spreadOff(o.Amount, plan.paid, pc.Lines)
	case EffectPriceList:
		for j, i := range plan.lines {
			l := &pc.Lines[i]
			if l.PriceList == "" { // not on the regular list: the offer's price is the only one
				l.Unit, l.Regular = plan.units[j], plan.units[j].Times(l.Quantity)
			}
			l.PriceList = o.PriceList
			l.Charged = plan.units[j].Times(l.Quantity)
		}
	}
	for j, i := range plan.lines {
		pc.Lines[i].Offer = name
		if it := plan.itemOf[j]; it >= 0 {
			pc.Lines[i].OfferItem = plan.items[it].Key()
		}
	}
}

// spreadOff takes amount off the charged prices of the given lines, never
// more than they cost, in proportion to what each costs. The centimes left
// by rounding down go one each to the lines with the largest remainders, the
// earlier line first on a tie, so the split is the same every time.
func spreadOff(amount Money, idx []int, lines []PricedLine) {
	var total int64
	for _, i := range idx {
		total += lines[i].Charged.Amount
	}
	if total <= 0 {
		return
	}
	off := min(amount.Amount, total)
	shares := make([]int64, len(idx))
	rems := make([]uint64, len(idx))
	var given int64
	for j, i := range idx {
		hi, lo := bits.Mul64(uint64(off), uint64(lines[i].Charged.Amount))
		q, r := bits.Div64(hi, lo, uint64(total))
		shares[j], rems[j] = int64(q), r
		given += int64(q)
	}
	order := make([]int, len(idx))
	for j := range order {
		order[j] = j
	}
	sort.SliceStable(order, func(a, b int) bool { return rems[order[a]] > rems[order[b]] })
	for k := 0; given < off; k++ {
		shares[order[k]]++
		given++
	}
	for j, i := range idx {
		lines[i].Charged.Amount -= shares[j]
	}
}

// itemName names a scope item for a person: "Hamlet, Stalls, Child".
func (c *Catalog) itemName(s *ScopeItem, lang Lang) string {
	var parts []string
	if s.Pass != "" {
		if p, ok := c.PassByID(s.Pass); ok {
			return p.Name.In(lang)
		}
		return s.Pass
	}
	ev := s.Event
	if s.Performance != "" {
		if p, ok := c.PerformanceByID(s.Performance); ok {
			ev = p.Event
		}
	}
	var e *Event
	if x, ok := c.EventByID(ev); ok {
		e = x
		parts = append(parts, x.Name.In(lang))
	}
	if s.Performance != "" {
		if p, ok := c.PerformanceByID(s.Performance); ok {
			parts = append(parts, FormatDateTime(p.Start.In(c.loc), lang))
		}
	}
	if s.Zone != "" && e != nil {
		if v, ok := c.VenueByID(e.Venue); ok {
			for _, z := range v.Zones {
				if z.ID == s.Zone {
					parts = append(parts, z.Name.In(lang))
				}
			}
		}
	}
	if s.Category != "" {
		if cat, ok := c.CategoryByID(s.Category); ok {
			parts = append(parts, cat.Name.In(lang))
		}
	}
	return strings.Join(parts, ", ")
}

// OfferUsage is what an order (or a held cart) counts against its offer's
// quotas: tickets and passes that benefited, under "" for the whole offer
// and under the scope item each line counted under (PricedLine.OfferItem).
// It needs no catalog, so a journal view can fold it.
func OfferUsage(lines []PricedLine) map[string]int {
	var out map[string]int
	for i := range lines {
		l := &lines[i]
		if l.Offer == "" || (l.Kind != LineTicket && l.Kind != LinePass) {
			continue
		}
		if out == nil {
			out = map[string]int{}
		}
		out[""] += l.Quantity
		if l.OfferItem != "" {
			out[l.OfferItem] += l.Quantity
		}
	}
	return out
}

// OfferedPrice is the unit price a screen shows next to a category it
// offers (OfferedCategories): the offer's list's when a price-list offer
// applies to it, else the regular list's. The cart's pricing decides.
func (c *Catalog) OfferedPrice(perf *Performance, zone, category string, applied *AppliedOffer) (Money, bool) {
	if applied != nil {
		if o, ok := applied.resolved(c); ok && o.Effect == EffectPriceList {
			l := PricedLine{CartLine: CartLine{Kind: LineTicket, Performance: perf.ID, Zone: zone, Category: category, Quantity: 1}}
			if _, m, ok := c.benefits(o, &l); ok {
				return m, true
			}
		}
	}
	return c.PriceFor(perf.PriceList, category, zone)
}

// OfferedCategories is what a screen offers for a performance and zone: the
// categories of its regular price list, or, when a price-list offer applies
// to this performance, those of the offer's list that pass its category
// control (seed 002: "only the ticket categories offered by the new price
// list that meet the targeting will be displayed").
func (c *Catalog) OfferedCategories(perf *Performance, zone string, applied *AppliedOffer) []*Category {
	regular := c.CategoriesOn(perf.PriceList, zone)
	if applied == nil {
		return regular
	}
	o, ok := applied.resolved(c)
	if !ok || o.Effect != EffectPriceList {
		return regular
	}
	var out []*Category
	for _, cat := range c.CategoriesOn(o.PriceList, zone) {
		l := PricedLine{CartLine: CartLine{Kind: LineTicket, Performance: perf.ID, Zone: zone, Category: cat.ID, Quantity: 1}}
		if _, _, ok := c.benefits(o, &l); ok {
			out = append(out, cat)
		}
	}
	if len(out) == 0 {
		return regular // the offer does not reach this performance
	}
	return out
}
