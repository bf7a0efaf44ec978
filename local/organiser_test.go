package local

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"guichet/fixtures"
	"guichet/internal/fakeclock"
	"guichet/pos"
)

// organiserCatalog is the demo box office as organiser name sells it,
// its first price (Hamlet, CHF 45.00) at price.
func organiserCatalog(t *testing.T, name, price string) *pos.Catalog {
	t.Helper()
	data := bytes.Replace(fixtures.Demo, []byte(`"name": "Théâtre du Lac",`), []byte(`"name": "`+name+`",`), 1)
	data = bytes.Replace(data, []byte(`"price": "CHF 45.00"`), []byte(`"price": "`+price+`"`), 1)
	c, err := pos.ParseCatalog(name, data, testToday)
	must(t, err)
	if c.Organiser.Name != name {
		t.Fatalf("the catalog's organiser is %q, not %q: the demo's organiser moved", c.Organiser.Name, name)
	}
	return c
}

func openWith(path string, c *pos.Catalog, readOnly bool) (*Register, error) {
	return Open(Options{Path: path, Register: "K01", Catalog: c, Now: fakeclock.New(testToday).Now, ReadOnly: readOnly})
}

// fileState is the register's files as bytes: a refused open leaves them.
func fileState(t *testing.T, path string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	for _, p := range []string{path, flatPath(path), path + ".key", path + ".pub", pidPath(path)} {
		b, err := os.ReadFile(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		must(t, err)
		m[p] = b
	}
	return m
}

func sameFiles(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// A file remembers the organiser it sells for: opened with another
// organiser's catalog (a tool run without --catalog gets the demo), it is
// refused, writable or read-only, with nothing written; the same
// organiser's catalog with new prices, or its name respelled, is taken.
func TestAFileIsRefusedTheCatalogOfAnotherOrganiser(t *testing.T) {
	t.Parallel() // a register of its own per case: beside the other parallel tests (helpers_test.go)
	const lac, other = "Théâtre du Lac", "Théâtre des Vernets"
	for _, tc := range []struct {
		name      string
		made      string // organiser of the catalog the file was made with
		forget    bool   // the file was written before files remembered their organiser
		open      string // organiser of the catalog it is opened with
		price     string
		readOnly  bool
		refused   bool
		remembers string // the organiser the file remembers after
	}{
		{name: "the demo on a demo file", made: lac, open: lac, remembers: lac},
		{name: "the demo on another organiser's file", made: other, open: lac, refused: true, remembers: other},
		{name: "read-only: the demo on another organiser's file", made: other, open: lac, readOnly: true, refused: true, remembers: other},
		{name: "another organiser on a demo file", made: lac, open: other, refused: true, remembers: lac},
		{name: "the same organiser, new prices", made: other, open: other, price: "CHF 47.00", remembers: other},
		{name: "read-only: the same organiser, new prices", made: other, open: other, price: "CHF 47.00", readOnly: true, remembers: other},
		{name: "the same organiser respelled", made: other, open: "théâtre  des Vernets", remembers: "théâtre  des Vernets"},
		{name: "an older file with no order: taken, nothing remembered", made: other, forget: true, open: lac, remembers: ""},
		{name: "read-only on an older file: taken, nothing remembered", made: other, forget: true, open: lac, readOnly: true, remembers: ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "guichet.db")
			r, err := openWith(path, organiserCatalog(t, tc.made, "CHF 45.00"), false)
			must(t, err)
			must(t, r.Close())
			if tc.forget {
				editFile(t, path, func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Delete(organiserKey) })
			}
			before := fileState(t, path)
			price := tc.price
			if price == "" {
				price = "CHF 45.00"
			}
			r, err = openWith(path, organiserCatalog(t, tc.open, price), tc.readOnly)
			var oe *OrganiserError
			switch {
			case tc.refused && !errors.As(err, &oe):
				t.Fatalf("opened with %s's catalog: %v, want it refused (*OrganiserError)", tc.open, err)
			case tc.refused:
				want := path + " is the register of " + tc.made + "; the catalog given is " + tc.open + "'s: give the box office's catalog with --catalog FILE; if it is the box office's own catalog under a new name, re-point the file to it: guichet journal organiser --db " + path + " --catalog FILE"
				if got := err.Error(); got != want {
					t.Errorf("refused with\n%s\nwant\n%s", got, want)
				}
				if !sameFiles(before, fileState(t, path)) {
					t.Error("the refused open changed the register's files")
				}
			case err != nil:
				t.Fatalf("opened with %s's catalog: %v, want it taken", tc.open, err)
			default:
				if got := r.Catalog().Organiser.Name; got != tc.open {
					t.Errorf("sells for %s, want %s", got, tc.open)
				}
				must(t, r.Close())
			}
			if got := remembered(t, path); got != tc.remembers {
				t.Errorf("the file remembers %q, want %q", got, tc.remembers)
			}
		})
	}
}

