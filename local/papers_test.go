package local

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"guichet/pos"
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

// TestSoldNamesAreTheOrdersWords: a statement's performance is named as
// its order's line named it when sold, found in the day's entries: a day
// closed that sold it (its order.placed), and a day that only took a
// ticket back (the order.placed of the ticket's order, placed before).
func TestSoldNamesAreTheOrdersWords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	zurich, _ := time.LoadLocation("Europe/Zurich")
	r, clk := openAt(t, path, time.Date(2026, 12, 1, 10, 0, 0, 0, zurich), time.Date(2026, 11, 30, 9, 0, 0, 0, zurich))
	till := openTill(t, r, "claire", "1234")
	sellHamlet(t, till, "adult", 1)
	b := sellHamlet(t, till, "child", 1)
	clk.Add(24 * time.Hour)
	must(t, till.Cancel(b.Number, "changed their mind")) // closes 1 December
	cat := r.cat()
	p, ok := cat.PerformanceByID("hamlet-01")
	if !ok {
		t.Fatal("no hamlet-01 in the demo")
	}
	want := "Hamlet, " + pos.FormatDateTime(p.Start.In(cat.Location()), cat.Lang(""))
	for _, day := range []string{"2026-12-01", "2026-12-02"} {
		rows, _, err := r.TicketStatement(day)
		must(t, err)
		if len(rows) == 0 {
			t.Fatalf("%s: no rows", day)
		}
		names, err := r.SoldNames(day, []string{"hamlet-01", "hamlet-02"})
		must(t, err)
		if names["hamlet-01"] != want {
			t.Errorf("%s: hamlet-01 named %q, want %q", day, names["hamlet-01"], want)
		}
		if n, ok := names["hamlet-02"]; ok {
			t.Errorf("%s: hamlet-02, none of whose tickets the day moved, named %q", day, n)
		}
	}
}
