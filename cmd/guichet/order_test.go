package main

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"guichet/printers"
)

// placeReq is a place request for n standing places in the gallery of
// Hamlet tomorrow, with code and paid by method.
func placeReq(n int, code, method string) string {
	pay := `{"method": "` + method + `"}`
	if method == "cash" {
		pay = `{"method": "cash", "tendered": "CHF 500.00"}`
	}
	return `{"lang": "en", "cart": {"lines": [
	  {"kind": "ticket", "performance": "hamlet-01", "zone": "galerie", "category": "adult", "quantity": ` + itoa(n) + `}],
	  "code": "` + code + `"}, "payments": [` + pay + `]}`
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// placed runs guichet order place and reads its JSON; with no --float it
// gives --float 0 (the shift opened with no cash in the drawer, or carried on).
func placed(t *testing.T, dir, req string, args ...string) (orderOut, orderError, int) {
	t.Helper()
	if !slices.Contains(args, "--float") {
		args = append(args, "--float", "0")
	}
	out, stderr, code := runGuichet(t, dir, req, append([]string{"order", "place", "--db", "r.db", "--staff", "claire", "--pin", "1234"}, args...)...)
	var o orderOut
	var e orderError
	if code == 0 {
		if err := json.Unmarshal([]byte(out), &o); err != nil {
			t.Fatalf("output is not an order: %v\n%s%s", err, out, stderr)
		}
	} else if err := json.Unmarshal([]byte(out), &e); err != nil || e.Error == "" {
		t.Fatalf("exit %d without a JSON error: %s%s", code, out, stderr)
	}
	return o, e, code
}

// TestOrderPlaceCountsACodesQuantityAllowed: a code allowed for 2 orders
// serves two orders placed from the command line and refuses the third,
// as the screens would; the journal verifies after.
func TestOrderPlaceCountsACodesQuantityAllowed(t *testing.T) {
	dir := t.TempDir()
	if out, stderr, code := runGuichet(t, dir, "", "codes", "add", "--db", "r.db", "--offer", "bienvenue", "--max-uses", "2", "DUO", "--staff", "claire", "--pin", "1234"); code != 0 {
		t.Fatalf("codes add: exit %d\n%s%s", code, out, stderr)
	}
	var quoted struct{ Cart struct{ Total string } }
	out, _, _ := runGuichet(t, dir, strings.Replace(placeReq(2, "DUO", "cash"), `"lang"`, `"staff": "claire", "lang"`, 1), "quote", "--db", "r.db")
	if err := json.Unmarshal([]byte(out), &quoted); err != nil || quoted.Cart.Total == "" {
		t.Fatalf("quote: %v\n%s", err, out)
	}
	for i := range 2 {
		o, e, code := placed(t, dir, placeReq(2, "duo", "cash"))
		if code != 0 {
			t.Fatalf("order %d with DUO refused: %s", i+1, e.Error)
		}
		if len(o.Tickets) != 2 || o.State != "paid" || o.Change == nil || o.Tickets[0].QR == "" {
			t.Fatalf("order %d: %+v", i+1, o)
		}
		if o.Total.String() != quoted.Cart.Total {
			t.Fatalf("order %d total %s, quoted %s with the code", i+1, o.Total, quoted.Cart.Total)
		}
	}
	_, e, code := placed(t, dir, placeReq(1, "DUO", "cash"))
	if code != 1 || !strings.Contains(strings.ToLower(e.Error), "duo") {
		t.Fatalf("a third order with DUO: exit %d, %q", code, e.Error)
	}
	// DUO was used: it cannot be deleted, and the refusal names its offer,
	// in the command line's language.
	for lang, want := range map[string]string{
		"en": "code DUO, in offer bienvenue, was used by 2 order(s), canceled ones included: a code that was used cannot be deleted: disable it instead",
		"fr": "le code DUO, de l'offre bienvenue, a servi à 2 commande(s), annulées comprises : un code qui a servi ne peut pas être supprimé : désactivez-le plutôt",
	} {
		if _, stderr, code := runGuichet(t, dir, "", "codes", "delete", "DUO", "--db", "r.db", "--lang", lang, "--staff", "claire", "--pin", "1234"); code != 1 || !strings.Contains(stderr, want) {
			t.Fatalf("codes delete of a used code, --lang %s: exit %d, %q; want %q", lang, code, stderr, want)
		}
	}
	if out, _, code := runGuichet(t, dir, "", "journal", "verify", "--db", "r.db"); code != 0 {
		t.Fatalf("journal verify: %s", out)
	}
	var list []orderOut
	out, _, _ = runGuichet(t, dir, "", "order", "list", "--db", "r.db")
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 2 {
		t.Fatalf("order list: %v\n%s", err, out)
	}
}

// TestAPendingInvoiceHoldsTheOffersQuotaUntilCancelled: an offer that may
// benefit 3 tickets in all: a pending invoice order of 3 uses it up, so a
// fourth ticket is refused the offer; cancelling the invoice gives the
// quota back. Validating an invoice marks it paid; list --pending and
// show say the states.
func TestAPendingInvoiceHoldsTheOffersQuotaUntilCancelled(t *testing.T) {
	dir := t.TempDir()
	var demo map[string]any
	data, err := os.ReadFile("../../fixtures/demo.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &demo); err != nil {
		t.Fatal(err)
	}
	for _, o := range demo["offers"].([]any) {
		if o := o.(map[string]any); o["id"] == "bienvenue" {
			o["max_tickets"] = 3
		}
	}
	data, _ = json.Marshal(demo)
	if err := os.WriteFile(filepath.Join(dir, "cat.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	cat := []string{"--catalog", "cat.json"}
	inv, e, code := placed(t, dir, placeReq(3, "BIENVENUE", "invoice"), cat...)
	if code != 0 || inv.State != "pending_payment" || inv.Deadline.IsZero() {
		t.Fatalf("invoice order: exit %d %q %+v", code, e.Error, inv)
	}
	if _, e, code := placed(t, dir, placeReq(1, "BIENVENUE", "cash"), cat...); code != 1 || !strings.Contains(e.Error, "quota") {
		t.Fatalf("the offer's quota is used by the pending invoice, yet a fourth ticket got it (exit %d %q)", code, e.Error)
	}
	var pending []orderOut
	out, _, _ := runGuichet(t, dir, "", "order", "list", "--db", "r.db", "--pending", "--catalog", "cat.json")
	if err := json.Unmarshal([]byte(out), &pending); err != nil || len(pending) != 1 || pending[0].Order != inv.Order {
		t.Fatalf("order list --pending: %v\n%s", err, out)
	}
	out, stderr, code := runGuichet(t, dir, "", "order", "cancel", inv.Order, "--reason", "not paid", "--db", "r.db", "--staff", "claire", "--pin", "1234", "--catalog", "cat.json")
	if code != 0 || !strings.Contains(out, `"canceled"`) {
		t.Fatalf("cancel: exit %d\n%s%s", code, out, stderr)
	}
	o, e, code := placed(t, dir, placeReq(3, "BIENVENUE", "invoice"), cat...)
	if code != 0 {
		t.Fatalf("after the cancellation the quota is back, yet: %q", e.Error)
	}
	// a bank transfer without its reference is refused, saying --ref
	for _, m := range [][]string{nil, {"--method", "invoice"}, {"--ref", "  "}} {
		args := append([]string{"order", "validate", o.Order, "--db", "r.db", "--staff", "claire", "--pin", "1234", "--catalog", "cat.json", "--lang", "en"}, m...)
		if out, stderr, code := runGuichet(t, dir, "", args...); code == 0 || !strings.Contains(out+stderr, "--ref REF") {
			t.Fatalf("validate %v without a reference: exit %d\n%s%s", m, code, out, stderr)
		}
	}
	out, stderr, code = runGuichet(t, dir, "", "order", "validate", o.Order, "--method", "cash", "--tendered", "100", "--db", "r.db", "--staff", "claire", "--pin", "1234", "--catalog", "cat.json")
	if code != 0 || !strings.Contains(out, `"state": "paid"`) || !strings.Contains(out, `"kind": "cash"`) || !strings.Contains(out, `"tendered": "CHF 100.00"`) {
		t.Fatalf("validate: exit %d\n%s%s", code, out, stderr)
	}
	out, _, code = runGuichet(t, dir, "", "order", "show", strings.ToLower(o.Order), "--db", "r.db", "--catalog", "cat.json")
	var shown orderOut
	if err := json.Unmarshal([]byte(out), &shown); code != 0 || err != nil || shown.State != "paid" || shown.Tickets[0].State == "" {
		t.Fatalf("show: exit %d %v\n%s", code, err, out)
	}
	if out, _, code := runGuichet(t, dir, "", "order", "show", "K01-999999", "--db", "r.db", "--lang", "en"); code != 1 || !strings.Contains(out, "no order K01-999999") {
		t.Fatalf("show of an unknown order: exit %d %s", code, out)
	}
}

// TestOrderPlacePrintsItsTickets: with --printer the order's tickets print
// before the command exits, each with the QR payload the JSON gives.
func TestOrderPlacePrintsItsTickets(t *testing.T) {
	dir := t.TempDir()
	o, e, code := placed(t, dir, placeReq(2, "", "cash"), "--printer", "file:out.bin")
	if code != 0 {
		t.Fatal(e.Error)
	}
	data, err := os.ReadFile(filepath.Join(dir, "out.bin"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := printers.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	qrs := doc.QRCodes()
	if len(qrs) != 2 || qrs[0] != o.Tickets[0].QR || qrs[1] != o.Tickets[1].QR {
		t.Fatalf("printed QRs %q, the order's %+v", qrs, o.Tickets)
	}
}

// TestOrderRefusals: who sells must be said on a box office with staff; a
// request must say how it is paid and cannot choose its date.
func TestOrderRefusals(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		req  string
		args []string
		want string
	}{
		{"no staff", placeReq(1, "", "cash"), []string{"order", "place", "--db", "r.db"}, "staff list"},
		{"wrong PIN", placeReq(1, "", "cash"), []string{"order", "place", "--db", "r.db", "--staff", "claire", "--pin", "0000"}, "check --staff and --pin"},
		{"no payment", `{"cart": {"lines": [{"kind": "product", "item": "programme", "quantity": 1}]}}`, []string{"order", "place", "--db", "r.db", "--staff", "claire", "--pin", "1234"}, "how the order is paid"},
		{"a date", `{"now": "2020-01-01T10:00:00Z", "cart": {"lines": [{"kind": "product", "item": "programme", "quantity": 1}]}, "payments": [{"method": "cash"}]}`, []string{"order", "place", "--db", "r.db", "--staff", "claire", "--pin", "1234"}, "placed now"},
		{"a bad line", `{"cart": {"lines": [{"kind": "ticket", "performance": "nope", "zone": "x", "category": "adult", "quantity": 1}]}, "payments": [{"method": "cash"}]}`, []string{"order", "place", "--db", "r.db", "--staff", "claire", "--pin", "1234", "--float", "0"}, "nope"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, stderr, code := runGuichet(t, dir, tc.req, append(tc.args, "--lang", "en")...)
			var e orderError
			if code != 1 || json.Unmarshal([]byte(out), &e) != nil || !strings.Contains(e.Error, tc.want) {
				t.Fatalf("exit %d, want 1 with an error naming %q:\n%s%s", code, tc.want, out, stderr)
			}
		})
	}
}

// TestOrderCommandsOpenNoShiftSilently: a member of staff with no shift
// open is refused, with what to do, rather than given a shift with no
// float that the counter would then carry on without asking the cash in
// the drawer; --float opens it with the cash said, which the X report
// shows; a different float on an open shift is refused.
func TestOrderCommandsOpenNoShiftSilently(t *testing.T) {
	dir := t.TempDir()
	out, _, code := runGuichet(t, dir, placeReq(1, "", "cash"), "order", "place", "--db", "r.db", "--staff", "claire", "--pin", "1234", "--lang", "en")
	var e orderError
	_ = json.Unmarshal([]byte(out), &e)
	if code != 1 || !strings.Contains(e.Error, "claire has no open shift: open it at the counter with the float in the drawer first, or give --float AMOUNT") {
		t.Fatalf("no shift open: exit %d, %q", code, e.Error)
	}
	if _, err := os.Stat(filepath.Join(dir, "r.db")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the refused order made its file: %v", err) // a refused command writes nothing
	}
	placeJSONWith(t, dir, placeReq(1, "", "cash"), "--float", "150")
	var rep struct {
		Float string `json:"float"`
	}
	must(t, json.Unmarshal([]byte(guichetOK(t, dir, "", "report", "x", "--db", "r.db", "--json")), &rep))
	if rep.Float != "CHF 150.00" {
		t.Fatalf("X report float %q, want CHF 150.00", rep.Float)
	}
	if _, e, code := placed(t, dir, placeReq(1, "", "cash"), "--float", "0", "--lang", "en"); code != 1 || !strings.Contains(e.Error, "already open with a float of CHF 150.00: leave out --float") {
		t.Fatalf("another float on the open shift: exit %d, %q", code, e.Error)
	}
	placeJSONWith(t, dir, placeReq(1, "", "cash"), "--float", "150.00") // the same float: carries on
	if out, _, code := runGuichet(t, dir, placeReq(1, "", "cash"), "order", "place", "--db", "r.db", "--staff", "claire", "--pin", "1234"); code != 0 {
		t.Fatalf("no --float on the open shift: exit %d, %s", code, out) // carries on
	}
}

func placeJSONWith(t *testing.T, dir, req string, args ...string) orderOut {
	t.Helper()
	o, e, code := placed(t, dir, req, args...)
	if code != 0 {
		t.Fatalf("order place %v: %s", args, e.Error)
	}
	return o
}

// A file made as register K02 is K02's without --register: order place
// on it was refused ("r.db is the journal of register K02, not K01"), the
// flag's default taken for a register id asked for.
func TestOrderPlaceOnAnotherRegistersFile(t *testing.T) {
	dir := t.TempDir()
	_, e, code := placed(t, dir, placeReq(1, "", "cash"), "--register", "K02")
	if code != 0 {
		t.Fatal(e.Error)
	}
	o, e, code := placed(t, dir, placeReq(1, "", "cash"))
	if code != 0 {
		t.Fatalf("K02's file without --register: %s", e.Error)
	}
	if !strings.HasPrefix(o.Order, "K02-") {
		t.Errorf("order %s placed on K02's file", o.Order)
	}
	if _, e, code = placed(t, dir, placeReq(1, "", "cash"), "--register", "K03"); code == 0 || !strings.Contains(e.Error, "not K03") {
		t.Errorf("K02's file opened as K03: exit %d, %q", code, e.Error)
	}
}

// TestOrderPlaceSaysWhereTheCustomerGoes: a request naming its customer
// as guichet quote does ("customer": {"id": ...}) was placed without one
// (quote's facts are not the order's customer), so the order could not
// be found by the customer's name nor its tickets e-mailed. It is refused
// saying where the customer goes, placing nothing; named in the cart, the
// order is the customer's.
func TestOrderPlaceSaysWhereTheCustomerGoes(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "c.csv")
	if err := os.WriteFile(csv, []byte("first_name,last_name,email\nZoé,Müller,zoe@example.org\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	guichetOK(t, dir, "", "customers", "import", "--db", "r.db", csv, "--staff", "claire", "--pin", "1234")
	quoteForm := strings.Replace(placeReq(1, "", "cash"), `"cart"`, `"customer": {"id": "K01-C00001"}, "cart"`, 1)
	_, e, code := placed(t, dir, quoteForm)
	if code != 1 || !strings.Contains(e.Error, `"cart": {"customer": "K01-C00001"`) {
		t.Fatalf("an order request with quote's customer: exit %d, %q; want it refused saying where the customer goes", code, e.Error)
	}
	if out := guichetOK(t, dir, "", "order", "list", "--db", "r.db"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("the refused request placed an order:\n%s", out)
	}
	o, e, code := placed(t, dir, strings.Replace(placeReq(1, "", "cash"), `"cart": {`, `"cart": {"customer": "K01-C00001", `, 1))
	if code != 0 || o.Customer == nil || o.Customer.ID != "K01-C00001" {
		t.Fatalf("an order with the customer in its cart: exit %d %q, customer %+v", code, e.Error, o.Customer)
	}
}

// TestOrderListFindsACustomersOrders: the manager looking for the order
// Mme Müller placed had guichet order list's every order to read through
// (the counter's o finds by name or e-mail; the command line did not).
// --search finds as o does, --day keeps the orders placed that day.
func TestOrderListFindsACustomersOrders(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "c.csv")
	if err := os.WriteFile(csv, []byte("first_name,last_name,email\nZoé,Müller,zoe@example.org\nJohn,Smith,john@example.com\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	guichetOK(t, dir, "", "customers", "import", "--db", "r.db", csv, "--staff", "claire", "--pin", "1234")
	zurich, err := time.LoadLocation("Europe/Zurich") // the demo catalog's time_zone
	if err != nil {
		t.Fatal(err)
	}
	var numbers, days []string // the orders and the days they were placed, in the organiser's time zone
	for _, customer := range []string{"K01-C00001", "K01-C00002", "K01-C00001"} {
		o, e, code := placed(t, dir, strings.Replace(placeReq(1, "", "cash"), `"cart": {`, `"cart": {"customer": "`+customer+`", `, 1))
		if code != 0 {
			t.Fatalf("place for %s: %s", customer, e.Error)
		}
		numbers, days = append(numbers, o.Order), append(days, o.Placed.In(zurich).Format(time.DateOnly))
	}
	day, zoesThatDay := days[2], numbers[2]
	if days[0] == day { // not across a midnight
		zoesThatDay += " " + numbers[0]
	}
	listed := func(args ...string) string {
		var list []orderOut
		out := guichetOK(t, dir, "", append([]string{"order", "list", "--db", "r.db"}, args...)...)
		if err := json.Unmarshal([]byte(out), &list); err != nil {
			t.Fatalf("order list %v: %v\n%s", args, err, out)
		}
		var got []string
		for _, o := range list {
			got = append(got, o.Order)
		}
		return strings.Join(got, " ")
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--search", "muller"}, numbers[2] + " " + numbers[0]},
		{[]string{"--search", "john@example.com"}, numbers[1]},
		{[]string{"--search", "Dupont"}, ""},
		{[]string{"--day", day, "--search", "Zoé"}, zoesThatDay},
		{[]string{"--day", "2020-01-01"}, ""},
		{nil, numbers[2] + " " + numbers[1] + " " + numbers[0]},
	} {
		if got := listed(tc.args...); got != tc.want {
			t.Errorf("order list %v: %q, want %q", tc.args, got, tc.want)
		}
	}
	if out, _, code := runGuichet(t, dir, "", "order", "list", "--db", "r.db", "--day", "5.12"); code != 1 || !strings.Contains(out, "type it YYYY-MM-DD") {
		t.Errorf("order list --day 5.12: exit %d\n%s", code, out)
	}
}

// TestAnInvoiceIsInItsCustomersLanguage: guichet order invoice wrote an
// English customer's invoice in French (the catalog's first language)
// unless told --lang en, though the e-mailed invoice is in English: the
// copy posted to him read FACTURE. Without --lang it is now in the
// customer's language; --lang still chooses.
func TestAnInvoiceIsInItsCustomersLanguage(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "c.csv")
	if err := os.WriteFile(csv, []byte("civility,first_name,last_name,email,lang\nM.,John,Smith,john@example.com,en\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	guichetOK(t, dir, "", "customers", "import", "--db", "r.db", csv, "--staff", "claire", "--pin", "1234")
	o, e, code := placed(t, dir, strings.Replace(placeReq(2, "", "invoice"), `"cart": {`, `"cart": {"customer": "K01-C00001", `, 1))
	if code != 0 {
		t.Fatalf("an invoice for John Smith: %s", e.Error)
	}
	for _, tc := range []struct {
		args      []string
		want, not string
	}{
		{nil, "INVOICE", "FACTURE"},
		{[]string{"--lang", "fr"}, "FACTURE", "INVOICE"},
	} {
		text := guichetOK(t, dir, "", append([]string{"order", "invoice", o.Order, "--db", "r.db"}, tc.args...)...)
		if !strings.Contains(text, tc.want) || strings.Contains(text, tc.not) {
			t.Errorf("order invoice %v: want %s, not %s:\n%s", tc.args, tc.want, tc.not, text)
		}
	}
}

// TestAPaidInvoiceSaysWhenAndHowItWasPaid: once its payment was
// validated, guichet order invoice printed a receipt that said "Paid:
// Invoice CHF 77.60" and no more: not the customer it was made out to,
// not the day it was paid nor the bank transfer's reference, which the
// accountant matches against the bank statement.
func TestAPaidInvoiceSaysWhenAndHowItWasPaid(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "c.csv")
	if err := os.WriteFile(csv, []byte("civility,first_name,last_name,email,lang\nM.,John,Smith,john@example.com,en\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	guichetOK(t, dir, "", "customers", "import", "--db", "r.db", csv, "--staff", "claire", "--pin", "1234")
	o, e, code := placed(t, dir, strings.Replace(placeReq(2, "", "invoice"), `"cart": {`, `"cart": {"customer": "K01-C00001", `, 1))
	if code != 0 {
		t.Fatalf("an invoice for John Smith: %s", e.Error)
	}
	var paid orderOut
	must(t, json.Unmarshal([]byte(guichetOK(t, dir, "", "order", "validate", o.Order, "--ref", "BANK-42", "--db", "r.db", "--staff", "claire", "--pin", "1234")), &paid))
	if paid.State != "paid" {
		t.Fatalf("validated: %+v", paid)
	}
	zurich, err := time.LoadLocation("Europe/Zurich")
	must(t, err)
	// the day it was validated: the order's view has no field for it, the
	// journal's payment.validated entry's time is it (as the text dates it)
	var day string
	for _, l := range strings.Split(guichetOK(t, dir, "", "journal", "export", "--db", "r.db"), "\n") {
		var e struct {
			Type string
			Time time.Time
		}
		if json.Unmarshal([]byte(l), &e) == nil && e.Type == "payment.validated" {
			day = e.Time.In(zurich).Format("Mon 2 Jan 2006")
		}
	}
	if day == "" {
		t.Fatal("no payment.validated entry")
	}
	text := strings.Join(strings.Fields(guichetOK(t, dir, "", "order", "invoice", o.Order, "--db", "r.db")), " ")
	for _, want := range []string{"M. Smith John Smith", "Paid on " + day + ": bank transfer, ref. BANK-42"} {
		if !strings.Contains(text, want) {
			t.Errorf("the paid invoice lacks %q:\n%s", want, text)
		}
	}
}