// A brand-new file takes any catalog and remembers its organiser from its
// first open; an unnamed organiser is not remembered.
func TestANewFileRemembersItsOrganiser(t *testing.T) {
	for _, name := range []string{"Théâtre des Vernets", ""} {
		path := filepath.Join(t.TempDir(), "guichet.db")
		r, err := openWith(path, organiserCatalog(t, name, "CHF 45.00"), false)
		must(t, err)
		must(t, r.Close())
		if got := remembered(t, path); got != name {
			t.Errorf("a new file opened for %q remembers %q", name, got)
		}
	}
}

// A reader of a running register's file (its snapshot: a report while the
// counter sells) is refused another organiser's catalog too.
func TestAReportOnARunningRegisterIsRefusedAnotherOrganisersCatalog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	r, err := openWith(path, organiserCatalog(t, "Théâtre des Vernets", "CHF 45.00"), false)
	must(t, err)
	defer r.Close()
	_, err = openWith(path, demoCatalog(t), true)
	var oe *OrganiserError
	if !errors.As(err, &oe) || oe.Register != "Théâtre des Vernets" || oe.Catalog != "Théâtre du Lac" {
		t.Fatalf("a report with the demo on the running register's file: %v, want it refused", err)
	}
	ro, err := openWith(path, organiserCatalog(t, "Théâtre des Vernets", "CHF 47.00"), true)
	must(t, err)
	must(t, ro.Close())
}

// A catalog pulled from the central server of another organiser is not
// applied: the register goes on with its own (the status line says why);
// one of the same organiser is, its name as spelled remembered.
func TestSetCatalogRefusesAnotherOrganiser(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	r, err := openWith(path, demoCatalog(t), false)
	must(t, err)
	defer r.Close()
	own := r.Catalog()
	err = r.SetCatalog(organiserCatalog(t, "Théâtre des Vernets", "CHF 45.00"))
	// both ways out: the central server was given another box office's
	// catalog, or this one was renamed and its stopped file is re-pointed
	// (before, only the first was said)
	want := "the new catalog is Théâtre des Vernets's and this register sells for Théâtre du Lac: it was not applied; " +
		"if it is another box office's, give the central server Théâtre du Lac's catalog; " +
		"if this box office is now Théâtre des Vernets, stop the register and re-point its file to the catalog the central server was given (guichet journal organiser --db " + path + " --catalog FILE), then start it again"
	if err == nil || err.Error() != want {
		t.Fatalf("another organiser's catalog: %v\nwant %s", err, want)
	}
	wantFr := "le nouveau catalogue est celui de Théâtre des Vernets et cette caisse vend pour Théâtre du Lac : il n'a pas été appliqué ; " +
		"si c'est celui d'une autre billetterie, donnez au serveur central le catalogue de Théâtre du Lac ; " +
		"si cette billetterie est désormais Théâtre des Vernets, arrêtez la caisse et rattachez son fichier au catalogue donné au serveur central (guichet journal organiser --db " + path + " --catalog FICHIER), puis redémarrez-la"
	if fr := pos.Say(err, pos.French); fr != wantFr {
		t.Errorf("in French: %s\nwant %s", fr, wantFr)
	}
	if r.Catalog() != own {
		t.Error("the refused catalog was applied")
	}
	must(t, r.SetCatalog(organiserCatalog(t, "THÉÂTRE du Lac", "CHF 47.00")))
	if r.Catalog().Organiser.Name != "THÉÂTRE du Lac" {
		t.Error("the same organiser's new catalog was not applied")
	}
	must(t, r.Close())
	if got := remembered(t, path); got != "THÉÂTRE du Lac" {
		t.Errorf("the file remembers %q after the new catalog", got)
	}
}

