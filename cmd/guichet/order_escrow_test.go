package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
)

// guichet order sells from the grants a register's file holds and never
// asks the central server for more: its refusal said "sold out" (or a
// seat "held by another register") of a galerie the box office had
// places left in, and nothing of why or where to sell them. It now names
// what the file holds against what the cart wants, and where to sell.
func TestOrderPlaceSaysItSellsOnlyTheFilesGrants(t *testing.T) {
	dir := t.TempDir()
	cat, err := fixtures.DemoCatalog(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	r, err := local.Open(local.Options{Path: filepath.Join(dir, "r.db"), Catalog: cat, Escrow: true})
	if err != nil {
		t.Fatal(err)
	}
	gallery := local.ZoneResource("hamlet-01", "galerie")
	if err := r.RecordLeases(time.Now(), []local.Lease{{Resource: gallery, Add: 2, Allot: 2, TTL: time.Hour, ID: 1}}); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	files := filesIn(t, dir)
	_, refused, code := placed(t, dir, placeReq(3, "", "cash"))
	if code != 1 {
		t.Fatalf("3 places of a galerie the file holds 2 of: exit %d, want 1", code)
	}
	if changed := changedFiles(files, filesIn(t, dir)); len(changed) > 0 {
		t.Errorf("the refused order changed %v", changed) // refused on the trial, as the file's start sees it
	}
	for _, want := range []string{"only 2 left", "never asks the server", gallery + ": 2 left, 3 wanted", "--central URL --token-file FILE"} {
		if !strings.Contains(refused.Error, want) {
			t.Errorf("the refusal does not say %q:\n%s", want, refused.Error)
		}
	}
	if o, e, code := placed(t, dir, placeReq(2, "", "cash")); code != 0 || len(o.Tickets) != 2 {
		t.Fatalf("the 2 places the file holds: exit %d, %d tickets, %s", code, len(o.Tickets), e.Error)
	}
}
