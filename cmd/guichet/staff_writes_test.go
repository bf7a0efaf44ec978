package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
)

// staffWrites are the commands that change codes or customers, as the
// administrator's desk does: each needs an administrator, their PIN
// checked, when the catalog lists staff.
var staffWrites = [][]string{
	{"codes", "add", "--offer", "enfants", "NOEL"},
	{"codes", "generate", "--offer", "cadeau", "--count", "2"},
	{"codes", "limit", "--max-uses", "3", "AVANT1"},
	{"codes", "copy", "AVANT1", "COPIE1"},
	{"codes", "disable", "AVANT1"},
	{"codes", "enable", "AVANT1"},
	{"codes", "delete", "AVANT2"},
	{"codes", "import", "--offer", "semaine", "codes.csv"},
	{"customers", "import", "c.csv"},
}

// staffWritesDir is a folder with the demo's register file r.db, in which
// claire added AVANT1 and AVANT2, and the files staffWrites import.
func staffWritesDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "codes.csv"), []byte("code,max_uses\nIMPORTE1,1\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "c.csv"), []byte(pos.CustomersCSVExample), 0o644))
	guichetOK(t, dir, "", "codes", "add", "--db", "r.db", "--offer", "enfants", "AVANT1", "AVANT2", "--staff", "claire", "--pin", "1234")
	return dir
}

// TestCodesAndCustomersImportAskWhoDoesThem: guichet codes add, generate,
// limit, copy, disable, enable, delete and import, and guichet customers
// import, recorded any word given with --staff as who did it, or none,
// with no PIN: a cashier, or a name nobody has, changed the box office's
// codes from a shell. As at the administrator's desk they now need an
// administrator (pos.ActCodes) with their PIN: with no --staff, an
// unknown one, a wrong PIN or a profile that may not (marc, lea), the
// command is refused saying what to do and writes nothing, but for a
// wrong PIN, journaled and counted as a till's is (pin.failed, and
// unlock.failed in the event log). Claire's right PIN records each
// change as hers. Before, each of the refused ones exited 0.
func TestCodesAndCustomersImportAskWhoDoesThem(t *testing.T) {
	dir := staffWritesDir(t)
	wrongPIN := [][]string{{"claire", "0000"}, {"marc", "0000"}, {"lea", "0000"}} // in turn: none waits
	for i, cmd := range staffWrites {
		name := strings.Join(cmd[:2], " ")
		codes := cmd[0] == "codes"
		noStaff, mayNot, mayNotFr := "say who imports the customers with --staff ID --pin PIN", "may not import customers (an administrator's right): run it again with an administrator's --staff ID --pin PIN", "marc ne peut pas importer de clients (c'est un droit d'administrateur) : relancez la commande avec les --staff ID --pin PIN d'un administrateur"
		if codes {
			noStaff, mayNot, mayNotFr = "say who changes the codes with --staff ID --pin PIN", "may not change the codes (an administrator's right): run it again with an administrator's --staff ID --pin PIN", "marc ne peut pas modifier les codes (c'est un droit d'administrateur) : relancez la commande avec les --staff ID --pin PIN d'un administrateur"
		}
		wrong := wrongPIN[i%len(wrongPIN)]
		for _, tc := range []struct {
			who      []string
			lang     string
			says     string
			wrongPIN bool // journaled: pin.failed, and unlock.failed in the event log
			unknown  bool // the event log's unlock.failed only: there is no one to lock
		}{
			{nil, "en", "this box office has a staff list: " + noStaff + ", an administrator's", false, false},
			{[]string{"--staff", "bob", "--pin", "1234"}, "en", `staff "bob" with that PIN is not in the catalog: check --staff and --pin`, false, true},
			{[]string{"--staff", wrong[0], "--pin", wrong[1]}, "en", `staff "` + wrong[0] + `" with that PIN is not in the catalog: check --staff and --pin`, true, false},
			{[]string{"--staff", "marc", "--pin", "5678"}, "en", "marc " + mayNot, false, false},
			{[]string{"--staff", "lea", "--pin", "2468"}, "en", "lea " + mayNot, false, false},
			{[]string{"--staff", "marc", "--pin", "5678"}, "fr", mayNotFr, false, false},
		} {
			files, entries, events := filesIn(t, dir), entryTypes(t, dir), eventKinds(t, dir)
			args := append(append(slices.Clone(cmd), tc.who...), "--db", "r.db", "--lang", tc.lang)
			out, stderr, code := runGuichet(t, dir, "", args...)
			if code != 1 || !strings.Contains(stderr, tc.says) {
				t.Errorf("%s %v: exit %d %s%s, want 1 and %q", name, tc.who, code, out, stderr, tc.says)
				continue
			}
			switch {
			case tc.wrongPIN || tc.unknown:
				want := []string{local.TypePINFailed}
				if tc.unknown {
					want = nil
				}
				newEntries, newEvents := entryTypes(t, dir)[len(entries):], eventKinds(t, dir)[len(events):]
				if !slices.Equal(newEntries, want) || !slices.Equal(newEvents, []string{local.EventUnlockFailed}) {
					t.Errorf("%s %v: the journal gained %v and the event log %v, want %v and [%s]", name, tc.who, newEntries, newEvents, want, local.EventUnlockFailed)
				}
			default:
				if changed := changedFiles(files, filesIn(t, dir)); len(changed) > 0 {
					t.Errorf("%s %v: files changed: %v", name, tc.who, changed)
				}
			}
		}
	}

	// claire's right PIN: each change is recorded as hers
	for _, cmd := range staffWrites {
		seq := len(entryTypes(t, dir))
		guichetOK(t, dir, "", append(slices.Clone(cmd), "--db", "r.db", "--staff", "claire", "--pin", "1234")...)
		var by []string
		for _, e := range journalEntries(t, dir)[seq:] {
			if e.Type != local.TypePINCleared {
				by = append(by, e.Type+" by "+e.Staff)
			}
		}
		if len(by) == 0 || slices.ContainsFunc(by, func(s string) bool { return !strings.HasSuffix(s, " by claire") }) {
			t.Errorf("%s recorded %v, want its entries by claire", strings.Join(cmd[:2], " "), by)
		}
	}
	if out, _, code := runGuichet(t, dir, "", "codes", "history", "COPIE1", "--db", "r.db"); code != 0 || !strings.Contains(out, "claire") {
		t.Errorf("codes history COPIE1: exit %d\n%s", code, out)
	}
	if out, _, code := runGuichet(t, dir, "", "journal", "verify", "--db", "r.db"); code != 0 {
		t.Fatalf("journal verify: %s", out)
	}
}