// The refusal is said in French, with where the catalog came from when
// the command line says it.
func TestOrganiserRefusalInFrench(t *testing.T) {
	e := &OrganiserError{Path: "guichet.db", Register: "Théâtre des Vernets", Catalog: "Théâtre du Lac", Given: "the embedded demo, as no --catalog was given", Demo: true}
	want := "guichet.db est la caisse de Théâtre des Vernets ; le catalogue donné est celui de Théâtre du Lac (the embedded demo, as no --catalog was given) : donnez le catalogue de la billetterie avec --catalog FICHIER"
	if got := e.Say(pos.French); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := e.Error(); !strings.Contains(got, "the catalog given is Théâtre du Lac's (the embedded demo, as no --catalog was given): give") {
		t.Errorf("in English: %s", got)
	}
}

func remembered(t *testing.T, path string) string {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	must(t, err)
	defer db.Close()
	var name string
	must(t, db.View(func(tx *bolt.Tx) error { name = recordedOrganiser(tx); return nil }))
	return name
}

// editFile changes a closed register's file directly (an older version's
// file).
func editFile(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	must(t, err)
	must(t, db.Update(fn))
	must(t, db.Close())
}

// An older file (written before files remembered their organiser) learns
// it only from the catalog its last order was priced with: a tool run on
// it without --catalog (the embedded demo) first taught it the demo's
// organiser, and its own counter was refused from then on.
func TestAnOlderFileLearnsItsOrganiserFromItsLastSale(t *testing.T) {
	const lac, other = "Théâtre du Lac", "Théâtre des Vernets"
	path := filepath.Join(t.TempDir(), "guichet.db")
	own := organiserCatalog(t, other, "CHF 45.00")
	r, err := openWith(path, own, false)
	must(t, err)
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 1))
	_, err = till.Checkout(cash())
	must(t, err)
	till.Close()
	must(t, r.Close())
	editFile(t, path, func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Delete(organiserKey) })

	for _, step := range []struct {
		with      *pos.Catalog
		remembers string
	}{
		{organiserCatalog(t, lac, "CHF 45.00"), ""},   // the demo, by a tool: taken as before, not learned
		{organiserCatalog(t, other, "CHF 47.00"), ""}, // its organiser, but not the catalog it sold with
		{own, other}, // the catalog of its last sale: learned
		{organiserCatalog(t, other, "CHF 47.00"), other}, // then new prices are its organiser's
	} {
		r, err := openWith(path, step.with, false)
		if err != nil {
			t.Fatalf("opened with %s's catalog: %v", step.with.Organiser.Name, err)
		}
		must(t, r.Close())
		if got := remembered(t, path); got != step.remembers {
			t.Fatalf("opened with %s's catalog (%s): the file remembers %q, want %q", step.with.Organiser.Name, step.with.Digest()[:8], got, step.remembers)
		}
	}
	if _, err := openWith(path, organiserCatalog(t, lac, "CHF 45.00"), false); err == nil {
		t.Fatal("the demo taken once the file knows its organiser")
	}
}
