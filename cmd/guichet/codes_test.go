package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// promoQuote runs guichet quote on the demo box office on a Monday morning
// and decodes the priced cart.
func promoQuote(t *testing.T, extra string, cart string, args ...string) quoteResponse {
	t.Helper()
	req := `{"now":"2026-11-23T10:00:00+01:00","lang":"en"` + extra + `,"cart":` + cart + `}`
	out, errOut, _ := runGuichet(t, "", req, append([]string{"quote"}, args...)...)
	var resp quoteResponse
	if err := json.Unmarshal([]byte(out), &resp); err != nil {
		t.Fatalf("quote output %q (%s): %v", out, errOut, err)
	}
	return resp
}

func TestQuoteShowsEveryPromotionEffectOnTheDemo(t *testing.T) {
	ga := func(perf, cat string, q int) string {
		return fmt.Sprintf(`{"kind":"ticket","performance":"%s","zone":"galerie","category":"%s","quantity":%d}`, perf, cat, q)
	}
	for _, tc := range []struct {
		name     string
		extra    string
		lines    string
		code     string
		offer    string
		charged  []int64
		regular  []int64
		discount int64
	}{
		{"percent via price-list label (SEMAINE)", "", ga("hamlet-00", "adult", 2), "semaine", "semaine", []int64{4250}, []int64{5000}, 750},
		{"percent via category label (FAMILLE)", "", ga("hamlet-00", "adult", 1) + "," + ga("hamlet-00", "child", 2), "FAMILLE", "enfants", []int64{2500, 1920}, []int64{2500, 2400}, 480},
		{"fixed amount per ticket (BIENVENUE)", "", ga("hamlet-00", "adult", 3), "bienvenue", "bienvenue", []int64{6000}, []int64{7500}, 1500},
		{"fixed amount off the cart (single-use random code)", "", ga("hamlet-00", "adult", 1) + "," + ga("hamlet-00", "student", 1), "k7pxm3qh", "cadeau", []int64{2500 - 1163, 1800 - 837}, []int64{2500, 1800}, 2000},
		{"price-list change with a category the regular list lacks (AMIS)", "", ga("hamlet-00", "adult", 1) + "," + ga("hamlet-00", "friend", 1), "AMIS", "amis", []int64{2200, 1800}, []int64{2500, 1800}, 300},
		{"automatic offer in its window (festival week)", `,"today":"2026-10-26"`,
			`{"kind":"ticket","performance":"festival-j1","zone":"pelouse","category":"adult","quantity":2}`, "", "festival-auto", []int64{11000}, []int64{12000}, 1000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cart := fmt.Sprintf(`{"lines":[%s],"code":%q}`, tc.lines, tc.code)
			resp := promoQuote(t, tc.extra, cart)
			pc := resp.Cart
			if pc == nil || resp.Error != "" {
				t.Fatalf("error %q", resp.Error)
			}
			if pc.CodeRefused != "" || pc.Offer == nil || pc.Offer.ID != tc.offer {
				t.Fatalf("offer %+v refused %q, want %s", pc.Offer, pc.CodeRefused, tc.offer)
			}
			for i, l := range pc.Lines {
				if l.Charged.Amount != tc.charged[i] || l.Regular.Amount != tc.regular[i] {
					t.Errorf("line %d: regular %v charged %v, want %d and %d", i+1, l.Regular, l.Charged, tc.regular[i], tc.charged[i])
				}
				if l.Charged != l.Regular && l.Offer == "" {
					t.Errorf("line %d discounted without the offer's name", i+1)
				}
			}
			if pc.Discount.Amount != tc.discount {
				t.Errorf("discount %v, want %d", pc.Discount, tc.discount)
			}
		})
	}
}

func TestQuoteShowsWhyACodeIsRefused(t *testing.T) {
	resp := promoQuote(t, "", `{"lines":[{"kind":"ticket","performance":"hamlet-00","zone":"galerie","category":"adult","quantity":5}],"code":"BIENVENUE"}`)
	if resp.Cart == nil || resp.Cart.Refusal == nil {
		t.Fatalf("response %+v", resp)
	}
	if r := resp.Cart.Refusal; r.Reason != "too_many_tickets" || r.Message != "this code allows at most 4 tickets per order" {
		t.Errorf("refusal %+v", r)
	}
	if resp.Cart.Total.Amount != 12500 {
		t.Errorf("total %v, want the regular CHF 125.00", resp.Cart.Total)
	}
}

