package local

import (
	bolt "go.etcd.io/bbolt"
)

// grants: the capacity this register may sell, per zone of a performance.
func applyGrants(tx *bolt.Tx, e Entry) error {
	if e.Type != TypeCapacityGranted {
		return nil
	}
	var p capacityGranted
	if err := e.decode(&p); err != nil {
		return err
	}
	b := view(tx, vGrants)
	for _, g := range p.Grants {
		if err := putJSON(b, key(g.Performance, g.Zone), g); err != nil {
			return err
		}
	}
	return nil
}
