package local

import (
	"bytes"
	"errors"
	"strings"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
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

// --- customer_search ---

// vCustomerSearch: customer id -> pos.Customer.SearchText (name and
// e-mail, folded).
const vCustomerSearch = "customer_search"

// applyCustomerSearch keeps each customer's search text (pos.Customer.
// SearchText: name and e-mail, folded) under their id: a search reads
// these few bytes a customer instead of decoding every record. A change
// to pos.Fold changes the text: it takes a new viewsFormat, so that the
// files' views are rebuilt.
func applyCustomerSearch(tx *bolt.Tx, e Entry) error {
	if e.Type != TypeCustomerSaved {
		return nil
	}
	var p customerSaved
	if err := e.decode(&p); err != nil {
		return err
	}
	return view(tx, vCustomerSearch).Put([]byte(p.Customer.ID), []byte(p.Customer.SearchText()))
}

// customersMatching calls found with the id of every customer a folded
// query finds (pos.Customer.Matches: each of its words in the name or the
// e-mail), in the order of their ids. It reads customer_search only: no
// record is decoded, and a customer the query does not name costs no
// allocation. found may stop the walk with errStop (returned as nil).
func customersMatching(tx *bolt.Tx, foldedQuery string, found func(id []byte) error) error {
	var words [][]byte
	for _, w := range strings.Fields(foldedQuery) {
		words = append(words, []byte(w))
	}
	err := view(tx, vCustomerSearch).ForEach(func(k, text []byte) error {
		for _, w := range words {
			if !bytes.Contains(text, w) {
				return nil
			}
		}
		return found(k)
	})
	if errors.Is(err, errStop) {
		return nil
	}
	return err
}

// searchedCustomer is the record of a customer customersMatching found.
// customer_search and customers are folded from the same entries: an id
// in one and not the other is a damaged view.
func searchedCustomer(tx *bolt.Tx, id []byte) (pos.Customer, error) {
	var c pos.Customer
	found, err := getJSON(view(tx, vCustomers), id, &c)
	if err == nil && !found {
		err = &DamagedViewError{Key: string(id), Err: errors.New("in customer_search, not in customers")}
	}
	return c, err
}
