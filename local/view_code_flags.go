package local

import (
	bolt "go.etcd.io/bbolt"
)

// code_flags: any code disabled (added disabled, or since) or deleted, the
// catalog's included.
func applyCodeFlags(tx *bolt.Tx, e Entry) error {
	b := view(tx, vCodeFlags)
	var p codeChanged
	switch e.Type {
	case TypeCodeDisabled, TypeCodeEnabled, TypeCodeDeleted:
		if err := e.decode(&p); err != nil {
			return err
		}
	case TypeCodesAdded:
		var a codesAdded
		if err := e.decode(&a); err != nil {
			return err
		}
		for _, k := range a.Codes { // a code added again after a delete starts fresh
			var err error
			if k.Disabled { // imported disabled: enabled like any disabled code
				err = b.Put([]byte(k.Code), []byte("disabled"))
			} else {
				err = b.Delete([]byte(k.Code))
			}
			if err != nil {
				return err
			}
		}
		return nil
	default:
		return nil
	}
	switch e.Type {
	case TypeCodeDisabled:
		return b.Put([]byte(p.Code), []byte("disabled"))
	case TypeCodeEnabled:
		return b.Delete([]byte(p.Code))
	default:
		return b.Put([]byte(p.Code), []byte("deleted"))
	}
}