// TestCodesWrongPINsCountTowardTheWait: wrong PINs given to guichet codes
// count as a till's: each journaled, and after local.PINTries of them the
// right PIN waits too, and nothing is changed meanwhile.
func TestCodesWrongPINsCountTowardTheWait(t *testing.T) {
	dir := staffWritesDir(t)
	add := []string{"codes", "add", "--offer", "enfants", "NOEL", "--db", "r.db", "--lang", "en", "--staff", "claire", "--pin"}
	for i := range local.PINTries {
		says := "with that PIN is not in the catalog"
		if i == local.PINTries-1 {
			says = "too many wrong PINs: wait" // the last one allowed
		}
		if _, stderr, code := runGuichet(t, dir, "", append(add, "0000")...); code != 1 || !strings.Contains(stderr, says) {
			t.Fatalf("wrong PIN %d: exit %d %s, want %q", i+1, code, stderr, says)
		}
	}
	if n := strings.Count(strings.Join(entryTypes(t, dir), " "), local.TypePINFailed); n != local.PINTries {
		t.Errorf("%d wrong PINs journaled, want %d", n, local.PINTries)
	}
	entries := entryTypes(t, dir)
	_, stderr, code := runGuichet(t, dir, "", append(add, "1234")...)
	if code != 1 || !strings.Contains(stderr, "too many wrong PINs: wait") {
		t.Fatalf("the right PIN after %d wrong ones: exit %d %s", local.PINTries, code, stderr)
	}
	if got := entryTypes(t, dir)[len(entries):]; len(got) > 0 {
		t.Errorf("the right PIN during the wait wrote %v", got)
	}
	if out, _, _ := runGuichet(t, dir, "", "codes", "list", "--offer", "enfants", "--db", "r.db"); strings.Contains(out, "NOEL") {
		t.Errorf("NOEL was added during the wait:\n%s", out)
	}
}

