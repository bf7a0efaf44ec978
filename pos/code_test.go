package pos_test

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"testing"

	"guichet/pos"
)

func TestRandomCodesAreUniqueLongAndHaveNoLookAlikes(t *testing.T) {
	taken := map[string]bool{}
	codes, err := pos.GenerateCodes(2000, 8, func(s string) bool { return taken[s] }, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, k := range codes {
		if len(k) != 8 {
			t.Errorf("%s: %d characters, want 8", k, len(k))
		}
		if strings.ContainsAny(k, "0O1IL") {
			t.Errorf("%s has a look-alike character", k)
		}
		if seen[k] {
			t.Errorf("%s generated twice", k)
		}
		seen[k] = true
		if err := pos.CheckCodeText(k); err != nil {
			t.Error(err)
		}
	}
	if _, err := pos.GenerateCodes(1, 7, nil, rand.Reader); err == nil {
		t.Error("a 7-character random code was accepted")
	}
}

// A stream that repeats itself must not yield a code that already exists.
func TestRandomCodesSkipExistingCodes(t *testing.T) {
	stream := func() *bytes.Reader { return bytes.NewReader(bytes.Repeat([]byte{5, 9, 200, 17, 33, 2, 8, 44}, 4096)) }
	first, err := pos.GenerateCodes(1, 8, nil, stream())
	if err != nil {
		t.Fatal(err)
	}
	_, err = pos.GenerateCodes(1, 8, func(s string) bool { return s == first[0] }, stream())
	if err == nil || !strings.Contains(err.Error(), "make them longer") {
		t.Errorf("a stream that only repeats a taken code: %v", err)
	}
}

func TestUsedCodeCannotBeDeletedOnlyDisabled(t *testing.T) {
	c := promoDemo(t)
	b := pos.NewCodeBook(c)
	if err := b.Add(pos.Code{Code: "FRESH", Offer: "semaine"}, pos.Code{Code: "USED1", Offer: "semaine", MaxUses: 3}); err != nil {
		t.Fatal(err)
	}
	b.Record(&pos.AppliedOffer{ID: "semaine", Code: "USED1"}, map[string]int{"": 2}, +1)
	err := b.Delete("used1")
	if !errors.Is(err, pos.ErrCodeUsed) || !strings.Contains(err.Error(), "disable it instead") {
		t.Errorf("deleting a used code: %v", err)
	}
	if err := b.Delete(" fresh "); err != nil {
		t.Errorf("deleting an unused code: %v", err)
	}
	if _, ok := b.Code("FRESH"); ok {
		t.Error("FRESH still there after delete")
	}
	if err := b.SetDisabled("USED1", true); err != nil {
		t.Fatal(err)
	}
	if k, _ := b.Code("USED1"); !k.Disabled {
		t.Error("USED1 not disabled")
	}
	if got := pos.UsageText(b.CodeUses("USED1"), 3); got != "1 / 3" {
		t.Errorf("usage %q, want 1 / 3", got)
	}
	if got := pos.UsageText(0, 0); got != "0 / unlimited" {
		t.Errorf("usage %q", got)
	}
	// Adding a code that exists, or the same code twice, adds nothing.
	err = b.Add(pos.Code{Code: "NEW1", Offer: "semaine"}, pos.Code{Code: "SEMAINE", Offer: "semaine"})
	if err == nil || !strings.Contains(err.Error(), "SEMAINE already exists") {
		t.Errorf("adding an existing code: %v", err)
	}
	if _, ok := b.Code("NEW1"); ok {
		t.Error("a refused add added NEW1")
	}
}

func TestCodesCSVRoundTrip(t *testing.T) {
	codes := []pos.Code{
		{Code: "ALPHA-1", Offer: "x", MaxUses: 10},
		{Code: "BETA_2", Offer: "x", Disabled: true},
		{Code: "ÉTÉ2026", Offer: "x", MaxUses: 1},
	}
	var buf bytes.Buffer
	if err := pos.WriteCodesCSV(&buf, codes, func(string) int { return 4 }); err != nil {
		t.Fatal(err)
	}
	got, err := pos.ParseCodesCSV(buf.Bytes(), "x", nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if fmt.Sprint(got) != fmt.Sprint(codes) {
		t.Errorf("round trip:\n got %v\nwant %v", got, codes)
	}
}

func TestCodesCSVAcceptsBOMSemicolonsAndTheExample(t *testing.T) {
	for _, tc := range []struct {
		name string
		file string
		want string
	}{
		{"the example file", pos.CodesCSVExample, "SUMMER2026/100 VIP-ANNA/1 K7PXM3QH/1"},
		{"BOM and semicolons", "\xef\xbb\xbfCode;Max uses\r\nsummer ;5\r\n;\r\nwinter;\r\n", "SUMMER/5 WINTER/0"},
		{"only a code column", "code\nabc\n", "ABC/0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := pos.ParseCodesCSV([]byte(tc.file), "x", nil)
			if err != nil {
				t.Fatal(err)
			}
			var s []string
			for _, k := range got {
				s = append(s, fmt.Sprintf("%s/%d", k.Code, k.MaxUses))
			}
			if strings.Join(s, " ") != tc.want {
				t.Errorf("got %v, want %s", s, tc.want)
			}
		})
	}
}

func TestCodesCSVImportIsAllOrNothingAndNamesEveryBadLine(t *testing.T) {
	file := "code,max_uses\nGOOD1,1\nGOOD1,2\nSEMAINE,1\nBAD3,many\nBAD4,-1\n,3\nA B,1\n"
	exists := func(s string) bool { return s == "SEMAINE" }
	codes, err := pos.ParseCodesCSV([]byte(file), "x", exists)
	var ie *pos.CodesImportError
	if !errors.As(err, &ie) || codes != nil {
		t.Fatalf("codes %v, err %v", codes, err)
	}
	want := map[int]string{3: "duplicate of line 2", 4: "SEMAINE already exists", 5: `max_uses "many"`, 6: `max_uses "-1"`, 7: "no code", 8: "letters, digits"}
	got := map[int]string{}
	for _, p := range ie.Problems {
		got[p.Line] = p.Problem
	}
	for line, s := range want {
		if !strings.Contains(got[line], s) {
			t.Errorf("line %d: %q, want it to mention %q", line, got[line], s)
		}
	}
	if len(ie.Problems) != len(want) {
		t.Errorf("%d problems, want %d: %v", len(ie.Problems), len(want), ie.Problems)
	}
	if !strings.HasPrefix(err.Error(), "nothing was imported") {
		t.Errorf("message %q", err)
	}
}

func TestCodesCSVAtMost500PerImport(t *testing.T) {
	file := func(n int) []byte {
		var b strings.Builder
		b.WriteString("code,max_uses\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "CODE%04d,1\n", i)
		}
		return []byte(b.String())
	}
	if codes, err := pos.ParseCodesCSV(file(500), "x", nil); err != nil || len(codes) != 500 {
		t.Errorf("500 codes: %d, %v", len(codes), err)
	}
	codes, err := pos.ParseCodesCSV(file(501), "x", nil)
	if err == nil || codes != nil || !strings.Contains(err.Error(), "at most 500") {
		t.Errorf("501 codes: %d codes, %v", len(codes), err)
	}
}

func TestCodesCSVBadHeaderAndEncoding(t *testing.T) {
	for _, tc := range []struct{ name, file, substr string }{
		{"no code column", "name,max_uses\nA,1\n", `no "code" column`},
		{"unknown column", "code,colour\nABC,red\n", `unknown column "colour"`},
		{"not UTF-8", "code\nCAF\xe9\n", "not UTF-8"},
		{"empty", "", "empty"},
		{"header only", "code\n", "no codes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := pos.ParseCodesCSV([]byte(tc.file), "x", nil)
			if err == nil || !strings.Contains(err.Error(), tc.substr) {
				t.Errorf("%v, want %q", err, tc.substr)
			}
		})
	}
}

