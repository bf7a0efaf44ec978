package local

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/internal/flatjournal"
	"guichet/pos"
)

// The journal's flat file (issue 14, group commit). bbolt flushes a commit
// twice (its pages, then its meta page) and writes a dozen pages scattered
// over the file for a sale; on an SD card that is most of a sale's time.
// So the register commits bbolt without a flush (NoSync) and makes each
// commit durable by appending the journal entries and events it wrote to
// <db>.journal (internal/flatjournal): one sequential write and one
// fdatasync, made before bbolt's transaction commits. A till is told its
// sale is done only once that append is on the disk, and nothing can read
// a commit (another till, the printer, the mailer, a push to the central
// server) before it is: a push of an entry a power cut then lost would
// give the server a chain the register no longer has.
//
// What each file can be trusted with:
//   - The flat file holds every entry and event ever committed, in order,
//     from the first (an older register's file is copied into it at its
//     first start). A crash tears at most its last batch, whose sale no
//     till was told was done.
//   - bbolt's file is exact as long as the machine did not stop: a killed
//     process leaves its commits in the kernel's cache, which the next
//     process reads. After a power cut or a crash of the machine it may be
//     anything (a page written, the next not).
//
// So the flat file records, when the register opens, the boot it opens on
// (a batch "O" + the kernel's boot id), and when it closes, after flushing
// bbolt's file, that it closed ("C"). At Open, a flat file that ends with
// an "O" of another boot says the machine stopped under the register:
// bbolt's file is set aside (<db>.before-recovery-<time>) and rebuilt from
// the flat file (its views from the journal, as for a new format). In every
// other case bbolt's file is exact: it holds what the flat file holds,
// except the flat file's last batch when the register was killed between
// its append and bbolt's commit (rolled forward: rollForward), and the
// check is that the flat file's last entry is the same in both; what it
// holds beyond (written by a journal tool while the register was stopped,
// or by the start itself) is appended to the flat file before the
// register sells.
//
// Lost with a rebuild: the push cursor (the next push starts again at the
// first entry; the server's answer to that batch says where its copy ends)
// and the checkpoint (the whole chain is verified instead).

// flatSuffix names the flat file beside the register's file.
const flatSuffix = ".journal"

func flatPath(db string) string { return db + flatSuffix }

// The flat file's records: a kind byte and its data.
const (
	recEntry  = 'J' // + seq (8 bytes) + the journal bucket's value
	recEvent  = 'V' // + seq (8 bytes) + the events bucket's value
	recOpened = 'O' // + the boot id the register opened on
	recClosed = 'C' // the register closed with bbolt's file flushed
)

