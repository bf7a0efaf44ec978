package main

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"guichet/fixtures"
	"guichet/local"
)

// TestARefusedCommandLeavesNoSession: a writing command refused for a
// missing right leaves the register's files as they were, and one refused
// for a wrong PIN leaves what a till's wrong PIN leaves (pin.failed in the
// journal, unlock.failed in the event log) and nothing more: no
// register.started and register.stopped, which an auditor reads as a
// session. The exit code and the sentence are the refusal's.
func TestARefusedCommandLeavesNoSession(t *testing.T) {
	dir := t.TempDir()
	claire, e, code := placed(t, dir, placeReq(1, "", "cash"))
	if code != 0 {
		t.Fatal(e.Error)
	}
	// marc and lea sell once: their shifts are open, so a refusal is
	// their right's, not a shift's
	marcReq := `{"lang": "en", "cart": {"lines": [{"kind": "ticket", "performance": "voyage-01", "zone": "salle", "category": "adult", "seat": "E-5", "quantity": 1}]},
	  "payments": [{"method": "cash", "tendered": "CHF 50.00"}]}`
	for _, who := range [][]string{{"marc", "5678", marcReq}, {"lea", "2468", placeReq(1, "", "cash")}} {
		if out, stderr, code := runGuichet(t, dir, who[2], "order", "place", "--db", "r.db", "--staff", who[0], "--pin", who[1], "--float", "0"); code != 0 {
			t.Fatalf("%s places: %s%s", who[0], out, stderr)
		}
	}
	passReq := `{"lang": "en", "cart": {"lines": [{"kind": "pass", "item": "abonnement-saison", "quantity": 1}]},
	  "payments": [{"method": "cash", "tendered": "CHF 500.00"}]}`
	for _, tc := range []struct {
		name       string
		stdin      string
		args       []string // then --db r.db --lang en
		wrongPIN   bool
		wantInSays string
	}{
		{"place, a pass not in marc's profile", passReq, []string{"order", "place", "--staff", "marc", "--pin", "5678"}, false, "your profile does not allow selling this item"},
		{"cancel, marc may not", "", []string{"order", "cancel", claire.Order, "--reason", "x", "--staff", "marc", "--pin", "5678"}, false, "does not allow canceling orders"},
		{"cancel, claire's order by lea", "", []string{"order", "cancel", claire.Order, "--reason", "x", "--staff", "lea", "--pin", "2468", "--float", "0"}, false, "was sold by someone else"},
		{"validate, marc may not", "", []string{"order", "validate", claire.Order, "--ref", "X1", "--staff", "marc", "--pin", "5678"}, false, "does not allow validating invoice payments"},
		{"send, claire's order by lea", "", []string{"order", "send", claire.Order, "--to", "a@example.org", "--staff", "lea", "--pin", "2468"}, false, "was sold by someone else"},
		{"place, wrong PIN", placeReq(1, "", "cash"), []string{"order", "place", "--staff", "claire", "--pin", "0000"}, true, "with that PIN is not in the catalog"},
		{"cancel, wrong PIN", "", []string{"order", "cancel", claire.Order, "--reason", "x", "--staff", "claire", "--pin", "0000"}, true, "with that PIN is not in the catalog"},
		{"validate, wrong PIN", "", []string{"order", "validate", claire.Order, "--ref", "X1", "--staff", "claire", "--pin", "0000"}, true, "with that PIN is not in the catalog"},
		{"send, wrong PIN", "", []string{"order", "send", claire.Order, "--to", "a@example.org", "--staff", "claire", "--pin", "0000"}, true, "with that PIN is not in the catalog"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files, entries, events := filesIn(t, dir), entryTypes(t, dir), eventKinds(t, dir)
			args := append(tc.args, "--db", "r.db", "--lang", "en")
			out, stderr, code := runGuichet(t, dir, tc.stdin, args...)
			if code != 1 || !strings.Contains(out+stderr, tc.wantInSays) {
				t.Fatalf("exit %d %s%s, want 1 and %q", code, out, stderr, tc.wantInSays)
			}
			if !tc.wrongPIN {
				if changed := changedFiles(files, filesIn(t, dir)); len(changed) > 0 {
					t.Errorf("files changed: %v", changed)
				}
				return
			}
			newEntries, newEvents := entryTypes(t, dir)[len(entries):], eventKinds(t, dir)[len(events):]
			if !slices.Equal(newEntries, []string{local.TypePINFailed}) || !slices.Equal(newEvents, []string{local.EventUnlockFailed}) {
				t.Errorf("journal gained %v and event log %v, want [%s] and [%s]", newEntries, newEvents, local.TypePINFailed, local.EventUnlockFailed)
			}
		})
	}
	if out, _, code := runGuichet(t, dir, "", "journal", "verify", "--db", "r.db"); code != 0 {
		t.Fatalf("journal verify: %s", out)
	}
	// an order placed with a wrong PIN on a file not made yet makes none
	empty := t.TempDir()
	out, stderr, code := runGuichet(t, empty, placeReq(1, "", "cash"), "order", "place", "--db", "r.db", "--staff", "claire", "--pin", "0000", "--float", "0", "--lang", "en")
	if code != 1 || !strings.Contains(out, "with that PIN is not in the catalog") {
		t.Errorf("a wrong PIN on a new file: exit %d %s%s", code, out, stderr)
	}
	if made := filesIn(t, empty); len(made) > 0 {
		t.Errorf("a wrong PIN on a new file made %v", slices.Sorted(maps.Keys(made)))
	}
}

