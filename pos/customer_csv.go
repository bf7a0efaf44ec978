package pos

import (
	"strings"
)

// MaxCustomersPerImport is the most customers one CSV import may hold.
const MaxCustomersPerImport = 5000

// CustomersCSVExample is the example file `guichet customers example`
// prints. newsletter is yes or no (oui/non, 1/0); lang fr or en; a row whose
// e-mail is already a customer's updates that customer.
const CustomersCSVExample = `civility,first_name,last_name,email,phone,address,lang,newsletter,notes
Mme,Zoé,Müller,zoe.muller@example.org,+41 79 123 45 67,"Rue du Lac 4, 1000 Lausanne",fr,yes,abonnée depuis 2019
M.,John,Smith,john.smith@example.com,,,en,no,
`

// customerColumns are the columns an import knows.
var customerColumns = []string{"civility", "first_name", "last_name", "name", "email", "phone", "address", "lang", "newsletter", "notes"}

// CustomersImportError lists every problem of a refused import; nothing
// was imported.
type CustomersImportError struct {
	Problems []CSVProblem
}

func (e *CustomersImportError) Error() string { return refusedImport(e.Problems, English) }

// Say is the refusal in lang, every problem in it.
func (e *CustomersImportError) Say(lang Lang) string { return refusedImport(e.Problems, lang) }

// ParseCustomersCSV reads a customers file (for "chosen list" targeting
// and newsletter lists): a header row naming its columns (customerColumns;
// first_name and last_name, or name, are needed), UTF-8, commas or
// semicolons. existing finds the customer a row is (SameCustomer: the one
// with its e-mail, or for a row without one, the one without an e-mail of
// the same name and phone), whose record the row then updates, so that a
// file imported twice records nobody twice: the columns the file has replace its fields, and the
// fields it has no column for are kept (a list of names and e-mails keeps
// each customer's newsletter consent, language, address...). All or
// nothing: any problem gives a *CustomersImportError naming every bad
// line.
func ParseCustomersCSV(data []byte, existing func(row Customer) (Customer, bool)) ([]Customer, error) {
	r, col, probs := openCSV(data, customerColumns, strings.Join(customerColumns, ", "), "guichet customers example")
	if r == nil {
		return nil, &CustomersImportError{Problems: probs}
	}
	_, first := col["first_name"]
	_, last := col["last_name"]
	_, name := col["name"]
	if !name && !first && !last {
		probs = append(probs, csvProblem(1, Errorf("the header row has no first_name, last_name or name column (see guichet customers example)")))
	}
	if len(probs) > 0 {
		return nil, &CustomersImportError{Problems: probs}
	}
	var out []Customer
	firstLine := map[string]int{}
	for row := range csvRows(r, col, &probs) {
		if len(out) == MaxCustomersPerImport {
			row.bad("more than %d customers: split the file", MaxCustomersPerImport)
			break
		}
		bad, field := row.bad, row.field
		c := Customer{Civility: field("civility"), FirstName: field("first_name"), LastName: field("last_name"),
			Name: field("name"), Email: field("email"), Phone: field("phone"), Address: field("address"),
			Lang: Lang(strings.ToLower(field("lang"))), Notes: field("notes")}
		switch strings.ToLower(field("newsletter")) {
		case "", "no", "non", "0", "false", "n":
		case "yes", "oui", "1", "true", "y", "o":
			c.Newsletter = true
		default:
			bad("newsletter is yes or no, not %q", field("newsletter"))
			continue
		}
		c, err := c.Normalize()
		if err != nil {
			bad("%s", err)
			continue
		}
		if c.Email != "" {
			if prev, dup := firstLine[c.Email]; dup {
				bad("%s is a duplicate of line %d", c.Email, prev)
				continue
			}
			firstLine[c.Email] = row.line
		}
		if existing != nil {
			if old, ok := existing(c); ok {
				if c, err = updated(old, c, col); err != nil {
					bad("%s", err)
					continue
				}
			}
		}
		out = append(out, c)
	}
	if len(probs) > 0 {
		return nil, &CustomersImportError{Problems: probs}
	}
	if len(out) == 0 {
		return nil, &CustomersImportError{Problems: []CSVProblem{csvProblem(0, Errorf("the file has no customers, only its header row"))}}
	}
	return out, nil
}

// updated is the record old with the fields of row whose column the file
// has (col): the name as a whole when any name column is there.
func updated(old, row Customer, col map[string]int) (Customer, error) {
	has := func(name string) bool { _, ok := col[name]; return ok }
	c := old
	if has("name") || has("first_name") || has("last_name") {
		c.Name, c.FirstName, c.LastName = row.Name, row.FirstName, row.LastName
	}
	for name, f := range map[string]struct{ to, from *string }{
		"civility": {&c.Civility, &row.Civility}, "email": {&c.Email, &row.Email}, "phone": {&c.Phone, &row.Phone},
		"address": {&c.Address, &row.Address}, "notes": {&c.Notes, &row.Notes},
	} {
		if has(name) {
			*f.to = *f.from
		}
	}
	if has("lang") {
		c.Lang = row.Lang
	}
	if has("newsletter") {
		c.Newsletter = row.Newsletter
	}
	return c.Normalize()
}

// SameCustomer says whether an imported row is the customer c: the same
// e-mail; or, neither having one, the same name (whatever the case) and
// the same phone when both have one (two people of one name with
// different phones are two).
func SameCustomer(row, c Customer) bool {
	if row.Email != "" || c.Email != "" {
		return row.Email == c.Email
	}
	digits := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' || r == '+' {
				return r
			}
			return -1
		}, s)
	}
	return strings.EqualFold(row.Name, c.Name) &&
		(row.Phone == "" || c.Phone == "" || digits(row.Phone) == digits(c.Phone))
}
