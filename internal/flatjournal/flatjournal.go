// Package flatjournal is the journal's flat file: batches of records
// appended one after another and made durable by one fdatasync each.
//
// It is the storage issue 14's group commit needs (see the README's "Group
// commit" paragraph): bbolt writes its pages and then its meta page with a
// flush after each, two flushes and a dozen scattered pages for a sale,
// where this file takes one sequential write and one flush. Measured on the
// development machine, an append of a 4-ticket sale's entries here runs at
// about twice the rate of a bare bbolt Update (BenchmarkAppendSale).
//
// The file is grown in chunks of zeros written and synced ahead of the data,
// so an append changes neither the file's size nor its block map and
// fdatasync has only the data to flush. The zeros also mark the end: a batch
// header of zeros is where the data stops.
//
// A crash can tear only the last batch (every earlier one was flushed before
// it was written). Open finds a batch that does not check and, when no whole
// batch follows it, takes it for that torn tail: it zeroes it and reports the
// bytes it cut. A batch that does not check with a whole batch after it is
// damage, not a crash: Open refuses the file (ErrDamaged) and changes nothing.
//
// The register (local/flat.go) appends each commit's journal entries here
// and commits its bbolt file without a flush.
package flatjournal

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"sync"
)

// The file's layout. Every number is little-endian.
//
//	header   16 bytes  magic "guichet-flat\x00\x00\x00\x01" (the last byte: version)
//	batch    at an offset that is a multiple of 8:
//	         4  payload length (> 0)
//	         4  CRC-32C of the sequence number's 8 bytes and the payload
//	         8  sequence number (1, 2, 3, ... in file order)
//	         payload: records, each 4 bytes of length and its bytes
//	         zeros to the next multiple of 8
const (
	headerSize      = 16
	batchHeaderSize = 16
	align           = 8
	// MaxBatch bounds a batch's payload, so a damaged length cannot make
	// Open read or skip gigabytes.
	MaxBatch = 64 << 20
)

var magic = []byte("guichet-flat\x00\x00\x00\x01")

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ErrInUse is the error of an open to write a file another writer has
// open (another process, or another open in this one).
var ErrInUse = errors.New("it is open by another register")

// ErrDamaged is the error of a file whose data does not check where a
// crash cannot explain it.
var ErrDamaged = errors.New("the journal's flat file is damaged")

// DamagedError says where.
type DamagedError struct {
	Path   string
	Offset int64 // the batch that does not check
	Later  int64 // a whole batch after it
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("the journal's flat file %s is damaged at byte %d (a whole batch follows at byte %d, so it is not a crash's torn write): keep the file as it is and restore the journal from its backup", e.Path, e.Offset, e.Later)
}

func (e *DamagedError) Unwrap() error { return ErrDamaged }

// Options says how a file is opened.
type Options struct {
	// ReadOnly opens without writing: a torn tail is reported, not cut.
	ReadOnly bool
	// Grow is how many bytes of zeros are added when the file is full
	// (4 MiB when 0): about a thousand sales of four tickets.
	Grow int64
	// Visit, when set, is called by Open with every whole batch as it
	// checks it, in order: a reader learns the file in the one pass Open
	// makes anyway. What it is given is its own. An error stops Open.
	Visit func(seq uint64, records [][]byte) error
	// Flush, when set, replaces how an append's data is flushed
	// (fdatasync): tests make it fail.
	Flush func(*os.File) error
	// Resume, when set, starts Open's pass at a position an earlier open
	// of the file returned (File.Position): the batches before it were
	// checked then and are not read again, so opening a long journal
	// reads only what was appended since. When no batch numbered
	// Resume.Seq+1 is there (not this file's position, nothing appended
	// since, or a torn batch right there), Open reads the whole file.
	// Opened counts the batches it read.
	Resume *Position
}

// Position is a place between two batches: where the next one starts and
// the sequence number of the one before.
type Position struct {
	End int64
	Seq uint64
}

