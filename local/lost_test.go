package local

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"guichet/internal/fakeclock"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"guichet/pos"
)

// TestALostJournalDoesNotRestartNumberingUnderTheSameKey: with the key
// there and the journal deleted or emptied (its flat file too), Open refuses, naming both
// files, and makes no file; NewJournalAfter starts a new journal with the
// key that numbers orders after the lost ones, so no ticket code is
// signed twice.
func TestALostJournalDoesNotRestartNumberingUnderTheSameKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	r, _ := openTest(t, path)
	first := sellFour(t, r)
	firstQRs := map[string]bool{}
	for _, qr := range qrsOf(t, r, first) {
		firstQRs[qr] = true
	}
	must(t, r.Close())
	key := mustReadFile(t, path+".key")

	for _, lose := range []string{"deleted", "emptied"} {
		os.Remove(flatPath(path)) // lost with it (alone, it is rebuilt from there: flat_test.go)
		if lose == "deleted" {
			must(t, os.Remove(path))
		} else {
			must(t, os.WriteFile(path, nil, 0o600))
		}
		_, err := Open(Options{Path: path, Catalog: demoCatalog(t)})
		if err == nil || !strings.Contains(err.Error(), path+" is missing or empty") || !strings.Contains(err.Error(), path+".key") {
			t.Fatalf("journal %s, key there: %v", lose, err)
		}
		fi, err := os.Stat(path)
		if lose == "deleted" && !errors.Is(err, fs.ErrNotExist) || lose == "emptied" && (err != nil || fi.Size() != 0) {
			t.Fatalf("journal %s: Open left a file: %v %v", lose, fi, err)
		}
		if string(mustReadFile(t, path+".key")) != string(key) {
			t.Fatalf("journal %s: the key changed", lose)
		}
	}

	r2, err := Open(Options{Path: path, Catalog: demoCatalog(t), NewJournalAfter: 41, NewJournalFrom: GivenFigures(JournalFigures{Perpetual: pos.Zero("CHF")}), Now: (fakeclock.New(testToday)).Now})
	must(t, err)
	if es := ofEntryType(journalEntries(t, r2), TypeJournalRestarted); len(es) != 1 {
		t.Fatalf("journal.restarted entries: %+v", es)
	}
	o := sellFour(t, r2)
	if o.Number != "K01-000042" {
		t.Fatalf("the first order of the new journal is %s, want K01-000042", o.Number)
	}
	for _, qr := range qrsOf(t, r2, o) {
		if firstQRs[qr] {
			t.Fatalf("a ticket code of the lost journal was signed again: %s", qr)
		}
	}
	must(t, r2.Close())
	verifiesWithTheViewsItGives(t, path)
	r3, err := Open(Options{Path: path, Catalog: demoCatalog(t)})
	must(t, err)
	r3.Close()
}

func mustReadFile(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	must(t, err)
	return data
}

// TestAKeyOthersCanReadIsRefused: a .key readable by group or others, or
// owned by another user, is refused with the command that fixes it.
func TestAKeyOthersCanReadIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	r, _ := openTest(t, path)
	must(t, r.Close())
	for _, mode := range []os.FileMode{0o644, 0o666, 0o640, 0o604} {
		must(t, os.Chmod(path+".key", mode))
		_, err := Open(Options{Path: path, Catalog: demoCatalog(t)})
		if !errors.Is(err, ErrKeyExposed) || !strings.Contains(err.Error(), "chmod 600 "+path+".key") {
			t.Fatalf("mode %04o: %v", mode, err)
		}
	}
	must(t, os.Chmod(path+".key", 0o600))
	if os.Geteuid() == 0 {
		must(t, os.Chown(path+".key", 1, 1))
		_, err := Open(Options{Path: path, Catalog: demoCatalog(t)})
		if err == nil || !strings.Contains(err.Error(), "chown 0 "+path+".key") {
			t.Fatalf("a key owned by another user: %v", err)
		}
		must(t, os.Chown(path+".key", 0, 0))
	}
	r2, err := Open(Options{Path: path, Catalog: demoCatalog(t)})
	must(t, err)
	r2.Close()
}

