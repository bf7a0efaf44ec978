package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"guichet/pos"
)

// The quote tests price the demo box office on a fixed day, so that the
// relative dates of the demo land on the same weekdays every run.
const quoteNow = "2026-11-23T10:00:00+01:00"

func TestQuotePricesADemoCartLikeTheRegister(t *testing.T) {
	req := `{"now": "` + quoteNow + `", "lang": "en", "staff": "claire",
	 "cart": {"lines": [
	  {"kind": "ticket", "performance": "hamlet-01", "zone": "parterre", "category": "adult", "seat": "F-10", "quantity": 1},
	  {"kind": "ticket", "performance": "hamlet-01", "zone": "galerie", "category": "child", "quantity": 2},
	  {"kind": "product", "item": "programme", "quantity": 1}]},
	 "payments": [{"method": "cash", "tendered": "CHF 100.00"}]}`
	out, stderr, code := runGuichet(t, "", req, "quote")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, stderr)
	}
	var resp struct {
		Cart       pos.PricedCart
		Settlement pos.Settlement
	}
	if err := json.Unmarshal([]byte(out), &resp); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	// hamlet-01 is a Tuesday: weekday list, stalls adult 45, gallery child 12, programme 5.
	if got := resp.Cart.Total.String(); got != "CHF 74.00" {
		t.Errorf("total %s, want CHF 74.00\n%s", got, out)
	}
	if got := resp.Cart.Lines[0].Detail; !strings.Contains(got, "Row F, seat 10") {
		t.Errorf("detail %q", got)
	}
	if resp.Settlement.Change.String() != "CHF 26.00" {
		t.Errorf("change %s", resp.Settlement.Change)
	}
}

func TestQuoteWeekendPriceListOnSaturday(t *testing.T) {
	req := `{"now": "` + quoteNow + `", "cart": {"lines": [
	  {"kind": "ticket", "performance": "hamlet-03", "zone": "parterre", "category": "adult", "seat": "A-5", "quantity": 1}]}}`
	out, _, code := runGuichet(t, "", req, "quote")
	if code != 0 || !strings.Contains(out, `"total": "CHF 55.00"`) || !strings.Contains(out, `"price_list": "theatre-weekend"`) {
		t.Fatalf("exit %d, want the weekend price CHF 55.00:\n%s", code, out)
	}
}

