package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	run([]string{"sync", "status", "--db", db, "--alert", "876000h"}, nil, &out, &errb)
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
