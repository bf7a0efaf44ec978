package local

import (
	"archive/tar"
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/internal/flatjournal"
	"guichet/pos"
)

// A yearly archive (CGI art. 286 I-3° bis: archiving; GeBüV art. 9:
// integrity of books on rewritable media) is a tar file that says
// everything alone: the year's canonical entries (JSON lines), its
// closures, the register's public key, a manifest with every file's
// SHA-256 signed with the register's key, and a README that says how to
// check it by hand. VerifyArchive checks it without the register's file.

// TypeJournalArchived records that a year was archived.
const TypeJournalArchived = "journal.archived"

// journalArchived is the payload of journal.archived.
type journalArchived struct {
	Year    string `json:"year"`
	File    string `json:"file"`   // the archive's name (its base name)
	SHA256  string `json:"sha256"` // of the whole archive file
	First   uint64 `json:"first"`
	Last    uint64 `json:"last"`
	Entries uint64 `json:"entries"`
}

func init() { registerPayload[journalArchived](TypeJournalArchived) }

// ArchiveManifest is manifest.json.
type ArchiveManifest struct {
	Format    string         `json:"format"` // "guichet-archive-1"
	Register  string         `json:"register"`
	Year      string         `json:"year"`
	First     uint64         `json:"first"`      // the first entry archived
	Last      uint64         `json:"last"`       // the last: the year's closure
	Prev      Digest         `json:"prev_hash"`  // the hash of the entry before First (zero for the first entry)
	LastHash  Digest         `json:"last_hash"`  // entry Last's hash
	PublicKey string         `json:"public_key"` // base64url Ed25519, as in register.key
	Opening   ArchiveOpening `json:"opening"`
	Files     []ArchiveFile  `json:"files"`
	Made      time.Time      `json:"made"`
}

// ArchiveOpening is where the year takes over from the years before: the
// perpetual grand total and the closures numbered so far.
type ArchiveOpening struct {
	PerpetualTotal pos.Money         `json:"perpetual_grand_total"`
	Closures       map[string]int    `json:"closures"` // kind -> number of the last closure before First
	Starts         map[string]uint64 `json:"starts"`   // kind -> the entry the next closure of that kind starts at
}

// ArchiveFile is a file of the archive and its SHA-256.
type ArchiveFile struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Bytes  int    `json:"bytes"`
}

const (
	archiveFormat    = "guichet-archive-1"
	archiveSigPrefix = "guichet-archive:"
)

// archiveLine is one line of entries.jsonl: the entry's fields as the
// canonical encoding orders them, the payload as stored.
type archiveLine struct {
	Seq      uint64          `json:"seq"`
	ID       string          `json:"id"`
	Time     int64           `json:"time_unix_nano"`
	Register string          `json:"register"`
	Shift    string          `json:"shift"`
	Staff    string          `json:"staff"`
	Type     string          `json:"type"`
	Payload  json.RawMessage `json:"payload"`
	Prev     Digest          `json:"prev"`
	Hash     Digest          `json:"hash"`
}

// ArchiveResult says what was archived.
type ArchiveResult struct {
	Year    string `json:"year"`
	First   uint64 `json:"first"`
	Last    uint64 `json:"last"`
	Entries uint64 `json:"entries"`
	SHA256  string `json:"sha256"`
	Seq     uint64 `json:"seq"` // the journal.archived entry
}

