package local

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"guichet/internal/fakeclock"
)

// A file rebuilt from its flat file (lost, or the machine stopped under
// the register) forgot its organiser: a re-pointed file then took its old
// name's catalog again, and the demo. It now takes the organiser the
// journal last re-pointed it to; a file never re-pointed learns it again
// from the catalog its last order was sold with, as an older file does.
func TestARebuiltFileKeepsItsOrganiser(t *testing.T) {
	for _, tc := range []struct {
		name      string
		repoint   bool
		remembers string // after the rebuild, before any open with a catalog that teaches it
	}{
		{name: "re-pointed", repoint: true, remembers: lacSA},
		{name: "never re-pointed", remembers: ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "guichet.db")
			clk := fakeclock.New(testToday)
			own := demoCatalog(t)
			r, err := Open(Options{Path: path, Register: "K01", Catalog: own, Now: clk.Now})
			must(t, err)
			till := openTill(t, r, "claire", "1234")
			sellHamlet(t, till, "adult", 1)
			till.Close()
			must(t, r.Close())
			if tc.repoint {
				own = organiserCatalog(t, lacSA, "CHF 45.00")
				_, err := RepointOrganiser(Options{Path: path, Catalog: own, Now: clk.Now}, "claire")
				must(t, err)
				_, err = RepointOrganiser(Options{Path: path, Catalog: organiserCatalog(t, "Théâtre des Vernets", "CHF 45.00"), Now: clk.Now}, "claire")
				must(t, err)
				_, err = RepointOrganiser(Options{Path: path, Catalog: own, Now: clk.Now}, "claire") // back: the last one counts
				must(t, err)
			}
			must(t, os.Remove(path)) // lost: Open rebuilds it from the flat file
			other := organiserCatalog(t, "Théâtre des Vernets", "CHF 47.00")
			r, err = Open(Options{Path: path, Register: "K01", Catalog: other, Now: clk.Now})
			if tc.remembers != "" {
				var oe *OrganiserError
				if !errors.As(err, &oe) || oe.Register != tc.remembers {
					t.Fatalf("the rebuilt file opened with another organiser's catalog: %v, want it refused as %s's", err, tc.remembers)
				}
				if got := remembered(t, path); got != tc.remembers {
					t.Errorf("the rebuilt file remembers %q, want %q", got, tc.remembers)
				}
				r, err = Open(Options{Path: path, Register: "K01", Catalog: own, Now: clk.Now})
				must(t, err)
				must(t, r.Close())
			} else {
				must(t, err) // taken, not learned: the safe rule
				must(t, r.Close())
				if got := remembered(t, path); got != "" {
					t.Errorf("the rebuilt file learned %q from a catalog it never sold with", got)
				}
				r, err = Open(Options{Path: path, Register: "K01", Catalog: own, Now: clk.Now})
				must(t, err)
				must(t, r.Close())
				if got := remembered(t, path); got != own.Organiser.Name {
					t.Errorf("opened with the catalog of its last sale, the rebuilt file remembers %q", got)
				}
			}
			if res, err := Verify(path); err != nil || !res.Views {
				t.Errorf("journal verify of the rebuilt file: %+v %v", res, err)
			}
		})
	}
}