// Opened is what Open found.
type Opened struct {
	Batches uint64 // whole batches
	Records uint64 // their records
	End     int64  // where the next batch goes
	// Resumed says Open started at Options.Resume (else it read the
	// whole file).
	Resumed bool
	// Torn is the length of a torn last batch that Open cut (ReadOnly:
	// found and left); 0 when the file ended cleanly. TornAt is where it
	// started.
	Torn, TornAt int64
}

// File is one flat journal open for appending (or, ReadOnly, reading).
type File struct {
	path string
	o    Options

	mu     sync.Mutex
	f      *os.File
	end    int64 // where the next batch goes
	size   int64 // the file's size: end plus zeros written ahead
	seq    uint64
	broken error // set once a write or flush failed: nothing is appended after

	// syncData flushes the data (fdatasync); tests replace it.
	syncData func(*os.File) error
	frame    []byte // the last batch's buffer, reused (at most keepFrame)
}

// keepFrame is the largest batch buffer Append keeps for the next.
const keepFrame = 64 << 10

// HasBatch says whether the file at path holds a batch, reading only its
// first bytes (no file, or one never written to: false). Nothing is
// checked: an error message may ask it, Open tells the rest.
func HasBatch(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var b [headerSize + batchHeaderSize]byte
	if _, err := f.ReadAt(b[:], 0); err != nil {
		return false
	}
	return bytes.Equal(b[:headerSize], magic) && binary.LittleEndian.Uint32(b[headerSize:]) != 0
}

// Open opens the file at path, creating it (but not when ReadOnly), and
// checks every batch in it.
func Open(path string, o Options) (*File, Opened, error) {
	if o.Grow <= 0 {
		o.Grow = 4 << 20
	}
	o.Grow = (o.Grow + align - 1) / align * align
	flag := os.O_RDWR | os.O_CREATE
	if o.ReadOnly {
		flag = os.O_RDONLY
	}
	f, err := os.OpenFile(path, flag, 0o600)
	if err != nil {
		return nil, Opened{}, fmt.Errorf("open the journal's flat file: %w", err)
	}
	if !o.ReadOnly {
		if err := lock(f); err != nil {
			f.Close()
			return nil, Opened{}, fmt.Errorf("open the journal's flat file %s: %w", path, err)
		}
	}
	j := &File{path: path, o: o, f: f, syncData: fdatasync}
	if o.Flush != nil {
		j.syncData = o.Flush
	}
	op, err := j.open()
	if err != nil {
		f.Close()
		return nil, Opened{}, err
	}
	return j, op, nil
}

