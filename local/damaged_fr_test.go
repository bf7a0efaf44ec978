package local

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"guichet/pos"
)

// TestADamagedFileIsToldInFrench: a damaged register's file was said in
// English whatever the cashier's language (DamagedError had no Say and no
// French): a French counter showed "the register's file … is damaged: it
// was cut short; restore it from a backup…". It is said in French, what
// is wrong and what to do, by its Say and by pos.Say (the screens'), also
// inside a sentence that names it; its English is as it was.
func TestADamagedFileIsToldInFrench(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.db")
	r, _ := openTest(t, path)
	must(t, r.Close())
	data := mustReadFile(t, path)
	cut := filepath.Join(dir, "cut.db") // no flat file beside it
	must(t, os.WriteFile(cut, data[:2*os.Getpagesize()+100], 0o600))
	zeroed := filepath.Join(dir, "zeroed.db")
	must(t, os.WriteFile(zeroed, make([]byte, len(data)), 0o600))
	for _, tc := range []struct {
		path   string
		en, fr string
	}{
		{cut, "the register's file " + cut + " is damaged: it is ",
			"le fichier de la caisse " + cut + " est endommagé : il fait "},
		{zeroed, "the register's file " + zeroed + " is damaged: its header pages are not those of a register's file",
			"le fichier de la caisse " + zeroed + " est endommagé : ses pages d'en-tête ne sont pas celles d'un fichier de caisse"},
	} {
		err := checkFile(tc.path)
		var de *DamagedError
		if !errors.As(err, &de) || !errors.Is(err, ErrDamaged) {
			t.Fatalf("%s: %v, want a *DamagedError", tc.path, err)
		}
		if !strings.HasPrefix(err.Error(), tc.en) || !strings.HasSuffix(err.Error(), "; restore it from a backup or the central server") {
			t.Errorf("in English: %q", err)
		}
		if !strings.HasPrefix(de.Reason, strings.TrimPrefix(tc.en, "the register's file "+tc.path+" is damaged: ")) {
			t.Errorf("Reason = %q", de.Reason)
		}
		for _, fr := range []string{de.Say(pos.French), pos.Say(err, pos.French), strings.TrimPrefix(pos.Say(pos.Errorf("order %s: %w", "K01-000001", err), pos.French), "commande K01-000001 : ")} {
			if !strings.HasPrefix(fr, tc.fr) || !strings.HasSuffix(fr, " ; restaurez-le depuis une sauvegarde ou le serveur central") {
				t.Errorf("in French: %q", fr)
			}
			if strings.Contains(fr, "damaged") || strings.Contains(fr, "bytes") || strings.Contains(fr, "restore") {
				t.Errorf("English left in the French: %q", fr)
			}
		}
	}

	// the way out by the flat file, when one holds the journal
	de := damaged(path, pos.Errorf("its %s page (%d) is not one (zeroed or overwritten)", pos.Text{"en": "root", "fr": "racine"}, 3))
	if !de.Rebuildable {
		t.Fatal("the register's own file has no flat file beside it")
	}
	want := "le fichier de la caisse " + path + " est endommagé : sa page racine (3) n'en est pas une (mise à zéro ou écrasée) ; mettez-le de côté (gardez-le) et démarrez la caisse : elle le reconstruit depuis son fichier plat " + flatPath(path) + " ; ou restaurez-le depuis une sauvegarde ou le serveur central"
	if got := pos.Say(de, pos.French); got != want {
		t.Errorf("in French:\n got %q\nwant %q", got, want)
	}
}
