package local

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"guichet/pos"
)

// twoYears runs a register from 30 December 2026 to 2 January 2028, with
// sales in both years, and returns its file and the sum of 2027's sales.
func twoYears(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "guichet.db")
	zurich, _ := time.LoadLocation("Europe/Zurich")
	r, clk := openAt(t, path, time.Date(2026, 12, 30, 10, 0, 0, 0, zurich), time.Date(2026, 12, 28, 9, 0, 0, 0, zurich))
	till := openTill(t, r, "claire", "1234")
	sellHamlet(t, till, "adult", 2)
	b := sellHamlet(t, till, "child", 1)
	clk.Add(48 * time.Hour) // 1 January 2027
	sellHamlet(t, till, "adult", 1)
	must(t, till.Cancel(b.Number, "wrong year"))
	clk.Add(366 * 24 * time.Hour) // 2 January 2028
	must(t, till.CashMove(chf(500), "change"))
	r.Close()
	return path
}

// TestArchiveMovedAndVerifiedAlone archives 2026 and 2027, moves the
// archives to another directory, verifies each without the register's
// file, then changes single bytes: every change is refused.
func TestArchiveMovedAndVerifiedAlone(t *testing.T) {
	t.Parallel() // its own register and archives, on fixed dates: beside the other parallel tests (helpers_test.go)
	path := twoYears(t)
	made := time.Date(2028, 1, 5, 9, 0, 0, 0, time.UTC)
	outDir := t.TempDir()
	a26 := filepath.Join(outDir, "K01-2026.tar")
	res, err := ArchiveYear(path, "2026", a26, made)
	must(t, err)
	if res.First != 1 || res.Entries == 0 {
		t.Fatalf("2026 archived: %+v", res)
	}
	a27 := filepath.Join(outDir, "K01-2027.tar")
	res27, err := ArchiveYear(path, "2027", a27, made)
	must(t, err)
	if res27.First != res.Last+1 {
		t.Fatalf("2027 starts at %d, 2026 ended at %d", res27.First, res.Last)
	}
	if _, err := ArchiveYear(path, "2028", filepath.Join(outDir, "K01-2028.tar"), made); err == nil || !strings.Contains(err.Error(), "not closed") {
		t.Fatalf("archiving the open year: %v", err)
	}
	// Making an archive is a journal entry; the journal still verifies.
	if _, err := Verify(path); err != nil {
		t.Fatal(err)
	}
	var archived []string
	must(t, exportTypes(path, func(typ string) {
		if typ == TypeJournalArchived {
			archived = append(archived, typ)
		}
	}))
	if len(archived) != 2 {
		t.Fatalf("journal.archived entries: %d, want 2", len(archived))
	}
	events, err := Events(path)
	must(t, err)
	if n := countKind(events, EventArchiveMade); n != 2 {
		t.Errorf("archive.made events: %d, want 2", n)
	}

	// Moved elsewhere, the register's file gone: each verifies alone.
	elsewhere := t.TempDir()
	for _, a := range []string{a26, a27} {
		moved := filepath.Join(elsewhere, filepath.Base(a))
		must(t, os.Rename(a, moved))
	}
	must(t, os.Remove(path))
	for _, name := range []string{"K01-2026.tar", "K01-2027.tar"} {
		m, err := VerifyArchive(filepath.Join(elsewhere, name), nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if m.Register != "K01" || m.Year != strings.TrimSuffix(strings.TrimPrefix(name, "K01-"), ".tar") {
			t.Errorf("%s: manifest %+v", name, m)
		}
	}

	// Readable without Guichet: a tar with a README and JSON lines.
	data, err := os.ReadFile(filepath.Join(elsewhere, "K01-2027.tar"))
	must(t, err)
	names := map[string]bool{}
	tr := tar.NewReader(bytes.NewReader(data))
	for h, err := tr.Next(); err == nil; h, err = tr.Next() {
		names[h.Name] = true
	}
	for _, n := range []string{"README.txt", "manifest.json", "manifest.sig", "entries.jsonl", "closures.jsonl", "public.key"} {
		if !names[n] {
			t.Errorf("the archive has no %s", n)
		}
	}

	// One byte changed, anywhere: refused. Every part of the tar is
	// touched (each header, each file's first, last and spread bytes, the
	// padding and the end) rather than every n-th byte: 400 verifies of a
	// year took 76 s under -race for the same regions. The bytes are those
	// of 2026's archive, four days long: the same files as 2027's, whose
	// year of daily closures, each signature checked at each verify, took
	// 53 s under -race for these 130 verifies.
	data, err = os.ReadFile(filepath.Join(elsewhere, "K01-2026.tar"))
	must(t, err)
	changed := filepath.Join(t.TempDir(), "changed.tar")
	flips := flipPositions(t, data)
	if len(flips) < 60 {
		t.Fatalf("only %d bytes to change in a tar of %d", len(flips), len(data))
	}
	for _, i := range flips {
		bad := bytes.Clone(data)
		bad[i] ^= 0x01
		must(t, os.WriteFile(changed, bad, 0o600))
		if _, err := VerifyArchive(changed, nil); err == nil {
			t.Fatalf("byte %d of %d changed: the archive still verifies", i, len(data))
		}
	}
	// A payload changed with its hash, the chain, and the manifest's hash
	// recomputed cannot be signed again without the key: refused too.
	i := bytes.Index(data, []byte(`"type":"order.placed"`))
	bad := bytes.Clone(data)
	bad[i+2] = 'T'
	must(t, os.WriteFile(changed, bad, 0o600))
	var ae *ArchiveError
	if _, err := VerifyArchive(changed, nil); !errors.As(err, &ae) {
		t.Fatalf("a changed entry: %v", err)
	}
}

// flipPositions lists bytes of a tar to change one at a time: the first
// bytes of each header (name, mode, size, checksum...), each file's first
// and last byte and 12 between, the padding after each file and the end
// blocks.
func flipPositions(t *testing.T, data []byte) []int {
	t.Helper()
	var at []int
	r := &countingReader{r: bytes.NewReader(data)}
	tr := tar.NewReader(r)
	last := 0
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		must(t, err)
		start := int(r.n) // the file's data starts after its header
		for _, off := range []int{0, 100, 124, 148, 156, 257} {
			at = append(at, start-512+off)
		}
		if h.Size > 0 {
			for k := 0; k <= 13; k++ {
				at = append(at, start+int(h.Size-1)*k/13)
			}
		}
		end := start + int(h.Size)
		if end%512 != 0 {
			at = append(at, end) // padding
		}
		last = (end + 511) / 512 * 512
	}
	at = append(at, last, len(data)-1) // the end blocks
	slices.Sort(at)
	return slices.Compact(at)
}

