package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
)

// A box office whose catalog now names it "Théâtre des Vernets SA" was refused
// by its own file with nothing to re-point it. The refusal names guichet
// journal organiser; the command shows both names and changes nothing
// until --confirm with an administrator of the new catalog, then the file
// sells for the new name, recorded in the journal.
func TestJournalOrganiserRepointsARenamedBoxOffice(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "guichet.db")
	// The box office's own catalog (not the demo's: a file the demo made
	// is told to start again, TestAFileTheDemoMadeSaysToStartAgain).
	own, err := loadCatalog(writeCatalogNamed(t, "Théâtre des Vernets"), time.Now())
	must(t, err)
	r, err := local.Open(local.Options{Path: db, Catalog: own})
	must(t, err)
	must(t, r.Close())
	renamed := writeCatalogNamed(t, "Théâtre des Vernets SA")
	guichet := func(args ...string) (string, int) {
		var out, errOut bytes.Buffer
		code := run(append(args, "--lang", "en"), strings.NewReader(""), &out, &errOut)
		return out.String() + errOut.String(), code
	}

	out, code := guichet("report", "tickets", "--db", db, "--catalog", renamed)
	if want := "if " + renamed + " is the box office's own catalog under a new name, re-point the file to it: guichet journal organiser --db " + db + " --catalog " + renamed; code == 0 || !strings.Contains(out, want) {
		t.Fatalf("report with the renamed catalog: exit %d\n%s\nwant the refusal to say %q", code, out, want)
	}

	before := snapshotFiles(t, dir)
	for _, tc := range []struct {
		args []string
		says string
		fail bool
	}{
		{[]string{}, `sells for "Théâtre des Vernets"; the catalog ` + renamed + ` names "Théâtre des Vernets SA"` + "\nnothing changed. If " + renamed + " is the box office's own catalog", false},
		{[]string{"--confirm"}, "say who re-points the file: --staff ID --pin PIN", true},
		{[]string{"--confirm", "--staff", "marc", "--pin", "5678"}, "marc is not an administrator in " + renamed, true},
		{[]string{"--confirm", "--staff", "claire", "--pin", "0000"}, `staff "claire" with that PIN is not in ` + renamed, true},
	} {
		out, code := guichet(append([]string{"journal", "organiser", "--db", db, "--catalog", renamed}, tc.args...)...)
		if (code != 0) != tc.fail || !strings.Contains(out, tc.says) {
			t.Errorf("journal organiser %v: exit %d\n%s\nwant it to say %q", tc.args, code, out, tc.says)
		}
	}
	if !sameSnapshot(before, snapshotFiles(t, dir)) {
		t.Fatal("journal organiser without a good --confirm changed the register's files")
	}

	out, code = guichet("journal", "organiser", "--db", db, "--catalog", renamed, "--confirm", "--staff", "claire", "--pin", "1234")
	if code != 0 || !strings.Contains(out, db+` sells for "Théâtre des Vernets SA" from now on (it sold for "Théâtre des Vernets"): recorded as journal entry `) || !strings.Contains(out, "by claire at ") {
		t.Fatalf("journal organiser --confirm: exit %d\n%s", code, out)
	}
	if out, code := guichet("report", "tickets", "--db", db, "--catalog", renamed); code != 0 {
		t.Errorf("report with the renamed catalog after the re-point: exit %d\n%s", code, out)
	}
	if out, code := guichet("report", "tickets", "--db", db, "--catalog", writeCatalogNamed(t, "Théâtre des Vernets")); code == 0 || !strings.Contains(out, "is the register of Théâtre des Vernets SA") {
		t.Errorf("report with the old name after the re-point: exit %d\n%s", code, out)
	}
	out, code = guichet("journal", "organiser", "--db", db, "--catalog", renamed)
	if code != 0 || !strings.Contains(out, `re-pointed from "Théâtre des Vernets" to "Théâtre des Vernets SA" on `) || !strings.Contains(out, "by claire (journal entry ") ||
		!strings.Contains(out, "the same box office: the file takes this catalog, nothing to re-point") {
		t.Errorf("journal organiser after the re-point: exit %d\n%s", code, out)
	}
	if out, code := guichet("journal", "verify", "--db", db); code != 0 || !strings.Contains(out, "ok: every view") {
		t.Errorf("journal verify after the re-point: exit %d\n%s", code, out)
	}
}

// writeCatalogNamed writes the demo's catalog under organiser name and
// says where.
func writeCatalogNamed(t *testing.T, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "catalog.json")
	must(t, os.WriteFile(path, bytes.Replace(fixtures.Demo, []byte(`"name": "Théâtre du Lac",`), []byte(`"name": "`+name+`",`), 1), 0o644))
	return path
}
