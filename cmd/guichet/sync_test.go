package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/local"
)

func TestSyncStatusCountsUnpushedEntriesAndOnlyReads(t *testing.T) {
	db, _ := sellOne(t)
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	// The sale was written "now" in 2026-11: older than any alert
	// threshold from the test's clock, or in the future; ask for no alert.
	code := run([]string{"sync", "status", "--db", db, "--json", "--alert", "876000h"}, nil, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var st struct {
		Register string `json:"register"`
		Unpushed uint64 `json:"unpushed"`
		Last     uint64 `json:"last_seq"`
	}
	if err := json.Unmarshal(out.Bytes(), &st); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	if st.Register != "K01" || st.Unpushed == 0 || st.Unpushed != st.Last {
		t.Fatalf("status %+v: %s", st, out.String())
	}
	after, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Fatal("guichet sync status changed the register's file")
	}
	// Pushed up to two entries before the end: the text says so.
	f, err := local.OpenPushFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetPushed(st.Last - 2); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out.Reset()
	run([]string{"sync", "status", "--db", db, "--alert", "876000h", "--lang", "en"}, nil, &out, &errb)
	if !strings.Contains(out.String(), "2 entries not pushed") {
		t.Fatalf("status: %q", out.String())
	}
}

func TestSyncPushNeedsAServerAndAToken(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none.db")
	var out, errb bytes.Buffer
	if code := run([]string{"sync", "push", "--db", db}, nil, &out, &errb); code != 1 || !strings.Contains(errb.String(), "--central URL --token-file FILE") {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
}

// TestSyncStatusSaysARegisterRunsAlone: on a register no central server
// ever took an entry from, sync status exited 3 telling to check the
// connection to a server there is none of. It says the register runs
// alone and exits 0; with --alert given (a monitoring script watching a
// register that should push) it still exits 3, saying both cases; a
// register that pushed and stopped alerts as before.
func TestSyncStatusSaysARegisterRunsAlone(t *testing.T) {
	alone, _ := sellOne(t) // its entries are older than 15 minutes by the test's clock
	pushed, _ := sellOne(t)
	f, err := local.OpenPushFile(pushed)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetPushed(1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, tc := range []struct {
		name       string
		args       []string
		code       int
		out, errs  string
		notInError string
	}{
		{"alone", []string{"--db", alone}, 0, "register K01 runs alone: no central server has taken any of its", "", "check the connection"},
		{"alone json", []string{"--db", alone, "--json"}, 0, `"alone": true`, "", "check the connection"},
		{"alone json no alert", []string{"--db", alone, "--json"}, 0, `"alert": false`, "", ""},
		{"alone watched", []string{"--db", alone, "--alert", "15m"}, 3, "runs alone", "if it runs alone, leave --alert out", "check the connection"},
		{"pushed then stopped", []string{"--db", pushed}, 3, "entries not pushed (from 2 to", "check the connection to the central server", "runs alone"},
		{"pushed json", []string{"--db", pushed, "--json"}, 3, `"alone": false`, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(append([]string{"sync", "status", "--lang", "en"}, tc.args...), nil, &out, &errb)
			if code != tc.code || !strings.Contains(out.String(), tc.out) || !strings.Contains(errb.String(), tc.errs) ||
				tc.notInError != "" && strings.Contains(errb.String(), tc.notInError) {
				t.Fatalf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tc.code, out.String(), errb.String())
			}
		})
	}
}

// TestSyncStatusSpeaksTheFilesLanguage: guichet sync status spoke the
// language of the register's file only in its refusals; its lines, and the
// alert a person reads when the central server has not taken the journal,
// were English to a French box office. They speak the file's language
// (the demo's French here), or --lang's. The test failed before on the
// English "runs alone" and "check the connection" lines.
func TestSyncStatusSpeaksTheFilesLanguage(t *testing.T) {
	alone, _ := sellOne(t)
	pushed, _ := sellOne(t)
	f, err := local.OpenPushFile(pushed)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetPushed(1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, tc := range []struct {
		name      string
		args      []string
		code      int
		out, errs string
	}{
		{"alone", []string{"--db", alone}, 0, "la caisse K01 fonctionne seule : aucun serveur central n'a pris aucune de ses ", ""},
		{"alone watched", []string{"--db", alone, "--alert", "15m"}, 3, "fonctionne seule",
			"aucune écriture n'a jamais été envoyée et la plus ancienne a plus de 15m0s : si cette caisse doit envoyer son journal, démarrez-la avec --central URL --token-file FICHIER (ou lancez guichet sync push) ; si elle fonctionne seule, retirez --alert\n"},
		{"pushed then stopped", []string{"--db", pushed}, 3, "écritures non envoyées (de 2 à ",
			"l'écriture non envoyée la plus ancienne a plus de 15m0s : vérifiez la connexion au serveur central (guichet sync push)\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(append([]string{"sync", "status"}, tc.args...), nil, &out, &errb)
			if code != tc.code || !strings.Contains(out.String(), tc.out) || errb.String() != tc.errs {
				t.Fatalf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tc.code, out.String(), errb.String())
			}
		})
	}
}

// A file with everything pushed sent nothing, so guichet sync push said
// "every entry pushed" and exited 0 with a revoked token (or a server
// that does not answer): the check a person runs after enrolling a
// register passed. It now asks the server where its copy ends.
func TestSyncPushWithNothingToSendStillAsksTheServer(t *testing.T) {
	db, _ := sellOne(t)
	r := openDemoAt(t, db, "K01", time.Date(2026, 11, 23, 10, 5, 0, 0, time.UTC))
	st, err := r.PushState()
	if err == nil {
		err = r.SetPushed(st.Last)
	}
	if cerr := r.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error": "this token is unknown or was revoked", "code": "unauthorized"}`))
	}))
	defer srv.Close()
	token := filepath.Join(t.TempDir(), "k01.token")
	if err := os.WriteFile(token, []byte("gct_revoked\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := run([]string{"sync", "push", "--db", db, "--central", srv.URL, "--token-file", token}, nil, &out, &errb)
	if code == 0 || !strings.Contains(errb.String(), "this token is unknown or was revoked") || strings.Contains(out.String(), "every entry pushed") {
		t.Fatalf("exit %d, stdout %q, stderr %q: want the server's refusal, not \"every entry pushed\"", code, out.String(), errb.String())
	}
}

// One entry waiting read "1 entries not pushed (from 7 to 7), the
// oldest …": it is said as one.
func TestSyncStatusSaysOneEntryAsOne(t *testing.T) {
	db, _ := sellOne(t)
	r := openDemoAt(t, db, "K01", time.Date(2026, 11, 23, 10, 5, 0, 0, time.UTC))
	st, err := r.PushState()
	if err == nil {
		err = r.SetPushed(st.Last - 1)
	}
	if cerr := r.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"sync", "status", "--db", db, "--alert", "876000h", "--lang", "en"}, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if want := "register K01: 1 entry not pushed (" + itoa(int(st.Last)) + "), "; !strings.HasPrefix(out.String(), want) {
		t.Fatalf("got %q, want it to begin %q", out.String(), want)
	}
}
