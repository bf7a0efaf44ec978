package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/local"
	"guichet/pos"
)

// TestDoorRefusesBeforeOpening: a door without a name, for a performance
// or a venue the catalog lacks, or for a performance at another venue than
// its own, says so and creates no journal.
func TestDoorRefusesBeforeOpening(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"door", "--db", db}, "--door"},
		{[]string{"door", "--db", db, "--door", "porte 1", "--performance", "hamlet-99"}, `no performance "hamlet-99"`},
		{[]string{"door", "--db", db, "--door", "porte 1", "--venue", "salle-3"}, `no venue "salle-3"`},
		{[]string{"door", "--db", db, "--door", "porte 1", "--venue", "cinema-lux", "--performance", "hamlet-01"}, `hamlet-01 is not at venue "cinema-lux"`},
		{[]string{"door", "--db", db, "--door", "porte 1", "extra"}, `unexpected argument "extra"`},
	} {
		_, stderr, code := runGuichet(t, dir, "", append(tc.args, "--lang", "en")...)
		if code != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("guichet %s: exit %d, %q (want %q)", strings.Join(tc.args, " "), code, stderr, tc.want)
		}
	}
	// a language it does not speak is a mistake on the command line
	if _, stderr, code := runGuichet(t, dir, "", "door", "--db", db, "--door", "porte 1", "--lang", "de"); code != 2 || !strings.Contains(stderr, `« de »`) {
		t.Errorf("guichet door --lang de: exit %d, %q (want 2, in the demo's French)", code, stderr)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a refused door left files: %v", entries)
	}
}

// TestDoorInTmux runs the real `guichet door` in a real terminal: a
// scanner types a ticket's code and Enter, the door admits it, and the
// journal it leaves verifies and holds the admission.
func TestDoorInTmux(t *testing.T) {
	db, qr := sellOne(t) // two tickets for hamlet-01
	term := startTmux(t, "door", 80, 24, "env NO_COLOR=1 "+guichetBin+" door --db "+db+" --door 'porte 1' --performance hamlet-01 --lang en --show 0")
	term.wait = 5 * time.Second
	waitFor := term.waitFor
	waitFor("porte 1 · Hamlet", "admitted 0 / 2 sold")
	term.keys("-l", qr)
	term.keys("Enter")
	waitFor("✔ K01-000001-01 · Standing gallery · Adult", "admitted 1 / 2 sold")
	term.keys("C-c")
	waitStopped(db)

	if _, err := local.Verify(db); err != nil {
		t.Fatalf("the journal does not verify: %v", err)
	}
	var out bytes.Buffer
	if _, err := local.Export(db, 1, &out); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), `"type":"ticket.admitted"`); n != 1 || !strings.Contains(out.String(), `"door":"porte 1"`) {
		t.Errorf("%d ticket.admitted entries, want 1 by porte 1:\n%s", n, out.String())
	}
}

// TestSSHDoorArgs: the words a door's SSH client gives after the host
// (ssh -t -p 2222 door@boxoffice porte nord --venue lac) name the door and
// take guichet door's flags, anywhere among them; a mistake is the
// sentence the client reads, in the register's language.
func TestSSHDoorArgs(t *testing.T) {
	cases := []struct {
		args []string
		lang pos.Lang
		want sshDoor
		err  string
	}{
		{args: []string{"porte", "nord"}, want: sshDoor{name: "porte nord", show: 6 * time.Second, lang: pos.English}},
		{args: []string{"porte", "nord", "--venue", "lac", "--performance", "hamlet-00"}, want: sshDoor{name: "porte nord", venue: "lac", perf: "hamlet-00", show: 6 * time.Second, lang: pos.English}},
		{args: []string{"--show", "0", "balcon"}, want: sshDoor{name: "balcon", show: -1, lang: pos.English}},
		{args: []string{"--door", "porte nord"}, want: sshDoor{name: "porte nord", show: 6 * time.Second, lang: pos.English}},
		{args: []string{"porte", "--lang", "fr"}, want: sshDoor{name: "porte", show: 6 * time.Second, lang: pos.French}},
		{args: []string{"porte", "--lang", "de"}, err: "de"},
		{args: []string{"--door", "porte nord", "sud"}, err: `unexpected argument "sud": the door is named once, by --door or after the host`},
		{args: nil, err: "name this door after the host (ssh -t -p 2222 door@boxoffice porte nord)"},
		{args: []string{"porte", "--venu", "lac"}, err: "door takes no flag --venu (did you mean --venue?)"},
		{args: []string{"porte", "--venu", "lac"}, lang: pos.French, err: "door ne prend pas d'option --venu (vouliez-vous dire --venue ?)"},
		{args: []string{"-h"}, err: "usage: ssh -t -p PORT door@HOST NAME [--venue ID] [--performance ID] [--show 6s] [--lang fr|en]\n  --door"},
	}
	for _, tc := range cases {
		lang := tc.lang
		if lang == "" {
			lang = pos.English
		}
		got, err := sshDoorArgs(tc.args, lang)
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(pos.Say(err, lang), tc.err)):
			t.Errorf("%q: error %v, want %q", tc.args, err, tc.err)
		case tc.err == "" && err != nil:
			t.Errorf("%q: %v", tc.args, err)
		case tc.err == "" && got != tc.want:
			t.Errorf("%q: %+v, want %+v", tc.args, got, tc.want)
		}
	}
}