// ArchiveYear writes the archive of a closed year to out and records it in
// the journal (journal.archived). The register must not be running: the
// file is opened for writing. A refused archive writes nothing: what
// refuses it (the year, out, the journal, its key, a year not closed) is
// found before the first write, the flat file's included.
func ArchiveYear(path, year, out string, now time.Time) (ArchiveResult, error) {
	res := ArchiveResult{Year: year}
	if _, err := time.Parse("2006", year); err != nil {
		return res, pos.Errorf("the year %q is not a year (YYYY)", year)
	}
	if err := archiveOutFree(out); err != nil {
		return res, err
	}
	key, err := loadKey(path, false)
	if err != nil {
		return res, err
	}
	db, err := openFile(path, false)
	if err != nil {
		return res, err
	}
	defer db.Close()
	// The flat file as it is, read only: opened for writing, a flat file
	// not there yet is made, and bbolt's entries beyond it are copied in,
	// which a refusal below must not leave behind.
	at := readFlatAt(db)
	st, err := flatStateOf(path, at)
	if err != nil {
		return res, err
	}
	err = safely(path, func() error {
		return db.Update(func(tx *bolt.Tx) error {
			reg, err := registerOf(tx)
			if err != nil {
				return err
			}
			if _, _, err := verifyTx(tx, reg); err != nil {
				return pos.Errorf("the journal does not verify, nothing archived: %w", err)
			}
			if err := checkFlat(path, tx, st); err != nil {
				return err
			}
			pub, ok, err := recordedKey(tx)
			if err != nil {
				return err
			}
			if !ok || !pub.Equal(key.Public().(ed25519.PublicKey)) {
				return pos.Errorf("the signing key %s.key is not the one the journal pinned: restore it", path)
			}
			m := ArchiveManifest{Format: archiveFormat, Register: reg, Year: year, PublicKey: b64.EncodeToString(pub), Made: now.UTC(),
				Opening: ArchiveOpening{Closures: map[string]int{}}}
			var lines, closures, earlier bytes.Buffer
			if err := archiveEntries(tx, &m, &lines, &closures, &earlier); err != nil {
				return err
			}
			data, err := writeArchive(m, key, lines.Bytes(), closures.Bytes(), earlier.Bytes())
			if err != nil {
				return err
			}
			// Nothing refused it: from here on it writes. The flat file is
			// the journal's durable copy (flat.go): the entry that records
			// the archive goes there before bbolt's commit, as a register's
			// commits do, so a file lost before the register's next start
			// (whose catch-up would copy it) does not take the record along.
			fj, fst, err := openFlat(path, at)
			if err != nil {
				return err
			}
			defer fj.Close()
			// what bbolt's file holds beyond the flat file first (an older
			// file's journal, entries of a start killed before its copy),
			// a chunk at a time: the archive's own entry is then one batch
			// alone, which a stop before the commit leaves for the
			// register's start to roll forward
			j, v, err := flatCatchUpTx(tx, path, fj, fst.lastEntry, fst.lastEvent)
			if err != nil {
				return err
			}
			if err := writeFileSynced(out, data); err != nil {
				return pos.Errorf("cannot write the archive %s: %w", out, err)
			}
			sum := sha256.Sum256(data)
			res.First, res.Last, res.Entries, res.SHA256 = m.First, m.Last, m.Last-m.First+1, hex.EncodeToString(sum[:])
			w := &writer{tx: tx, register: reg, now: now}
			e, err := w.append(TypeJournalArchived, journalArchived{Year: year, File: filepath.Base(out), SHA256: res.SHA256,
				First: m.First, Last: m.Last, Entries: res.Entries})
			res.Seq = e.Seq
			if err == nil {
				err = logEventTx(tx, reg, now, EventArchiveMade, fmt.Sprintf(archiveDetail, year, m.First, m.Last, res.SHA256))
			}
			if err != nil {
				return err
			}
			recs, j, v := newRecords(tx, j, v, 0)
			if _, err := fj.Append(recs...); err != nil {
				return pos.Errorf("the record of the archive could not be written to the journal's flat file %s (%v): check the disk (full? the card?); the register's next start says whether it was recorded (guichet journal events), else remove %s and archive the year again",
					flatPath(path), err, out)
			}
			// bbolt's commit is flushed (a tool's file is not NoSync): the
			// next start reads the flat file from here
			return putFlatAt(tx, fj.Position(), j, v)
		})
	})
	return res, err
}

// archiveOutFree refuses, before the register's file is opened, an
// archive file that is there already (an archive is never written over)
// or whose folder is not.
func archiveOutFree(out string) error {
	if _, err := os.Lstat(out); err == nil {
		return pos.Errorf("the archive %s is there already: an archive is never written over; name a new file", out)
	}
	dir := filepath.Dir(out)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return pos.Errorf("there is no folder %s to write the archive in: make it, or name a file in another folder", dir)
	}
	return nil
}

