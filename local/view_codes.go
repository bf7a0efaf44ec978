package local

import (
	bolt "go.etcd.io/bbolt"
)

// codes: the codes added at the register (codes.added) or changed there
// (code.changed, the catalog's included), until deleted. A code's state
// (disabled) is code_flags', a code added disabled included: its record
// here says enabled, so enabling it there makes it usable.
func applyCodes(tx *bolt.Tx, e Entry) error {
	b := view(tx, vCodes)
	switch e.Type {
	case TypeCodesAdded:
		var p codesAdded
		if err := e.decode(&p); err != nil {
			return err
		}
		for _, k := range p.Codes {
			k.Offer, k.Disabled = p.Offer, false // code_flags holds it
			if err := putJSON(b, []byte(k.Code), k); err != nil {
				return err
			}
		}
	case TypeCodeChanged:
		var p codeSet
		if err := e.decode(&p); err != nil {
			return err
		}
		return putJSON(b, []byte(p.Code.Code), p.Code)
	case TypeCodeDeleted:
		var p codeChanged
		if err := e.decode(&p); err != nil {
			return err
		}
		return b.Delete([]byte(p.Code))
	}
	return nil
}
