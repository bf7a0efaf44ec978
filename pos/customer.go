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
	// The customer record of seed 003: first and last name (Name is
	// "first last" when they are given), phone, when the newsletter
	// consent was given (set by the register), notes for the box office.
	FirstName       string    `json:"first_name,omitempty"`
	LastName        string    `json:"last_name,omitempty"`
	Phone           string    `json:"phone,omitempty"`
	NewsletterSince time.Time `json:"newsletter_since,omitzero"`
	Notes           string    `json:"notes,omitempty"`
}

// maxNotes is what a customer's notes may hold.
const maxNotes = 500

// Normalize cleans what was typed: no control characters, trimmed spaces,
// lower-case e-mail; it refuses a record nobody could find again.
func (c Customer) Normalize() (Customer, error) {
	c.Name = strings.Join(strings.Fields(Clean(c.Name, false)), " ")
	c.Email = strings.ToLower(strings.TrimSpace(Clean(c.Email, false)))
	c.Civility = strings.Join(strings.Fields(Clean(c.Civility, false)), " ")
	c.Address = strings.TrimSpace(Clean(c.Address, true))
	c.FirstName = strings.Join(strings.Fields(Clean(c.FirstName, false)), " ")
	c.LastName = strings.Join(strings.Fields(Clean(c.LastName, false)), " ")
	c.Phone = strings.Join(strings.Fields(Clean(c.Phone, false)), " ")
	c.Notes = strings.TrimSpace(Clean(c.Notes, true))
	if full := strings.TrimSpace(c.FirstName + " " + c.LastName); full != "" {
		c.Name = full // the record's name is its first and last name
	}
	if !c.Newsletter {
		c.NewsletterSince = time.Time{}
	}
	switch {
	case c.Phone != "" && (strings.Trim(c.Phone, "0123456789 +-./()") != "" || len(c.Phone) > 30):
		return c, Errorf("the phone number %q has only digits, spaces and + - . / ( )", c.Phone)
	case len([]rune(c.Notes)) > maxNotes:
		return c, Errorf("the notes are longer than %d characters", maxNotes)
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
	hay := c.SearchText()
	for _, w := range strings.Fields(foldedQuery) {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// SearchText is what Matches looks a query's words up in: the name and
// the e-mail, folded (Fold). A register keeps it for each customer, so
// that a search need not decode every customer's whole record.
func (c Customer) SearchText() string {
	return Fold(c.Name) + " " + Fold(c.Email)
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