// TestCodesWithoutAStaffListRecordTheNameGiven: a box office whose catalog
// lists no staff has no PIN to check: --staff NAME is recorded as given,
// as before, and no --staff is taken.
func TestCodesWithoutAStaffListRecordTheNameGiven(t *testing.T) {
	dir := t.TempDir()
	var cat map[string]json.RawMessage
	must(t, json.Unmarshal(fixtures.Demo, &cat))
	cat["staff"] = json.RawMessage("[]")
	data, err := json.Marshal(cat)
	must(t, err)
	must(t, os.WriteFile(filepath.Join(dir, "nostaff.json"), data, 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "c.csv"), []byte(pos.CustomersCSVExample), 0o644))
	with := []string{"--db", "r.db", "--catalog", "nostaff.json"}
	guichetOK(t, dir, "", append([]string{"codes", "add", "--offer", "enfants", "NOEL", "--staff", "Jean Dupont"}, with...)...)
	guichetOK(t, dir, "", append([]string{"codes", "disable", "NOEL"}, with...)...)
	seq := len(entryTypes(t, dir))
	guichetOK(t, dir, "", append([]string{"customers", "import", "c.csv", "--staff", "Jean"}, with...)...)
	for _, e := range journalEntries(t, dir)[seq:] {
		if e.Staff != "Jean" {
			t.Errorf("customers import recorded %s by %q, want Jean", e.Type, e.Staff)
		}
	}
	out := guichetOK(t, dir, "", append([]string{"codes", "history", "NOEL"}, with...)...)
	if !strings.Contains(out, "Jean Dupont") {
		t.Errorf("codes history NOEL:\n%s", out)
	}
}

// journalEntry is a journal entry's type and who recorded it.
type journalEntry struct {
	Type  string `json:"type"`
	Staff string `json:"staff"`
}

// journalEntries is every entry of dir/r.db's journal, in order.
func journalEntries(t *testing.T, dir string) []journalEntry {
	t.Helper()
	var buf bytes.Buffer
	if _, err := local.Export(filepath.Join(dir, "r.db"), 0, &buf); err != nil {
		t.Fatal(err)
	}
	var list []journalEntry
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var e journalEntry
		must(t, json.Unmarshal(sc.Bytes(), &e))
		list = append(list, e)
	}
	return list
}

// TestReadOnlyCodesRefuseAPIN: guichet codes list, export, history and
// example, and guichet customers list and example, only read, as anyone:
// they took --staff and --pin and ignored them, exit 0, so whoever typed
// a PIN (a wrong one too) thought it was checked. They now refuse them
// with a sentence that says why and what to do, in the command line's
// language, and write nothing (not even a wrong PIN: none is checked).
func TestReadOnlyCodesRefuseAPIN(t *testing.T) {
	dir := staffWritesDir(t)
	reads := [][]string{
		{"codes", "list", "--offer", "enfants"},
		{"codes", "export", "--offer", "enfants"},
		{"codes", "history", "AVANT1"},
		{"codes", "example"},
		{"customers", "list"},
		{"customers", "example"},
	}
	before := entryTypes(t, dir)
	for _, cmd := range reads {
		name := strings.Join(cmd[:2], " ")
		for _, tc := range []struct {
			flags []string
			en    string
		}{
			{[]string{"--pin", "0000", "--lang", "en"}, cmd[1] + " only reads, which anyone may: it checks no PIN and records no one; run it again without --pin\n"},
			{[]string{"--staff", "claire", "--pin", "1234", "--lang", "en"}, cmd[1] + " only reads, which anyone may: it checks no PIN and records no one; run it again without --staff and --pin\n"},
			{[]string{"--pin", "1234"}, cmd[1] + " ne fait que lire, ce que chacun peut faire : aucun code PIN n'est vérifié et personne n'est enregistré ; relancez sans --pin\n"},
		} {
			args := append(append(slices.Clone(cmd), "--db", "r.db"), tc.flags...)
			out, stderr, code := runGuichet(t, dir, "", args...)
			if code != 1 || !strings.HasSuffix(stderr, tc.en) || out != "" {
				t.Errorf("%s %s: exit %d\n%s%s, want exit 1 and %q", name, strings.Join(tc.flags, " "), code, out, stderr, tc.en)
			}
		}
		// without them, as before
		guichetOK(t, dir, "", append(slices.Clone(cmd), "--db", "r.db")...)
	}
	if got := entryTypes(t, dir); len(got) != len(before) {
		t.Errorf("the refused reads wrote %v", got[len(before):])
	}
}