// flatCatchUpTx appends to fj what tx holds after entry j and event v, a
// chunk at a time (catchUp, inside a tool's write transaction), and
// returns the new last seqs.
func flatCatchUpTx(tx *bolt.Tx, path string, fj *flatjournal.File, j, v uint64) (uint64, uint64, error) {
	for {
		var recs [][]byte
		recs, j, v = newRecords(tx, j, v, flatChunk)
		if len(recs) == 0 {
			return j, v, nil
		}
		if _, err := fj.Append(recs...); err != nil {
			return j, v, &FlatError{Path: flatPath(path), Err: err}
		}
	}
}

// journalBegan is the day of the journal's first entry at the box office
// (in the time zone its closures name; UTC when it has none yet).
func journalBegan(first time.Time, zone string) time.Time {
	loc := time.UTC
	if l, err := time.LoadLocation(zone); zone != "" && err == nil {
		loc = l
	}
	return first.In(loc)
}

// archiveEntries finds the year's entries (after the closure of the year
// before, through its own) and writes them and its closures as JSON lines.
func archiveEntries(tx *bolt.Tx, m *ArchiveManifest, lines, closures, earlier io.Writer) error {
	var last uint64
	numbers, starts := map[string]int{}, map[string]uint64{}
	// when the journal began, and the box office's time zone its first
	// closure names: a year before it is not in this journal at all
	var began time.Time
	zone := ""
	// First pass: where the year starts (after the closure of the year
	// before, whose figures the year takes over) and where it ends.
	err := forEachEntry(tx, 1, func(e Entry) error {
		if began.IsZero() {
			began = e.Time
		}
		if e.Type != TypeClosureMade {
			return nil
		}
		var c Closure
		if err := e.decode(&c); err != nil {
			return err
		}
		if zone == "" {
			zone = c.TimeZone
		}
		numbers[c.Kind], starts[c.Kind] = c.Number, e.Seq+1
		switch {
		case c.Kind == ClosureYear && c.Period < m.Year:
			m.First = e.Seq + 1
			m.Opening.PerpetualTotal = c.PerpetualTotal
			m.Opening.Closures = map[string]int{}
			m.Opening.Starts = map[string]uint64{}
			for k, n := range numbers {
				m.Opening.Closures[k], m.Opening.Starts[k] = n, starts[k]
			}
		case c.Kind == ClosureYear && c.Period == m.Year:
			last = e.Seq
			return errStop
		}
		return nil
	})
	if err != nil && err != errStop {
		return err
	}
	if last == 0 {
		if day := journalBegan(began, zone); !began.IsZero() && day.Format("2006") > m.Year {
			// a journal begun after the year (a new register, or a new
			// journal going on from an older one's figures): the year's
			// entries are in the older file, if any
			return pos.Errorf("the journal holds nothing of %s: it began on %s (archive that year from the journal file that holds it)", m.Year, day.Format(time.DateOnly))
		}
		return pos.Errorf("the year %s is not closed: the register closes it at its first action after 31 December", m.Year)
	}
	if m.First == 0 {
		m.First = 1
	}
	m.Last = last
	if m.First > 1 {
		e, err := entryAt(tx, m.First-1)
		if err != nil {
			return err
		}
		m.Prev = e.Hash
	}
	enc := json.NewEncoder(lines)
	enc.SetEscapeHTML(false) // the payload as stored, byte for byte
	cenc := json.NewEncoder(closures)
	cenc.SetEscapeHTML(false)
	eenc := json.NewEncoder(earlier)
	eenc.SetEscapeHTML(false)
	seen := map[string]bool{}
	err = forEachEntry(tx, m.First, func(e Entry) error {
		if e.Seq > m.Last {
			return errStop
		}
		m.LastHash = e.Hash
		// A reversal of an order placed in a year before: its order.placed
		// entry goes along, so the archive adds the reversal up alone.
		_, ts, d, err := ticketsMoved(e)
		if err != nil {
			return err
		}
		numbers := []string{}
		if d < 0 {
			for _, tk := range ts {
				numbers = append(numbers, pos.OrderOfTicket(tk.Number))
			}
		}
		if e.Type == TypeOrderCanceled || e.Type == TypeOrderLapsed {
			var p orderCanceled
			if err := e.decode(&p); err != nil {
				return err
			}
			numbers = append(numbers, p.Order)
		}
		for _, n := range numbers {
			if seen[n] {
				continue
			}
			seen[n] = true
			var rec orderRec
			if ok, err := getJSON(view(tx, vOrders), []byte(n), &rec); err != nil || !ok || rec.Placed >= m.First {
				continue
			}
			pe, err := entryAt(tx, rec.Placed)
			if err != nil {
				return err
			}
			if err := eenc.Encode(lineOf(pe)); err != nil {
				return err
			}
		}
		if e.Type == TypeClosureMade {
			if err := cenc.Encode(struct {
				Seq     uint64          `json:"seq"`
				Closure json.RawMessage `json:"closure"`
			}{e.Seq, e.Payload}); err != nil {
				return err
			}
		}
		return enc.Encode(lineOf(e))
	})
	if err == errStop {
		err = nil
	}
	return err
}