func (j *File) open() (Opened, error) {
	st, err := j.f.Stat()
	if err != nil {
		return Opened{}, fmt.Errorf("open the journal's flat file: %w", err)
	}
	j.size = st.Size()
	// A file of zeros only (none at all included) was never given its
	// header: a stop between its creation and its header's flush. It is
	// a new file, with nothing in it.
	blank := j.size == 0
	if !blank && j.size <= int64(j.o.Grow)+headerSize {
		_, zero, err := j.zerosFrom(0)
		if err != nil {
			return Opened{}, err
		}
		blank = zero
	}
	if blank && j.o.ReadOnly {
		j.end, j.size = headerSize, headerSize
		return Opened{End: headerSize}, nil
	}
	if blank && j.size > 0 {
		if err := j.f.Truncate(0); err != nil {
			return Opened{}, fmt.Errorf("write the journal's flat file header: %w", err)
		}
		j.size = 0
	}
	if j.size == 0 && !j.o.ReadOnly {
		// a new file: its header, flushed with the directory entry that
		// names it
		if _, err := j.f.WriteAt(magic, 0); err != nil {
			return Opened{}, fmt.Errorf("write the journal's flat file header: %w", err)
		}
		if err := j.f.Sync(); err != nil {
			return Opened{}, fmt.Errorf("flush the journal's flat file header: %w", err)
		}
		if err := syncDir(j.path); err != nil {
			return Opened{}, err
		}
		j.size = headerSize
	}
	head := make([]byte, headerSize)
	if _, err := j.f.ReadAt(head, 0); err != nil {
		return Opened{}, fmt.Errorf("the journal's flat file %s has no header (%v): it is not a journal", j.path, err)
	}
	if !bytes.Equal(head, magic) {
		return Opened{}, fmt.Errorf("the journal's flat file %s does not start as one (or is of a newer version): it is not a journal this register reads", j.path)
	}
	op := Opened{}
	at := int64(headerSize)
	if p := j.o.Resume; p != nil && p.End >= headerSize && p.End%align == 0 && p.End <= j.size {
		// a whole batch must be there, with the next number: zeros could
		// be inside a batch at a position not this file's, and what
		// follows would be taken for a torn tail
		if seq, _, _, ok := j.batchAt(p.End, p.Seq+1); ok && seq == p.Seq+1 {
			at, j.seq = p.End, p.Seq
			op.Resumed = true
		}
	}
	for {
		seq, records, next, ok := j.batchAt(at, j.seq+1)
		if !ok {
			break
		}
		if seq == 0 { // zeros: the end
			break
		}
		if j.o.Visit != nil {
			if err := j.o.Visit(seq, records); err != nil {
				return Opened{}, err
			}
		}
		j.seq = seq
		op.Batches++
		op.Records += uint64(len(records))
		at = next
	}
	j.end = at
	if end, zero, err := j.zerosFrom(at); err != nil {
		return Opened{}, err
	} else if !zero {
		// a batch that does not check: torn, unless a whole one follows
		if later, found, err := j.wholeBatchAfter(at, end); err != nil {
			return Opened{}, err
		} else if found {
			return Opened{}, &DamagedError{Path: j.path, Offset: at, Later: later}
		}
		op.Torn, op.TornAt = end-at, at
		if !j.o.ReadOnly {
			if err := j.zero(at, end); err != nil {
				return Opened{}, err
			}
		}
	}
	op.End = j.end
	return op, nil
}

// batchAt reads the batch at off when it checks and has sequence number
// want: its records and where the next batch starts. A header of zeros
// gives seq 0 and ok (the end).
func (j *File) batchAt(off int64, want uint64) (seq uint64, records [][]byte, next int64, ok bool) {
	if off+batchHeaderSize > j.size {
		return 0, nil, off, off == j.size // the file ends exactly here: the end
	}
	var h [batchHeaderSize]byte
	if _, err := j.f.ReadAt(h[:], off); err != nil {
		return 0, nil, off, false
	}
	n := int64(binary.LittleEndian.Uint32(h[0:4]))
	sum := binary.LittleEndian.Uint32(h[4:8])
	seq = binary.LittleEndian.Uint64(h[8:16])
	if n == 0 {
		return 0, nil, off, sum == 0 && seq == 0
	}
	if n > MaxBatch || seq != want || off+batchHeaderSize+n > j.size {
		return 0, nil, off, false
	}
	payload := make([]byte, n)
	if _, err := j.f.ReadAt(payload, off+batchHeaderSize); err != nil {
		return 0, nil, off, false
	}
	if checksum(h[8:16], payload) != sum {
		return 0, nil, off, false
	}
	records, ok = split(payload)
	if !ok {
		return 0, nil, off, false
	}
	return seq, records, off + padded(batchHeaderSize+n), true
}

// split cuts a payload into its records.
func split(p []byte) ([][]byte, bool) {
	var out [][]byte
	for len(p) > 0 {
		if len(p) < 4 {
			return nil, false
		}
		n := int(binary.LittleEndian.Uint32(p))
		if n > len(p)-4 {
			return nil, false
		}
		out = append(out, p[4:4+n:4+n])
		p = p[4+n:]
	}
	return out, len(out) > 0
}

func checksum(seq, payload []byte) uint32 {
	return crc32.Update(crc32.Checksum(seq, castagnoli), castagnoli, payload)
}

