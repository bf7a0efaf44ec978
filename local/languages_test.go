package local

import (
	"path/filepath"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// englishFirst is organiserCatalog(name) with English as the box
// office's first language.
func englishFirst(t *testing.T, name string) *pos.Catalog {
	t.Helper()
	c := organiserCatalog(t, name, "CHF 45.00")
	c.Organiser.Languages = []pos.Lang{pos.English, pos.French}
	return c
}

// The file remembers its catalog's languages, so that guichet journal and
// guichet sync (which read no catalog) speak the box office's: before,
// nothing in the file said them and those commands spoke English to a
// French box office. A new file learns them at its first open, a catalog
// from the central server changes them, an older file that remembers none
// says none (English) until a catalog of its organiser opens it, and the
// embedded demo given to an older file by a tool does not teach it the
// demo's. A running register's file is read from its snapshot.
func TestTheFileRemembersItsCatalogsLanguages(t *testing.T) {
	const vernets = "Théâtre des Vernets"
	path := filepath.Join(t.TempDir(), "guichet.db")
	r, err := openWith(path, organiserCatalog(t, vernets, "CHF 45.00"), false)
	must(t, err)
	if got := LanguagesOf(path); !slices.Equal(got, []pos.Lang{pos.French, pos.English}) {
		t.Errorf("a new file, its register running: languages %v, want [fr en]", got)
	}
	must(t, r.SetCatalog(englishFirst(t, vernets)))
	must(t, r.Close())
	if got := LanguagesOf(path); !slices.Equal(got, []pos.Lang{pos.English, pos.French}) {
		t.Errorf("after the central server's catalog: languages %v, want [en fr]", got)
	}

	// an older file: no languages, no organiser
	editFile(t, path, func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketMeta).Delete(languagesKey); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Delete(organiserKey)
	})
	if got := LanguagesOf(path); got != nil {
		t.Errorf("an older file: languages %v, want none", got)
	}
	for _, step := range []struct {
		with     *pos.Catalog
		readOnly bool
		want     []pos.Lang
	}{
		{englishFirst(t, "Théâtre du Lac"), false, nil}, // the demo by a tool: not learned
		{englishFirst(t, vernets), true, nil},           // a report: reads only
		{englishFirst(t, vernets), false, []pos.Lang{pos.English, pos.French}},
	} {
		if step.want != nil { // the organiser, learned from its last sale in a real file
			editFile(t, path, func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(organiserKey, []byte(vernets)) })
		}
		r, err := openWith(path, step.with, step.readOnly)
		must(t, err)
		must(t, r.Close())
		if got := LanguagesOf(path); !slices.Equal(got, step.want) {
			t.Errorf("opened with %s's catalog (read-only %v): languages %v, want %v", step.with.Organiser.Name, step.readOnly, got, step.want)
		}
	}
	if got := LanguagesOf(filepath.Join(t.TempDir(), "none.db")); got != nil {
		t.Errorf("no file: languages %v", got)
	}
}