// countingReader counts the bytes the tar reader has taken.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func countKind(events []Event, kind string) int {
	n := 0
	for _, e := range events {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

// exportTypes calls fn with the type of every entry of the file.
func exportTypes(path string, fn func(typ string)) error {
	var buf bytes.Buffer
	if _, err := Export(path, 1, &buf); err != nil {
		return err
	}
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if i := strings.Index(line, `"type":"`); i >= 0 {
			rest := line[i+len(`"type":"`):]
			fn(rest[:strings.IndexByte(rest, '"')])
		}
	}
	return nil
}

// TestArchiveChangedEntriesAreNamed changes entries.jsonl of an archive
// and lays the tar out again as the register would (so only the files'
// hashes differ): verify-archive names the entry changed, removed or
// moved, not only the file, as journal verify does for the register's
// file.
func TestArchiveChangedEntriesAreNamed(t *testing.T) {
	path := twoYears(t)
	a26 := filepath.Join(t.TempDir(), "K01-2026.tar")
	res, err := ArchiveYear(path, "2026", a26, time.Date(2028, 1, 5, 9, 0, 0, 0, time.UTC))
	must(t, err)
	if res.Entries < 8 {
		t.Fatalf("2026 holds %d entries, the test changes entries 4 to 6", res.Entries)
	}
	data, err := os.ReadFile(a26)
	must(t, err)
	var files []namedFile
	tr := tar.NewReader(bytes.NewReader(data))
	for h, err := tr.Next(); err == nil; h, err = tr.Next() {
		b, err := io.ReadAll(tr)
		must(t, err)
		files = append(files, namedFile{h.Name, b})
	}
	var m ArchiveManifest
	for _, f := range files {
		if f.name == archiveManifest {
			must(t, json.Unmarshal(f.data, &m))
		}
	}
	for _, tc := range []struct {
		name   string
		change func(lines []string) []string
		want   string
		fr     string // what verify-archive --lang fr says after BAD:
	}{
		{"a byte of entry 4 changed", func(l []string) []string {
			l[3] = strings.Replace(l[3], `"staff":"claire"`, `"staff":"claira"`, 1)
			return l
		}, "entry 4: its hash does not match its content (the entry was changed)",
			"l'archive ne se vérifie pas : écriture 4 : son empreinte ne correspond pas à son contenu (l'écriture a été modifiée)"},
		{"entry 5 removed", func(l []string) []string {
			return append(l[:4:4], l[5:]...)
		}, "entry 5 is missing: entry 6 stands where it should be",
			"l'archive ne se vérifie pas : l'écriture 5 manque : l'écriture 6 se trouve là où elle devrait être (une écriture supprimée)"},
		{"entries 5 and 6 swapped", func(l []string) []string {
			l[4], l[5] = l[5], l[4]
			return l
		}, "entry 5 is out of its place: entry 6 stands where it should be",
			"l'archive ne se vérifie pas : l'écriture 5 n'est pas à sa place : l'écriture 6 se trouve là où elle devrait être (des écritures déplacées)"},
		{"entry 5 twice", func(l []string) []string {
			return append(l[:5:5], l[4:]...)
		}, "entry 5 is there twice",
			"l'archive ne se vérifie pas : l'écriture 5 figure deux fois (à nouveau après l'écriture 5)"},
		{"entry 4 changed to another currency, its hash and the chain made again", func(l []string) []string {
			return rechained(t, l, 3, func(p string) string { return strings.ReplaceAll(p, "CHF ", "EUR ") })
		}, "journal entry 8: its amounts cannot be added up with those of the entries before it",
			"l'archive ne se vérifie pas : écriture 8 du journal : "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var again []namedFile
			for _, f := range files {
				if f.name == archiveEntriesF {
					lines := strings.SplitAfter(string(f.data), "\n")
					f = namedFile{f.name, []byte(strings.Join(tc.change(slices.Clone(lines)), ""))}
				}
				again = append(again, f)
			}
			bad, err := tarFiles(m.Made, again)
			must(t, err)
			changed := filepath.Join(t.TempDir(), "changed.tar")
			must(t, os.WriteFile(changed, bad, 0o600))
			var ae *ArchiveError
			if _, err := VerifyArchive(changed, nil); !errors.As(err, &ae) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("verify-archive says %v\nwant it to say %q", err, tc.want)
			}
			// a French inspector read the reason in English after
			// "BAD:" (the Reason was fmt's text)
			if fr := ae.Say(pos.French); !strings.HasPrefix(fr, tc.fr) || strings.Contains(fr, "entry") || strings.Contains(fr, "amounts") {
				t.Errorf("in French, verify-archive says %q\nwant it to start %q", fr, tc.fr)
			}
		})
	}
}

