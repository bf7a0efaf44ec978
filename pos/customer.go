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
	Newsletter bool      `json:"newsletter,omitempty"`
	Created    time.Time `json:"created,omitzero"`
	// For e-mails and invoices: the language the customer is written to
	// in (fr, en; "" the box office's default), their civility ("Mme",
	// "M.") and postal address (lines).
	Lang     Lang   `json:"lang,omitempty"`
	Civility string `json:"civility,omitempty"`
	Address  string `json:"address,omitempty"`
}

// Normalize cleans what was typed: no control characters, trimmed spaces,
// lower-case e-mail; it refuses a record nobody could find again.
func (c Customer) Normalize() (Customer, error) {
	c.Name = strings.Join(strings.Fields(Clean(c.Name, false)), " ")
	c.Email = strings.ToLower(strings.TrimSpace(Clean(c.Email, false)))
	c.Civility = strings.Join(strings.Fields(Clean(c.Civility, false)), " ")
	c.Address = strings.TrimSpace(Clean(c.Address, true))
	switch {
	case c.Name == "":
		return c, Errorf("type the customer's name")
	case len([]rune(c.Name)) > 100:
		return c, Errorf("the name is longer than 100 characters")
	case c.Email != "" && CheckEmail(c.Email) != nil:
		return c, CheckEmail(c.Email)
	case c.Lang != "" && !c.Lang.Known():
		return c, Errorf("the customer's language is fr or en, not %q", c.Lang)
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