// bootID is the kernel's id of the running boot ("" when unknown: then
// every unclean stop is taken for a stop of the machine). Tests replace it.
var bootID = func() string {
	b, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// flatFlush, when set (tests), replaces the flat file's fdatasync.
var flatFlush func(*os.File) error

// flatChunk bounds a batch the register writes when it copies entries
// into the flat file at Open (flatjournal.MaxBatch is the hard limit), and
// so the memory the copy takes. A var: tests make it small.
var flatChunk = 8 << 20

// flatState is what Open reads of a flat file, in the pass that checks it.
type flatState struct {
	lastEntry uint64   // the last journal entry's seq (0: none)
	lastValue []byte   // its stored bytes, when read (hashed once, by openFlat)
	lastHash  [32]byte // the SHA-256 of its stored bytes
	lastEvent uint64   // the last event's seq
	opened    string   // the boot of the last "O" not followed by a "C"
	unclean   bool     // an "O" is the last marker: the register did not close
	batches   int      // how many batches Open read (tests: a resumed open reads few)
	// tail is the last batch Open read that holds entries or events
	// (rollForward).
	tail [][]byte
}

// trusted says whether bbolt's file can be believed: the register closed
// it, or the machine has not stopped since it was opened.
func (s flatState) trusted() bool {
	if !s.unclean {
		return true
	}
	boot := bootID()
	return boot != "" && s.opened == boot
}

func (s *flatState) visit(_ uint64, records [][]byte) error {
	s.batches++
	for _, rec := range records {
		if len(rec) == 0 {
			return errors.New("an empty record")
		}
		switch rec[0] {
		case recEntry, recEvent:
			if len(rec) < 9 {
				return fmt.Errorf("a record of %d bytes", len(rec))
			}
			s.tail = records // the visitor's own (flatjournal.Options.Visit)
			seq := binary.BigEndian.Uint64(rec[1:9])
			if rec[0] == recEntry {
				s.lastEntry, s.lastValue = seq, rec[9:]
			} else {
				s.lastEvent = seq
			}
		case recOpened:
			s.opened, s.unclean = string(rec[1:]), true
		case recClosed:
			s.opened, s.unclean = "", false
		default:
			return fmt.Errorf("a record of kind %q", rec[0])
		}
	}
	return nil
}

// flatAtKey, in meta, is where the flat file stood at the last flushed
// commit of bbolt's file (Open's, Close's): the next Open reads the flat
// file from there (flatjournal.Options.Resume), not from its start.
var flatAtKey = []byte("flat_at")

// flatAt is the value of flatAtKey.
type flatAt struct {
	pos          flatjournal.Position
	lastJ, lastV uint64
	hash         [32]byte // of entry lastJ's stored bytes
}

// putFlatAt records in tx where the flat file stands: at pos, holding the
// journal to entry lastJ and the events to lastV (both in tx too).
func putFlatAt(tx *bolt.Tx, pos flatjournal.Position, lastJ, lastV uint64) error {
	var h [32]byte
	if lastJ > 0 {
		h = sha256.Sum256(tx.Bucket(bucketJournal).Get(seqKey(lastJ)))
	}
	v := binary.BigEndian.AppendUint64(nil, uint64(pos.End))
	v = binary.BigEndian.AppendUint64(v, pos.Seq)
	v = binary.BigEndian.AppendUint64(v, lastJ)
	v = binary.BigEndian.AppendUint64(v, lastV)
	return tx.Bucket(bucketMeta).Put(flatAtKey, append(v, h[:]...))
}

// readFlatAt is the flat file's position bbolt's file recorded (nil: none,
// or not readable: the flat file is then read whole).
func readFlatAt(db *bolt.DB) *flatAt {
	var at *flatAt
	_ = safely("", func() error {
		return db.View(func(tx *bolt.Tx) error {
			meta := tx.Bucket(bucketMeta)
			if meta == nil {
				return nil
			}
			v := meta.Get(flatAtKey)
			if len(v) != 64 {
				return nil
			}
			at = &flatAt{pos: flatjournal.Position{End: int64(binary.BigEndian.Uint64(v)), Seq: binary.BigEndian.Uint64(v[8:])},
				lastJ: binary.BigEndian.Uint64(v[16:]), lastV: binary.BigEndian.Uint64(v[24:])}
			copy(at.hash[:], v[32:])
			return nil
		})
	})
	return at
}

// openFlat opens (creating it empty) the flat file beside path to append
// to it, and reads its state, from position at when given (else whole).
func openFlat(path string, at *flatAt) (*flatjournal.File, flatState, error) {
	return openFlatWith(path, at, flatjournal.Options{Flush: flatFlush})
}

// flatStateOf reads the state of the flat file beside path, from position
// at when given (else whole), writing nothing; no flat file: the zero
// state.
func flatStateOf(path string, at *flatAt) (flatState, error) {
	if _, err := os.Stat(flatPath(path)); errors.Is(err, fs.ErrNotExist) {
		return flatState{}, nil
	}
	fj, st, err := openFlatWith(path, at, flatjournal.Options{ReadOnly: true})
	if err == nil {
		fj.Close()
	}
	return st, err
}

func openFlatWith(path string, at *flatAt, o flatjournal.Options) (*flatjournal.File, flatState, error) {
	var st flatState
	o.Visit = st.visit
	if at != nil {
		o.Resume = &at.pos
	}
	fj, op, err := flatjournal.Open(flatPath(path), o)
	if errors.Is(err, flatjournal.ErrDamaged) {
		// bbolt's file may be whole: then the flat file can be made again
		return nil, st, fmt.Errorf("%w; if the register closed cleanly the last time (or was stopped without the machine stopping), %s is whole: move %s aside and the register copies its journal into a new flat file", err, path, flatPath(path))
	}
	if err != nil {
		return nil, st, fmt.Errorf("the journal's flat file %s: %w", flatPath(path), err)
	}
	if st.lastValue != nil {
		st.lastHash = sha256.Sum256(st.lastValue)
	}
	if op.Resumed { // what came before the position, unless batches after it said more
		if st.lastEntry == 0 {
			st.lastEntry, st.lastHash = at.lastJ, at.hash
		}
		if st.lastEvent == 0 {
			st.lastEvent = at.lastV
		}
	}
	return fj, st, nil
}

// newRecords are the records of what tx holds after entry j and event v
// (the flat file's last): the entries and events of a commit, or those a
// flat file lacks. It returns the new last seqs. limit > 0 stops it once
// the records hold that many bytes (the rest: call it again from there).
func newRecords(tx *bolt.Tx, j, v uint64, limit int) (recs [][]byte, lastJ, lastV uint64) {
	return (&flatScratch{}).records(tx, j, v, limit)
}

// flatScratch is where the committer builds a commit's records for the
// flat file, kept from one commit to the next: Append copies them into its
// batch, so the next commit may write over them. A sale's dozen records
// were a dozen allocations (some 5 kB) at every commit. Only the
// committing goroutine uses it.
type flatScratch struct {
	buf   []byte
	spans [][2]int // each record's start and end in buf
	recs  [][]byte
}

// keepScratch is the largest record buffer kept for the next commit (a
// batch of many tills' sales is not kept).
const keepScratch = 64 << 10

// records is newRecords built in s: the records are s's until the next
// call.
func (s *flatScratch) records(tx *bolt.Tx, j, v uint64, limit int) (recs [][]byte, lastJ, lastV uint64) {
	buf, spans := s.buf[:0], s.spans[:0]
	collect := func(b *bolt.Bucket, kind byte, after uint64) uint64 {
		if b == nil {
			return after
		}
		c := b.Cursor()
		for k, val := c.Seek(seqKey(after + 1)); k != nil && (limit <= 0 || len(buf) < limit); k, val = c.Next() {
			start := len(buf)
			buf = append(append(append(buf, kind), k...), val...)
			spans = append(spans, [2]int{start, len(buf)})
			after = binary.BigEndian.Uint64(k)
		}
		return after
	}
	lastJ = collect(tx.Bucket(bucketJournal), recEntry, j)
	lastV = collect(tx.Bucket(bucketEvents), recEvent, v)
	if len(spans) == 0 {
		return nil, lastJ, lastV
	}
	// buf moved as it grew: the records are cut once it is whole
	recs = s.recs[:0]
	for _, sp := range spans {
		recs = append(recs, buf[sp[0]:sp[1]:sp[1]])
	}
	if cap(buf) <= keepScratch {
		s.buf, s.spans, s.recs = buf, spans, recs
	}
	return recs, lastJ, lastV
}

// catchUp appends to fj what db holds after entry j and event v, a chunk
// at a time (an older register's whole journal, at its first start), then
// the records more (none: nothing): it returns the new last seqs.
func catchUp(db *bolt.DB, path string, fj *flatjournal.File, j, v uint64, more ...[]byte) (uint64, uint64, error) {
	for {
		var recs [][]byte
		err := safely(path, func() error {
			return db.View(func(tx *bolt.Tx) error {
				recs, j, v = newRecords(tx, j, v, flatChunk)
				return nil
			})
		})
		if err != nil {
			return j, v, err
		}
		if len(recs) == 0 {
			break
		}
		if _, err := fj.Append(recs...); err != nil {
			return j, v, &FlatError{Path: flatPath(path), Err: err}
		}
	}
	if len(more) > 0 {
		if _, err := fj.Append(more...); err != nil {
			return j, v, &FlatError{Path: flatPath(path), Err: err}
		}
	}
	return j, v, nil
}

// rollForward puts into tx (bbolt's file, trusted) what the flat file's
// last batch holds beyond it: a commit is appended to the flat file before
// bbolt's transaction commits (runBatch), so a register killed between the
// two, or whose commit then failed, leaves bbolt's file that one batch
// behind. The batch must follow bbolt's last entry and event exactly, each
// entry chained to the one before; anything else is left for checkFlat to
// refuse (an older copy put back is more than one batch behind).
func rollForward(tx *bolt.Tx, st flatState) error {
	jb := tx.Bucket(bucketJournal)
	if jb == nil || len(st.tail) == 0 {
		return nil
	}
	lastJ, lastV := lastSeqOf(jb), lastSeqOf(tx.Bucket(bucketEvents))
	entries, events, ok := lastBatchBeyond(st, lastJ, lastV)
	if !ok {
		return nil
	}
	// The views are folded here when they are the current ones; else
	// setUp rebuilds them all, these entries with the rest.
	fold := viewsCurrent(tx)
	var prev Digest
	if lastJ > 0 {
		last, _, err := decodeEntry(jb.Get(seqKey(lastJ)))
		if err != nil {
			return fmt.Errorf("entry %d: %w", lastJ, err)
		}
		prev = last.Hash
	}
	for _, rec := range entries {
		e, enc, err := decodeEntry(rec[9:])
		if err != nil || sha256.Sum256(enc) != e.Hash || e.Prev != prev || e.Seq != binary.BigEndian.Uint64(rec[1:9]) {
			return nil // not this journal's next entry: checkFlat refuses
		}
		if err := jb.Put(rec[1:9], rec[9:]); err != nil {
			return err
		}
		if err := putHead(tx, e); err != nil {
			return err
		}
		if fold {
			if err := applyAll(tx, e); err != nil {
				return fmt.Errorf("entry %d rolled forward from the flat file: %w", e.Seq, err)
			}
		}
		prev = e.Hash
	}
	if len(events) > 0 {
		eb, err := tx.CreateBucketIfNotExists(bucketEvents)
		if err != nil {
			return err
		}
		for _, rec := range events {
			if err := eb.Put(rec[1:9], rec[9:]); err != nil {
				return err
			}
		}
	}
	return nil
}

// lastBatchBeyond is what the flat file's last batch holds beyond bbolt's
// last entry lastJ and event lastV, when it is all the flat file holds
// beyond them (ok false: nothing, or more than the last batch is missing,
// which no stop of the register leaves).
func lastBatchBeyond(st flatState, lastJ, lastV uint64) (entries, events [][]byte, ok bool) {
	if st.lastEntry <= lastJ && st.lastEvent <= lastV {
		return nil, nil, false
	}
	nextJ, nextV := lastJ+1, lastV+1
	for _, rec := range st.tail {
		seq := binary.BigEndian.Uint64(rec[1:9])
		switch {
		case rec[0] == recEntry && seq > lastJ:
			if seq != nextJ {
				return nil, nil, false
			}
			entries, nextJ = append(entries, rec), nextJ+1
		case rec[0] == recEvent && seq > lastV:
			if seq != nextV {
				return nil, nil, false
			}
			events, nextV = append(events, rec), nextV+1
		}
	}
	if nextJ-1 != max(st.lastEntry, lastJ) || nextV-1 != max(st.lastEvent, lastV) {
		return nil, nil, false // more than the last batch is missing
	}
	return entries, events, true
}

// beforeItsFlatFile is a *HeadError when bbolt's file (tx, trusted: not
// to be rebuilt at the next start) lacks more of the journal or of the
// event log than the one batch a stop of the register leaves out of it,
// as its flat file (st) shows: their last entries or events were removed,
// or an older copy put back, which the journal's head cannot tell (the
// register's start refuses such a journal: checkFlat).
func beforeItsFlatFile(path string, tx *bolt.Tx, st flatState) error {
	lastJ, lastV := lastSeqOf(tx.Bucket(bucketJournal)), lastSeqOf(tx.Bucket(bucketEvents))
	if !st.trusted() || st.lastEntry <= lastJ && st.lastEvent <= lastV {
		return nil
	}
	if _, _, ok := lastBatchBeyond(st, lastJ, lastV); ok {
		return nil
	}
	if st.lastEntry <= lastJ { // the technical event log has no head of its own
		return headError(lastJ, lastJ, pos.Errorf("the event log ends at %d but its flat file %s goes on to %d: the last events were removed, or an older copy of the file was put back",
			lastV, flatPath(path), st.lastEvent))
	}
	return headError(lastJ, st.lastEntry, pos.Errorf("the journal ends at %d but its flat file %s goes on to %d: the last entries were removed, or an older copy of the file was put back, and the register refuses to start on it; to rebuild the file from the flat file, move %s aside (keep it) and start the register",
		lastJ, flatPath(path), st.lastEntry, path))
}

// bucketGet is the value of record seq in b (nil: none, or no bucket).
func bucketGet(b *bolt.Bucket, seq uint64) []byte {
	if b == nil {
		return nil
	}
	return b.Get(seqKey(seq))
}

// lastSeqOf is the number of the last record of a journal or events bucket
// (0: none, or no bucket).
func lastSeqOf(b *bolt.Bucket) uint64 {
	if b == nil {
		return 0
	}
	if k, _ := b.Cursor().Last(); k != nil {
		return binary.BigEndian.Uint64(k)
	}
	return 0
}

// toolRefusal is why a journal tool may not use bbolt's file at path yet
// (nil: it may), db being that file when it could be opened: the machine
// stopped under the register (pages of different moments, flat.go); for a
// tool that writes, also a flat file that cannot be read, and a file one
// commit behind its flat file (the commit rollForward completes at the
// register's next start). Read from where the file says, as the register
// reads it.
func toolRefusal(path string, db *bolt.DB, writes bool) error {
	var at *flatAt
	if db != nil {
		at = readFlatAt(db)
	}
	st, err := flatStateOf(path, at)
	switch {
	case err != nil:
		if writes {
			return err
		}
		return nil // a reader of bbolt's file alone: the register's start says what to do
	case st.lastEntry > 0 && !st.trusted():
		return fmt.Errorf("the machine stopped while the register had %s open, so the file may have pages of different moments: start the register once (it rebuilds the file from %s), then run this again", path, flatPath(path))
	case !writes || db == nil:
		return nil
	}
	var ahead bool
	_ = safely("", func() error {
		return db.View(func(tx *bolt.Tx) error {
			ahead = lastSeqOf(tx.Bucket(bucketJournal)) < st.lastEntry || lastSeqOf(tx.Bucket(bucketEvents)) < st.lastEvent
			return nil
		})
	})
	if ahead {
		return fmt.Errorf("the register stopped after writing its last commit to %s but before writing it to %s: start the register once (it completes the file from the flat file), then run this again", flatPath(path), path)
	}
	return nil
}

// checkFlat checks that bbolt's file (trusted) holds the flat file's last
// entry, the same bytes: else it is not the journal the flat file
// recorded (an older copy put back, say), and the register refuses it
// rather than mix two histories.
func checkFlat(path string, tx *bolt.Tx, st flatState) error {
	if st.lastEntry == 0 {
		return nil
	}
	var have []byte
	if b := tx.Bucket(bucketJournal); b != nil {
		have = b.Get(seqKey(st.lastEntry))
	}
	if have == nil || sha256.Sum256(have) != st.lastHash {
		return fmt.Errorf("the register's file %s does not hold the journal its flat file %s recorded (entry %d is missing or different): if an older copy of the file was put back, move %s aside to start from that copy, or move %s aside to rebuild it from the flat file",
			path, flatPath(path), st.lastEntry, flatPath(path), path)
	}
	return nil
}

// rebuildFromFlat makes a new register's file at path from its flat file:
// the journal's entries and the events, the register's id, the organiser
// the journal last re-pointed it to; the views are rebuilt by Open. The file it replaces, if any, is kept beside it as
// <db>.before-recovery-<time>. Built under a temporary name, synced and
// renamed into place, as a new file is (create).
//
// judged is the file at path that was found lost (nil), damaged or not to
// be trusted. Two registers started at once (after a power cut, the SSH
// service and a till on the console) may both judge it; the second to
// take the directory's lock finds another file there, rebuilt by the first,
// which runs on it: setting that one aside would leave the first writing a
// file no start reads again. It rebuilds nothing then, and reports it.
var errRebuiltMeanwhile = errors.New("the register's file was rebuilt meanwhile by another start of the register: start it again")

func rebuildFromFlat(path string, judged fs.FileInfo, timeout time.Duration, now time.Time) (err error) {
	unlock, err := lockDir(filepath.Dir(path))
	if err != nil {
		return fmt.Errorf("cannot rebuild the register's file %s: %w", path, err)
	}
	defer unlock()
	switch found, serr := os.Stat(path); {
	case serr != nil && !errors.Is(serr, fs.ErrNotExist):
		return fmt.Errorf("cannot rebuild the register's file %s: %w", path, serr)
	case serr == nil && (judged == nil || !os.SameFile(judged, found)):
		return errRebuiltMeanwhile
	}
	tmp := tempName(path)
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	db, err := bolt.Open(tmp, 0o600, boltOptions(timeout, false))
	if err != nil {
		return fmt.Errorf("cannot rebuild the register's file %s: %w", path, err)
	}
	defer db.Close()
	db.NoSync = true // flushed once, at the end
	var pending [][]byte
	// organiser is the one the journal last re-pointed the file to
	// (organiser.changed): the rebuilt file sells for it, as the lost one
	// did; a journal that records none leaves it to be learned again as
	// an older file's is (rememberOrganiser).
	var organiser string
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		err := db.Update(func(tx *bolt.Tx) error {
			jb, err := tx.CreateBucketIfNotExists(bucketJournal)
			if err != nil {
				return err
			}
			eb, err := tx.CreateBucketIfNotExists(bucketEvents)
			if err != nil {
				return err
			}
			meta, err := tx.CreateBucketIfNotExists(bucketMeta)
			if err != nil {
				return err
			}
			for _, rec := range pending {
				if rec[0] != recEntry && rec[0] != recEvent {
					continue
				}
				k, v := rec[1:9], rec[9:]
				b := eb
				if rec[0] == recEntry {
					b = jb
					if meta.Get([]byte("register")) == nil {
						e, _, err := decodeEntry(v)
						if err != nil {
							return fmt.Errorf("entry %d of the flat file: %w", binary.BigEndian.Uint64(k), err)
						}
						if err := meta.Put([]byte("register"), []byte(e.Register)); err != nil {
							return err
						}
					}
				}
				if rec[0] == recEntry {
					to, err := organiserRecorded(v)
					if err != nil {
						return fmt.Errorf("entry %d of the flat file: %w", binary.BigEndian.Uint64(k), err)
					}
					if to != "" {
						organiser = to
					}
				}
				if err := b.Put(k, v); err != nil {
					return err
				}
			}
			if organiser != "" {
				return meta.Put(organiserKey, []byte(organiser))
			}
			return nil
		})
		pending = pending[:0]
		return err
	}
	var st flatState
	visit := func(seq uint64, records [][]byte) error {
		if err := st.visit(seq, records); err != nil {
			return err
		}
		pending = append(pending, records...)
		if len(pending) >= 10000 {
			return flush()
		}
		return nil
	}
	fj, _, err := flatjournal.Open(flatPath(path), flatjournal.Options{Visit: visit})
	if err != nil {
		return fmt.Errorf("cannot rebuild the register's file %s from %s: %w", path, flatPath(path), err)
	}
	fj.Close()
	if err := flush(); err != nil {
		return fmt.Errorf("cannot rebuild the register's file %s: %w", path, err)
	}
	if err := db.Sync(); err != nil {
		return fmt.Errorf("cannot rebuild the register's file %s: %w", path, err)
	}
	if _, err := os.Stat(path); err == nil {
		aside := fmt.Sprintf("%s.before-recovery-%s", path, now.UTC().Format("20060102T150405"))
		for n := 2; ; n++ { // never over one set aside before
			if _, err := os.Lstat(aside); errors.Is(err, fs.ErrNotExist) {
				break
			}
			aside = fmt.Sprintf("%s.before-recovery-%s-%d", path, now.UTC().Format("20060102T150405"), n)
		}
		if err := os.Rename(path, aside); err != nil {
			return fmt.Errorf("cannot set %s aside to rebuild it: %w", path, err)
		}
	}
	if err := publish(tmp, path); err != nil {
		return fmt.Errorf("cannot rebuild the register's file %s: %w", path, err)
	}
	return nil
}