// TestArchiveReadmeNamesWhatClosuresAddUp: an inspector adds a closure up
// by hand from the archive's README. It names every entry type the
// closures count (fiscalTypes) and the fold the figures are made with.
func TestArchiveReadmeNamesWhatClosuresAddUp(t *testing.T) {
	for typ := range fiscalTypes {
		if !strings.Contains(archiveReadmeText, typ) {
			t.Errorf("the archive's README does not say that closures count %s entries", typ)
		}
	}
	// a journal restarted after a lost one goes on from the figures its
	// first entry carries, not from the manifest's opening
	for _, field := range []string{TypeJournalRestarted, "after_perpetual", "after_closures", "after_year_total"} {
		if !strings.Contains(archiveReadmeText, field) {
			t.Errorf("the archive's README does not say where a restarted journal's closures go on from (%s)", field)
		}
	}
	if want := fmt.Sprintf("As of fold %d:", closureFold); !strings.Contains(archiveReadmeText, want) {
		t.Errorf("the archive's README does not describe the fold closures are made with (%q)", want)
	}
}

// TestArchivesFollowEachOther: an inspector given several years' archives
// could check each alone only: a year left out, or a year archived from
// another register (or another copy of the journal), went unseen, since
// nothing compared one archive's opening with the year before. Checked
// together, they must follow each other: same register and key, no year
// missing, the first entry chained to the year before's last, the opening
// figures the year before's closing ones.
func TestArchivesFollowEachOther(t *testing.T) {
	t.Parallel() // its own registers and archives, on fixed dates: beside the other parallel tests (helpers_test.go)
	path := twoYears(t)
	zurich, _ := time.LoadLocation("Europe/Zurich")
	r, _ := openAt(t, path, time.Date(2029, 1, 2, 10, 0, 0, 0, zurich), time.Date(2026, 12, 28, 9, 0, 0, 0, zurich))
	openTill(t, r, "claire", "1234") // its shift opened in 2029 closes 2028
	must(t, r.Close())
	dir := t.TempDir()
	made := time.Date(2029, 1, 5, 9, 0, 0, 0, time.UTC)
	archive := func(path, year, name string) string {
		out := filepath.Join(dir, name)
		_, err := ArchiveYear(path, year, out, made)
		must(t, err)
		return out
	}
	a26, a27, a28 := archive(path, "2026", "a26.tar"), archive(path, "2027", "a27.tar"), archive(path, "2028", "a28.tar")
	other := archive(twoYears(t), "2027", "other27.tar") // another register's key
	orig26, fork27 := forkedYears(t, dir)

	ms, err := VerifyArchives([]string{a28, a26, a27}, nil)
	if err != nil {
		t.Fatalf("three years that follow each other: %v", err)
	}
	if len(ms) != 3 || ms[0].Year != "2026" || ms[2].Year != "2028" || ms[1].First != ms[0].Last+1 {
		t.Fatalf("the archives, by year: %+v", ms)
	}
	for _, tc := range []struct {
		name  string
		files []string
		want  string
		fr    string // after "a28.tar (...) ne suit pas ...", in French
	}{
		{"a year left out", []string{a26, a28}, "the archive of 2027 is missing", ") : l'archive de 2027 manque"},
		{"the same year twice", []string{a27, a27}, "the same year twice", ") : la même année deux fois"},
		{"another register's year", []string{a26, other}, "another register's", ") : c'est l'archive d'une autre caisse ("},
		{"a year of another copy of the journal", []string{orig26, fork27}, "another copy of the journal", "(des écritures omises, ou une autre copie du journal)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ae *ArchiveError
			if _, err := VerifyArchives(tc.files, nil); !errors.As(err, &ae) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("verify-archive says %v\nwant it to say %q", err, tc.want)
			}
			if fr := ae.Say(pos.French); !strings.HasPrefix(fr, "l'archive ne se vérifie pas : ") || !strings.Contains(fr, ") ne suit pas ") || !strings.Contains(fr, tc.fr) {
				t.Errorf("in French, verify-archive says %q\nwant it to say %q", fr, tc.fr)
			}
		})
	}
}