// FuzzParseCodesCSV: whatever the file, an import either fails with every
// code refused or returns valid, unique, normalised codes.
func FuzzParseCodesCSV(f *testing.F) {
	f.Add([]byte(pos.CodesCSVExample))
	f.Add([]byte("\xef\xbb\xbfcode;max_uses\nA\x00B;1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		codes, err := pos.ParseCodesCSV(data, "x", nil)
		if err != nil {
			if codes != nil {
				t.Fatal("codes returned with an error")
			}
			return
		}
		if err := pos.CheckNewCodes(codes, nil); err != nil {
			t.Fatalf("accepted codes are not valid: %v", err)
		}
	})
}

// A code a spreadsheet would read as a formula is refused at import, - as
// well as = + @; an over-long code is named by its first 40 characters
// (issue 11 point 8).
func TestCodesCSVRefusesFormulasAndShortensLongCodes(t *testing.T) {
	long := strings.Repeat("ABCDEFGHIJ", 4) + strings.Repeat("Z", 960)
	for _, tc := range []struct {
		code, want string
	}{
		{"-SUMMER", `code "-SUMMER": a code starts with a letter or a digit (a spreadsheet reads '-' as the start of a formula)`},
		{"-1+2", `code "-1+2": a code starts with a letter or a digit`},
		{"_ABC", `code "_ABC": a code starts with a letter or a digit`},
		{"=SUM(A1)", `use letters, digits, '-' and '_' only`},
		{"+ABC", `use letters, digits, '-' and '_' only`},
		{"@ABC", `use letters, digits, '-' and '_' only`},
		{long, `code "` + strings.Repeat("ABCDEFGHIJ", 4) + `…": a code has 3 to 32 characters`},
	} {
		_, err := pos.ParseCodesCSV([]byte("code\nGOOD1\n"+tc.code+"\n"), "x", nil)
		var ie *pos.CodesImportError
		if !errors.As(err, &ie) || len(ie.Problems) != 1 {
			t.Errorf("%.50s: %v, want one problem", tc.code, err)
			continue
		}
		if p := ie.Problems[0]; p.Line != 3 || !strings.Contains(p.Problem, tc.want) || strings.Contains(p.Problem, "ZZ") {
			t.Errorf("%.50s: line %d %q, want line 3 saying %q", tc.code, p.Line, p.Problem, tc.want)
		}
	}
	if err := pos.CheckCodeText("SUMMER-2026"); err != nil {
		t.Errorf("a dash inside a code: %v", err)
	}
}