// FlatError is an append to the flat file that failed (the commit it held
// was not made: maybe written, maybe not on the disk), or a commit to
// bbolt's file that failed after its append: no till is told its sale is
// done, and the register takes no more writes until it is started again
// (which finds what reached the flat file, and rolls it forward).
type FlatError struct {
	Path string
	Err  error
}

func (e *FlatError) Error() string { return e.Say(pos.English) }

// Say is what failed and what to do, in lang (the system's words for the
// disk's failure as they are).
func (e *FlatError) Say(lang pos.Lang) string {
	var pe *ProgramError
	if errors.As(e.Err, &pe) {
		return pos.Say(pe.problem(flatPath(pe.Path)), lang)
	}
	return pos.Say(pos.Errorf("the journal could not be written to the disk (%s: %w): this register records nothing more until it is started again; check the disk (full? the card?), start the register again and look at the last sale, which may or may not be recorded", e.Path, e.Err), lang)
}

func (e *FlatError) Unwrap() error { return e.Err }

// FlatVerified is what Verify found in the journal's flat file: its
// entries and events, each the same bytes as the journal's; Behind, the
// journal's last entries it does not hold yet (written by a journal tool
// or by a register's start: the register's next start appends them);
// Ahead, entries it holds that the journal does not (the register was
// killed between an append and its commit: its next start rolls them
// forward; or the machine stopped under it: its next start rebuilds the
// file from the flat file); Torn, the bytes of a torn last batch (a
// register killed while appending; its next start cuts them).
type FlatVerified struct {
	Path    string `json:"path"`
	Entries uint64 `json:"entries"`
	Events  uint64 `json:"events"`
	Behind  uint64 `json:"behind"`
	Ahead   uint64 `json:"ahead"`
	Torn    int64  `json:"torn_bytes"`
}

