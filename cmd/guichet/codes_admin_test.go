package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestCodesListLanguageLimitCopyHistory: codes list names the offer in the
// catalog's first language (French for the demo) or --lang; limit, copy
// and history work on the register's file as the screen does.
func TestCodesListLanguageLimitCopyHistory(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	run := func(args ...string) (string, int) {
		out, errOut, code := runGuichet(t, dir, "", append(args, "--db", db)...)
		return out + errOut, code
	}
	if out, code := run("codes", "add", "--offer", "semaine", "--staff", "claire", "--max-uses", "3", "lundi"); code != 0 {
		t.Fatal(out)
	}
	if out, _ := run("codes", "list", "--offer", "semaine"); !strings.Contains(out, "offer semaine — Semaine −15 %") {
		t.Errorf("list in the catalog's first language:\n%s", out)
	}
	if out, _ := run("codes", "list", "--offer", "semaine", "--lang", "en"); !strings.Contains(out, "offer semaine — Weekday −15%") {
		t.Errorf("list --lang en:\n%s", out)
	}
	if out, code := run("codes", "limit", "--max-uses", "5", "--staff", "claire", "LUNDI"); code != 0 || !strings.Contains(out, "LUNDI: 5 order(s)") {
		t.Fatalf("limit: %d %s", code, out)
	}
	if out, code := run("codes", "copy", "--staff", "claire", "lundi", "mardi2"); code != 0 || !strings.Contains(out, "MARDI2 added to offer semaine, for 5 order(s)") {
		t.Fatalf("copy: %d %s", code, out)
	}
	out, _ := run("codes", "list", "--offer", "semaine")
	if !strings.Contains(out, "MARDI2") || !strings.Contains(out, "0 / 5") {
		t.Errorf("list after copy:\n%s", out)
	}
	out, code := run("codes", "history", "LUNDI")
	if code != 0 || !strings.Contains(out, "created (3)") || !strings.Contains(out, "changed (5)") || !strings.Contains(out, "claire") {
		t.Errorf("history: %d\n%s", code, out)
	}
}
