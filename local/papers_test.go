package local

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestArchiveIsRecordedInTheFlatFile: the journal.archived entry and its
// event are in the flat file when ArchiveYear returns, the same bytes as
// bbolt's, so the register's file lost before its next start does not take
// the record of the archive with it: rebuilt from the flat file, it is there.
func TestArchiveIsRecordedInTheFlatFile(t *testing.T) {
	path := twoYears(t)
	res, err := ArchiveYear(path, "2026", filepath.Join(t.TempDir(), "K01-2026.tar"), time.Date(2028, 1, 5, 9, 0, 0, 0, time.UTC))
	must(t, err)
	fr := readFlat(t, path)
	db, err := openFile(path, true)
	must(t, err)
	entries, events := boltBuckets(t, db)
	db.Close()
	if got := fr.entries[res.Seq]; got == nil || !bytes.Equal(got, entries[res.Seq]) {
		t.Fatalf("entry %d (journal.archived) in the flat file: %q, want bbolt's", res.Seq, got)
	}
	sameRecords(t, "events", fr.events, events)
	sameRecords(t, "entries", fr.entries, entries)
	if _, err := Verify(path); err != nil {
		t.Fatalf("verify after the archive: %v", err)
	}

	// The file lost before the register started again: rebuilt from the
	// flat file, it holds the record of the archive.
	must(t, os.Remove(path))
	r, _ := openTest(t, path)
	must(t, r.Close())
	var archived int
	must(t, exportTypes(path, func(typ string) {
		if typ == TypeJournalArchived {
			archived++
		}
	}))
	if archived != 1 {
		t.Fatalf("journal.archived entries after the rebuild: %d, want 1", archived)
	}
	evs, err := Events(path)
	must(t, err)
	if n := countKind(evs, EventArchiveMade); n != 1 {
		t.Errorf("archive.made events after the rebuild: %d, want 1", n)
	}
}

// TestArchiveCopiesWhatTheFlatFileLacks: a register's file without its
// flat file (an older version's) gets it whole with the archive's record,
// as the register's start would copy it, and the next start takes it.
func TestArchiveCopiesWhatTheFlatFileLacks(t *testing.T) {
	path := twoYears(t)
	must(t, os.Remove(flatPath(path)))
	old := flatChunk
	flatChunk = 512 // a chunk at a time
	t.Cleanup(func() { flatChunk = old })
	res, err := ArchiveYear(path, "2026", filepath.Join(t.TempDir(), "K01-2026.tar"), time.Date(2028, 1, 5, 9, 0, 0, 0, time.UTC))
	must(t, err)
	fr := readFlat(t, path)
	db, err := openFile(path, true)
	must(t, err)
	entries, events := boltBuckets(t, db)
	db.Close()
	sameRecords(t, "entries", fr.entries, entries)
	sameRecords(t, "events", fr.events, events)
	if fr.entries[res.Seq] == nil {
		t.Fatalf("journal.archived (entry %d) is not in the flat file", res.Seq)
	}
	r, _ := openTest(t, path)
	sameJournalInBoth(t, r, path)
}
