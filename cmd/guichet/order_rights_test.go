package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestOrderFollowsTheStaffsRights: `guichet order ... --staff` applies the
// profile's rights as the screens do (seed 004): marc (cinema desk) may not
// cancel nor validate and sees only his orders; lea (theatre front desk)
// cancels her own but not the administrator's.
func TestOrderFollowsTheStaffsRights(t *testing.T) {
	dir := t.TempDir()
	claire, e, code := placed(t, dir, placeReq(1, "", "cash"))
	if code != 0 {
		t.Fatal(e.Error)
	}
	as := func(staff, pin string, args ...string) (string, int) {
		out, stderr, code := runGuichet(t, dir, "", append(append([]string{"order"}, args...), "--db", "r.db", "--staff", staff, "--pin", pin, "--lang", "en")...)
		return out + stderr, code
	}
	marcReq := `{"lang": "en", "cart": {"lines": [{"kind": "ticket", "performance": "voyage-01", "zone": "salle", "category": "adult", "seat": "E-5", "quantity": 1}]},
	  "payments": [{"method": "cash", "tendered": "CHF 50.00"}]}`
	out, stderr, code := runGuichet(t, dir, marcReq, "order", "place", "--db", "r.db", "--staff", "marc", "--pin", "5678", "--float", "0")
	if code != 0 {
		t.Fatalf("marc places: %s%s", out, stderr)
	}
	var marc orderOut
	if err := json.Unmarshal([]byte(out), &marc); err != nil {
		t.Fatal(err)
	}
	out, stderr, code = runGuichet(t, dir, placeReq(1, "", "cash"), "order", "place", "--db", "r.db", "--staff", "lea", "--pin", "2468", "--float", "0")
	if code != 0 {
		t.Fatalf("lea places: %s%s", out, stderr)
	}
	var lea orderOut
	if err := json.Unmarshal([]byte(out), &lea); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		staff, pin string
		args       []string
		want       string // "" : done
	}{
		{"marc", "5678", []string{"cancel", marc.Order, "--reason", "x"}, "does not allow canceling orders"},
		{"marc", "5678", []string{"validate", marc.Order}, "does not allow validating invoice payments"},
		{"marc", "5678", []string{"show", claire.Order}, "was sold by someone else"},
		{"lea", "2468", []string{"cancel", claire.Order, "--reason", "x"}, "was sold by someone else"},
		{"lea", "2468", []string{"cancel", lea.Order, "--reason", "wrong date"}, ""},
		{"claire", "1234", []string{"show", marc.Order}, ""},
	} {
		out, code := as(tc.staff, tc.pin, tc.args...)
		switch {
		case tc.want == "" && code != 0:
			t.Errorf("%s %v: refused: %s", tc.staff, tc.args, out)
		case tc.want != "" && (code != 1 || !strings.Contains(out, tc.want)):
			t.Errorf("%s %v: exit %d %s, want refused with %q", tc.staff, tc.args, code, out, tc.want)
		}
	}
	passReq := `{"lang": "en", "cart": {"lines": [{"kind": "pass", "item": "abonnement-saison", "quantity": 1}]},
	  "payments": [{"method": "cash", "tendered": "CHF 500.00"}]}`
	if out, _, code := runGuichet(t, dir, passReq, "order", "place", "--db", "r.db", "--staff", "marc", "--pin", "5678", "--lang", "en"); code != 1 || !strings.Contains(out, "your profile does not allow selling this item") {
		t.Errorf("marc sells the season pass: exit %d %s", code, out)
	}
	out, _ = as("marc", "5678", "list")
	var list []orderOut
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("list: %v\n%s", err, out)
	}
	if len(list) != 1 || list[0].Order != marc.Order {
		t.Errorf("marc lists %+v, want only his order %s", list, marc.Order)
	}
	if out, _, code := runGuichet(t, dir, "", "journal", "verify", "--db", "r.db"); code != 0 {
		t.Fatalf("journal verify: %s", out)
	}
}
