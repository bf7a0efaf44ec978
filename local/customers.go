package local

import (
	"fmt"
	"strings"

	"guichet/pos"
)

// Customers imported from a file, and an order's customer set or changed
// after the sale (seed 003).

// TypeOrderCustomer sets or changes the customer of a recorded order.
const TypeOrderCustomer = "order.customer" // orderCustomer

type orderCustomer struct {
	Order    string `json:"order"`
	Customer string `json:"customer"`           // "" takes the customer off
	Previous string `json:"previous,omitempty"` // the customer it had
	State    string `json:"state"`              // the order's state then (by_customer counts orders not canceled)
}

// SetOrderCustomer sets, changes or (id "") removes the customer of a
// recorded order. Durable when it returns.
func (t *Till) SetOrderCustomer(number, id string) error {
	return t.r.update(t.r.now(), "", t.staff.ID, func(w *writer) error {
		ov, ok, err := getOrder(w.tx, number)
		if err != nil {
			return err
		}
		if !ok {
			return pos.Errorf("order %s: %w", number, ErrNotFound)
		}
		if id != "" {
			if found, err := getJSON(view(w.tx, vCustomers), []byte(id), &pos.Customer{}); err != nil {
				return err
			} else if !found {
				return pos.Errorf("customer %s: %w", id, ErrNotFound)
			}
		}
		if ov.Order.Customer == id {
			return nil
		}
		_, err = w.append(TypeOrderCustomer, orderCustomer{Order: number, Customer: id, Previous: ov.Order.Customer, State: ov.Order.State})
		return err
	})
}

// ImportCustomers records the customers of a CSV file
// (pos.ParseCustomersCSV), all or none, in one transaction: a row whose
// e-mail is a customer's updates that record (of customers who share it,
// the one of the row's name, else the first who had it) (what the file has no column
// for is kept), and so does a row without an e-mail, of the customer
// without one of the same name and phone (pos.SameCustomer): a file
// imported twice records nobody twice. It returns the customers
// as recorded.
func (r *Register) ImportCustomers(staff string, data []byte) ([]pos.Customer, error) {
	var out []pos.Customer
	now := r.now()
	err := r.update(now, "", staff, func(w *writer) error {
		byEmail := map[string][]pos.Customer{} // in the order of their ids: a family may share one
		byID := map[string]pos.Customer{}
		var noEmail []pos.Customer // in the order of their ids: the first of a name is found
		if err := view(w.tx, vCustomers).ForEach(func(k, _ []byte) error {
			var c pos.Customer
			if _, err := getJSON(view(w.tx, vCustomers), k, &c); err != nil {
				return err
			}
			byID[c.ID] = c
			if c.Email != "" {
				byEmail[c.Email] = append(byEmail[c.Email], c)
			} else {
				noEmail = append(noEmail, c)
			}
			return nil
		}); err != nil {
			return err
		}
		taken := map[string]bool{} // a record is one row's: two Luc Noir of a file are two people
		list, err := pos.ParseCustomersCSV(data, func(row pos.Customer) (pos.Customer, bool) {
			if row.Email != "" {
				// of the customers sharing it, the one of the row's name,
				// else the first who had it
				list := byEmail[row.Email]
				for _, c := range list {
					if strings.EqualFold(c.Name, row.Name) {
						return c, true
					}
				}
				if len(list) > 0 {
					return list[0], true
				}
				return pos.Customer{}, false
			}
			for _, c := range noEmail {
				if !taken[c.ID] && pos.SameCustomer(row, c) {
					taken[c.ID] = true
					return c, true
				}
			}
			return pos.Customer{}, false
		})
		if err != nil {
			return err
		}
		for _, c := range list {
			p := customerSaved{Customer: c}
			if old, ok := byID[c.ID]; ok && c.ID != "" {
				p.Customer.Created = old.Created
				if old.Newsletter && c.Newsletter {
					p.Customer.NewsletterSince = old.NewsletterSince
				}
			} else {
				p.New = true
				p.Customer.ID = fmt.Sprintf("%s-C%05d", r.id, nextNumber(w.tx, "customers"))
				p.Customer.Created = now.UTC()
			}
			if p.Customer.Newsletter && p.Customer.NewsletterSince.IsZero() {
				p.Customer.NewsletterSince = now.UTC()
			}
			if _, err := w.append(TypeCustomerSaved, p); err != nil {
				return err
			}
			out = append(out, p.Customer)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
