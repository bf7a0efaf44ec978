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
	"guichet/pos"
)

// A box office that runs its counter with --catalog FILE and a tool
// without it: the tool gets the embedded demo, another organiser's
// catalog. Every command, writing or reading, is refused with a sentence
// naming both organisers, the demo and --catalog FILE, and the register's
// files are left as they were; with the box office's catalog they work.
func TestCommandsWithoutTheBoxOfficesCatalogAreRefused(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "guichet.db")
	data := bytes.Replace(fixtures.Demo, []byte(`"name": "Théâtre du Lac",`), []byte(`"name": "Théâtre des Vernets",`), 1)
	catalog := filepath.Join(t.TempDir(), "vernets.json")
	must(t, os.WriteFile(catalog, data, 0o644))
	cat, err := pos.ParseCatalog(catalog, data, time.Now())
	must(t, err)
	r, err := local.Open(local.Options{Path: db, Catalog: cat})
	must(t, err)
	must(t, r.Close())
	cart := filepath.Join(t.TempDir(), "cart.json")
	must(t, os.WriteFile(cart, []byte(`{"cart": {"lines": [{"kind": "product", "item": "programme", "quantity": 1}]}, "payments": [{"method": "cash"}]}`), 0o644))

	refusal := db + " is the register of Théâtre des Vernets; the catalog given is Théâtre du Lac's (the embedded demo, as no --catalog was given): give the box office's catalog with --catalog FILE"
	before := snapshotFiles(t, dir)
	for _, args := range [][]string{
		{"--db", db, "--printer", "file:" + filepath.Join(t.TempDir(), "out.bin")}, // the counter
		{"order", "place", "--db", db, "--cart", cart, "--staff", "claire", "--pin", "1234", "--float", "0"},
		{"order", "list", "--db", db},
		{"report", "tickets", "--db", db},
		{"report", "x", "--db", db},
		{"quote", "--db", db, "--cart", cart},
		{"voucher", "show", "X", "--db", db},
		{"codes", "list", "--offer", "enfants", "--db", db},
	} {
		var out, errOut bytes.Buffer
		args = append(args, "--lang", "en") // the demo's French otherwise
		code := run(args, strings.NewReader(""), &out, &errOut)
		if code == 0 || !strings.Contains(out.String()+errOut.String(), refusal) {
			t.Errorf("guichet %s: exit %d\n%s%s\nwant the refusal %q", strings.Join(args, " "), code, out.String(), errOut.String(), refusal)
		}
	}
	if after := snapshotFiles(t, dir); !sameSnapshot(before, after) {
		t.Error("a refused command changed the register's files")
	}

	var out, errOut bytes.Buffer
	if code := run([]string{"report", "tickets", "--db", db, "--catalog", "demo", "--lang", "en"}, strings.NewReader(""), &out, &errOut); code == 0 || !strings.Contains(errOut.String(), "Théâtre du Lac's (the embedded demo, --catalog demo): give") {
		t.Errorf("--catalog demo: exit %d: %s", code, errOut.String())
	}
	// in the demo's language, where the catalog came from too (it was
	// English in a French sentence)
	out.Reset()
	errOut.Reset()
	if code := run([]string{"report", "x", "--db", db}, strings.NewReader(""), &out, &errOut); code == 0 || !strings.Contains(errOut.String(), "le catalogue donné est celui de Théâtre du Lac (la démo intégrée, faute de --catalog) : donnez le catalogue de la billetterie avec --catalog FICHIER") {
		t.Errorf("in French: exit %d: %s", code, errOut.String())
	}
	out.Reset()
	errOut.Reset()
	if code := run([]string{"order", "place", "--db", db, "--catalog", catalog, "--cart", cart, "--staff", "claire", "--pin", "1234", "--float", "0"}, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Errorf("order place with the box office's catalog: exit %d: %s%s", code, out.String(), errOut.String())
	}
}

// TestAFileTheDemoMadeSaysToStartAgain: a first start without --catalog
// makes the file the embedded demo's register. Started again with the box
// office's catalog, it was refused with "give the box office's catalog
// with --catalog FILE", the very thing the technician had just done. The
// refusal now says the demo made the file and to move it aside and start
// again with that catalog.
func TestAFileTheDemoMadeSaysToStartAgain(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "guichet.db")
	cat, err := fixtures.DemoCatalog(time.Now())
	must(t, err)
	r, err := local.Open(local.Options{Path: db, Catalog: cat}) // the start without --catalog
	must(t, err)
	must(t, r.Close())
	catalog := filepath.Join(t.TempDir(), "vernets.json")
	must(t, os.WriteFile(catalog, bytes.Replace(fixtures.Demo, []byte(`"name": "Théâtre du Lac",`), []byte(`"name": "Théâtre des Vernets",`), 1), 0o644))

	want := db + " is the register of Théâtre du Lac, the embedded demo (a start without --catalog made it); the catalog given is Théâtre des Vernets's (" + catalog +
		"): to make the box office's register, move " + db + "* aside (keep them) and start the register again with --catalog " + catalog
	// in French, the catalog's language, it said to give the catalog
	// just given (a Say the refusal took from the one it completes)
	french := db + " est la caisse de Théâtre du Lac, la démo intégrée (un démarrage sans --catalog l'a créée) ; le catalogue donné est celui de Théâtre des Vernets (" + catalog +
		") : pour créer la caisse de la billetterie, mettez " + db + "* de côté (gardez-les) et redémarrez la caisse avec --catalog " + catalog
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--db", db, "--catalog", catalog, "--printer", "preview", "--lang", "en"}, want},
		{[]string{"report", "x", "--db", db, "--catalog", catalog, "--lang", "en"}, want},
		{[]string{"report", "x", "--db", db, "--catalog", catalog}, french},
	} {
		var out, errOut bytes.Buffer
		if code := run(tc.args, strings.NewReader(""), &out, &errOut); code == 0 || !strings.Contains(errOut.String(), tc.want) {
			t.Errorf("guichet %s: exit %d\n%s%s\nwant %q", strings.Join(tc.args, " "), code, out.String(), errOut.String(), tc.want)
		}
	}
}

func sameSnapshot(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !bytes.Equal(v, w) {
			return false
		}
	}
	return true
}

// catalogFlag reads --catalog as the flag package does.
func TestCatalogFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"report", "x", "--db", "g.db"}, ""},
		{[]string{"report", "x", "--catalog", "c.json"}, "c.json"},
		{[]string{"report", "x", "-catalog=c.json"}, "c.json"},
		{[]string{"--catalog=a.json", "order", "--catalog", "b.json"}, "b.json"},
		{[]string{"quote", "--", "--catalog", "c.json"}, ""},
		{[]string{"order", "place", "--cart", "catalog"}, ""},
	} {
		if got := catalogFlag(tc.args); got != tc.want {
			t.Errorf("catalogFlag(%q) = %q, want %q", tc.args, got, tc.want)
		}
	}
}