func lineOf(e Entry) archiveLine {
	return archiveLine{Seq: e.Seq, ID: e.ID.String(), Time: e.Time.UnixNano(), Register: e.Register, Shift: e.Shift,
		Staff: e.Staff, Type: e.Type, Payload: e.Payload, Prev: e.Prev, Hash: e.Hash}
}

func (l archiveLine) entry() (Entry, error) {
	e := Entry{Seq: l.Seq, Time: time.Unix(0, l.Time).UTC(), Register: l.Register, Shift: l.Shift, Staff: l.Staff,
		Type: l.Type, Payload: l.Payload, Prev: l.Prev, Hash: l.Hash}
	err := e.ID.UnmarshalText([]byte(l.ID))
	return e, err
}

// Archive file names.
const (
	archiveReadme    = "README.txt"
	archiveManifest  = "manifest.json"
	archiveSignature = "manifest.sig"
	archiveEntriesF  = "entries.jsonl"
	archiveClosuresF = "closures.jsonl"
	archivePublicKey = "public.key"
	archiveEarlier   = "earlier-orders.jsonl"
)

func writeArchive(m ArchiveManifest, key ed25519.PrivateKey, lines, closures, earlier []byte) ([]byte, error) {
	files := []namedFile{
		{archiveReadme, []byte(archiveReadmeText)},
		{archiveEntriesF, lines},
		{archiveClosuresF, closures},
		{archivePublicKey, []byte(pubPrefix + m.PublicKey + "\n")},
		{archiveEarlier, earlier},
	}
	for _, f := range files {
		sum := sha256.Sum256(f.data)
		m.Files = append(m.Files, ArchiveFile{Name: f.name, SHA256: hex.EncodeToString(sum[:]), Bytes: len(f.data)})
	}
	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	sig := b64.EncodeToString(ed25519.Sign(key, append([]byte(archiveSigPrefix), manifest...))) + "\n"
	all := append([]namedFile{{archiveManifest, manifest}, {archiveSignature, []byte(sig)}}, files...)
	return tarFiles(m.Made, all)
}

type namedFile struct {
	name string
	data []byte
}

// tarFiles lays the files out as a tar, always the same bytes for the
// same files: VerifyArchive lays them out again and compares, so a byte
// changed anywhere (padding and headers included) is refused.
func tarFiles(made time.Time, files []namedFile) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, f := range files {
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o444, Size: int64(len(f.data)), ModTime: made.UTC().Truncate(time.Second), Format: tar.FormatPAX}); err != nil {
			return nil, err
		}
		if _, err := tw.Write(f.data); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeFileSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o444)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	return f.Close()
}

// ArchiveError says why an archive does not verify.
type ArchiveError struct {
	Reason string // what is wrong, in English (reason's, said in a language by Say)

	reason error // what is wrong, as a sentence pos.Say writes in each language
}

