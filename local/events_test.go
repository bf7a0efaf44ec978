package local

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// TestEventLog: starting, pinning the key, a failed unlock and stopping
// are logged in order and chained; a changed event is named.
func TestEventLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	r, _ := openTest(t, path)
	if _, err := r.Unlock("claire", "0000"); !errors.Is(err, ErrWrongPIN) {
		t.Fatalf("wrong PIN: %v", err)
	}
	must(t, r.LogEvent(EventPrinterFault, "paper out"))
	r.Close()
	events, err := Events(path)
	must(t, err)
	var kinds []string
	for _, e := range events {
		kinds = append(kinds, e.Kind)
	}
	want := []string{EventKeyPinned, EventStarted, EventUnlockFailed, EventPrinterFault, EventStopped}
	if len(kinds) != len(want) {
		t.Fatalf("events %v, want %v", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Fatalf("events %v, want %v", kinds, want)
		}
	}
	if events[1].Version == "" || events[2].Staff != "claire" {
		t.Errorf("start %+v, failed unlock %+v", events[1], events[2])
	}

	db, err := bolt.Open(path, 0o600, nil)
	must(t, err)
	must(t, db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketEvents)
		v := append([]byte(nil), b.Get(seqKey(3))...)
		v[len(v)-40] ^= 1 // in the payload's neighbourhood: the hash no longer matches
		return b.Put(seqKey(3), v)
	}))
	must(t, db.Close())
	var bad *BadEntryError
	if _, err := Events(path); !errors.As(err, &bad) || bad.Seq != 3 {
		t.Fatalf("a changed event: %v, want event 3 named", err)
	}
}

func TestClockJump(t *testing.T) {
	for _, tc := range []struct {
		wall, mono time.Duration
		jump       bool
	}{
		{time.Hour, time.Hour, false},
		{time.Hour + 30*time.Second, time.Hour, false},
		{time.Hour + 2*time.Minute, time.Hour, true}, // set forward
		{time.Hour - 5*time.Minute, time.Hour, true}, // set back
		{-time.Hour, time.Second, true},              // back an hour
	} {
		if _, got := jumped(tc.wall, tc.mono); got != tc.jump {
			t.Errorf("wall %s, monotonic %s: jump %v, want %v", tc.wall, tc.mono, got, tc.jump)
		}
	}
	now := time.Now()
	if _, j := clockJump(now, now.Add(time.Hour)); j {
		t.Error("an hour on both clocks is a jump")
	}
}

// TestEventDetailsAreSaidInFrench: the details the register writes in
// its event log (kept in English, as guichet journal events --json prints
// them) are said in French where a person reads them: an archive's range,
// a clock jump, a new journal's figures, a PIN refused. They read
// "year 2026, entries 1 to 40…" to a French manager.
func TestEventDetailsAreSaidInFrench(t *testing.T) {
	money := func(s string) pos.Money {
		m, err := pos.ParseMoney(s)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	year := money("CHF 2345.60")
	for _, tc := range []struct{ en, fr string }{
		{fmt.Sprintf(archiveDetail, "2026", 1, 40, "ab12"), "année 2026, écritures 1 à 40, sha256 ab12"},
		{fmt.Sprintf(clockJumpDetail, 3*time.Hour), "l'horloge murale a bougé de 3h0m0s par rapport à l'horloge monotone"},
		{fmt.Sprintf(restoredDetail, 412, JournalFigures{Perpetual: money("CHF 12345.60"), Closures: map[string]int{ClosureDay: 412, ClosureMonth: 13, ClosureYear: 1}, YearTotal: &year}),
			"un nouveau journal remplace un journal perdu : commandes, avoirs, services et clients numérotés après 412, clôtures reprises de grand total perpétuel CHF 12345.60, dernières clôtures journalière 412, mensuelle 13, annuelle 1, grand total de l'année CHF 2345.60"},
		{fmt.Sprintf(restoredDetail, 7, JournalFigures{Perpetual: money("CHF 123.40"), Closures: map[string]int{ClosureDay: 7}}),
			"un nouveau journal remplace un journal perdu : commandes, avoirs, services et clients numérotés après 7, clôtures reprises de grand total perpétuel CHF 123.40, dernières clôtures journalière 7"},
		{fmt.Sprintf(restoredDetail, 7, JournalFigures{Perpetual: money("CHF 123.40"), Closures: map[string]int{ClosureMonth: 2, ClosureYear: 1}}),
			"un nouveau journal remplace un journal perdu : commandes, avoirs, services et clients numérotés après 7, clôtures reprises de grand total perpétuel CHF 123.40, dernières clôtures mensuelle 2, annuelle 1"},
		{ErrWrongPIN.Error(), "collaborateur ou code PIN erroné"},
		{(&PINWaitError{Now: testToday, Until: testToday.Add(30 * time.Second)}).Error(), "trop de codes PIN erronés : attendez 30 s avant de réessayer"},
	} {
		got := pos.Say(errors.New(tc.en), pos.French)
		if !strings.HasPrefix(got, tc.fr) || got == tc.en {
			t.Errorf("%q in French:\n%s\nwant %s", tc.en, got, tc.fr)
		}
	}
}

// TestAMissingRegisterFileIsToldInFrench: reading a register's file that
// is not there (guichet journal events, archive, a tool's look) said "no
// register file at …" in English to a French manager, with the system's
// reason ("stat …: no such file or directory") after it.
func TestAMissingRegisterFileIsToldInFrench(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.db")
	_, err := Events(path)
	if got, want := pos.Say(err, pos.French), "aucun fichier de caisse à l'emplacement "+path; got != want {
		t.Errorf("events of a missing file in French: %q, want %q", got, want)
	}
	if got, want := pos.Say(err, pos.English), "no register file at "+path; got != want {
		t.Errorf("events of a missing file in English: %q, want %q", got, want)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%v is not fs.ErrNotExist", err)
	}
	_, err = Rebuild(path)
	if got, want := pos.Say(err, pos.French), "aucun fichier de caisse à l'emplacement "+path; got != want {
		t.Errorf("rebuild of a missing file in French: %q, want %q", got, want)
	}
}

// TestAnEmptyRegisterFileIsToldInFrench: a file of 0 bytes (a copy that
// failed) is refused by a command that reads, and by rebuild, in the
// person's language (it was English in French), still ErrEmptyFile.
func TestAnEmptyRegisterFileIsToldInFrench(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.db")
	must(t, os.WriteFile(path, nil, 0o600))
	_, evErr := Events(path)
	_, rbErr := Rebuild(path)
	for what, err := range map[string]error{"events": evErr, "rebuild": rbErr} {
		if got, want := pos.Say(err, pos.French), "le fichier de caisse "+path+" est vide (0 octet) : il ne contient aucun journal ; restaurez-le depuis une sauvegarde ou le serveur central"; got != want {
			t.Errorf("%s of an empty file in French: %q, want %q", what, got, want)
		}
		if got, want := pos.Say(err, pos.English), "the register's file "+path+" is empty (0 bytes): it holds no journal; restore it from a backup or the central server"; got != want {
			t.Errorf("%s of an empty file in English: %q, want %q", what, got, want)
		}
		if !errors.Is(err, ErrEmptyFile) {
			t.Errorf("%s: %v is not ErrEmptyFile", what, err)
		}
	}
}
