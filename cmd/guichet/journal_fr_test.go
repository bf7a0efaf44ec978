package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestAJournalThatDoesNotVerifyIsToldInFrench: on a French box office's
// file, guichet journal verify printed its BAD lines in English ("BAD:
// journal entry 4: its hash does not match its content…", "the journal is
// good up to entry 3…", "BAD: the register's views do not say…"), and so
// did rebuild, archive and the counter refusing to start on the journal.
// They speak the command line's language, the file's French without
// --lang; --lang en keeps the English they had.
func TestAJournalThatDoesNotVerifyIsToldInFrench(t *testing.T) {
	tampered, _ := sellOne(t) // entry 4 changed
	change(t, tampered, func(tx *bolt.Tx) error {
		j := tx.Bucket([]byte("journal"))
		c := j.Cursor()
		k, v := c.First()
		for i := 0; i < 3; i++ {
			k, v = c.Next()
		}
		bad := bytes.Clone(v)
		bad[len(bad)/2] ^= 0x01
		return j.Put(bytes.Clone(k), bad)
	})
	viewChanged, _ := sellOne(t) // a view that is not the journal's
	change(t, viewChanged, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("v.sold")).Put([]byte("hamlet-01\x00galerie"), []byte("1"))
	})
	for _, tc := range []struct {
		name   string
		args   []string
		fr, en []string // what the output holds
	}{
		{"verify", []string{"journal", "verify", "--db", tampered},
			[]string{"BAD: écriture 4 du journal : son empreinte ne correspond pas à son contenu (l'écriture a été modifiée)\n", "le journal est bon jusqu'à l'écriture 3 ; l'écriture 4 et les suivantes ne sont pas fiables\n"},
			[]string{"BAD: journal entry 4: its hash does not match its content (the entry was changed)\n", "the journal is good up to entry 3; entry 4 and after cannot be trusted\n"}},
		{"verify, a view changed", []string{"journal", "verify", "--db", viewChanged},
			[]string{`BAD: les vues de la caisse ne disent pas ce que dit son journal (vue sold, clé "hamlet-01\x00galerie" : gardé "1", le journal donne "2") : le fichier a été modifié hors de la caisse`, "reconstruisez les vues depuis le journal (guichet journal rebuild, la caisse fermée)"},
			[]string{`BAD: the register's views do not say what its journal does (view sold, key "hamlet-01\x00galerie": kept "1", the journal gives "2"): the file was changed outside the register`}},
		{"rebuild", []string{"journal", "rebuild", "--db", tampered},
			[]string{"le journal ne se vérifie pas, les vues n'ont pas été reconstruites : écriture 4 du journal : son empreinte ne correspond pas à son contenu (l'écriture a été modifiée)"},
			[]string{"the journal does not verify, views not rebuilt: journal entry 4: its hash does not match its content (the entry was changed)"}},
		{"archive", []string{"journal", "archive", "--db", tampered, "--year", "2026", "--out", tampered + ".tar"},
			[]string{"le journal ne se vérifie pas, rien n'a été archivé : écriture 4 du journal : son empreinte"},
			[]string{"the journal does not verify, nothing archived: journal entry 4: its hash"}},
		{"the counter", []string{"counter", "--db", tampered},
			[]string{"guichet counter : le journal " + tampered + " ne se vérifie pas à partir de l'écriture 4 (son empreinte ne correspond pas à son contenu (l'écriture a été modifiée)) : aucune vente n'y est possible ; il peut encore être lu et exporté ; restaurez-le depuis une sauvegarde ou le serveur central"},
			[]string{"guichet counter: the journal " + tampered + " does not verify from entry 4 (its hash does not match its content (the entry was changed)): no sale is possible on it; it can still be read and exported; restore it from a backup or the central server"}},
	} {
		for lang, want := range map[string][]string{"": tc.fr, "fr": tc.fr, "en": tc.en} {
			t.Run(tc.name+"/"+lang, func(t *testing.T) {
				args := tc.args
				if lang != "" {
					args = append(append([]string(nil), args...), "--lang", lang)
				}
				out, stderr, code := runGuichet(t, "", "", args...)
				if code != 1 {
					t.Errorf("exit %d, want 1", code)
				}
				for _, w := range want {
					if !strings.Contains(out+stderr, w) {
						t.Errorf("guichet %s:\n%s%s\nwant it to hold %q", strings.Join(args, " "), out, stderr, w)
					}
				}
				if lang != "en" && (strings.Contains(out+stderr, "journal entry") || strings.Contains(out+stderr, "does not")) {
					t.Errorf("English left in the French:\n%s%s", out, stderr)
				}
			})
		}
	}
}

// change changes the register's file db with fn.
func change(t *testing.T, db string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	b, err := bolt.Open(db, 0o600, &bolt.Options{Timeout: time.Second})
	must(t, err)
	must(t, b.Update(fn))
	must(t, b.Close())
}