// archiveError is the ArchiveError of a reason, a pos.Errorf sentence.
func archiveError(reason error) *ArchiveError {
	return &ArchiveError{Reason: reason.Error(), reason: reason}
}

func (e *ArchiveError) Error() string { return e.Say(pos.English) }

// Say says the archive does not verify, and why, in lang (verify-archive's
// BAD: line).
func (e *ArchiveError) Say(lang pos.Lang) string {
	reason := e.reason
	if reason == nil { // an ArchiveError made elsewhere: its Reason as it is
		reason = errors.New(e.Reason)
	}
	return pos.Say(pos.Errorf("the archive does not verify: %w", reason), lang)
}

// VerifyArchive checks an archive alone: the manifest's signature with the
// public key inside it (and, when given, that it is the one expected),
// every file's SHA-256, the chain of entries from the manifest's first to
// its last, and every closure against the entries it adds up.
func VerifyArchive(file string, expect ed25519.PublicKey) (ArchiveManifest, error) {
	m, _, err := verifyArchive(file, expect)
	return m, err
}

// verifyArchive is VerifyArchive, and where the year leaves the closures:
// what the next year's archive opens with.
func verifyArchive(file string, expect ed25519.PublicKey) (ArchiveManifest, ArchiveOpening, error) {
	var m ArchiveManifest
	var closing ArchiveOpening
	bad := func(reason error) (ArchiveManifest, ArchiveOpening, error) {
		return m, closing, archiveError(reason)
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		return m, closing, err
	}
	files := map[string][]byte{}
	var order []namedFile
	tr := tar.NewReader(bytes.NewReader(raw))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return bad(pos.Errorf("it is not a readable tar file (%v)", err))
		}
		if _, dup := files[h.Name]; dup {
			return bad(pos.Errorf("it holds %s twice", h.Name))
		}
		data, err := io.ReadAll(io.LimitReader(tr, 1<<34))
		if err != nil {
			return bad(pos.Errorf("%s does not read (%v)", h.Name, err))
		}
		files[h.Name] = data
		order = append(order, namedFile{h.Name, data})
	}
	for _, name := range []string{archiveManifest, archiveSignature, archiveEntriesF, archiveClosuresF, archivePublicKey, archiveReadme, archiveEarlier} {
		if files[name] == nil {
			return bad(pos.Errorf("%s is missing", name))
		}
	}
	if err := json.Unmarshal(files[archiveManifest], &m); err != nil || m.Format != archiveFormat {
		return bad(pos.Errorf("its manifest does not read as a %s manifest", archiveFormat))
	}
	pubText, ok := strings.CutPrefix(strings.TrimSpace(string(files[archivePublicKey])), pubPrefix)
	pub, err := b64.DecodeString(pubText)
	if !ok || err != nil || len(pub) != ed25519.PublicKeySize || pubText != m.PublicKey {
		return bad(pos.Errorf("its public key does not read, or is not the manifest's"))
	}
	if expect != nil && !ed25519.PublicKey(pub).Equal(expect) {
		return bad(pos.Errorf("it was signed by another register's key than the one expected"))
	}
	// The signature file is the only one no hash covers: it must be the
	// signature as written, one line, or a byte of it (its newline made a
	// space) could change and the archive still verify.
	sigText, ok := strings.CutSuffix(string(files[archiveSignature]), "\n")
	sig, err := b64.DecodeString(sigText)
	if !ok || strings.ContainsAny(sigText, "\r\n") || err != nil || !ed25519.Verify(pub, append([]byte(archiveSigPrefix), files[archiveManifest]...), sig) {
		return bad(pos.Errorf("the manifest's signature does not verify: the manifest was changed"))
	}
	// The entries are walked before the files' hashes are compared: a
	// changed entries.jsonl is then refused naming the entry changed,
	// missing or moved, which is what an inspector needs to know.
	closing, err = walkArchive(m, pub, files)
	if err != nil {
		return m, closing, err
	}
	if again, err := tarFiles(m.Made, order); err != nil || !bytes.Equal(again, raw) {
		return bad(pos.Errorf("its bytes are not the files they hold laid out as the register wrote them (a byte was changed outside them)"))
	}
	listed := map[string]bool{}
	for _, af := range m.Files {
		sum := sha256.Sum256(files[af.Name])
		if files[af.Name] == nil || hex.EncodeToString(sum[:]) != af.SHA256 || len(files[af.Name]) != af.Bytes {
			return bad(pos.Errorf("%s is not the file the manifest signed (its SHA-256 differs)", af.Name))
		}
		listed[af.Name] = true
	}
	var names []string
	for name := range files {
		if name != archiveManifest && name != archiveSignature && !listed[name] {
			names = append(names, name)
		}
	}
	if sort.Strings(names); len(names) > 0 || !listed[archiveEntriesF] || !listed[archiveClosuresF] {
		return bad(pos.Errorf("the manifest does not list every file (%s)", strings.Join(names, ", ")))
	}

	return m, closing, nil
}

