package local

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/fixtures"
	"guichet/internal/fakeclock"
	"guichet/pos"
)

const lacSA = "Théâtre du Lac SA"

// renamedDemo is the demo box office under the organiser name name, its
// dates relative to day.
func renamedDemo(t *testing.T, name string, day time.Time) *pos.Catalog {
	t.Helper()
	data := bytes.Replace(fixtures.Demo, []byte(`"name": "Théâtre du Lac",`), []byte(`"name": "`+name+`",`), 1)
	c, err := pos.ParseCatalog(name, data, day)
	must(t, err)
	return c
}

// A box office whose name changed in its catalog ("Théâtre du Lac"
// becoming "Théâtre du Lac SA") was locked out of its own file: every
// open with its catalog was refused, and nothing re-pointed the file.
// The refusal now names the way out; RepointOrganiser takes it, records
// it in the journal (who, when, both names), and from then on the file
// sells for the new name and refuses the old one.
func TestARenamedBoxOfficeRepointsItsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	clk := fakeclock.New(testToday)
	open := func(c *pos.Catalog) (*Register, error) {
		return Open(Options{Path: path, Register: "K01", Catalog: c, Now: clk.Now})
	}
	r, err := open(demoCatalog(t))
	must(t, err)
	till := openTill(t, r, "claire", "1234")
	sellHamlet(t, till, "adult", 1)
	till.Close()
	must(t, r.Close())

	renamed := organiserCatalog(t, lacSA, "CHF 45.00")
	_, err = open(renamed)
	var oe *OrganiserError
	if !errors.As(err, &oe) {
		t.Fatalf("opened with the renamed catalog: %v, want it refused", err)
	}
	if want := "give the box office's catalog with --catalog FILE; if it is the box office's own catalog under a new name, re-point the file to it: guichet journal organiser --db " + path + " --catalog FILE"; !strings.HasSuffix(err.Error(), want) {
		t.Errorf("the refusal says\n%s\nwant it to end with\n%s", err, want)
	}
	st, err := OrganiserOf(path)
	must(t, err)
	if st.Organiser != "Théâtre du Lac" || st.Register != "K01" || len(st.Changes) != 0 || st.SameOrganiser(lacSA) {
		t.Fatalf("before: %+v", st)
	}

	// a look changes nothing; only RepointOrganiser writes
	before := fileState(t, path)
	if _, err := RepointOrganiser(Options{Path: path, Catalog: renamed, Now: clk.Now}, " "); err == nil {
		t.Error("re-pointed with nobody named")
	}
	if !sameFiles(before, fileState(t, path)) {
		t.Error("a refused re-point changed the register's files")
	}
	clk.Add(time.Hour)
	ch, err := RepointOrganiser(Options{Path: path, Catalog: renamed, Now: clk.Now}, "claire")
	must(t, err)
	want := OrganiserChange{Seq: ch.Seq, Time: testToday.Add(time.Hour), Staff: "claire", From: "Théâtre du Lac", To: lacSA}
	if ch.Seq == 0 || ch != want {
		t.Fatalf("re-pointed: %+v, want %+v", ch, want)
	}
	if got := remembered(t, path); got != lacSA {
		t.Errorf("the file remembers %q", got)
	}

	// the journal's entry: who, when, both names, the catalog
	var buf bytes.Buffer
	_, err = Export(path, ch.Seq, &buf)
	must(t, err)
	var e struct {
		Seq     uint64           `json:"seq"`
		Time    time.Time        `json:"time"`
		Staff   string           `json:"staff"`
		Type    string           `json:"type"`
		Payload organiserChanged `json:"payload"`
	}
	must(t, json.Unmarshal([]byte(strings.SplitN(buf.String(), "\n", 2)[0]), &e))
	if e.Type != TypeOrganiserChanged || e.Staff != "claire" || !e.Time.Equal(testToday.Add(time.Hour)) ||
		e.Payload != (organiserChanged{From: "Théâtre du Lac", To: lacSA, Catalog: renamed.Digest()}) {
		t.Errorf("the journal records %+v", e)
	}

	// the new name is taken, and sells; the old one is refused now
	r, err = open(renamed)
	must(t, err)
	till = openTill(t, r, "claire", "1234")
	sellHamlet(t, till, "adult", 1)
	till.Close()
	must(t, r.Close())
	if _, err := open(demoCatalog(t)); !errors.As(err, &oe) || oe.Register != lacSA {
		t.Errorf("the old name after the re-point: %v, want it refused", err)
	}
	st, err = OrganiserOf(path)
	must(t, err)
	if st.Organiser != lacSA || len(st.Changes) != 1 || st.Changes[0] != want {
		t.Errorf("after: %+v", st)
	}
	// the same organiser again: nothing recorded
	ch, err = RepointOrganiser(Options{Path: path, Catalog: organiserCatalog(t, "théâtre du lac  SA", "CHF 47.00"), Now: clk.Now}, "claire")
	must(t, err)
	if ch.Seq != 0 {
		t.Errorf("the same organiser re-pointed again: %+v", ch)
	}
	if res, err := Verify(path); err != nil || !res.Views {
		t.Errorf("journal verify after the re-point: %+v %v", res, err)
	}
}

