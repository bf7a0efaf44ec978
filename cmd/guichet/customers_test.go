package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"guichet/pos"
)

// TestCustomersImportAndList: the example imports; a file with bad lines
// is refused whole with each line named; list only reads.
func TestCustomersImportAndList(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	example, _, code := runGuichet(t, dir, "", "customers", "example")
	if code != 0 {
		t.Fatal("example")
	}
	good := filepath.Join(dir, "good.csv")
	if err := os.WriteFile(good, []byte(example), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := runGuichet(t, dir, "", "customers", "import", "--lang", "en", good, "--db", db, "--staff", "claire", "--pin", "1234"); code != 0 || !strings.Contains(out, "2 customers imported") {
		t.Fatalf("import: %d %s%s", code, out, errOut)
	}
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("first_name,last_name,email\nAnn,Lee,ann@example.ch\nBob,,bob@\n,,\nCy,Li,ann@example.ch\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := runGuichet(t, dir, "", "customers", "import", bad, "--db", db, "--staff", "claire", "--pin", "1234", "--lang", "en")
	// the demo's French without --lang, every line of the refusal
	if _, frOut, _ := runGuichet(t, dir, "", "customers", "import", bad, "--db", db, "--staff", "claire", "--pin", "1234"); !strings.Contains(frOut, "ligne 3 : l'adresse e-mail") || !strings.Contains(frOut, "ligne 5 : ann@example.ch est un doublon de la ligne 2") {
		t.Errorf("bad import, in French: %s", frOut)
	}
	if code == 0 || !strings.Contains(errOut, "line 3: the e-mail address") || !strings.Contains(errOut, "line 5: ann@example.ch is a duplicate of line 2") {
		t.Fatalf("bad import: %d %s", code, errOut)
	}
	out, _, code := runGuichet(t, dir, "", "customers", "list", "--lang", "en", "--db", db)
	if code != 0 || !strings.Contains(out, "Zoé Müller") || !strings.Contains(out, "yes, since") || strings.Contains(out, "Ann Lee") {
		t.Fatalf("list: %s", out)
	}
}

// TestCustomersListGivesTheWholeRecord: looking a customer up to post her
// invoice or answer her call, the manager had a table of name, e-mail,
// phone and consent: not her postal address, civility, language nor the
// box office's notes. --json gives each record whole, --search still
// choosing them.
func TestCustomersListGivesTheWholeRecord(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	example, _, _ := runGuichet(t, dir, "", "customers", "example")
	good := filepath.Join(dir, "good.csv")
	if err := os.WriteFile(good, []byte(example), 0o600); err != nil {
		t.Fatal(err)
	}
	guichetOK(t, dir, "", "customers", "import", "--lang", "en", good, "--db", db, "--staff", "claire", "--pin", "1234")
	var list []pos.Customer
	out := guichetOK(t, dir, "", "customers", "list", "--db", db, "--search", "muller", "--json")
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 1 {
		t.Fatalf("list --search muller --json: %v\n%s", err, out)
	}
	if c := list[0]; c.Name != "Zoé Müller" || c.Civility != "Mme" || c.Address != "Rue du Lac 4, 1000 Lausanne" || c.Lang != pos.French || c.Notes != "abonnée depuis 2019" {
		t.Errorf("Zoé's record: %+v", c)
	}
	if out := guichetOK(t, dir, "", "customers", "list", "--db", db, "--search", "nobody", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("nobody found: %q", out)
	}
}