func TestQuoteCashRoundingAndFees(t *testing.T) {
	// Invoice adds CHF 2.00 per order and CHF 0.20 per ticket (seed 004).
	req := `{"now": "` + quoteNow + `", "staff": "claire", "cart": {"lines": [
	  {"kind": "ticket", "performance": "festival-j1", "zone": "pelouse", "category": "adult", "quantity": 3}]},
	  "payments": [{"method": "invoice"}]}`
	out, _, code := runGuichet(t, "", req, "quote")
	if code != 0 || !strings.Contains(out, `"fees_total": "CHF 2.60"`) || !strings.Contains(out, `"total": "CHF 182.60"`) || !strings.Contains(out, `"pending": true`) {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

func TestQuoteBadCartPrintsAJSONErrorAndExitsNonZero(t *testing.T) {
	for _, tc := range []struct{ name, req, want string }{
		{"not JSON", `{"cart": `, "is not a valid request"},
		{"unknown field", `{"cart": {"lines": []}, "colour": 1}`, `unknown field "colour"`},
		{"blocked seat", `{"now": "` + quoteNow + `", "cart": {"lines": [{"kind": "ticket", "performance": "hamlet-01", "zone": "parterre", "category": "adult", "seat": "A-1", "quantity": 1}]}}`, "seat A-1: this seat is not for sale"},
		{"unknown category", `{"now": "` + quoteNow + `", "cart": {"lines": [{"kind": "ticket", "performance": "hamlet-01", "zone": "galerie", "category": "vip", "quantity": 1}]}}`, `category "vip": not in the catalog`},
		{"reseller outside profile", `{"now": "` + quoteNow + `", "staff": "marc", "cart": {"lines": [{"kind": "ticket", "performance": "hamlet-01", "zone": "galerie", "category": "adult", "quantity": 1}]}}`, "your profile does not allow"},
		{"payment short", `{"now": "` + quoteNow + `", "cart": {"lines": [{"kind": "product", "item": "tote", "quantity": 1}]}, "payments": [{"method": "cash", "tendered": "CHF 10.00"}]}`, "CHF 5.00 is still to be paid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, _, code := runGuichet(t, "", tc.req, "quote")
			if code == 0 {
				t.Fatalf("exit 0 for a bad cart:\n%s", out)
			}
			var resp struct{ Error string }
			if err := json.Unmarshal([]byte(out), &resp); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			if !strings.Contains(resp.Error, tc.want) {
				t.Errorf("error %q, want %q", resp.Error, tc.want)
			}
		})
	}
}

func TestQuoteReadsCatalogAndCartFiles(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"organiser": {"currency": "CHF"}, "venues": [{"id": "v", "name": "V", "zones": [{"id": "z", "name": "Z", "capacity": 5}]}],
	  "categories": [], "price_lists": [{"id": "l", "name": "L", "prices": [{"category": "ghost", "price": "CHF 1"}]}],
	  "events": [], "performances": [], "payment_methods": [], "staff": []}`), 0o644)
	cart := filepath.Join(dir, "cart.json")
	os.WriteFile(cart, []byte(`{"cart": {"lines": []}}`), 0o644)
	out, _, code := runGuichet(t, "", "", "quote", "--catalog", bad, "--cart", cart)
	if code == 0 || !strings.Contains(out, `catalog `+bad) || !strings.Contains(out, `unknown category \"ghost\"`) {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

// FIDELE is for previous buyers and newsletter subscribers: the request's
// customer facts decide, and a stranger is told why.
func TestQuoteCustomerTargetedCode(t *testing.T) {
	line := `{"kind": "ticket", "performance": "hamlet-01", "zone": "galerie", "category": "adult", "quantity": 1}`
	out, _, code := runGuichet(t, "", `{"now": "`+quoteNow+`", "customer": {"id": "c-1", "previous_buyer": true}, "cart": {"lines": [`+line+`], "code": "fidele"}}`, "quote")
	if code != 0 || !strings.Contains(out, `"code": "FIDELE"`) || strings.Contains(out, "code_refused") {
		t.Fatalf("a previous buyer should get FIDELE (exit %d):\n%s", code, out)
	}
	out, _, code = runGuichet(t, "", `{"now": "`+quoteNow+`", "lang": "en", "cart": {"lines": [`+line+`], "code": "fidele"}}`, "quote")
	if code != 0 || !strings.Contains(out, "attach the customer to the cart first") {
		t.Fatalf("without a customer FIDELE is refused with the reason (exit %d):\n%s", code, out)
	}
}

// A quantity beyond what a line may hold, or beyond the zone's places, is
// refused with a sentence and exit 1, never priced to a wrapped-around
// total (issue 11 point 6: 4611686018427387904 priced to CHF 0.00, and
// 7378697629483821 to CHF 8.84).
func TestQuoteRefusesQuantitiesThatOverflow(t *testing.T) {
	for _, tc := range []struct {
		line, want string
	}{
		{`{"kind": "product", "item": "programme", "quantity": 4611686018427387904}`, "line 1: quantity 4611686018427387904: too many for one line (at most 10000)"},
		{`{"kind": "product", "item": "programme", "quantity": 7378697629483821}`, "line 1: quantity 7378697629483821: too many for one line (at most 10000)"},
		{`{"kind": "ticket", "performance": "hamlet-01", "zone": "galerie", "category": "child", "quantity": 7378697629483821}`, "too many for one line (at most 10000)"},
		{`{"kind": "ticket", "performance": "hamlet-01", "zone": "galerie", "category": "child", "quantity": 9999}`, "line 1: quantity 9999: too many for one line (zone \"Standing gallery\" has 60 places)"},
	} {
		req := `{"now": "` + quoteNow + `", "lang": "en", "cart": {"lines": [` + tc.line + `]}}`
		var out, errOut strings.Builder
		code := run([]string{"quote"}, strings.NewReader(req), &out, &errOut)
		if code != 1 {
			t.Errorf("%s: exit %d, want 1\n%s", tc.line, code, out.String())
			continue
		}
		var resp struct {
			Error string
			Line  int
			Cart  *pos.PricedCart
		}
		if err := json.Unmarshal([]byte(out.String()), &resp); err != nil {
			t.Fatalf("output is not JSON: %v\n%s", err, out.String())
		}
		if !strings.Contains(resp.Error, tc.want) || resp.Line != 1 || resp.Cart != nil {
			t.Errorf("%s: error %q line %d cart %v, want %q on line 1 and no price", tc.line, resp.Error, resp.Line, resp.Cart, tc.want)
		}
	}
}

// TestNoRequestSaysWhereItIsRead: guichet quote and guichet order place read
// their request from standard input unless --cart names a file; given none
// (the command typed alone, an empty file) they said "not a valid request:
// EOF". They now say no request came and where to give it.
func TestNoRequestSaysWhereItIsRead(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.json")
	must(t, os.WriteFile(empty, []byte("\n"), 0o644))
	db, _ := sellOne(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"quote"}, "no request came on standard input: give it with --cart FILE, or pipe it in"},
		{[]string{"quote", "--cart", empty}, empty + " is empty: write the request in it"},
		{[]string{"order", "place", "--db", db, "--staff", "claire", "--pin", "1234", "--lang", "en"}, "no request came on standard input: give it with --cart FILE"},
	} {
		out, stderr, code := runGuichet(t, dir, "", tc.args...)
		if code != 1 || !strings.Contains(out, tc.want) {
			t.Errorf("guichet %s with no request: exit %d\n%s%s\nwant %q", strings.Join(tc.args, " "), code, out, stderr, tc.want)
		}
	}
}

// TestQuoteOnAMissingRegisterFileSaysWhatToDo: guichet quote --db with no
// file there answered "no register file at missing.db", the sentence
// owner.go had made "…: give it with --db FILE" (French in guichet's other
// commands). quote's answer is JSON whose error scripts read in English,
// as all its errors are, whatever the request's lang.
func TestQuoteOnAMissingRegisterFileSaysWhatToDo(t *testing.T) {
	for _, lang := range []string{"fr", "en"} {
		req := `{"now": "` + quoteNow + `", "lang": "` + lang + `", "staff": "claire",
	 "cart": {"lines": [{"kind": "product", "item": "programme", "quantity": 1}]}`
		for _, pay := range []string{"", `, "payments": [{"method": "cash", "tendered": "CHF 5.00"}]`} {
			out, stderr, code := runGuichet(t, t.TempDir(), req+pay+"}", "quote", "--db", "missing.db")
			if want := `"error": "no register file at missing.db: give it with --db FILE"`; code != 1 || !strings.Contains(out, want) {
				t.Errorf("quote --db missing.db (%s%s): exit %d\n%s%s\nwant %s", lang, pay, code, out, stderr, want)
			}
		}
	}
}