// The register's file is re-pointed only when it is not running (Open's
// lock), and only to a catalog that names its organiser.
func TestRepointRefusals(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	r, err := openWith(path, demoCatalog(t), false)
	must(t, err)
	// LockTimeout: the refusal after 50 ms rather than Open's default second.
	if _, err := RepointOrganiser(Options{Path: path, Catalog: organiserCatalog(t, lacSA, "CHF 45.00"), Now: fakeclock.New(testToday).Now, LockTimeout: 50 * time.Millisecond}, "claire"); !errors.Is(err, ErrLocked) {
		t.Errorf("re-pointed a running register's file: %v", err)
	}
	must(t, r.Close())
	_, err = RepointOrganiser(Options{Path: path, Catalog: organiserCatalog(t, "", "CHF 45.00"), Now: fakeclock.New(testToday).Now}, "claire")
	if err == nil || !strings.Contains(pos.Say(err, pos.French), "le catalogue ne nomme aucun organisateur") {
		t.Errorf("re-pointed to an unnamed organiser: %v", err)
	}
	missing := filepath.Join(t.TempDir(), "none.db")
	if _, err := RepointOrganiser(Options{Path: missing, Catalog: organiserCatalog(t, lacSA, "CHF 45.00")}, "claire"); err == nil {
		t.Error("re-pointed a file that does not exist")
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Error("re-pointing a missing file made one")
	}
	if got := remembered(t, path); got != "Théâtre du Lac" {
		t.Errorf("the file remembers %q after the refusals", got)
	}
}

// The refusal names the way out in both languages, with the catalog's
// file when the command line gave one; given the demo, it only asks for
// the box office's catalog (no box office re-points its file to the demo).
func TestOrganiserRefusalNamesTheRepoint(t *testing.T) {
	for _, tc := range []struct {
		e      OrganiserError
		en, fr string
	}{
		{OrganiserError{Path: "g.db", Register: "Théâtre du Lac", Catalog: lacSA, Given: "lac-sa.json"},
			"g.db is the register of Théâtre du Lac; the catalog given is Théâtre du Lac SA's (lac-sa.json): give the box office's catalog with --catalog FILE; if lac-sa.json is the box office's own catalog under a new name, re-point the file to it: guichet journal organiser --db g.db --catalog lac-sa.json",
			"g.db est la caisse de Théâtre du Lac ; le catalogue donné est celui de Théâtre du Lac SA (lac-sa.json) : donnez le catalogue de la billetterie avec --catalog FICHIER ; si lac-sa.json est le catalogue de la billetterie elle-même sous un nouveau nom, rattachez-y le fichier : guichet journal organiser --db g.db --catalog lac-sa.json"},
		{OrganiserError{Path: "g.db", Register: "Théâtre du Lac", Catalog: lacSA},
			"g.db is the register of Théâtre du Lac; the catalog given is Théâtre du Lac SA's: give the box office's catalog with --catalog FILE; if it is the box office's own catalog under a new name, re-point the file to it: guichet journal organiser --db g.db --catalog FILE",
			"g.db est la caisse de Théâtre du Lac ; le catalogue donné est celui de Théâtre du Lac SA : donnez le catalogue de la billetterie avec --catalog FICHIER ; si c'est le catalogue de la billetterie elle-même sous un nouveau nom, rattachez-y le fichier : guichet journal organiser --db g.db --catalog FICHIER"},
		{OrganiserError{Path: "g.db", Register: "Théâtre des Vernets", Catalog: "Théâtre du Lac", Given: "the embedded demo, --catalog demo", Demo: true},
			"g.db is the register of Théâtre des Vernets; the catalog given is Théâtre du Lac's (the embedded demo, --catalog demo): give the box office's catalog with --catalog FILE",
			"g.db est la caisse de Théâtre des Vernets ; le catalogue donné est celui de Théâtre du Lac (the embedded demo, --catalog demo) : donnez le catalogue de la billetterie avec --catalog FICHIER"},
	} {
		if got := tc.e.Error(); got != tc.en {
			t.Errorf("got  %s\nwant %s", got, tc.en)
		}
		if got := tc.e.Say(pos.French); got != tc.fr {
			t.Errorf("got  %s\nwant %s", got, tc.fr)
		}
	}
}

