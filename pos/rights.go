package pos

import (
	"errors"
	"fmt"
	"strings"
)

// Action is something done at the desk that a reseller's profile must
// allow (seed 004): administrators may do them all.
type Action string

// The desk's actions.
const (
	ActCancel   Action = "cancel"   // cancel an order
	ActValidate Action = "validate" // validate an invoice's payment
	ActExchange Action = "exchange" // take tickets back for a credit
	ActReprint  Action = "reprint"  // print a ticket or receipt again
	ActComp     Action = "comp"     // give tickets free (invitations)
	ActCash     Action = "cash"     // put cash in or take it out of the drawer
	ActClose    Action = "close"    // the Z closure of a shift
	// ActCodes manages offers and promo codes: administrators only, no
	// profile grants it.
	ActCodes Action = "codes"
	// ActPINs lists the staff locked out by wrong PINs and lets them try
	// again: administrators only, no profile grants it.
	ActPINs Action = "pins"
	// ActCustomers imports customers from a CSV file: administrators only,
	// no profile grants it.
	ActCustomers Action = "customers"
)

// Actions is every desk action a profile may list, in the order screens
// and the documentation show them.
var Actions = []Action{ActCancel, ActValidate, ActExchange, ActReprint, ActComp, ActCash, ActClose}

// Which orders a profile sees at the desk.
const (
	OrdersOwn     = "own"     // the orders its member of staff sold (the default)
	OrdersProfile = "profile" // the orders sold by anyone with the same profile
	OrdersAll     = "all"     // every order of the register
)

// Any in a profile's passes, gift vouchers or products lists allows them all.
const Any = "*"

// defaultActions is what a reseller may do when the profile lists no
// actions: reprint what it sold, nothing else.
var defaultActions = []Action{ActReprint}

// ErrNotAllowed is wrapped by every refusal of a right: errors.Is tells a
// screen the profile is missing a right.
var ErrNotAllowed = errors.New("your profile does not allow it")

// RightError is a refused action: which right is missing.
type RightError struct {
	Action Action
	Order  string // the order acted on, when it is one the seller may not see
}

func (e *RightError) Error() string { return Say(e, "en") }

// Unwrap makes errors.Is(err, ErrNotAllowed) true.
func (e *RightError) Unwrap() error { return ErrNotAllowed }

// problem is the refusal as a sentence Say translates.
func (e *RightError) problem(lang Lang) error {
	if e.Order != "" {
		return Errorf("order %s was sold by someone else: your profile shows only %s", e.Order, sentence(lang, ordersWord(e.Action)))
	}
	return Errorf("your profile does not allow %s: ask an administrator", sentence(lang, actionWord(e.Action)))
}

// ordersWord carries the scope in the Action field of an order refusal.
func ordersWord(a Action) string {
	if a == OrdersProfile {
		return "your profile's orders"
	}
	return "your own orders"
}

func actionWord(a Action) string {
	switch a {
	case ActCancel:
		return "canceling orders"
	case ActValidate:
		return "validating invoice payments"
	case ActExchange:
		return "exchanging tickets"
	case ActReprint:
		return "reprinting tickets and receipts"
	case ActComp:
		return "giving free tickets"
	case ActCash:
		return "cash in or out of the drawer"
	case ActClose:
		return "the Z closure"
	case ActCodes:
		return "managing offers and codes"
	case ActCustomers:
		return "importing customers"
	case ActPINs:
		return "unlocking staff after wrong PINs"
	}
	return string(a)
}

// May reports whether the seller may take a desk action. The kiosk takes
// none.
func (s Seller) May(a Action) bool {
	switch {
	case s.Kiosk:
		// a visitor may exchange their own tickets (seed 004), nothing else
		return a == ActExchange
	case s.Staff == nil || s.Staff.Role == RoleAdmin:
		return true
	case a == ActCodes || a == ActCustomers || a == ActPINs:
		return false // administrators' only
	case a == ActComp && s.Profile != nil && s.Profile.Comps:
		return true // the profile's "comps": true (aftersale.go)
	case s.Profile == nil || s.Profile.Actions == nil:
		return has(defaultActions, a)
	}
	return has(s.Profile.Actions, a)
}

