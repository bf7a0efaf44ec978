package local

import (
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// Codes changed at the register after they were added (seed 001
// "modify"): the code with its new settings replaces the one the catalog
// or an earlier entry gave. The payload is the whole code, so its view
// (codes) folds it without reading the catalog.
const TypeCodeChanged = "code.changed" // codeSet

type codeSet struct {
	Code pos.Code `json:"code"`
}

// SetCodeMaxUses changes how many orders may use a code (0: unlimited). It
// may not go below the orders that used it already. Durable when it
// returns nil.
func (r *Register) SetCodeMaxUses(staff, code string, maxUses int) error {
	code = pos.NormalizeCode(code)
	if maxUses < 0 {
		return pos.Errorf("the quantity allowed is a number of orders, 0 for unlimited")
	}
	return r.update(r.now(), "", staff, func(w *writer) error {
		st, k, err := r.existingCode(w.tx, code)
		if err != nil {
			return err
		}
		if used := st.CodeUses(code); maxUses > 0 && maxUses < used {
			return pos.Errorf("code %s was used by %d orders: allow at least %d, or disable it", code, used, used)
		}
		if k.MaxUses == maxUses {
			return nil
		}
		k.MaxUses, k.Disabled = maxUses, false // the state is code_flags' and the catalog's (codeState.Code)
		_, err = w.append(TypeCodeChanged, codeSet{Code: k})
		return err
	})
}

// CopyCode adds a new code with the settings of an existing one (its
// offer and quantity allowed; seed 002), enabled.
func (r *Register) CopyCode(staff, from, code string) (pos.Code, error) {
	from = pos.NormalizeCode(from)
	var k pos.Code
	err := r.read(func(tx *bolt.Tx) error {
		var err error
		_, k, err = r.existingCode(tx, from)
		return err
	})
	if err != nil {
		return pos.Code{}, err
	}
	k.Code, k.Disabled = code, false
	if err := r.AddCodes(staff, k.Offer, []pos.Code{k}); err != nil {
		return pos.Code{}, err
	}
	k.Code = pos.NormalizeCode(code)
	return k, nil
}

// CodeEvent is one line of a code's history: what happened, when, by whom
// and, for a use or its cancellation, the order.
type CodeEvent struct {
	Time  time.Time `json:"time"`
	What  string    `json:"what"`           // catalog (given by the catalog file: no time), created, used, unused (the order was canceled or its invoice lapsed), disabled, enabled, changed, deleted
	From  string    `json:"from,omitempty"` // created: custom, random or import
	Staff string    `json:"staff,omitempty"`
	Order string    `json:"order,omitempty"`
	Uses  int       `json:"max_uses,omitempty"` // created, changed: the quantity allowed
}

// CodeHistory is what the journal says of a code, oldest first (seed 002's
// "history"): read from the journal itself, not a view. A code the catalog
// file gives begins with a "catalog" event (its quantity allowed there),
// as the journal never created it; a code neither has is an error, not
// an empty history that would read as a code never used.
func (r *Register) CodeHistory(code string) ([]CodeEvent, error) {
	code = pos.NormalizeCode(code)
	var out []CodeEvent
	err := r.read(func(tx *bolt.Tx) error {
		if k, ok := codesOf(r.cat())[code]; ok {
			out = append(out, CodeEvent{What: "catalog", Uses: k.MaxUses})
		}
		err := forEachEntry(tx, 1, func(e Entry) error {
			ev := CodeEvent{Time: e.Time, Staff: e.Staff}
			switch e.Type {
			case TypeCodesAdded:
				var p codesAdded
				if err := e.decode(&p); err != nil {
					return err
				}
				i := slices.IndexFunc(p.Codes, func(k pos.Code) bool { return k.Code == code })
				if i < 0 {
					return nil
				}
				ev.What, ev.From, ev.Uses = "created", p.Source, p.Codes[i].MaxUses
			case TypeCodeDisabled, TypeCodeEnabled, TypeCodeDeleted:
				var p codeChanged
				if err := e.decode(&p); err != nil {
					return err
				}
				if p.Code != code {
					return nil
				}
				ev.What = map[string]string{TypeCodeDisabled: "disabled", TypeCodeEnabled: "enabled", TypeCodeDeleted: "deleted"}[e.Type]
			case TypeCodeChanged:
				var p codeSet
				if err := e.decode(&p); err != nil {
					return err
				}
				if p.Code.Code != code {
					return nil
				}
				ev.What, ev.Uses = "changed", p.Code.MaxUses
			case TypeOrderPlaced:
				var p orderPlaced
				if err := e.decode(&p); err != nil {
					return err
				}
				if p.Order.Offer == nil || p.Order.Offer.Code != code {
					return nil
				}
				ev.What, ev.Order = "used", p.Order.Number
			case TypeOrderCanceled, TypeOrderLapsed:
				var p orderCanceled
				if err := e.decode(&p); err != nil {
					return err
				}
				if p.Code != code {
					return nil
				}
				ev.What, ev.Order = "unused", p.Order
			default:
				return nil
			}
			out = append(out, ev)
			return nil
		})
		if err == nil && len(out) == 0 {
			return pos.Errorf("there is no code %s", code)
		}
		return err
	})
	return out, err
}

// OfferUsage is how many tickets benefited from an offer (orders not
// canceled), against its MaxTickets.
func (r *Register) OfferUsage(offer string) (int, error) {
	var n int
	err := r.read(func(tx *bolt.Tx) error { n = offerUsage(tx, offer); return nil })
	return n, err
}
