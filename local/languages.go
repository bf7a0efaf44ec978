package local

import (
	"encoding/json"
	"slices"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// The register's file remembers its catalog's languages (meta
// "languages", a JSON list, the first the box office's), so that the
// commands that read no catalog (guichet journal, guichet sync) speak the
// box office's language. It is metadata beside the journal, as the
// organiser is, not an entry: a file written before it has none (those
// commands then speak English), and an older version passes over the
// key. It is recorded when the catalog is the file's beyond doubt: a new
// file's, one the central server sent (SetCatalog), or one of the
// organiser the file remembers (a tool given the embedded demo on an
// older file that remembers none does not teach it the demo's).
var languagesKey = []byte("languages")

// rememberLanguages records c's languages in the file when they are not
// recorded as they are; sure: c is the file's catalog beyond doubt.
func rememberLanguages(tx *bolt.Tx, c *pos.Catalog, sure bool) error {
	if len(c.Organiser.Languages) == 0 {
		return nil
	}
	if had := recordedOrganiser(tx); !sure && (had == "" || !sameOrganiser(had, c.Organiser.Name)) {
		return nil
	}
	v, err := json.Marshal(c.Organiser.Languages)
	if err != nil {
		return err
	}
	meta := tx.Bucket(bucketMeta)
	if slices.Equal(meta.Get(languagesKey), v) {
		return nil // unchanged: nothing written
	}
	return meta.Put(languagesKey, v)
}

// LanguagesOf reads, without writing (a running register's file from its
// snapshot), the languages of the catalog the register's file sells
// with, the box office's first; none when the file cannot be read or
// does not remember them (one written before files did).
func LanguagesOf(path string) []pos.Lang {
	db, err := openForReading(path, true)
	if err != nil {
		return nil
	}
	defer db.Close()
	var langs []pos.Lang
	if safely(path, func() error {
		return db.View(func(tx *bolt.Tx) error {
			if meta := tx.Bucket(bucketMeta); meta != nil {
				if v := meta.Get(languagesKey); v != nil {
					return json.Unmarshal(v, &langs)
				}
			}
			return nil
		})
	}) != nil {
		return nil
	}
	return langs
}
