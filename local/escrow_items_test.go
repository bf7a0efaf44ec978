package local

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/pos"
)

// itemsCatalog is the demo catalog where "bienvenue" is limited to hamlet,
// with a quota of 4 tickets in galerie on hamlet-01 (per zone) and of 3 on
// the other dates of hamlet (per event).
func itemsCatalog(t *testing.T) *pos.Catalog {
	t.Helper()
	var doc map[string]any
	must(t, json.Unmarshal(fixtures.Demo, &doc))
	for _, o := range doc["offers"].([]any) {
		if o := o.(map[string]any); o["id"] == "bienvenue" {
			o["events"] = []any{
				map[string]any{"performance": "hamlet-01", "zone": "galerie", "quota": 4},
				map[string]any{"event": "hamlet", "quota": 3},
			}
		}
	}
	data, err := json.Marshal(doc)
	must(t, err)
	cat, err := pos.ParseCatalog("items", data, testToday)
	must(t, err)
	return cat
}

// A register in escrow, offline (it has no server at all here: its leases
// are journaled as the escrow would), sells the tickets of an offer's scope
// item only from the share of that item's quota it holds.
func TestAnOfferItemQuotaSellsOnlyWhatIsHeld(t *testing.T) {
	perZone := OfferItemResource("bienvenue", "performance=hamlet-01,zone=galerie")
	perEvent := OfferItemResource("bienvenue", "event=hamlet")
	hold := func(res string, n int) Lease { return Lease{Resource: res, Add: n, TTL: time.Hour, Allot: n, ID: 1} }
	// Everything else the sale needs is held plenty.
	base := []Lease{hold(ZoneResource("hamlet-01", "galerie"), 20), hold(ZoneResource("hamlet-02", "galerie"), 20),
		hold(OfferResource("bienvenue"), 20), hold(CodeResource("BIENVENUE"), 20)}
	for _, tc := range []struct {
		name    string
		held    []Lease
		expired bool // the leases were sent two hours ago: over
		perf    string
		n       int
		sells   bool
	}{
		{name: "per zone: all it holds", held: []Lease{hold(perZone, 3)}, perf: "hamlet-01", n: 3, sells: true},
		{name: "per zone: one more than it holds", held: []Lease{hold(perZone, 2)}, perf: "hamlet-01", n: 3},
		{name: "per zone: not held", held: nil, perf: "hamlet-01", n: 1},
		{name: "per zone held does not sell another date", held: []Lease{hold(perZone, 4)}, perf: "hamlet-02", n: 1},
		{name: "per event: all it holds", held: []Lease{hold(perEvent, 2)}, perf: "hamlet-02", n: 2, sells: true},
		{name: "per event: one more than it holds", held: []Lease{hold(perEvent, 2), hold(perZone, 4)}, perf: "hamlet-02", n: 3},
		{name: "per event held does not sell the zone with its own quota", held: []Lease{hold(perEvent, 3)}, perf: "hamlet-01", n: 1},
		{name: "per zone: lease over", held: []Lease{hold(perZone, 4)}, expired: true, perf: "hamlet-01", n: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Open(Options{Path: filepath.Join(t.TempDir(), "k01.db"), Register: "K01", Catalog: itemsCatalog(t),
				Now: func() time.Time { return testToday }, Escrow: true})
			must(t, err)
			defer r.Close()
			must(t, r.RecordLeases(time.Now(), base))
			if len(tc.held) > 0 {
				sent := time.Now()
				if tc.expired {
					sent = sent.Add(-2 * time.Hour)
				}
				must(t, r.RecordLeases(sent, tc.held))
			}
			till := openTill(t, r, "claire", "1234")
			defer till.Close()
			must(t, till.AddTickets(tc.perf, "galerie", "adult", tc.n))
			_, err = till.ApplyCode("BIENVENUE")
			if !tc.sells {
				if err == nil {
					t.Fatalf("the code applied to %d tickets of %s beyond the quota share held", tc.n, tc.perf)
				}
				var ref *pos.CodeRefusal
				if !errors.As(err, &ref) || ref.Reason != pos.RefusedQuotaReached {
					t.Fatalf("refused for another reason than the quota: %v", err)
				}
				return
			}
			must(t, err)
			if _, err := till.Checkout(cash()); err != nil {
				t.Fatal(err)
			}
			// What it sold counts against the item it held, and nothing is left.
			res := perZone
			if tc.perf != "hamlet-01" {
				res = perEvent
			}
			hs, err := r.Holdings()
			must(t, err)
			found := false
			for _, h := range hs {
				if h.Resource == res {
					found = true
					if h.Used != tc.n || h.Left != 0 {
						t.Fatalf("%s after the sale: %+v", res, h)
					}
				}
			}
			if !found {
				t.Fatalf("%s is not among the holdings the escrow refills", res)
			}
			if inc, reb := viewsAfterRebuild(t, r); inc != reb {
				t.Fatal("the views differ from a rebuild of the journal")
			}
		})
	}
}