func padded(n int64) int64 { return (n + align - 1) / align * align }

// zerosFrom says whether the file holds only zeros from off, and where
// its last byte that is not zero ends.
func (j *File) zerosFrom(off int64) (end int64, zero bool, err error) {
	buf := make([]byte, 64<<10)
	end = off
	for at := off; at < j.size; {
		n, err := j.f.ReadAt(buf, at)
		if err != nil && err != io.EOF {
			return 0, false, fmt.Errorf("read the journal's flat file: %w", err)
		}
		if n == 0 {
			break
		}
		if i := lastNonZero(buf[:n]); i >= 0 {
			end = at + int64(i) + 1
		}
		at += int64(n)
	}
	return end, end == off, nil
}

// lastNonZero is the index of b's last byte that is not zero (-1: none).
// Runs of zeros are skipped with bytes.Equal: as fast as a loop over the
// bytes in a normal build (memory bound, ~3 GB/s here), and 4 times as
// fast under the race detector, which checks each byte a Go loop reads.
// Every open reads the file's reserved tail, 4 MB of zeros, twice: with
// a loop that was 75 ms an open under -race, and the tests open
// registers by the hundred.
func lastNonZero(b []byte) int {
	for end := len(b); end > 0; {
		start := max(end-zeroRun, 0)
		if !bytes.Equal(b[start:end], zeroBlock[:end-start]) {
			for i := end - 1; i >= start; i-- {
				if b[i] != 0 {
					return i
				}
			}
		}
		end = start
	}
	return -1
}

// zeroRun is how many bytes lastNonZero compares at once: a run of
// zeros is skipped whole, a run that is not is read back byte by byte.
const zeroRun = 4096

// wholeBatchAfter looks for a batch that checks at any aligned offset in
// (off, end): there is one only if the data was damaged after it was
// flushed. (A torn batch's own bytes would have to carry a header and a
// CRC-32C that match by chance.)
func (j *File) wholeBatchAfter(off, end int64) (int64, bool, error) {
	for at := off + align; at+batchHeaderSize <= end; at += align {
		var h [batchHeaderSize]byte
		if _, err := j.f.ReadAt(h[:], at); err != nil {
			return 0, false, fmt.Errorf("read the journal's flat file: %w", err)
		}
		seq := binary.LittleEndian.Uint64(h[8:16])
		if seq <= j.seq || binary.LittleEndian.Uint32(h[0:4]) == 0 {
			continue
		}
		if _, _, _, ok := j.batchAt(at, seq); ok {
			return at, true, nil
		}
	}
	return 0, false, nil
}

// zero writes zeros over [from, to) and flushes them.
func (j *File) zero(from, to int64) error {
	if err := writeZeros(j.f, from, to-from); err != nil {
		return fmt.Errorf("cut the torn end of the journal's flat file: %w", err)
	}
	if err := j.syncData(j.f); err != nil {
		return fmt.Errorf("flush the journal's flat file: %w", err)
	}
	return nil
}

// zeroBlock is what writeZeros writes from, a MiB at a time: shared and
// never written to (each growth of the file made a MiB of its own).
var zeroBlock [1 << 20]byte

func writeZeros(f *os.File, at, n int64) error {
	for n > 0 {
		w := min(n, int64(len(zeroBlock)))
		if _, err := f.WriteAt(zeroBlock[:w], at); err != nil {
			return err
		}
		at += w
		n -= w
	}
	return nil
}