// The change is read by every reader of the journal: verify (chain,
// closures, views, flat file), export, and a year's archive, which holds
// it as one of its lines and verifies alone; the closures add up across
// it (a re-point in the middle of a day).
func TestTheOrganiserChangeIsReadByEveryReader(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	zurich, _ := time.LoadLocation("Europe/Zurich")
	day := time.Date(2026, 12, 28, 9, 0, 0, 0, zurich)
	r, clk := openAt(t, path, time.Date(2026, 12, 30, 10, 0, 0, 0, zurich), day)
	till := openTill(t, r, "claire", "1234")
	sellHamlet(t, till, "adult", 2)
	till.Close()
	must(t, r.Close())
	clk.Add(time.Hour)
	renamed := renamedDemo(t, lacSA, day)
	ch, err := RepointOrganiser(Options{Path: path, Register: "K01", Catalog: renamed, Now: clk.Now}, "claire")
	must(t, err)
	clk.Add(time.Hour)
	r, err = Open(Options{Path: path, Register: "K01", Catalog: renamed, Now: clk.Now})
	must(t, err)
	till = openTill(t, r, "claire", "1234")
	sellHamlet(t, till, "child", 1)
	till.Close()
	clk.Add(72 * time.Hour) // 2 January 2027: 2026 is closed
	must(t, r.Close())
	r, err = Open(Options{Path: path, Register: "K01", Catalog: renamed, Now: clk.Now})
	must(t, err)
	must(t, r.Close())

	res, err := Verify(path)
	must(t, err)
	if !res.Views || res.Flat == nil || res.Flat.Entries != res.Entries {
		t.Errorf("verify: %+v", res)
	}
	var types []string
	must(t, exportTypes(path, func(typ string) { types = append(types, typ) }))
	if types[ch.Seq-1] != TypeOrganiserChanged {
		t.Errorf("export: entry %d is %s", ch.Seq, types[ch.Seq-1])
	}
	out := filepath.Join(t.TempDir(), "K01-2026.tar")
	a, err := ArchiveYear(path, "2026", out, clk.Now())
	must(t, err)
	if a.First > ch.Seq || a.Last < ch.Seq {
		t.Fatalf("the archive holds %d to %d, not the change %d", a.First, a.Last, ch.Seq)
	}
	if _, err := VerifyArchive(out, nil); err != nil {
		t.Fatalf("the archive with the change: %v", err)
	}
	lines := archiveFile(t, out, archiveEntriesF)
	if !strings.Contains(lines, `"type":"organiser.changed","payload":{"from":"Théâtre du Lac","to":"Théâtre du Lac SA"`) {
		t.Errorf("the archive's entries do not hold the change:\n%s", lines)
	}
}

// archiveFile is one file of an archive.
func archiveFile(t *testing.T, archive, name string) string {
	t.Helper()
	f, err := os.Open(archive)
	must(t, err)
	defer f.Close()
	tr := tar.NewReader(f)
	for {
		h, err := tr.Next()
		must(t, err)
		if h.Name == name {
			b, err := io.ReadAll(tr)
			must(t, err)
			return string(b)
		}
	}
}

// An older file that remembers no organiser yet is taught one by a
// re-point, recorded as from "" (none): it then refuses the demo.
func TestRepointTeachesAnOlderFileItsOrganiser(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	r, err := openWith(path, demoCatalog(t), false)
	must(t, err)
	must(t, r.Close())
	editFile(t, path, func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Delete(organiserKey) })
	ch, err := RepointOrganiser(Options{Path: path, Catalog: organiserCatalog(t, lacSA, "CHF 45.00"), Now: fakeclock.New(testToday).Now}, "claire")
	must(t, err)
	if ch.Seq == 0 || ch.From != "" || ch.To != lacSA {
		t.Fatalf("re-pointed: %+v", ch)
	}
	if _, err := openWith(path, demoCatalog(t), true); err == nil {
		t.Error("the demo taken after the re-point")
	}
}

// TestRepointingAMissingFileSaysToGiveIt: re-pointing a register's file
// that is not there (guichet journal organiser --confirm, its file gone
// or misnamed) said only "no register file at none.db", where guichet's
// other commands say to give it with --db; it still is fs.ErrNotExist.
func TestRepointingAMissingFileSaysToGiveIt(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "none.db")
	_, err := RepointOrganiser(Options{Path: missing, Catalog: organiserCatalog(t, lacSA, "CHF 45.00")}, "claire")
	for lang, want := range map[pos.Lang]string{
		pos.French:  "aucun fichier de caisse à l'emplacement " + missing + " : donnez-le avec --db FICHIER",
		pos.English: "no register file at " + missing + ": give it with --db FILE",
	} {
		if got := pos.Say(err, lang); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	if !errors.Is(err, os.ErrNotExist) || !strings.HasPrefix(err.Error(), "no register file at "+missing+": give it with --db FILE: ") {
		t.Errorf("the error for the log: %v, want the hint and the system's reason, and fs.ErrNotExist", err)
	}
	// a reader's look (journal events) names no flag: its caller does
	_, err = Events(missing)
	if got, want := pos.Say(err, pos.French), "aucun fichier de caisse à l'emplacement "+missing; got != want {
		t.Errorf("events of a missing file: %q, want %q", got, want)
	}
}