// Seed 002: "if it has been used by customers it cannot be destroyed". A
// cancellation gives the use back to the quantity allowed, but the order
// was made with the code (and stays in the journal naming it): the code
// was used, and can only be disabled.
func TestACodeUsedOnceCannotBeDeletedAfterItsOrderIsCanceled(t *testing.T) {
	for _, tc := range []struct {
		name     string
		signs    []int // Record's signs, in order: +1 an order, -1 its cancellation
		uses     int   // counted against the quantity allowed
		deletion bool  // the code may be deleted
	}{
		{"never used", nil, 0, true},
		{"used by an order standing", []int{+1}, 1, false},
		{"its only order canceled", []int{+1, -1}, 0, false},
		{"two orders, both canceled", []int{+1, +1, -1, -1}, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := pos.NewCodeBook(promoDemo(t))
			if err := b.Add(pos.Code{Code: "ONCE", Offer: "semaine", MaxUses: 1}); err != nil {
				t.Fatal(err)
			}
			for _, s := range tc.signs {
				b.Record(&pos.AppliedOffer{ID: "semaine", Code: "ONCE"}, map[string]int{"": 2}, s)
			}
			if n := b.CodeUses("ONCE"); n != tc.uses {
				t.Errorf("uses %d, want %d", n, tc.uses)
			}
			err := b.Delete("ONCE")
			if tc.deletion && err != nil {
				t.Errorf("deleting: %v", err)
			}
			if !tc.deletion && !errors.Is(err, pos.ErrCodeUsed) {
				t.Errorf("deleting a code an order was made with: %v, want ErrCodeUsed", err)
			}
			if _, ok := b.Code("ONCE"); ok == tc.deletion {
				t.Errorf("code still there: %v, want %v", ok, !tc.deletion)
			}
		})
	}
}