// forkedYears runs a register to 30 December 2026, copies its files, and
// runs the original and the copy on with different sales: two journals
// with the same first entries and key. It returns the original's archive
// of 2026 and the copy's of 2027, which cannot follow it.
func forkedYears(t *testing.T, dir string) (string, string) {
	t.Helper()
	zurich, _ := time.LoadLocation("Europe/Zurich")
	catDay := time.Date(2026, 12, 28, 9, 0, 0, 0, zurich)
	orig := filepath.Join(t.TempDir(), "guichet.db")
	r, _ := openAt(t, orig, time.Date(2026, 12, 30, 10, 0, 0, 0, zurich), catDay)
	sellHamlet(t, openTill(t, r, "claire", "1234"), "adult", 1)
	must(t, r.Close())
	fork := filepath.Join(t.TempDir(), "guichet.db")
	for _, ext := range []string{"", ".journal", ".key", ".pub"} {
		data, err := os.ReadFile(orig + ext)
		must(t, err)
		must(t, os.WriteFile(fork+ext, data, 0o600))
	}
	for i, path := range []string{orig, fork} {
		r, clk := openAt(t, path, time.Date(2026, 12, 31, 10, 0, 0, 0, zurich), catDay)
		till := openTill(t, r, "claire", "1234")
		sellHamlet(t, till, "child", 1+i) // the fork sells one more
		clk.Add(366 * 24 * time.Hour)     // 1 January 2028: closes 2026 and 2027
		must(t, till.CashMove(chf(500), "change"))
		must(t, r.Close())
	}
	made := time.Date(2028, 1, 5, 9, 0, 0, 0, time.UTC)
	orig26, fork27 := filepath.Join(dir, "orig26.tar"), filepath.Join(dir, "fork27.tar")
	_, err := ArchiveYear(orig, "2026", orig26, made)
	must(t, err)
	_, err = ArchiveYear(fork, "2027", fork27, made)
	must(t, err)
	return orig26, fork27
}

