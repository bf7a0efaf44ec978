package pos

// Kinds of cart line.
const (
	LineTicket  = "ticket"
	LinePass    = "pass"
	LineVoucher = "gift_voucher"
	LineProduct = "product"
)

// CartLine is one thing the customer is buying. A ticket for a seated zone
// names its seat and has quantity 1; a general-admission ticket line has a
// quantity. Passes, gift vouchers and products name their Item.
type CartLine struct {
	Kind        string            `json:"kind"`
	Performance string            `json:"performance,omitempty"`
	Zone        string            `json:"zone,omitempty"`
	Category    string            `json:"category,omitempty"`
	Seat        string            `json:"seat,omitempty"`
	Item        string            `json:"item,omitempty"`
	Quantity    int               `json:"quantity"`
	Answers     map[string]string `json:"answers,omitempty"`     // per-price form: question id -> answer
	CustomText  string            `json:"custom_text,omitempty"` // printed on the ticket
	// Amount is a gift voucher's value chosen at the counter, when its
	// catalog entry allows a free amount (zero: its catalog value).
	Amount Money `json:"amount,omitzero"`
	// Comp is why the line is given (an invitation): it is then free,
	// whatever its price; only a seller who may give comps sets it.
	Comp string `json:"comp,omitempty"`
}

// Cart is an order being put together at the counter.
type Cart struct {
	Lines    []CartLine `json:"lines"`
	Code     string     `json:"code,omitempty"`     // promo code as typed
	Customer string     `json:"customer,omitempty"` // customer id, optional
	Methods  []string   `json:"payment_methods,omitempty"`
}

// Tickets counts the tickets and passes in the cart, invitations included
// (a fee per ticket counts only those paid for: see addFees).
func (c Cart) Tickets() int {
	n := 0
	for _, l := range c.Lines {
		if l.Kind == LineTicket || l.Kind == LinePass {
			n += l.Quantity
		}
	}
	return n
}

// HasVoucherOrProduct reports whether the cart holds a gift voucher or a
// product: such a cart cannot take a promo code (seed 000).
func (c Cart) HasVoucherOrProduct() bool {
	for _, l := range c.Lines {
		if takesNoCode(l.Kind) {
			return true
		}
	}
	return false
}

// HasVoucherOrProduct is Cart.HasVoucherOrProduct for a priced cart's
// lines (a screen asks it at each frame: no cart is rebuilt for it).
func (p PricedCart) HasVoucherOrProduct() bool {
	for _, l := range p.Lines {
		if takesNoCode(l.Kind) {
			return true
		}
	}
	return false
}

// takesNoCode: a line of this kind keeps its cart from taking a promo
// code (seed 000).
func takesNoCode(kind string) bool { return kind == LineVoucher || kind == LineProduct }