// FlatMismatchError is a flat file that holds an entry other than the
// journal's under the same number, or (Missing) lacks one of the journal's
// entries before others it holds.
type FlatMismatchError struct {
	Path    string
	Seq     uint64
	Missing bool
	Event   bool // an event of the technical log, not an entry
}

func (e *FlatMismatchError) Error() string { return e.Say(pos.English) }

// Say is what the flat file holds and what to do, in lang.
func (e *FlatMismatchError) Say(lang pos.Lang) string {
	if e.Event {
		return pos.Say(pos.Errorf("the journal's flat file %s holds an event %d that is not the event log's: one of the two was changed; keep both files as they are", e.Path, e.Seq), lang)
	}
	if e.Missing {
		return pos.Say(pos.Errorf("the journal's flat file %s does not hold entry %d, which the journal holds, though it holds entries after it: it could not rebuild the journal's file; one of the two was changed; keep both files as they are", e.Path, e.Seq), lang)
	}
	return pos.Say(pos.Errorf("the journal's flat file %s holds an entry %d that is not the journal's: it is not this journal's flat file, or one of the two was changed; keep both files as they are", e.Path, e.Seq), lang)
}

// verifyFlat reads the whole flat file beside path, if there is one, and
// checks each of its events against the event log in tx, and each of its
// entries against the journal, none skipped (the
// flat file alone rebuilds the journal's file). Entries after the
// journal's last (appended since a snapshot was taken, or a batch bbolt's
// file does not hold yet) must go on from it: each the next number, its
// bytes its hash's, chained to the one before, as the register's next
// start would take them.
func verifyFlat(path string, tx *bolt.Tx) (*FlatVerified, error) {
	if _, err := os.Stat(flatPath(path)); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	jb, eb := tx.Bucket(bucketJournal), tx.Bucket(bucketEvents)
	v := &FlatVerified{Path: flatPath(path)}
	var last uint64
	held := lastSeqOf(jb) // the journal's last entry
	next, prev := held+1, Digest{}
	if next > 1 {
		e, err := entryAt(tx, next-1)
		if err != nil {
			return nil, err
		}
		prev = e.Hash
	}
	visit := func(_ uint64, records [][]byte) error {
		for _, rec := range records {
			if len(rec) < 9 || rec[0] != recEntry && rec[0] != recEvent {
				continue
			}
			seq := binary.BigEndian.Uint64(rec[1:9])
			if rec[0] == recEvent {
				v.Events++
				if have := bucketGet(eb, seq); have != nil && !bytes.Equal(have, rec[9:]) {
					return &FlatMismatchError{Path: flatPath(path), Seq: seq, Event: true}
				}
				continue
			}
			v.Entries++
			if seq > last+1 && last+1 <= held {
				// an entry of the journal the flat file skips
				return &FlatMismatchError{Path: flatPath(path), Seq: last + 1, Missing: true}
			}
			last = max(last, seq)
			switch have := jb.Get(seqKey(seq)); {
			case have == nil:
				e, enc, err := decodeEntry(rec[9:])
				if err != nil || seq != next || e.Seq != seq || sha256.Sum256(enc) != e.Hash || e.Prev != prev {
					return &FlatMismatchError{Path: flatPath(path), Seq: seq}
				}
				next, prev = next+1, e.Hash
				v.Ahead++
			case !bytes.Equal(have, rec[9:]):
				return &FlatMismatchError{Path: flatPath(path), Seq: seq}
			}
		}
		return nil
	}
	fj, op, err := flatjournal.Open(flatPath(path), flatjournal.Options{ReadOnly: true, Visit: visit})
	if err != nil {
		var mismatch *FlatMismatchError
		if errors.As(err, &mismatch) {
			return nil, mismatch
		}
		return nil, fmt.Errorf("the journal's flat file %s: %w", flatPath(path), err)
	}
	fj.Close()
	v.Torn = op.Torn
	if held > last {
		v.Behind = held - last
	}
	return v, nil
}
