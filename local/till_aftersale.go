package local

import (
	"strings"

	"guichet/pos"
)

// AddVoucher adds a gift voucher of a free amount (its catalog entry
// allows one, between its minimum and maximum): the seller types it.
func (t *Till) AddVoucher(item string, amount pos.Money) error {
	return t.edit(func(c *pos.Cart) error {
		c.Lines = append(c.Lines, pos.CartLine{Kind: pos.LineVoucher, Item: item, Quantity: 1, Amount: amount})
		return nil
	})
}

// SetComp gives a cart line free with a reason (an invitation), or takes
// the comp back (reason ""). Pricing refuses it to a seller who may not
// give comps; the reason goes into the order and the X/Z reports.
func (t *Till) SetComp(line int, reason string) error {
	return t.edit(func(c *pos.Cart) error {
		l, err := t.line(c, line)
		if err == nil {
			l.Comp = strings.TrimSpace(reason)
		}
		return err
	})
}
