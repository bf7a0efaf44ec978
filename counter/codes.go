package counter

import (
	"io"

	"guichet/local"
	"guichet/pos"
)

// Offers and codes at the register (seeds 000–002): an administrator's
// screen manages them while the register sells, through these methods,
// with the same rules as `guichet codes`. Each checks the right first.

// CodeView is a code with its uses against the number permitted.
type CodeView = local.CodeView

// CodeEvent is one line of a code's history.
type CodeEvent = local.CodeEvent

// OfferView is an offer with its usage: tickets that benefited (MaxTickets
// its quota) and its codes.
type OfferView struct {
	Offer   *pos.Offer
	Tickets int
	Codes   int
	InForce bool // in effect now: enabled and valid today
}

// Offers lists the register's offers (the catalog's, as changed at the
// register, then those added there) with their usage.
func (t *Till) Offers() ([]OfferView, error) {
	if err := t.Check(pos.ActCodes); err != nil {
		return nil, err
	}
	offers, err := t.s.reg.Offers()
	if err != nil {
		return nil, err
	}
	now := t.s.now()
	var out []OfferView
	for _, o := range offers {
		n, err := t.s.reg.OfferUsage(o.ID)
		if err != nil {
			return nil, err
		}
		v := OfferView{Offer: o, Tickets: n, InForce: o.InEffect(now)}
		if !o.Automatic {
			codes, err := t.s.reg.Codes(o.ID)
			if err != nil {
				return nil, err
			}
			v.Codes = len(codes)
		}
		out = append(out, v)
	}
	return out, nil
}

// SaveOffer creates an offer or changes one (the catalog's included: the
// change overrides it), checked as the catalog's offers are.
func (t *Till) SaveOffer(o pos.Offer) (pos.Offer, error) {
	if err := t.Check(pos.ActCodes); err != nil {
		return pos.Offer{}, err
	}
	return t.s.reg.SaveOffer(t.Staff().ID, o)
}

// Codes lists an offer's codes with uses / permitted and state.
func (t *Till) Codes(offer string) ([]CodeView, error) {
	if err := t.Check(pos.ActCodes); err != nil {
		return nil, err
	}
	return t.s.reg.Codes(offer)
}

// AddCodes adds custom codes to an offer, all or none.
func (t *Till) AddCodes(offer string, codes []pos.Code) error {
	if err := t.Check(pos.ActCodes); err != nil {
		return err
	}
	return t.s.reg.AddCodes(t.Staff().ID, offer, codes)
}

// GenerateCodes adds n random codes, each allowed maxUses orders.
func (t *Till) GenerateCodes(offer string, n, length, maxUses int) ([]pos.Code, error) {
	if err := t.Check(pos.ActCodes); err != nil {
		return nil, err
	}
	return t.s.reg.GenerateCodes(t.Staff().ID, offer, n, length, maxUses)
}

// SetCodeMaxUses changes a code's quantity allowed (0: unlimited).
func (t *Till) SetCodeMaxUses(code string, maxUses int) error {
	if err := t.Check(pos.ActCodes); err != nil {
		return err
	}
	return t.s.reg.SetCodeMaxUses(t.Staff().ID, code, maxUses)
}

// CopyCode adds a code with another's settings.
func (t *Till) CopyCode(from, code string) (pos.Code, error) {
	if err := t.Check(pos.ActCodes); err != nil {
		return pos.Code{}, err
	}
	return t.s.reg.CopyCode(t.Staff().ID, from, code)
}

// SetCodeDisabled disables or enables a code.
func (t *Till) SetCodeDisabled(code string, disabled bool) error {
	if err := t.Check(pos.ActCodes); err != nil {
		return err
	}
	return t.s.reg.SetCodeDisabled(t.Staff().ID, code, disabled)
}

// DeleteCode deletes a code no order used (pos.ErrCodeUsed: disable it).
func (t *Till) DeleteCode(code string) error {
	if err := t.Check(pos.ActCodes); err != nil {
		return err
	}
	return t.s.reg.DeleteCode(t.Staff().ID, code)
}

// ExportCodes writes an offer's codes as CSV.
func (t *Till) ExportCodes(offer string, w io.Writer) error {
	if err := t.Check(pos.ActCodes); err != nil {
		return err
	}
	return t.s.reg.ExportCodes(offer, w)
}

// ImportCodes adds the codes of a CSV file, all or none; a
// *pos.CodesImportError lists every bad line.
func (t *Till) ImportCodes(offer string, data []byte) ([]pos.Code, error) {
	if err := t.Check(pos.ActCodes); err != nil {
		return nil, err
	}
	return t.s.reg.ImportCodes(t.Staff().ID, offer, data)
}

// CodeHistory is a code's history from the journal.
func (t *Till) CodeHistory(code string) ([]CodeEvent, error) {
	if err := t.Check(pos.ActCodes); err != nil {
		return nil, err
	}
	return t.s.reg.CodeHistory(code)
}

// CodeEntryOpen reports whether an offer with codes is in effect now for
// this till's seller, among the register's offers (seed 002).
func (t *Till) CodeEntryOpen() bool {
	offers, err := t.s.reg.Offers()
	if err != nil {
		return true // let the code be typed: pricing says what is wrong
	}
	return t.s.Catalog().CodeOffersFor(t.Seller(), t.s.now(), offerList(offers))
}

// offerList is a register's offers as pricing's state.
type offerList []*pos.Offer

func (l offerList) Offers() []*pos.Offer              { return l }
func (offerList) Code(string) (pos.Code, bool)        { return pos.Code{}, false }
func (offerList) CodeUses(string) int                 { return 0 }
func (offerList) OfferTickets(offer, item string) int { return 0 }
