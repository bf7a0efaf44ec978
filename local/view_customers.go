package local

import (
	bolt "go.etcd.io/bbolt"
)

// --- customers ---

func applyCustomers(tx *bolt.Tx, e Entry) error {
	if e.Type != TypeCustomerSaved {
		return nil
	}
	var p customerSaved
	if err := e.decode(&p); err != nil {
		return err
	}
	return putJSON(view(tx, vCustomers), []byte(p.Customer.ID), p.Customer)
}