// TestARefusedImportCountsItsProblems: a refused import said "(1
// problem(s))"; it says "1 problem" and "2 problems".
func TestARefusedImportCountsItsProblems(t *testing.T) {
	for _, tc := range []struct {
		file, want string
	}{
		{"code\nA B\n", "nothing was imported: fix the file and import it again (1 problem)\n  line 2: "},
		{"code\nA B\nC D\n", "nothing was imported: fix the file and import it again (2 problems)\n  line 2: "},
	} {
		_, err := pos.ParseCodesCSV([]byte(tc.file), "o", nil)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: %v, want it to begin %q", tc.file, err, tc.want)
		}
	}
}

// TestACodeThatExistsIsRefusedWithItsOffer: a new code refused because it
// exists names the offer that holds it, so a manager importing codes
// knows where it is ("code K7PXM3QH already exists" said nothing of
// which); a yes-or-no answer (the central server's) says as before.
func TestACodeThatExistsIsRefusedWithItsOffer(t *testing.T) {
	holder := func(code string) (string, bool) { return "cadeau", code == "K7PXM3QH" }
	exists := func(code string) bool { return code == "K7PXM3QH" }
	csv := []byte("code\nGOOD1\nK7PXM3QH\n")
	b := pos.NewCodeBook(promoDemo(t))
	for _, tc := range []struct {
		name string
		err  func() error
		want string
	}{
		{"add, with its holder", func() error {
			return pos.CheckNewCodesAgainst([]pos.Code{{Code: "GOOD1", Offer: "semaine"}, {Code: "K7PXM3QH", Offer: "semaine"}}, holder)
		}, "code K7PXM3QH already exists, in offer cadeau"},
		{"import, with its holder", func() error { _, err := pos.ParseCodesCSVAgainst(csv, "semaine", holder); return err }, "line 3: code K7PXM3QH already exists, in offer cadeau"},
		{"a code book's code", func() error {
			return b.Add(pos.Code{Code: "NEW1", Offer: "semaine"}, pos.Code{Code: "FAMILLE", Offer: "semaine"})
		}, "code FAMILLE already exists, in offer enfants"},
		{"add, yes or no", func() error {
			return pos.CheckNewCodes([]pos.Code{{Code: "K7PXM3QH", Offer: "semaine"}}, exists)
		}, "code K7PXM3QH already exists"},
		{"import, yes or no", func() error { _, err := pos.ParseCodesCSV(csv, "semaine", exists); return err }, "line 3: code K7PXM3QH already exists"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.err()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
			if !strings.Contains(tc.want, "in offer") && strings.Contains(err.Error(), "in offer") {
				t.Errorf("%v names an offer it was not told", err)
			}
		})
	}
}

// TestARefusedDeleteNamesTheCodesOffer: a used code refused for deletion
// names the offer that holds it, as a code refused for existing does, in
// the register's languages ("code DUO was used by 2 order(s)" left a
// manager to search every offer for it to disable it, and said it in
// English on a French counter).
func TestARefusedDeleteNamesTheCodesOffer(t *testing.T) {
	err := pos.CheckDelete(pos.Code{Code: "DUO", Offer: "bienvenue"}, 2)
	if !errors.Is(err, pos.ErrCodeUsed) {
		t.Fatalf("a used code deleted: %v", err)
	}
	for lang, want := range map[pos.Lang]string{
		pos.English: "code DUO, in offer bienvenue, was used by 2 order(s), canceled ones included: a code that was used cannot be deleted: disable it instead",
		pos.French:  "le code DUO, de l'offre bienvenue, a servi à 2 commande(s), annulées comprises : un code qui a servi ne peut pas être supprimé : désactivez-le plutôt",
	} {
		if got := pos.Say(err, lang); got != want {
			t.Errorf("%s:\n got %q\nwant %q", lang, got, want)
		}
	}
	if err.Error() != pos.Say(err, pos.English) {
		t.Errorf("Error() %q is not the English", err)
	}
	// With no offer known, it says so without one.
	if got := pos.Say(pos.CheckDelete(pos.Code{Code: "DUO"}, 1), pos.French); got != "le code DUO a servi à 1 commande(s), annulées comprises : un code qui a servi ne peut pas être supprimé : désactivez-le plutôt" {
		t.Errorf("no offer, in French: %q", got)
	}
	if err := pos.CheckDelete(pos.Code{Code: "DUO", Offer: "bienvenue"}, 0); err != nil {
		t.Errorf("an unused code refused: %v", err)
	}
}
