package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"guichet/pos"
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
	if out, code := run("codes", "add", "--lang", "en", "--offer", "semaine", "--staff", "claire", "--pin", "1234", "--max-uses", "3", "lundi"); code != 0 {
		t.Fatal(out)
	}
	if out, _ := run("codes", "list", "--offer", "semaine"); !strings.Contains(out, "offre semaine — Semaine −15 % : ") {
		t.Errorf("list in the catalog's first language:\n%s", out)
	}
	if out, _ := run("codes", "list", "--offer", "semaine", "--lang", "en"); !strings.Contains(out, "offer semaine — Weekday −15%") {
		t.Errorf("list --lang en:\n%s", out)
	}
	if out, code := run("codes", "limit", "--lang", "en", "--max-uses", "5", "--staff", "claire", "--pin", "1234", "LUNDI"); code != 0 || !strings.Contains(out, "LUNDI: 5 orders") {
		t.Fatalf("limit: %d %s", code, out)
	}
	if out, code := run("codes", "copy", "--lang", "en", "--staff", "claire", "--pin", "1234", "lundi", "mardi2"); code != 0 || !strings.Contains(out, "MARDI2 added to offer semaine, for 5 orders") {
		t.Fatalf("copy: %d %s", code, out)
	}
	out, _ := run("codes", "list", "--lang", "en", "--offer", "semaine")
	if !strings.Contains(out, "MARDI2") || !strings.Contains(out, "0 / 5") {
		t.Errorf("list after copy:\n%s", out)
	}
	out, code := run("codes", "history", "--lang", "en", "LUNDI")
	if code != 0 || !strings.Contains(out, "created (3)") || !strings.Contains(out, "changed (5)") || !strings.Contains(out, "claire") {
		t.Errorf("history: %d\n%s", code, out)
	}
	// a catalog's code: its history was a bare header, as a mistyped
	// code's was (exit 0), both reading as "never used"
	if out, code := run("codes", "history", "--lang", "en", "K7PXM3QH"); code != 0 || !regexp.MustCompile(`(?m)^—\s+in the catalog \(1\)`).MatchString(out) {
		t.Errorf("history of a catalog's code: %d\n%s", code, out)
	}
	if out, code := run("codes", "history", "LUNDY", "--lang", "en"); code != 1 || !strings.Contains(out, "there is no code LUNDY") || strings.Contains(out, "TIME") {
		t.Errorf("history of a code nobody made: %d\n%s", code, out)
	}
}

// An offer created at the register (the desk's `n`) has codes like the
// catalog's: codes list names it with its name as saved there, and the
// name of a catalog offer changed there is the changed one.
func TestCodesListAnOfferMadeOrChangedAtTheRegister(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	r := openDemoAt(t, db, "K01", time.Now())
	_, err := r.SaveOffer("claire", pos.Offer{ID: "noel", Name: pos.Text{"fr": "Noël", "en": "Christmas"}, Effect: pos.EffectPercent, PercentBP: 1000})
	if err != nil {
		t.Fatal(err)
	}
	semaine, ok := r.Catalog().OfferByID("semaine")
	if !ok {
		t.Fatal("no offer semaine in the demo")
	}
	changed := *semaine
	changed.Name, changed.Codes = pos.Text{"fr": "Semaine −20 %", "en": "Weekday −20%"}, nil
	changed.PercentBP = 2000
	if _, err := r.SaveOffer("claire", changed); err != nil {
		t.Fatal(err)
	}
	if err := r.AddCodes("claire", "noel", []pos.Code{{Code: "SAPIN", MaxUses: 2}}); err != nil {
		t.Fatal(err)
	}
	r.Close()
	run := func(args ...string) (string, int) {
		out, errOut, code := runGuichet(t, dir, "", append(args, "--db", db)...)
		return out + errOut, code
	}
	if out, code := run("codes", "list", "--offer", "noel", "--lang", "en"); code != 0 || !strings.Contains(out, "offer noel — Christmas: 1 code\n") || !strings.Contains(out, "SAPIN") {
		t.Errorf("list an offer made at the register: %d\n%s", code, out)
	}
	if out, code := run("codes", "list", "--offer", "semaine"); code != 0 || !strings.Contains(out, "offre semaine — Semaine −20 % : ") {
		t.Errorf("list an offer changed at the register: %d\n%s", code, out)
	}
}
