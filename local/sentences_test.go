package local

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"guichet/pos"
)

var anyVerb = regexp.MustCompile(`%(\[\d\])?[sqdvw]`)

// Each French sentence takes as many arguments as its English one.
func TestSentencesTranslatedWithTheSameArguments(t *testing.T) {
	for en, fr := range frenchSentences {
		if a, b := len(anyVerb.FindAllString(en, -1)), len(anyVerb.FindAllString(fr, -1)); a != b {
			t.Errorf("%q has %d arguments, its French %q has %d", en, a, fr, b)
		}
		if strings.Count(en, "%w") != strings.Count(fr, "%w") {
			t.Errorf("%q and its French %q wrap a different number of errors", en, fr)
		}
	}
	for _, m := range []map[string]string{frenchOrderStates, frenchTicketStates} {
		for en, fr := range m {
			if strings.Contains(en, "%") || strings.Contains(fr, "%") {
				t.Errorf("state word %q / %q holds a verb", en, fr)
			}
		}
	}
}

// Every sentence the register writes with pos.Errorf has its French, and
// so has every sentinel error a screen may show.
func TestEveryCounterSentenceHasItsFrench(t *testing.T) {
	files, err := filepath.Glob("*.go")
	must(t, err)
	fset := token.NewFileSet()
	n := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		must(t, err)
		ast.Inspect(f, func(node ast.Node) bool {
			call, ok := node.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Errorf" {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "pos" {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok {
				t.Errorf("%s: pos.Errorf with a format that is not a literal", fset.Position(call.Pos()))
				return true
			}
			format, _ := strconv.Unquote(lit.Value)
			n++
			if _, ok := frenchSentences[format]; !ok {
				t.Errorf("%s: %q has no French", fset.Position(call.Pos()), format)
			}
			return true
		})
	}
	if n < 30 {
		t.Errorf("found only %d pos.Errorf sentences: is the test still reading the register's files?", n)
	}
	for _, err := range []error{ErrLocked, ErrWrongPIN, ErrNoShift, ErrTillClosed, ErrNotFound, ErrBadSignature} {
		if pos.Say(err, "fr") == err.Error() {
			t.Errorf("%q has no French", err)
		}
	}
}

// TestCounterErrorsSpeakFrench: what the register refuses reaches the
// screen in French through pos.Say, in English through Error, and still
// matches its sentinel.
func TestCounterErrorsSpeakFrench(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	other, err := r.Unlock("claire", "1234") // a second screen of the same staff
	must(t, err)
	must(t, till.AddSeats("hamlet-00", "parterre", "adult", "E-5"))
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 60))
	_, err = till.Checkout(cash())
	must(t, err)
	must(t, till.AddSeats("hamlet-00", "parterre", "adult", "E-7"))

	noShift, err := r.Unlock("marc", "5678")
	must(t, err)
	must(t, noShift.AddItem(pos.LineProduct, "programme", 1))

	rep, err := till.XReport()
	must(t, err)
	call := func(err error) func() error { return func() error { return err } }
	for _, tc := range []struct {
		name     string
		do       func() error
		sentinel error
		en, fr   string
	}{
		{"seat sold", func() error { return other.AddSeats("hamlet-00", "parterre", "adult", "E-5") }, nil,
			"Row E, seat 5: already sold, choose another seat", "Rang E, place 5 : déjà vendue, choisissez-en une autre"},
		{"seat in another till's cart", func() error { return other.AddSeats("hamlet-00", "parterre", "adult", "E-7") }, nil,
			"Row E, seat 7: in another till's cart, choose another seat", "Rang E, place 7 : dans le panier d'une autre caisse, choisissez-en une autre"},
		{"zone sold out", func() error { return other.AddTickets("hamlet-00", "galerie", "child", 1) }, nil,
			"Standing gallery: sold out", "Galerie debout : complet"},
		{"no shift", func() error { _, err := noShift.Checkout(cash()); return err }, ErrNoShift,
			"no open shift: open your shift with a float first", "aucun service ouvert : ouvrez-le d'abord avec un fonds de caisse"},
		{"wrong PIN", func() error { _, err := r.Unlock("claire", "0000"); return err }, ErrWrongPIN,
			"wrong staff member or PIN", "collaborateur ou code PIN erroné"},
		{"unknown order", call(till.ValidatePayment("K01-999999", pos.Tender{})), ErrNotFound,
			"order K01-999999: not found", "commande K01-999999 : introuvable"},
		{"drawer short", call(till.CashMove(rep.Expected.Plus(chf(5)).Neg(), "bank")), nil,
			"the drawer should hold only " + rep.Expected.Format("en"), "la caisse ne devrait contenir que " + rep.Expected.Format("fr")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.do()
			if err == nil {
				t.Fatal("no error")
			}
			if tc.sentinel != nil && !errors.Is(err, tc.sentinel) {
				t.Errorf("%v does not match %v", err, tc.sentinel)
			}
			if err.Error() != tc.en {
				t.Errorf("Error() = %q, want %q", err.Error(), tc.en)
			}
			if got := pos.Say(err, "fr"); got != tc.fr {
				t.Errorf("Say(fr) = %q, want %q", got, tc.fr)
			}
			if got := pos.Say(err, "en"); got != tc.en {
				t.Errorf("Say(en) = %q, want %q", got, tc.en)
			}
		})
	}
}

// TestAShiftIsAServiceInFrench: the register's French called a shift a
// "session de caisse" ("aucune session de caisse ouverte", "votre session
// … est déjà ouverte") where the screens say "service" ("aucun service
// ouvert", "Ouvrir un service"): a cashier read two words for one thing.
// Every sentence about a shift says "service"; a till's session (a
// screen's login) is not a shift.
func TestAShiftIsAServiceInFrench(t *testing.T) {
	n := 0
	for en, fr := range frenchSentences {
		if !strings.Contains(en, "shift") {
			continue
		}
		n++
		if strings.Contains(fr, "session") || !strings.Contains(fr, "service") {
			t.Errorf("%q is about a shift, its French %q says session, not service", en, fr)
		}
	}
	if n < 4 {
		t.Errorf("only %d sentences about a shift: is the test still reading them?", n)
	}
	for _, tc := range []struct {
		err error
		fr  string
	}{
		{ErrNoShift, "aucun service ouvert : ouvrez-le d'abord avec un fonds de caisse"},
		{pos.Errorf("your shift %s is already open since %s: close it (Z) before opening another", "S-12", "08:00"), "votre service S-12 est déjà ouvert depuis 08:00 : clôturez-le (Z) avant d'en ouvrir un autre"},
		{pos.Errorf("shift %s: %w", "S-12", ErrNotFound), "service S-12 : introuvable"},
	} {
		if got := pos.Say(tc.err, pos.French); got != tc.fr {
			t.Errorf("%v in French:\n got %q\nwant %q", tc.err, got, tc.fr)
		}
	}
}