func TestCodesCommandsKeepCodesInTheRegistersFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	run := func(stdin string, args ...string) (string, string, int) {
		return runGuichet(t, dir, stdin, append(args, "--db", db)...)
	}
	if out, errOut, code := run("", "codes", "add", "--lang", "en", "--offer", "enfants", "--max-uses", "1", "petit-1", "--staff", "claire", "--pin", "1234"); code != 0 {
		t.Fatalf("add: %s %s", out, errOut)
	}
	out, errOut, code := run("", "codes", "generate", "--lang", "en", "--offer", "cadeau", "--count", "5", "--length", "9", "--staff", "claire", "--pin", "1234")
	if code != 0 || len(strings.Fields(out)) != 5 {
		t.Fatalf("generate: %q %s", out, errOut)
	}
	for _, k := range strings.Fields(out) {
		if len(k) != 9 || strings.ContainsAny(k, "0O1IL") {
			t.Errorf("random code %q", k)
		}
	}
	// The code works in a quote that reads the register's file.
	resp := promoQuote(t, "", `{"lines":[{"kind":"ticket","performance":"hamlet-00","zone":"galerie","category":"child","quantity":1}],"code":" Petit-1 "}`, "--db", db)
	if resp.Cart == nil || resp.Cart.Offer == nil || resp.Cart.Offer.Code != "PETIT-1" {
		t.Fatalf("quote --db: %+v", resp)
	}
	// Export, then import into another register's offer: the same codes.
	csvPath := filepath.Join(dir, "codes.csv")
	if _, errOut, code := run("", "codes", "export", "--offer", "cadeau", "--out", csvPath); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	db2 := filepath.Join(dir, "other.db")
	if _, errOut, code := runGuichet(t, dir, "", "codes", "import", "--offer", "semaine", csvPath, "--db", db2, "--staff", "claire", "--pin", "1234", "--lang", "en"); code == 0 || !strings.Contains(errOut, "K7PXM3QH already exists, in offer cadeau") {
		// The catalog's own codes of the demo are on the list: importing them
		// into the same demo is refused, whole.
		t.Fatalf("import of codes that exist: %d %s", code, errOut)
	}
	list2, _, _ := runGuichet(t, dir, "", "codes", "list", "--lang", "en", "--offer", "semaine", "--db", db2)
	if strings.Count(list2, "register") != 0 {
		t.Fatalf("a refused import added codes:\n%s", list2)
	}
	data, _ := os.ReadFile(csvPath)
	var keep []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if len(strings.SplitN(line, ",", 2)[0]) == 9 || strings.HasPrefix(line, "code,") {
			keep = append(keep, line) // the 5 generated ones
		}
	}
	mustCodes(t, os.WriteFile(csvPath, []byte(strings.Join(keep, "\n")+"\n"), 0o644))
	if out, errOut, code := runGuichet(t, dir, "", "codes", "import", "--lang", "en", "--offer", "semaine", csvPath, "--db", db2, "--staff", "claire", "--pin", "1234"); code != 0 || !strings.Contains(out, "5 codes imported into offer semaine") {
		t.Fatalf("import: %s %s", out, errOut)
	}
	a, _, _ := run("", "codes", "export", "--offer", "cadeau")
	b, _, _ := runGuichet(t, dir, "", "codes", "export", "--offer", "semaine", "--db", db2)
	for _, line := range keep[1:] {
		if !strings.Contains(a, line) || !strings.Contains(b, line) {
			t.Errorf("%q not in both exports:\n%s\n%s", line, a, b)
		}
	}
	// A 501-code file is refused, nothing imported.
	var big strings.Builder
	big.WriteString("code;max_uses\n")
	for i := 0; i < 501; i++ {
		fmt.Fprintf(&big, "BULK%04d;1\n", i)
	}
	mustCodes(t, os.WriteFile(csvPath, []byte(big.String()), 0o644))
	if _, errOut, code := run("", "codes", "import", "--offer", "semaine", csvPath, "--staff", "claire", "--pin", "1234"); code == 0 || !strings.Contains(errOut, "au plus 500") { // the demo's French
		t.Fatalf("501 codes: %d %s", code, errOut)
	}
	if list, _, _ := run("", "codes", "list", "--lang", "en", "--offer", "semaine"); strings.Contains(list, "BULK") {
		t.Fatal("a refused import added codes")
	}
	// Disable, enable, delete.
	if _, errOut, code := run("", "codes", "disable", "--lang", "en", "petit-1", "--staff", "claire", "--pin", "1234"); code != 0 {
		t.Fatal(errOut)
	}
	if list, _, _ := run("", "codes", "list", "--lang", "en", "--offer", "enfants"); !strings.Contains(list, "PETIT-1") || !strings.Contains(list, "disabled") || !strings.Contains(list, "0 / 1") {
		t.Fatalf("list after disable:\n%s", list)
	}
	if _, errOut, code := run("", "codes", "delete", "--lang", "en", "petit-1", "--staff", "claire", "--pin", "1234"); code != 0 {
		t.Fatal(errOut)
	}
	if out, _, code := run("", "codes", "example"); code != 0 || !strings.HasPrefix(out, "code,max_uses") {
		t.Fatalf("example: %q", out)
	}
}

func mustCodes(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// guichet codes export --out FILE with a mistyped offer says so and leaves
// FILE as it was: it emptied it first (an earlier export lost).
func TestCodesExportToAFileLosesNothingOnAMistake(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	out := filepath.Join(dir, "cadeau.csv")
	if _, errOut, code := runGuichet(t, dir, "", "codes", "generate", "--lang", "en", "--offer", "cadeau", "--count", "2", "--db", db, "--staff", "claire", "--pin", "1234"); code != 0 {
		t.Fatalf("generate: %s", errOut)
	}
	if _, errOut, code := runGuichet(t, dir, "", "codes", "export", "--offer", "cadeau", "--out", out, "--db", db); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	before, err := os.ReadFile(out)
	mustCodes(t, err)
	if !strings.HasPrefix(string(before), "code,") || strings.Count(string(before), "\n") < 3 {
		t.Fatalf("the export: %q", before)
	}
	if _, errOut, code := runGuichet(t, dir, "", "codes", "export", "--offer", "cadau", "--out", out, "--db", db); code == 0 || !strings.Contains(errOut, "cadau") {
		t.Fatalf("export of an offer the catalog does not have: exit %d, %q", code, errOut)
	}
	after, err := os.ReadFile(out)
	mustCodes(t, err)
	if string(after) != string(before) {
		t.Errorf("a refused export changed the file: %q, was %q", after, before)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".cadeau.csv*")); len(left) != 0 {
		t.Errorf("files left beside it: %v", left)
	}
}
