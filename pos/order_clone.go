package pos

import (
	"maps"
	"slices"
)

// Clone is a copy of o that shares no slice, map or pointer with it (time
// locations aside, which nobody changes): a memo of orders can hand one
// out, and its reader change it, without the next reader seeing that.
func (o Order) Clone() Order {
	o.Lines = slices.Clone(o.Lines)
	for i := range o.Lines {
		o.Lines[i].Answers = maps.Clone(o.Lines[i].Answers)
		o.Lines[i].Missing = slices.Clone(o.Lines[i].Missing)
	}
	if o.Offer != nil {
		a := *o.Offer
		o.Offer = &a
	}
	o.Fees = slices.Clone(o.Fees)
	o.Tickets = slices.Clone(o.Tickets)
	o.Payments = slices.Clone(o.Payments)
	for i := range o.Payments {
		if c := o.Payments[i].Card; c != nil {
			card := *c
			o.Payments[i].Card = &card
		}
		if l := o.Payments[i].Left; l != nil {
			left := *l
			o.Payments[i].Left = &left
		}
	}
	o.VAT = slices.Clone(o.VAT)
	return o
}
