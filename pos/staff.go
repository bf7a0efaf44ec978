package pos

import "crypto/subtle"

// Staff roles (seed 004): administrators sell everything; resellers sell
// what their profile allows.
const (
	RoleAdmin    = "admin"
	RoleReseller = "reseller"
)

// Staff is a person who sells at the counter.
type Staff struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	PIN     string `json:"pin"`
	Role    string `json:"role"`
	Profile string `json:"profile,omitempty"`
}

// CheckPIN compares in constant time, so timing tells nothing about the PIN.
func (s *Staff) CheckPIN(pin string) bool {
	return subtle.ConstantTimeCompare([]byte(s.PIN), []byte(pin)) == 1
}

// Profile limits what a reseller may sell, the payment methods they may take
// and the offers they may grant (an empty list of events, methods or offers
// means no limit); which passes, gift vouchers and products they may sell
// (only those listed, "*" for all); which orders they see at the desk
// (Orders: own, profile or all; default own) and which desk actions they
// may take (Actions; absent: reprint only, as seed 004's default reseller).
type Profile struct {
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	Events         []string `json:"events,omitempty"`
	PaymentMethods []string `json:"payment_methods,omitempty"`
	Offers         []string `json:"offers,omitempty"`
	Passes         []string `json:"passes,omitempty"`
	GiftVouchers   []string `json:"gift_vouchers,omitempty"`
	Products       []string `json:"products,omitempty"`
	Orders         string   `json:"orders,omitempty"`
	// Actions is nil when the catalog says nothing (reprint only) and
	// empty when it says [] (nothing at all): no omitempty, so a catalog
	// written back keeps the difference.
	Actions []Action `json:"actions"`
	// Comps lets its resellers give a line free with a reason (an
	// invitation); administrators always may.
	Comps bool `json:"comps,omitempty"`
}

// Seller is who is selling: a member of staff (with their profile when a
// reseller) or the self-service kiosk acting as the customer.
type Seller struct {
	Staff   *Staff
	Profile *Profile // nil for administrators and the kiosk
	Kiosk   bool
}

// SellerFor builds the Seller for a member of staff.
func (c *Catalog) SellerFor(staffID string) (Seller, bool) {
	s, ok := c.StaffByID(staffID)
	if !ok {
		return Seller{}, false
	}
	sel := Seller{Staff: s}
	if s.Role == RoleReseller {
		sel.Profile, _ = c.ProfileByID(s.Profile)
	}
	return sel, true
}

// KioskSeller is the self-service kiosk: it sells as a customer would.
func KioskSeller() Seller { return Seller{Kiosk: true} }

// ID names the seller in the journal.
func (s Seller) ID() string {
	if s.Staff != nil {
		return s.Staff.ID
	}
	return "kiosk"
}

// ProfileID is the box-office profile offers may target ("" for admins and kiosk).
func (s Seller) ProfileID() string {
	if s.Profile != nil {
		return s.Profile.ID
	}
	return ""
}

func allowed(list []string, id string) bool {
	if len(list) == 0 {
		return true
	}
	for _, x := range list {
		if x == id {
			return true
		}
	}
	return false
}

// CanSellEvent reports whether the seller may sell tickets for an event.
func (s Seller) CanSellEvent(eventID string) bool {
	return s.Profile == nil || allowed(s.Profile.Events, eventID)
}

// CanTake reports whether the seller may take a payment method.
func (s Seller) CanTake(m *PaymentMethod) bool {
	if s.Kiosk {
		return m.Customer
	}
	if !m.Staff {
		return false
	}
	return s.Profile == nil || allowed(s.Profile.PaymentMethods, m.ID)
}

// CanGrant reports whether the seller may apply an offer.
func (s Seller) CanGrant(offerID string) bool {
	return s.Profile == nil || allowed(s.Profile.Offers, offerID)
}