// rechained changes the payload of line i as change says and makes the
// hashes of the entries from it on again, as anyone can without the key.
func rechained(t *testing.T, lines []string, i int, change func(string) string) []string {
	t.Helper()
	var prev Digest
	for j := i; j < len(lines); j++ {
		if lines[j] == "" {
			continue
		}
		var l archiveLine
		must(t, json.Unmarshal([]byte(lines[j]), &l))
		if j == i {
			l.Payload = json.RawMessage(change(string(l.Payload)))
		} else {
			l.Prev = prev
		}
		e, err := l.entry()
		must(t, err)
		e.Hash = sha256.Sum256(e.encode())
		b, err := json.Marshal(lineOf(e))
		must(t, err)
		lines[j], prev = string(b)+"\n", e.Hash
	}
	return lines
}

// A year before the journal began is not "not closed": the journal holds
// nothing of it, and the refusal says when it began (at the box office:
// its first entry, 00:30 on 1 January in Zurich, is still 2025 in UTC).
func TestArchiveYearBeforeTheJournal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	zurich, _ := time.LoadLocation("Europe/Zurich")
	r, clk := openAt(t, path, time.Date(2026, 1, 1, 0, 30, 0, 0, zurich), time.Date(2025, 12, 30, 9, 0, 0, 0, zurich))
	till := openTill(t, r, "claire", "1234")
	sellHamlet(t, till, "adult", 1)
	clk.Add(24 * time.Hour) // 2 January: 1 January's closure names the zone
	sellHamlet(t, till, "adult", 1)
	r.Close()
	for _, tc := range []struct {
		year, want, not string
	}{
		{"2025", "the journal holds nothing of 2025: it began on 2026-01-01", "not closed"},
		{"2019", "the journal holds nothing of 2019: it began on 2026-01-01", "not closed"},
		{"2026", "the year 2026 is not closed", "holds nothing"}, // the year it began, still open
		{"2027", "the year 2027 is not closed", "holds nothing"},
	} {
		t.Run(tc.year, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "K01-"+tc.year+".tar")
			_, err := ArchiveYear(path, tc.year, out, time.Date(2026, 1, 3, 9, 0, 0, 0, time.UTC))
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), tc.not) {
				t.Fatalf("archiving %s: %v\nwant %q", tc.year, err, tc.want)
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("an archive was written: %v", err)
			}
		})
	}
	if _, err := Verify(path); err != nil {
		t.Fatal(err)
	}
}
