package pos

import "strings"

// takesASale is a method that can pay an order by itself: a voucher or an
// exchange credit only spends what an earlier sale left, so a counter
// offering only those could sell nothing new.
func (m *PaymentMethod) takesASale() bool { return m.Kind != KindVoucher && m.Kind != KindCredit }

// checkStaffMethods refuses a catalog whose counter could take no sale: a
// method without "staff": true is never offered there (Seller.CanTake),
// and such a catalog loaded silently, every sale then refused at payment.
// A profile resellers sell under listing only methods not open to staff
// is refused likewise (the kiosk's profile, which sells as a customer, is
// no reseller's).
func (c *Catalog) checkStaffMethods(p *problems) {
	if len(c.PaymentMethods) == 0 {
		p.add(`payment_methods: there is none, so no sale can be paid; add one, e.g. {"id": "cash", "kind": "cash", "name": "Cash", "staff": true}`)
		return
	}
	staff := false
	for i := range c.PaymentMethods {
		m := &c.PaymentMethods[i]
		staff = staff || m.Staff && m.takesASale()
	}
	if !staff {
		p.add(`payment_methods: none is offered at the counter, so every sale there would be refused; add "staff": true to the methods staff take (%s)`, c.methodIDs(func(m *PaymentMethod) bool { return m.takesASale() }))
		return
	}
	used := map[string]bool{} // the profiles resellers sell under (not the kiosk's, say)
	for _, s := range c.Staff {
		if s.Role == RoleReseller {
			used[s.Profile] = true
		}
	}
	for _, pr := range c.Profiles {
		if len(pr.PaymentMethods) == 0 || !used[pr.ID] {
			continue // every method open to staff, or no reseller's
		}
		ok := false
		for _, id := range pr.PaymentMethods {
			if m, found := c.PaymentMethodByID(id); found && m.Staff && m.takesASale() {
				ok = true
			}
		}
		if !ok {
			p.add(`profile %q: none of its payment methods (%s) is offered at the counter, so its resellers could sell nothing; list one with "staff": true (%s) or add "staff": true to one of its own`,
				pr.ID, strings.Join(pr.PaymentMethods, ", "), c.methodIDs(func(m *PaymentMethod) bool { return m.Staff && m.takesASale() }))
		}
	}
}

// KioskPays says, as a sentence, why a self-service kiosk could take no
// payment with this catalog: it pays on the card terminal only, with the
// methods offered to customers ("customer": true) of a terminal's kind.
// A kiosk refuses to start on such a catalog rather than let customers
// fill a cart they can never pay for.
func (c *Catalog) KioskPays() error {
	for i := range c.PaymentMethods {
		if m := &c.PaymentMethods[i]; m.Customer && m.NeedsReference() {
			return nil
		}
	}
	var ids []string
	for i := range c.PaymentMethods {
		if c.PaymentMethods[i].NeedsReference() {
			ids = append(ids, c.PaymentMethods[i].ID)
		}
	}
	if len(ids) == 0 {
		return Errorf(`no payment method of the catalog is offered on the kiosk, so no customer could pay there: add "customer": true to a card, postcard or twint method (the catalog has none of that kind yet)`)
	}
	return Errorf(`no payment method of the catalog is offered on the kiosk, so no customer could pay there: add "customer": true to a card, postcard or twint method (the catalog has %s)`, strings.Join(ids, ", "))
}

// methodIDs says which methods keep keeps, in each language (a sentence's
// argument).
func (c *Catalog) methodIDs(keep func(*PaymentMethod) bool) Text {
	var ids []string
	for i := range c.PaymentMethods {
		if keep(&c.PaymentMethods[i]) {
			ids = append(ids, c.PaymentMethods[i].ID)
		}
	}
	if len(ids) == 0 {
		return Text{"en": "the catalog has none of that kind yet", "fr": "le catalogue n'en a encore aucun de ce genre"}
	}
	return Text{"en": "the catalog has " + strings.Join(ids, ", "), "fr": "le catalogue a " + strings.Join(ids, ", ")}
}