// Append writes records as one batch and returns once they are flushed
// to the disk, with the batch's sequence number. After a failed write or
// flush the file takes no more batches: what reached the disk is unknown
// until the file is opened again, and Open tells.
func (j *File) Append(records ...[]byte) (uint64, error) {
	if len(records) == 0 {
		return 0, errors.New("append to the journal's flat file: no records")
	}
	n := int64(0)
	for _, r := range records {
		n += 4 + int64(len(r))
	}
	if n > MaxBatch {
		return 0, fmt.Errorf("append to the journal's flat file: a batch of %d bytes is more than %d", n, MaxBatch)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	// A sale's batch is built in the buffer the last one used: the
	// register's memory stays flat on a small board. A big one (a copy
	// of an older journal) is not kept.
	size := padded(batchHeaderSize + n)
	frame := j.frame
	if int64(cap(frame)) < size {
		frame = make([]byte, size)
		if size <= keepFrame {
			j.frame = frame
		}
	}
	frame = frame[:size]
	clear(frame)
	p := frame[batchHeaderSize:]
	for _, r := range records {
		binary.LittleEndian.PutUint32(p, uint32(len(r)))
		copy(p[4:], r)
		p = p[4+len(r):]
	}
	if j.o.ReadOnly {
		return 0, errors.New("append to the journal's flat file: it was opened read-only")
	}
	if j.broken != nil {
		return 0, j.broken
	}
	if j.f == nil {
		return 0, errors.New("append to the journal's flat file: it is closed")
	}
	seq := j.seq + 1
	binary.LittleEndian.PutUint32(frame[0:4], uint32(n))
	binary.LittleEndian.PutUint64(frame[8:16], seq)
	binary.LittleEndian.PutUint32(frame[4:8], checksum(frame[8:16], frame[batchHeaderSize:batchHeaderSize+n]))

	if need := j.end + int64(len(frame)); need > j.size {
		if err := j.grow(need); err != nil {
			j.broken = err
			return 0, err
		}
	}
	if _, err := j.f.WriteAt(frame, j.end); err != nil {
		j.broken = fmt.Errorf("write to the journal's flat file: %w", err)
		return 0, j.broken
	}
	if err := j.syncData(j.f); err != nil {
		j.broken = fmt.Errorf("flush the journal's flat file: %w", err)
		return 0, j.broken
	}
	j.end += int64(len(frame))
	j.seq = seq
	return seq, nil
}

// grow writes zeros from the file's size to past need and flushes them
// with the new size, so the appends that fill them flush only their data.
func (j *File) grow(need int64) error {
	to := need + j.o.Grow
	if err := writeZeros(j.f, j.size, to-j.size); err != nil {
		return fmt.Errorf("grow the journal's flat file: %w", err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("flush the journal's flat file: %w", err)
	}
	j.size = to
	return nil
}

// Each calls fn with every batch in order, from the first whose sequence
// number is at least from; what fn is given is its own.
func (j *File) Each(from uint64, fn func(seq uint64, records [][]byte) error) error {
	j.mu.Lock()
	end, last, closed := j.end, j.seq, j.f == nil
	j.mu.Unlock()
	if closed {
		return errors.New("read the journal's flat file: it is closed")
	}
	at := int64(headerSize)
	for want := uint64(1); want <= last && at < end; want++ {
		j.mu.Lock()
		if j.f == nil {
			j.mu.Unlock()
			return errors.New("read the journal's flat file: it was closed while being read")
		}
		seq, records, next, ok := j.batchAt(at, want)
		j.mu.Unlock()
		if !ok || seq == 0 {
			return fmt.Errorf("read the journal's flat file %s at byte %d: batch %d does not check", j.path, at, want)
		}
		at = next
		if seq < from {
			continue
		}
		if err := fn(seq, records); err != nil {
			return err
		}
	}
	return nil
}

// Seq is the last batch's sequence number (0 when there is none).
func (j *File) Seq() uint64 { j.mu.Lock(); defer j.mu.Unlock(); return j.seq }

// Position is where the next batch goes and the last batch's number: an
// Open given it as Options.Resume starts there.
func (j *File) Position() Position {
	j.mu.Lock()
	defer j.mu.Unlock()
	return Position{End: j.end, Seq: j.seq}
}

// End is where the next batch goes: the bytes of data, header included.
func (j *File) End() int64 { j.mu.Lock(); defer j.mu.Unlock(); return j.end }

// Close closes the file.
func (j *File) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return nil
	}
	err := j.f.Close()
	j.f = nil
	return err
}