// Check is May as an error that names the missing right (nil: allowed).
func (s Seller) Check(a Action) error {
	if s.May(a) {
		return nil
	}
	return &RightError{Action: a}
}

// OrderScope is which orders the seller sees: OrdersAll for
// administrators, the profile's choice (OrdersOwn by default) for resellers.
func (s Seller) OrderScope() string {
	// the kiosk finds an order by its number (or e-mail) and its tickets'
	// numbers, which only the buyer has
	if s.Kiosk || s.Staff == nil || s.Staff.Role == RoleAdmin {
		return OrdersAll
	}
	if s.Profile == nil || s.Profile.Orders == "" {
		return OrdersOwn
	}
	return s.Profile.Orders
}

// SeesOrder reports whether the seller may see (and so act on) an order
// sold by staff.
func (c *Catalog) SeesOrder(s Seller, soldBy string) bool {
	switch s.OrderScope() {
	case OrdersAll:
		return true
	case OrdersProfile:
		if soldBy == s.ID() {
			return true
		}
		o, ok := c.StaffByID(soldBy)
		return ok && o.Role == RoleReseller && o.Profile == s.ProfileID()
	}
	return soldBy == s.ID()
}

// CheckOrder is SeesOrder as an error naming the order (nil: it may).
func (c *Catalog) CheckOrder(s Seller, number, soldBy string) error {
	if c.SeesOrder(s, soldBy) {
		return nil
	}
	scope := Action(OrdersOwn)
	if s.OrderScope() == OrdersProfile {
		scope = OrdersProfile
	}
	return &RightError{Action: scope, Order: number}
}

// CanSellItem reports whether the seller may sell a pass, gift voucher or
// product (kind is the cart line's kind). A reseller sells only what the
// profile lists ("*": all of that kind).
func (s Seller) CanSellItem(kind, id string) bool {
	if s.Profile == nil {
		return true
	}
	var list []string
	switch kind {
	case LinePass:
		list = s.Profile.Passes
	case LineVoucher:
		list = s.Profile.GiftVouchers
	case LineProduct:
		list = s.Profile.Products
	default:
		return true
	}
	for _, x := range list {
		if x == Any || x == id {
			return true
		}
	}
	return false
}

// ErrNotYourItem: the seller's profile does not list this pass, gift
// voucher or product.
var ErrNotYourItem = errors.New("your profile does not allow selling this item")

func has[T comparable](list []T, x T) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}

// ParseActions reads a comma-separated list of actions ("cancel,reprint").
func ParseActions(s string) ([]Action, error) {
	var out []Action
	for _, f := range strings.Split(s, ",") {
		a := Action(strings.TrimSpace(f))
		if a == "" {
			continue
		}
		if !has(Actions, a) {
			return nil, fmt.Errorf("unknown desk action %q (known: %s)", a, actionList())
		}
		out = append(out, a)
	}
	return out, nil
}

func actionList() string {
	s := make([]string, len(Actions))
	for i, a := range Actions {
		s[i] = string(a)
	}
	return strings.Join(s, ", ")
}

// checkProfileRights checks a profile's passes, gift vouchers, products,
// order scope and actions name what exists.
func (c *Catalog) checkProfileRights(p *problems, pr Profile) {
	items := []struct {
		what string
		list []string
		ok   func(string) bool
	}{
		{"pass", pr.Passes, func(id string) bool { _, ok := c.PassByID(id); return ok }},
		{"gift voucher", pr.GiftVouchers, func(id string) bool { _, ok := c.GiftVoucherByID(id); return ok }},
		{"product", pr.Products, func(id string) bool { _, ok := c.ProductByID(id); return ok }},
	}
	for _, it := range items {
		for _, id := range it.list {
			if id != Any && !it.ok(id) {
				p.add("profile %q: unknown %s %q", pr.ID, it.what, id)
			}
		}
	}
	switch pr.Orders {
	case "", OrdersOwn, OrdersProfile, OrdersAll:
	default:
		p.add("profile %q: orders is own, profile or all, not %q", pr.ID, pr.Orders)
	}
	for _, a := range pr.Actions {
		if !has(Actions, a) {
			p.add("profile %q: unknown action %q (known: %s)", pr.ID, a, actionList())
		}
	}
}