// TestANewFileTakesTheKeyItIsGiven: a register made with Options.Key signs
// with it and pins it; the key file written beside it holds it.
func TestANewFileTakesTheKeyItIsGiven(t *testing.T) {
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{9}, 32))
	path := filepath.Join(t.TempDir(), "r.db")
	r, err := Open(Options{Path: path, Catalog: demoCatalog(t), Key: key, Now: (fakeclock.New(testToday)).Now})
	if err != nil {
		t.Fatal(err)
	}
	if !r.PublicKey().Equal(key.Public()) {
		t.Fatal("the register does not sign with the key it was given")
	}
	r.Close()
	pub, err := LoadPublicKey(path + ".pub")
	if err != nil || !pub.Equal(key.Public()) {
		t.Fatalf("the .pub beside the file is not the given key's: %v", err)
	}
}

// TestAGenuineTicketOfALostJournalIsSaidSoAtTheDoor: after a lost journal
// is replaced (NewJournalAfter), a ticket it sold, its code signed with the
// key kept, is not "unknown" at the door: the door says it is genuine,
// sold before the journal was replaced, and that whether it was canceled
// or already let in went with that journal. It lets no one in and records
// nothing. A code of a number the lost journal never reached, a number
// typed by hand, and the new journal's own tickets are judged as before.
func TestAGenuineTicketOfALostJournalIsSaidSoAtTheDoor(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	r, _ := openTest(t, path)
	lost := qrsOf(t, r, sellFour(t, r)) // K01-000001
	must(t, r.Close())
	must(t, os.Remove(path))
	os.Remove(flatPath(path))
	r2, err := Open(Options{Path: path, Catalog: demoCatalog(t), NewJournalAfter: 41, NewJournalFrom: GivenFigures(JournalFigures{Perpetual: pos.Zero("CHF")}), Now: (fakeclock.New(testToday)).Now})
	must(t, err)
	defer r2.Close()
	beyond, err := SignTicket(r2.key, pos.Ticket{Number: "K01-000099-01", Performance: "hamlet-00", Zone: "galerie", Category: "adult"})
	must(t, err)
	till := openTill(t, r2, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
	own := sell(t, r2, till) // K01-000042

	tests := []struct {
		name, scan string
		want       Verdict
	}{
		{"a code of the lost journal", lost["K01-000001-01"], VerdictLostJournal},
		{"its photocopy", lost["K01-000001-01"], VerdictLostJournal},
		{"its number typed", "K01-000001-01", VerdictUnknown},
		{"a code beyond the lost journal's last order", beyond, VerdictUnknown},
		{"the new journal's own ticket", own[0].QR, VerdictAdmit},
	}
	for _, tc := range tests {
		head, _ := r2.Head()
		got, err := r2.Admit("porte 1", "hamlet-00", tc.scan)
		must(t, err)
		if got.Verdict != tc.want {
			t.Errorf("%s: %s (%s), want %s", tc.name, got.Verdict, got.Reason, tc.want)
		}
		if tc.want == VerdictLostJournal && (got.Admitted() || !strings.Contains(got.Reason, "genuine") || !strings.Contains(got.Reason, "up to 41") || !strings.Contains(got.Reason, "check it with the box office")) {
			t.Errorf("%s: admitted %v, reason %q", tc.name, got.Admitted(), got.Reason)
		}
		if after, _ := r2.Head(); (after != head) != (tc.want == VerdictAdmit) {
			t.Errorf("%s: journal went from entry %d to %d", tc.name, head, after)
		}
	}
}

// TestStatsCountTheOrdersTheJournalHolds: a journal that replaced a lost
// one (NewJournalAfter 41) numbers its first order 42, but holds one
// order: guichet journal stats says 1, not 42.
func TestStatsCountTheOrdersTheJournalHolds(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	r, _ := openTest(t, path)
	must(t, r.Close())
	must(t, os.Remove(path))
	os.Remove(flatPath(path))
	r2, err := Open(Options{Path: path, Catalog: demoCatalog(t), NewJournalAfter: 41, NewJournalFrom: GivenFigures(JournalFigures{Perpetual: pos.Zero("CHF")}), Now: (fakeclock.New(testToday)).Now})
	must(t, err)
	if o := sellFour(t, r2); o.Number != "K01-000042" {
		t.Fatalf("first order %s", o.Number)
	}
	must(t, r2.Close())
	s, err := FileStats(path)
	must(t, err)
	if s.Orders != 1 {
		t.Fatalf("stats: %d orders, want the 1 the journal holds", s.Orders)
	}
}
