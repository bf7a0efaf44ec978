package local

import (
	"bytes"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// TestAJournalThatDoesNotVerifyIsToldInFrench: the register's refusal to
// start on a journal that does not verify (BrokenJournalError) and the
// entry guichet journal verify names (BadEntryError) were English on a
// French register's start screen and command line, their reasons too
// ("the journal … does not verify from entry 7 (its hash does not match
// its content …): no sale is possible on it…"). They say themselves in
// French, reasons included; their English is as it was.
func TestAJournalThatDoesNotVerifyIsToldInFrench(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	r, _ := openTest(t, path)
	sellFour(t, r)
	must(t, r.Close())
	n := lastSeq(t, path)

	// broken changes a copy of the register's file with fn.
	broken := func(t *testing.T, fn func(jb *bolt.Bucket)) string {
		p := filepath.Join(t.TempDir(), "r.db")
		copyRegister(t, path, p)
		db, err := bolt.Open(p, 0o600, nil)
		must(t, err)
		must(t, db.Update(func(tx *bolt.Tx) error { fn(tx.Bucket(bucketJournal)); return nil }))
		must(t, db.Close())
		return p
	}
	changed := func(seq uint64, change func(v []byte) []byte) func(jb *bolt.Bucket) {
		return func(jb *bolt.Bucket) { must(t, jb.Put(seqKey(seq), change(bytes.Clone(jb.Get(seqKey(seq)))))) }
	}
	for _, tc := range []struct {
		name   string
		change func(jb *bolt.Bucket)
		seq    uint64
		en, fr string // the reason
	}{
		{"two entries swapped", func(jb *bolt.Bucket) { swapInBucket(t, jb, n-1, n) }, n - 1,
			"stored under key %d but says it is entry %d", "rangée sous la clé %d mais elle se dit l'écriture %d"},
		{"a byte changed", changed(n, func(v []byte) []byte { v[len(v)/2] ^= 1; return v }), n,
			"its hash does not match its content (the entry was changed)", "son empreinte ne correspond pas à son contenu (l'écriture a été modifiée)"},
		{"an entry cut short", changed(n, func(v []byte) []byte { return v[:10] }), n,
			"the stored entry is damaged (header)", "l'écriture stockée est endommagée (en-tête)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := broken(t, tc.change)
			enReason, frReason := tc.en, tc.fr
			if strings.Contains(tc.en, "%d") {
				enReason = strings.Replace(strings.Replace(tc.en, "%d", itoa(n-1), 1), "%d", itoa(n), 1)
				frReason = strings.Replace(strings.Replace(tc.fr, "%d", itoa(n-1), 1), "%d", itoa(n), 1)
			}

			_, err := Open(Options{Path: p, Catalog: demoCatalog(t)})
			var refused *BrokenJournalError
			if !errors.As(err, &refused) || refused.Seq() != tc.seq {
				t.Fatalf("Open: %v, want a *BrokenJournalError at entry %d", err, tc.seq)
			}
			if want := "the journal " + p + " does not verify from entry " + itoa(tc.seq) + " (" + enReason + "): no sale is possible on it; it can still be read and exported; restore it from a backup or the central server"; err.Error() != want {
				t.Errorf("in English:\n got %q\nwant %q", err.Error(), want)
			}
			wantFr := "le journal " + p + " ne se vérifie pas à partir de l'écriture " + itoa(tc.seq) + " (" + frReason + ") : aucune vente n'y est possible ; il peut encore être lu et exporté ; restaurez-le depuis une sauvegarde ou le serveur central"
			saidInFrench(t, err, wantFr)

			_, err = Verify(p)
			var bad *BadEntryError
			if !errors.As(err, &bad) || bad.Seq != tc.seq {
				t.Fatalf("Verify: %v, want a *BadEntryError at entry %d", err, tc.seq)
			}
			if want := "journal entry " + itoa(tc.seq) + ": " + enReason; bad.Error() != want || bad.Reason != enReason {
				t.Errorf("in English: %q (reason %q), want %q", bad.Error(), bad.Reason, want)
			}
			saidInFrench(t, bad, "écriture "+itoa(tc.seq)+" du journal : "+frReason)
		})
	}

	// a journal refused without its path (an append over a stored entry)
	noPath := &BrokenJournalError{Bad: badEntry(7, pos.Errorf("the last entry is not stored under its own number"))}
	saidInFrench(t, noPath, "le journal ne se vérifie pas à partir de l'écriture 7 (la dernière écriture n'est pas rangée sous son propre numéro) : aucune vente n'y est possible ; il peut encore être lu et exporté ; restaurez-le depuis une sauvegarde ou le serveur central")
	// one made elsewhere, its reason a text: said as it is inside the French
	saidInFrench(t, &BadEntryError{Seq: 3, Reason: "odd"}, "écriture 3 du journal : odd")
}

// swapInBucket swaps the stored values of journal entries a and b.
func swapInBucket(t *testing.T, jb *bolt.Bucket, a, b uint64) {
	t.Helper()
	va, vb := bytes.Clone(jb.Get(seqKey(a))), bytes.Clone(jb.Get(seqKey(b)))
	must(t, jb.Put(seqKey(a), vb))
	must(t, jb.Put(seqKey(b), va))
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }

// TestAFlatFileOrViewsThatDisagreeAreToldInFrench: guichet journal verify
// printed a flat file that is not the journal's, and views that are not
// what the journal gives, in English on a French box office's file.
func TestAFlatFileOrViewsThatDisagreeAreToldInFrench(t *testing.T) {
	for _, tc := range []struct {
		err    error
		en, fr string
	}{
		{&FlatMismatchError{Path: "g.db.journal", Seq: 12},
			"the journal's flat file g.db.journal holds an entry 12 that is not the journal's: it is not this journal's flat file, or one of the two was changed; keep both files as they are",
			"le fichier plat du journal g.db.journal contient une écriture 12 qui n'est pas celle du journal : ce n'est pas le fichier plat de ce journal, ou l'un des deux a été modifié ; gardez les deux fichiers tels quels"},
		{&FlatMismatchError{Path: "g.db.journal", Seq: 12, Missing: true},
			"the journal's flat file g.db.journal does not hold entry 12, which the journal holds, though it holds entries after it: it could not rebuild the journal's file; one of the two was changed; keep both files as they are",
			"le fichier plat du journal g.db.journal ne contient pas l'écriture 12, que le journal contient, alors qu'il contient des écritures après elle : il ne pourrait pas reconstruire le fichier du journal ; l'un des deux a été modifié ; gardez les deux fichiers tels quels"},
		{&FlatMismatchError{Path: "g.db.journal", Seq: 3, Event: true},
			"the journal's flat file g.db.journal holds an event 3 that is not the event log's: one of the two was changed; keep both files as they are",
			"le fichier plat du journal g.db.journal contient un événement 3 qui n'est pas celui du journal technique : l'un des deux a été modifié ; gardez les deux fichiers tels quels"},
		{&ViewsError{Diffs: []ViewDiff{{View: "sold", Key: "a", Kept: []byte("1")}, {View: "seats", Key: "b", Journal: []byte("x")}, {View: "c1", Key: "k"}, {View: "c2"}, {View: "c3"}}},
			`the register's views do not say what its journal does (view sold, key "a": kept "1", the journal gives nothing; view seats, key "b": kept nothing, the journal gives "x"; view c1, key "k": kept nothing, the journal gives nothing; views c2, c3 differ too): the file was changed outside the register (its views, or the journal's last entries removed with its head); keep a copy of the file, then rebuild the views from the journal (guichet journal rebuild, the register closed)`,
			`les vues de la caisse ne disent pas ce que dit son journal (vue sold, clé "a" : gardé "1", le journal donne rien ; vue seats, clé "b" : gardé rien, le journal donne "x" ; vue c1, clé "k" : gardé rien, le journal donne rien ; les vues c2, c3 diffèrent aussi) : le fichier a été modifié hors de la caisse (ses vues, ou les dernières écritures du journal supprimées avec sa tête) ; gardez une copie du fichier, puis reconstruisez les vues depuis le journal (guichet journal rebuild, la caisse fermée)`},
	} {
		if tc.err.Error() != tc.en {
			t.Errorf("in English:\n got %q\nwant %q", tc.err.Error(), tc.en)
		}
		saidInFrench(t, tc.err, tc.fr)
	}
}

// TestAHeadMistypedIsToldInFrench: ParseAnchor's refusal was fmt's,
// French only where the command line's own table knew its format.
func TestAHeadMistypedIsToldInFrench(t *testing.T) {
	for _, s := range []string{"12", "12:abc", "x:deadbeef", "0:deadbeef"} {
		_, err := ParseAnchor(s)
		if err == nil {
			t.Fatalf("%q taken", s)
		}
		if want := `the head "` + s + `" is not SEQ:HASH (an entry number, a colon, and at least 8 hex characters of its hash, as printed on the Z report)`; err.Error() != want {
			t.Errorf("in English: %q", err)
		}
		if got, want := pos.Say(err, pos.French), "la tête « "+s+" » n'est pas SEQ:HASH (un numéro d'écriture, deux-points et au moins 8 caractères hexadécimaux de son empreinte, comme imprimé sur le rapport Z à la ligne Journal)"; got != want {
			t.Errorf("in French:\n got %q\nwant %q", got, want)
		}
	}
}

// TestAnArchiveNotWrittenIsToldInFrench: an archive the system would not
// write (here a name longer than a file name may be) was refused with
// fmt's "cannot write the archive …", in English on a French command line.
func TestAnArchiveNotWrittenIsToldInFrench(t *testing.T) {
	path := twoYears(t)
	out := filepath.Join(t.TempDir(), strings.Repeat("a", 300)+".tar")
	_, err := ArchiveYear(path, "2026", out, time.Date(2028, 1, 5, 9, 0, 0, 0, time.UTC))
	if err == nil || !strings.HasPrefix(err.Error(), "cannot write the archive "+out+": ") {
		t.Fatalf("an archive with too long a name: %v", err)
	}
	if fr := pos.Say(err, pos.French); !strings.HasPrefix(fr, "impossible d'écrire l'archive "+out+" : ") {
		t.Errorf("in French: %q", fr)
	}
}