// filesIn is every file of dir with its bytes (the journal, its flat
// file, its keys, a pid file left).
func filesIn(t *testing.T, dir string) map[string]string {
	t.Helper()
	list, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, f := range list {
		b, err := os.ReadFile(filepath.Join(dir, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[f.Name()] = string(b)
	}
	return m
}

// changedFiles names the files added, removed or changed from a to b.
func changedFiles(a, b map[string]string) []string {
	var changed []string
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			changed = append(changed, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			changed = append(changed, k+" (new)")
		}
	}
	slices.Sort(changed)
	return changed
}

// entryTypes is the type of every journal entry, in order.
func entryTypes(t *testing.T, dir string) []string {
	t.Helper()
	var types []string
	for _, e := range journalEntries(t, dir) {
		types = append(types, e.Type)
	}
	return types
}

// eventKinds is the kind of every event of the event log, in order.
func eventKinds(t *testing.T, dir string) []string {
	t.Helper()
	list, err := local.Events(filepath.Join(dir, "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range list {
		kinds = append(kinds, e.Kind)
	}
	return kinds
}

// TestARefusedCommandWritesNothing: a writing command refused for one of
// its flags (--reason, --ref, --float, --tendered, a file to import), a
// payment method the profile may not take, or what the file refuses (an
// order not waiting for a payment, a code or offer not there, no address
// to send to) leaves the register's files byte for byte as they were:
// no start, no grant, no shift opened with --float before a refused sale.
// Each was refused after the file was opened for writing before.
func TestARefusedCommandWritesNothing(t *testing.T) {
	dir := t.TempDir()
	claire, e, code := placed(t, dir, placeReq(1, "", "cash"))
	if code != 0 {
		t.Fatal(e.Error)
	}
	marcReq := func(method string) string {
		return `{"lang": "en", "cart": {"lines": [{"kind": "ticket", "performance": "voyage-01", "zone": "salle", "category": "adult", "seat": "E-5", "quantity": 1}]},
	  "payments": [{"method": "` + method + `", "tendered": "CHF 50.00"}]}`
	}
	if out, stderr, code := runGuichet(t, dir, marcReq("cash"), "order", "place", "--db", "r.db", "--staff", "marc", "--pin", "5678", "--float", "0"); code != 0 {
		t.Fatalf("marc places: %s%s", out, stderr)
	}
	tooLittle := `{"lang": "en", "cart": {"lines": [{"kind": "ticket", "performance": "hamlet-01", "zone": "galerie", "category": "adult", "quantity": 1}]},
	  "payments": [{"method": "cash", "tendered": "CHF 1.00"}]}`
	badCSV := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(badCSV, []byte("nothing,we,know\n1,2,3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	lea := []string{"--staff", "lea", "--pin", "2468"} // no shift open
	asClaire := []string{"--staff", "claire", "--pin", "1234"}
	for _, tc := range []struct {
		name       string
		stdin      string
		args       []string // then --db r.db --lang en
		wantInSays string
	}{
		{"place, a payment method marc may not take", strings.Replace(marcReq("postcard"), "E-5", "E-6", 1), []string{"order", "place", "--staff", "marc", "--pin", "5678"}, "not available to you"},
		{"place, --float not an amount", placeReq(1, "", "cash"), append([]string{"order", "place", "--float", "abc"}, lea...), `--float \"abc\": \"abc\" is not a number`},
		{"place, too little cash: no shift opened", tooLittle, append([]string{"order", "place", "--float", "0"}, lea...), ""},
		{"place, --float beside an open shift", placeReq(1, "", "cash"), append([]string{"order", "place", "--float", "10"}, asClaire...), "is already open with a float"},
		{"cancel, no --reason", "", append([]string{"order", "cancel", claire.Order}, asClaire...), "say why with --reason"},
		{"cancel, an empty --reason", "", append([]string{"order", "cancel", claire.Order, "--reason", "  "}, asClaire...), "say why with --reason"},
		{"cancel, no order named", "", append([]string{"order", "cancel", "--reason", "x"}, asClaire...), "name one order"},
		{"cancel, an order not there", "", append([]string{"order", "cancel", "K01-000099", "--reason", "x"}, asClaire...), "not found"},
		{"validate, no --ref", "", append([]string{"order", "validate", claire.Order}, asClaire...), "--ref REF"},
		{"validate, --tendered not an amount", "", append([]string{"order", "validate", claire.Order, "--method", "cash", "--tendered", "x"}, asClaire...), `--tendered \"x\": \"x\" is not a number`},
		{"validate, an order paid", "", append([]string{"order", "validate", claire.Order, "--ref", "X1"}, asClaire...), "not waiting for an invoice payment"},
		{"send, no address", "", append([]string{"order", "send", claire.Order}, asClaire...), "no customer e-mail address"},
		{"codes generate, no --count", "", append([]string{"codes", "generate", "--offer", "cadeau"}, asClaire...), "--count N"},
		{"codes add, an offer not there", "", append([]string{"codes", "add", "--offer", "nope", "NEWCODE1"}, asClaire...), "no offer"},
		{"codes disable, a code not there", "", append([]string{"codes", "disable", "NOSUCHCODE"}, asClaire...), "NOSUCHCODE"},
		{"codes import, a file not there", "", append([]string{"codes", "import", "--offer", "cadeau", "missing.csv"}, asClaire...), "missing.csv"},
		{"codes import, a file it cannot read", "", append([]string{"codes", "import", "--offer", "cadeau", badCSV}, asClaire...), "bad.csv"},
		{"customers import, a file not there", "", append([]string{"customers", "import", "missing.csv"}, asClaire...), "missing.csv"},
		{"customers import, a file it cannot read", "", append([]string{"customers", "import", badCSV}, asClaire...), "bad.csv"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := filesIn(t, dir)
			args := append(tc.args, "--db", "r.db", "--lang", "en")
			out, stderr, code := runGuichet(t, dir, tc.stdin, args...)
			if code != 1 || !strings.Contains(out+stderr, tc.wantInSays) {
				t.Fatalf("exit %d %s%s, want 1 and %q", code, out, stderr, tc.wantInSays)
			}
			if changed := changedFiles(files, filesIn(t, dir)); len(changed) > 0 {
				t.Errorf("files changed: %v (%s%s)", changed, out, stderr)
			}
		})
	}
	if out, _, code := runGuichet(t, dir, "", "journal", "verify", "--db", "r.db"); code != 0 {
		t.Fatalf("journal verify: %s", out)
	}

	// with no --staff on a catalog that lists staff, or refused after the
	// PIN, no file is made
	for _, args := range [][]string{
		{"order", "place", "--float", "0"},
		{"order", "place", "--float", "abc", "--staff", "claire", "--pin", "1234"},
		{"order", "place", "--float", "0", "--staff", "marc", "--pin", "5678"}, // hamlet is not in his profile
		{"order", "place", "--staff", "claire", "--pin", "1234"},               // no shift
		{"codes", "generate", "--offer", "cadeau", "--staff", "claire", "--pin", "1234"},
		{"codes", "add", "--offer", "nope", "NEWCODE1", "--staff", "claire", "--pin", "1234"},
		{"codes", "add", "--offer", "enfants", "NEWCODE1"},                                       // no --staff
		{"codes", "add", "--offer", "enfants", "NEWCODE1", "--staff", "claire", "--pin", "0000"}, // a wrong PIN
		{"codes", "add", "--offer", "enfants", "NEWCODE1", "--staff", "marc", "--pin", "5678"},   // not an administrator
		{"customers", "import", "missing.csv", "--staff", "claire", "--pin", "1234"},
		{"customers", "import", badCSV, "--staff", "claire", "--pin", "1234"},
	} {
		empty := t.TempDir()
		out, stderr, code := runGuichet(t, empty, placeReq(1, "", "cash"), append(args, "--db", "r.db", "--lang", "en")...)
		if code == 0 {
			t.Errorf("%v on a new file: exit 0 %s%s", args, out, stderr)
		}
		if args[1] == "place" && !slices.Contains(args, "--staff") && !strings.Contains(out, "name the member of staff") {
			t.Errorf("order place with no --staff on a new file: %s%s", out, stderr)
		}
		if made := filesIn(t, empty); len(made) > 0 {
			t.Errorf("%v on a new file made %v", args, slices.Sorted(maps.Keys(made)))
		}
	}
}

// TestAWrongPINWritesNoStart: a wrong PIN with a catalog whose capacity
// changed since the file last opened records the pin.failed a till's
// records and nothing of a start (the capacity granted waits for the
// register's start); the sale after it grants it.
func TestAWrongPINWritesNoStart(t *testing.T) {
	dir := t.TempDir()
	if _, e, code := placed(t, dir, placeReq(1, "", "cash")); code != 0 {
		t.Fatal(e.Error)
	}
	newer := bytes.Replace(fixtures.Demo, []byte(`"capacity": 60`), []byte(`"capacity": 80`), 1)
	if bytes.Equal(newer, fixtures.Demo) {
		t.Fatal("the demo catalog has no capacity of 60 to change")
	}
	if err := os.WriteFile(filepath.Join(dir, "newer.json"), newer, 0o644); err != nil {
		t.Fatal(err)
	}
	entries, events := entryTypes(t, dir), eventKinds(t, dir)
	out, stderr, code := runGuichet(t, dir, placeReq(1, "", "cash"), "order", "place", "--db", "r.db", "--catalog", "newer.json", "--staff", "claire", "--pin", "0000", "--lang", "en")
	if code != 1 || !strings.Contains(out, "with that PIN is not in the catalog") {
		t.Fatalf("a wrong PIN: exit %d %s%s", code, out, stderr)
	}
	newEntries, newEvents := entryTypes(t, dir)[len(entries):], eventKinds(t, dir)[len(events):]
	if !slices.Equal(newEntries, []string{local.TypePINFailed}) || !slices.Equal(newEvents, []string{local.EventUnlockFailed}) {
		t.Errorf("a wrong PIN added %v to the journal and %v to the event log, want [%s] and [%s]", newEntries, newEvents, local.TypePINFailed, local.EventUnlockFailed)
	}
	entries = entryTypes(t, dir)
	if out, stderr, code := runGuichet(t, dir, placeReq(1, "", "cash"), "order", "place", "--db", "r.db", "--catalog", "newer.json", "--staff", "claire", "--pin", "1234"); code != 0 {
		t.Fatalf("the sale after it: %s%s", out, stderr)
	}
	if got := entryTypes(t, dir)[len(entries):]; !slices.Contains(got, local.TypeCapacityGranted) {
		t.Errorf("the sale after the wrong PIN wrote %v, want a %s", got, local.TypeCapacityGranted)
	}
}