// VerifyArchives checks archives alone (VerifyArchive), then that they
// follow each other, year after year: an archive left out, or one made
// from another copy of the journal, is refused. Each opens where the one
// before leaves the closures (perpetual grand total, closure numbers) and
// its first entry chains to the last of the year before, unless a new
// journal started that year (after a lost one: its chain starts again,
// journal.restarted carrying the figures). They are returned by year.
func VerifyArchives(files []string, expect ed25519.PublicKey) ([]ArchiveManifest, error) {
	type year struct {
		file    string
		m       ArchiveManifest
		closing ArchiveOpening
	}
	var years []year
	for _, f := range files {
		m, closing, err := verifyArchive(f, expect)
		if err != nil {
			return nil, pos.Errorf("%s: %w", f, err)
		}
		years = append(years, year{f, m, closing})
	}
	sort.SliceStable(years, func(i, j int) bool { return years[i].m.Year < years[j].m.Year })
	out := make([]ArchiveManifest, 0, len(years))
	for i, y := range years {
		out = append(out, y.m)
		if i == 0 {
			continue
		}
		p := years[i-1]
		bad := func(reason error) ([]ArchiveManifest, error) {
			return nil, archiveError(pos.Errorf("%s (%s) does not follow %s (%s): %w", y.m.Year, y.file, p.m.Year, p.file, reason))
		}
		py, _ := strconv.Atoi(p.m.Year)
		switch {
		case y.m.Year == p.m.Year:
			return bad(pos.Errorf("the same year twice"))
		case y.m.Register != p.m.Register || y.m.PublicKey != p.m.PublicKey:
			return bad(pos.Errorf("another register's (%s, key %s; the year before: %s, key %s)", y.m.Register, y.m.PublicKey, p.m.Register, p.m.PublicKey))
		case y.m.Year != strconv.Itoa(py+1):
			return bad(pos.Errorf("the archive of %d is missing", py+1))
		}
		if y.m.First == 1 && y.m.Prev == (Digest{}) {
			continue // a new journal: its chain and figures start with journal.restarted
		}
		switch o, c := y.m.Opening, p.closing; {
		case y.m.First != p.m.Last+1 || y.m.Prev != p.m.LastHash:
			return bad(pos.Errorf("its first entry is %d after hash %s, the year before ends at entry %d with hash %s (entries left out, or another copy of the journal)",
				y.m.First, short(y.m.Prev), p.m.Last, short(p.m.LastHash)))
		case o.PerpetualTotal != c.PerpetualTotal:
			return bad(pos.Errorf("it opens with a perpetual grand total of %s, the year before closed with %s", o.PerpetualTotal, c.PerpetualTotal))
		case !maps.Equal(o.Closures, c.Closures) || !maps.Equal(o.Starts, c.Starts):
			return bad(pos.Errorf("it opens after closures %v (starting at entries %v), the year before closed after %v (%v)", o.Closures, o.Starts, c.Closures, c.Starts))
		}
	}
	return out, nil
}

