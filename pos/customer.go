package pos

import (
	"strings"
	"time"
)

// Customer is a person an order can be attached to, to find it later, send
// the tickets or print the name.
type Customer struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	Email      string    `json:"email,omitempty"`
	Civility   string    `json:"civility,omitempty"` // "Monsieur", "Madame": an invoice's salutation
	Address    string    `json:"address,omitempty"`  // printed on an invoice
	Newsletter bool      `json:"newsletter,omitempty"`
	Created    time.Time `json:"created,omitzero"`
}

// Normalize cleans what was typed: no control characters, trimmed spaces,
// lower-case e-mail; it refuses a record nobody could find again.
func (c Customer) Normalize() (Customer, error) {
	c.Name = strings.Join(strings.Fields(Clean(c.Name, false)), " ")
	c.Email = strings.ToLower(strings.TrimSpace(Clean(c.Email, false)))
	switch {
	case c.Name == "":
		return c, Errorf("type the customer's name")
	case len([]rune(c.Name)) > 100:
		return c, Errorf("the name is longer than 100 characters")
	case c.Email != "" && (!strings.Contains(c.Email, "@") || strings.ContainsAny(c.Email, " ,;") ||
		strings.HasPrefix(c.Email, "@") || strings.HasSuffix(c.Email, "@")):
		return c, Errorf("the e-mail address does not look right (name@example.ch)")
	}
	return c, nil
}

// Matches reports whether a customer is found by a search: every word of the
// query appears in the name or the e-mail, ignoring case and accents, so
// "zoe" finds "Zoé Müller" and "ZOÉ" finds "zoe@example.ch".
func (c Customer) Matches(foldedQuery string) bool {
	hay := Fold(c.Name) + " " + Fold(c.Email)
	for _, w := range strings.Fields(foldedQuery) {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// SearchCustomers returns up to limit customers matching a query, in the
// order given.
func SearchCustomers(all []Customer, query string, limit int) []Customer {
	q := Fold(query)
	var out []Customer
	for _, c := range all {
		if c.Matches(q) {
			out = append(out, c)
			if limit > 0 && len(out) == limit {
				break
			}
		}
	}
	return out
}
