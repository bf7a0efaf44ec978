package pos

// French for the e-mail sentences of pos (email.go, customer.go).
func init() {
	AddSentences("fr", map[string]string{
		"the e-mail address %q does not look right (name@example.ch)": "l'adresse e-mail %q ne semble pas juste (nom@exemple.ch)",
		"the customer's language is fr or en, not %q":                 "la langue du client est fr ou en, pas %q",
	})
}