// walkArchive checks the archive's entries: the earlier orders, the
// chain from the manifest's first entry to its last (naming an entry
// changed, missing or out of its place), every closure against the
// entries it adds up, and that closures.jsonl lists the closures.
func walkArchive(m ArchiveManifest, pub ed25519.PublicKey, files map[string][]byte) (ArchiveOpening, error) {
	bad := func(reason error) (ArchiveOpening, error) {
		return ArchiveOpening{}, archiveError(reason)
	}
	check := newClosureCheck()
	check.pub = pub
	check.opening(m.Opening.PerpetualTotal, m.Opening.Closures, m.Opening.Starts)
	check.prev = m.Prev
	sc := bufio.NewScanner(bytes.NewReader(files[archiveEarlier]))
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	for sc.Scan() {
		var l archiveLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return bad(pos.Errorf("%s does not read", archiveEarlier))
		}
		e, err := l.entry()
		if err != nil || e.Type != TypeOrderPlaced || e.Seq >= m.First || sha256.Sum256(e.encode()) != e.Hash {
			return bad(pos.Errorf("%s holds an entry that is not an earlier order.placed, or was changed", archiveEarlier))
		}
		var p orderPlaced
		if err := e.decode(&p); err != nil {
			return bad(pos.Errorf("%s: %v", archiveEarlier, err))
		}
		check.orders[p.Order.Number] = p.Order
	}
	// Every line is read first, to tell an entry removed from one moved.
	var lines []archiveLine
	at := map[uint64]int{} // seq -> its line
	sc = bufio.NewScanner(bytes.NewReader(files[archiveEntriesF]))
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	for sc.Scan() {
		var l archiveLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return bad(pos.Errorf("entries.jsonl, line %d does not read as an entry", len(lines)+1))
		}
		if _, twice := at[l.Seq]; !twice {
			at[l.Seq] = len(lines)
		}
		lines = append(lines, l)
	}
	if err := sc.Err(); err != nil {
		return bad(pos.Errorf("entries.jsonl does not read (%v)", err))
	}
	prev, want := m.Prev, m.First
	var closureSeqs []uint64
	for i, l := range lines {
		e, err := l.entry()
		if err != nil {
			return bad(pos.Errorf("entry %d: its id does not read", l.Seq))
		}
		if l.Seq != want {
			switch j, ok := at[want]; {
			case l.Seq < want:
				return bad(pos.Errorf("entry %d is there twice (again after entry %d)", l.Seq, want-1))
			case ok && j > i:
				return bad(pos.Errorf("entry %d is out of its place: entry %d stands where it should be (entries moved)", want, l.Seq))
			default:
				return bad(pos.Errorf("entry %d is missing: entry %d stands where it should be (an entry removed)", want, l.Seq))
			}
		}
		switch {
		case sha256.Sum256(e.encode()) != e.Hash:
			return bad(pos.Errorf("entry %d: its hash does not match its content (the entry was changed)", l.Seq))
		case e.Prev != prev && l.Seq == m.First:
			return bad(pos.Errorf("entry %d does not chain to the entry before the year (the manifest's prev_hash)", l.Seq))
		case e.Prev != prev:
			return bad(pos.Errorf("entry %d does not chain to entry %d: entry %d was changed and its hash made again, or replaced", l.Seq, l.Seq-1, l.Seq-1))
		case e.Register != m.Register:
			return bad(pos.Errorf("entry %d belongs to register %q, not %q", l.Seq, e.Register, m.Register))
		}
		if err := check.entry(e); err != nil {
			var ce *ClosureError
			var ae *AmountsError
			if errors.As(err, &ce) || errors.As(err, &ae) {
				return bad(pos.Errorf("%v", err))
			}
			return bad(pos.Errorf("entry %d: %v", l.Seq, err))
		}
		if e.Type == TypeClosureMade {
			closureSeqs = append(closureSeqs, e.Seq)
		}
		prev = e.Hash
		want++
	}
	if want-1 != m.Last || prev != m.LastHash {
		return bad(pos.Errorf("the entries end at %d, the manifest says %d (hash %s)", want-1, m.Last, short(m.LastHash)))
	}
	var n int
	sc = bufio.NewScanner(bytes.NewReader(files[archiveClosuresF]))
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	for sc.Scan() {
		var l struct {
			Seq uint64 `json:"seq"`
		}
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil || n >= len(closureSeqs) || closureSeqs[n] != l.Seq {
			return bad(pos.Errorf("closures.jsonl does not list the closures among the entries"))
		}
		n++
	}
	if n != len(closureSeqs) {
		return bad(pos.Errorf("closures.jsonl lists %d closures, the entries hold %d", n, len(closureSeqs)))
	}
	return ArchiveOpening{PerpetualTotal: check.perpetual, Closures: check.numbers, Starts: check.starts}, nil
}

