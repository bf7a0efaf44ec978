package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/fixtures"
	"guichet/pos"
)

// TestARefusedDoorOrJournalToolWritesNothing: guichet door and guichet
// journal archive|rebuild refused leave the register's file, its flat
// file <db>.journal and its event log byte for byte as they were, and
// make no file. A door refused for its name opened the file for writing
// first (a register.started and register.stopped, the start's entries);
// an archive refused on a file with no flat file yet (an older file's)
// made one, the journal copied in, before it said the year was not
// closed, or that --out could not be written.
func TestARefusedDoorOrJournalToolWritesNothing(t *testing.T) {
	dir := t.TempDir()
	if _, e, code := placed(t, dir, placeReq(1, "", "cash")); code != 0 {
		t.Fatal(e.Error)
	}
	catalogs := t.TempDir()
	catalog := func(name string, old, new string) string {
		t.Helper()
		data := bytes.Replace(fixtures.Demo, []byte(old), []byte(new), 1)
		if bytes.Equal(data, fixtures.Demo) {
			t.Fatalf("the demo catalog has no %s", old)
		}
		path := filepath.Join(catalogs, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	canceled := catalog("canceled.json", `"id": "hamlet-01",`, `"id": "hamlet-01", "canceled": true,`)
	other := catalog("other.json", `"name": "Théâtre du Lac"`, `"name": "Cinéma Rex"`)

	// a year closed (a sale on 31 December, the register started on 1
	// January), in a file with no flat file: an older version's
	closed := t.TempDir()
	zurich, _ := time.LoadLocation("Europe/Zurich")
	now := time.Date(2026, 12, 31, 15, 0, 0, 0, zurich)
	sellAt(t, filepath.Join(closed, "r.db"), now)
	openDemoAt(t, filepath.Join(closed, "r.db"), "K01", now.Add(18*time.Hour)).Close()
	noFlat := t.TempDir()
	for _, f := range []string{"r.db", "r.db.key", "r.db.pub"} {
		data, err := os.ReadFile(filepath.Join(closed, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(noFlat, f), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(closed, "x.tar"), []byte("an archive there already"), 0o644); err != nil {
		t.Fatal(err)
	}

	// a file whose journal does not verify, and one that is not a
	// register's
	tampered := t.TempDir()
	sellAt(t, filepath.Join(tampered, "r.db"), time.Now())
	b, err := bolt.Open(filepath.Join(tampered, "r.db"), 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bolt.Tx) error {
		j := tx.Bucket([]byte("journal"))
		k, v := j.Cursor().Last()
		bad := bytes.Clone(v)
		bad[len(bad)/2] ^= 0x01
		return j.Put(bytes.Clone(k), bad)
	})
	if cerr := b.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	notOurs := t.TempDir()
	if b, err = bolt.Open(filepath.Join(notOurs, "r.db"), 0o600, nil); err != nil {
		t.Fatal(err)
	}
	b.Close()

	long := strings.Repeat("p", 41)
	for _, tc := range []struct {
		name string
		dir  string
		args []string // then --db r.db --lang en
		want string
	}{
		{"door, a name too long", dir, []string{"door", "--door", long, "--performance", "hamlet-01"}, "must be 1 to 40 characters"},
		{"door, a name with a control character", dir, []string{"door", "--door", "porte\x01", "--performance", "hamlet-01"}, "without control characters"},
		{"door, a performance canceled", dir, []string{"door", "--door", "porte 1", "--performance", "hamlet-01", "--catalog", canceled}, "hamlet-01 was canceled"},
		{"door, another register's file", dir, []string{"door", "--door", "porte 1", "--performance", "hamlet-01", "--register", "K02"}, "journal of register K01, not K02"},
		{"door, another organiser's catalog", dir, []string{"door", "--door", "porte 1", "--performance", "hamlet-01", "--catalog", other}, "Cinéma Rex"},
		{"archive, a year not closed", dir, []string{"journal", "archive", "--year", "2026", "--out", "x.tar"}, "the year 2026 is not closed"},
		{"archive, not a year", dir, []string{"journal", "archive", "--year", "26", "--out", "x.tar"}, `"26" is not a year`},
		{"archive, no folder for --out", closed, []string{"journal", "archive", "--year", "2026", "--out", "nowhere/x.tar"}, "there is no folder nowhere"},
		{"archive, --out there already", closed, []string{"journal", "archive", "--year", "2026", "--out", "x.tar"}, "x.tar is there already"},
		{"archive, a year not closed, no flat file", noFlat, []string{"journal", "archive", "--year", "2027", "--out", "x.tar"}, "the year 2027 is not closed"},
		{"archive, a year not there, no flat file", noFlat, []string{"journal", "archive", "--year", "2025", "--out", "x.tar"}, "holds nothing of 2025"},
		{"archive, no folder for --out, no flat file", noFlat, []string{"journal", "archive", "--year", "2026", "--out", "nowhere/x.tar"}, "there is no folder nowhere"},
		{"archive, a journal that does not verify", tampered, []string{"journal", "archive", "--year", "2026", "--out", "x.tar"}, "does not verify"},
		{"rebuild, a journal that does not verify", tampered, []string{"journal", "rebuild"}, "does not verify"},
		{"rebuild, not a register's file", notOurs, []string{"journal", "rebuild"}, "not a guichet register file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := filesIn(t, tc.dir)
			out, stderr, code := runGuichet(t, tc.dir, "", append(tc.args, "--db", "r.db", "--lang", "en")...)
			if code != 1 || !strings.Contains(out+stderr, tc.want) {
				t.Fatalf("exit %d %s%s, want 1 and %q", code, out, stderr, tc.want)
			}
			if changed := changedFiles(files, filesIn(t, tc.dir)); len(changed) > 0 {
				t.Errorf("files changed: %v (%s%s)", changed, out, stderr)
			}
		})
	}

	// the closed year is archived after, from the file with no flat file
	// too (the archive's record and the journal before it go to a new one)
	for _, d := range []string{closed, noFlat} {
		out, stderr, code := runGuichet(t, d, "", "journal", "archive", "--db", "r.db", "--year", "2026", "--out", "K01-2026.tar", "--lang", "en")
		if code != 0 || !strings.Contains(out, "archived year 2026") {
			t.Fatalf("archive in %s: exit %d %s%s", d, code, out, stderr)
		}
		if out, stderr, code := runGuichet(t, d, "", "journal", "verify", "--db", "r.db", "--lang", "en"); code != 0 {
			t.Errorf("verify after the archive in %s: exit %d %s%s", d, code, out, stderr)
		}
	}
}

// sellAt opens the register's file db (making it if need be) on the demo
// box office, its clock stopped at now, and sells two standing tickets.
func sellAt(t *testing.T, db string, now time.Time) {
	t.Helper()
	r := openDemoAt(t, db, "K01", now)
	defer r.Close()
	till, err := r.Unlock("claire", "1234")
	if err == nil {
		_, err = till.OpenShift(pos.M(20000, "CHF"))
	}
	if err == nil {
		err = till.AddTickets("hamlet-01", "galerie", "adult", 2)
	}
	if err == nil {
		_, err = till.Checkout([]pos.Tender{{Method: "cash"}})
	}
	if err != nil {
		t.Fatal(err)
	}
}