const archiveReadmeText = `GUICHET YEARLY ARCHIVE (format guichet-archive-1)

This tar file holds one fiscal year of a Guichet register's journal, with
what is needed to check it without Guichet.

Files
  manifest.json   register, year, the first and last entries archived, the
                  hash of the entry before the first (prev_hash), the last
                  hash, the register's public key, where the year takes
                  over from the years before (opening: perpetual grand total,
                  closures numbered so far), and every other file's SHA-256.
  manifest.sig    Ed25519 signature (base64url, no padding) of the bytes
                  "guichet-archive:" followed by manifest.json, made with the
                  register's key.
  entries.jsonl   one journal entry per line, in order: seq, id, time (Unix
                  nanoseconds, UTC), register, shift, staff, type, payload
                  (JSON, byte for byte as stored), prev, hash (hex SHA-256).
  closures.jsonl  the daily, monthly and yearly closures among them (seq and
                  payload).
  public.key      the register's public key, "guichet-ed25519-public:" then
                  base64url.
  earlier-orders.jsonl
                  the order.placed entries of earlier years that this year's
                  cancellations and exchanges take back (same layout as
                  entries.jsonl; their hashes chain in their own year's
                  archive).

Checking by hand
  1. Verify manifest.sig over "guichet-archive:" + manifest.json with the
     public key; check each file's SHA-256 against the manifest.
  2. For each entry, the hash is SHA-256 of: "GJ1", seq (8 bytes big-endian),
     id (16 bytes), time (8 bytes big-endian Unix nanoseconds), then register,
     shift, staff, type and payload each as a 4-byte big-endian length and the
     bytes, then prev (32 bytes). Each entry's prev is the hash before it;
     the first's is manifest.prev_hash.
  3. Each closure (payload of a closure.made entry) is signed: its signature
     (base64url Ed25519) covers "guichet-closure:" followed by the closure's
     JSON without its signature field, and its chain field is the hash of
     the entry before it. A daily closure adds up the entries of its period
     (from..to) of these types: order.placed, payment.captured,
     payment.validated, order.canceled, order.lapsed and exchange.made, in
     the way its fold field names (none: folds 1 to 3). As of fold 6:
     - an order placed adds its total to net and sales, its VAT by rate
       (what was charged at no rate as the 0 row), its tickets, products
       and fees by category; a gift voucher it sells is money taken for
       later, listed under vouchers and not in net (fold 4 on);
     - a payment captured or validated adds to its method (by_method);
     - a whole cancellation, or an invoice lapsed, takes its order back
       (tickets taken back before are not taken back twice), and its
       refunds out of their methods;
     - a partial cancellation and an exchange take back their tickets at
       the price they were sold for, each with its share of its line's
       VAT; the fee an exchange keeps stays takings (fee:exchange);
     - orders placed in earlier years that this year takes back are in
       earlier-orders.jsonl.
     Its ticket statement (tickets) lists, by performance, category and
     price, the tickets issued (first and last number) and taken back.
     Its perpetual grand total continues the one before it
     (opening.perpetual_grand_total for the first), and its year grand
     total is the year's sum so far. A monthly or yearly closure is the
     sum of its days' closures.
  4. A journal started again after its file was lost begins with a
     journal.restarted entry: its first closures go on from the figures
     it carries (after_perpetual, after_closures: the last closure of each
     kind, after_year_total: the year's grand total so far), not from the
     opening, which is then zero.

guichet journal verify-archive FILE does all of this.
`
