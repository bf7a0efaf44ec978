package local

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"guichet/internal/flatjournal"
	"guichet/pos"
)

// ErrDamaged: the register's file does not hold together as a bbolt file
// (cut short, pages zeroed or overwritten). Errors that wrap it are
// *DamagedError and name the file.
var ErrDamaged = errors.New("the register's file is damaged")

// DamagedError says what is wrong with a damaged register's file.
type DamagedError struct {
	Path   string
	Reason string // what is wrong, in English (reason's, said in a language by Say)
	// Rebuildable: a flat file beside it holds the journal (looked at
	// once, when the damage was found: damaged).
	Rebuildable bool

	reason error // what is wrong, as a sentence pos.Say writes in each language
}

// damaged is the *DamagedError of the file at path; reason says what is
// wrong with it (a pos.Errorf sentence, said in each language).
func damaged(path string, reason error) *DamagedError {
	return &DamagedError{Path: path, Reason: reason.Error(), reason: reason, Rebuildable: path != "" && flatjournal.HasBatch(flatPath(path))}
}

func (e *DamagedError) Error() string { return e.Say(pos.English) }

// Say is what is wrong and what to do, in lang: a damaged journal is told
// to a French cashier in French.
func (e *DamagedError) Say(lang pos.Lang) string { return pos.Say(e.problem(), lang) }

func (e *DamagedError) problem() error {
	reason := e.reason
	if reason == nil { // a DamagedError made elsewhere: its Reason as it is
		reason = errors.New(e.Reason)
	}
	if e.Rebuildable {
		return pos.Errorf("the register's file %s is damaged: %w; move it aside (keep it) and start the register: it rebuilds the file from its flat file %s; or restore it from a backup or the central server", e.Path, reason, flatPath(e.Path))
	}
	return pos.Errorf("the register's file %s is damaged: %w; restore it from a backup or the central server", e.Path, reason)
}

// Is makes errors.Is(err, ErrDamaged) true.
func (e *DamagedError) Is(target error) bool { return target == ErrDamaged }

// ErrEmptyFile: the register's file has 0 bytes (a copy that failed, a
// disk that lost it): there is no journal to read or to continue.
var ErrEmptyFile = errors.New("is empty (0 bytes)")

// safely runs fn, which reads the file at path through bbolt's memory
// map, and turns what a damaged file does to a reader into a
// *DamagedError: bbolt panics on pages that do not hold together, and a
// page beyond the end of a shortened file faults (SIGBUS), which
// SetPanicOnFault turns into a panic of this goroutine. bbolt rolls its
// transactions back while the panic unwinds.
func safely(path string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		p := recover()
		if p == nil {
			return
		}
		re, _ := p.(runtime.Error)
		_, fault := p.(interface{ Addr() uintptr })
		switch {
		case re != nil && (fault || strings.Contains(re.Error(), "fault")):
			err = damaged(path, pos.Errorf("a page could not be read (the file is shorter than its pages say, or unreadable)"))
		case panickedIn("go.etcd.io/bbolt"):
			err = damaged(path, pos.Errorf("its pages do not hold together (%s)", fmt.Sprint(p)))
		default: // a bug of the program, not of the file
			err = programError(path, p, debug.Stack())
		}
	}()
	return fn()
}

// panickedIn says whether the function that panicked (the first one
// below runtime.gopanic, runtime's own left out) is in the package at
// prefix. Called by a deferred function while the panic unwinds, when the
// panicking frames are still on the stack.
func panickedIn(prefix string) bool {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs)])
	below := false
	for {
		f, more := frames.Next()
		switch {
		case f.Function == "runtime.gopanic":
			below = true
		case below && !strings.HasPrefix(f.Function, "runtime."):
			return strings.HasPrefix(f.Function, prefix)
		}
		if !more {
			return false
		}
	}
}

// ErrProgram: an error in the program (a panic that is not a damaged
// file's doing) stopped what the register was doing. Its file is not to
// blame: errors that wrap it are *ProgramError.
var ErrProgram = errors.New("an error in the program")

// ProgramError is a panic of the program's code, recovered by safely.
type ProgramError struct {
	Path  string
	Panic string
	Stack []byte
	// Log: the file the stack was added to ("" if none could be).
	Log string
}

// programError is the *ProgramError of panic p, whose stack is added to
// a log beside the register's file (path.errors), for the developers; it
// stays in the error when there is no file to write it to.
func programError(path string, p any, stack []byte) *ProgramError {
	e := &ProgramError{Path: path, Panic: fmt.Sprint(p), Stack: stack}
	if path != "" {
		log := path + ".errors"
		if f, err := os.OpenFile(log, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600); err == nil {
			_, werr := fmt.Fprintf(f, "%s panic: %s\n%s\n", time.Now().UTC().Format(time.RFC3339), e.Panic, stack)
			if cerr := f.Close(); werr == nil && cerr == nil {
				e.Log = log
			}
		}
	}
	return e
}

func (e *ProgramError) Error() string { return e.Say(pos.English) }

// Say is what stopped the register and what to do, in lang; the panic's
// words are the program's, as they are.
func (e *ProgramError) Say(lang pos.Lang) string { return pos.Say(e.problem(""), lang) }

// problem is the error's sentence; flat, if not "", is the flat file the
// last sale was written to before the error (FlatError).
func (e *ProgramError) problem(flat string) error {
	var p error
	if flat != "" {
		p = pos.Errorf("an error in the program stopped this (%s), not a damaged file, after the last sale was written to the flat file %s; this register records nothing more until it is started again, which records that sale: look at it then: note the time and start the register again; its journal is intact (do not move its file aside)", e.Panic, flat)
	} else {
		p = pos.Errorf("an error in the program stopped this (%s), not a damaged file: note the time and start the register again; its journal is intact (do not move its file aside)", e.Panic)
	}
	if e.Log != "" {
		p = pos.Errorf("%w; if it happens again, call for help and give them %s", p, e.Log)
	}
	return p
}

// Is makes errors.Is(err, ErrProgram) true.
func (e *ProgramError) Is(target error) bool { return target == ErrProgram }

// bbolt's layout, as far as checkFile reads it (go.etcd.io/bbolt
// internal/common): a page starts with a 16-byte header (id uint64, flags
// uint16, count uint16, overflow uint32); pages 0 and 1 hold a meta
// (magic, version, page size, flags, root bucket {page, sequence},
// freelist page, page count, txid, FNV-64a checksum of what precedes it),
// in the machine's byte order.
const (
	boltMagic        = 0xED0CDAED
	boltVersion      = 2
	pageHeaderSize   = 16
	metaSize         = 64
	branchPageFlag   = 0x01
	leafPageFlag     = 0x02
	freelistPageFlag = 0x10
	noFreelist       = ^uint64(0)
)

type boltMeta struct {
	pageSize                  uint32
	root, freelist, pgid, txi uint64
}

// readMeta reads the meta at off, if it is a valid one.
func readMeta(f io.ReaderAt, off int64) (boltMeta, bool) {
	var b [pageHeaderSize + metaSize]byte
	if _, err := f.ReadAt(b[:], off); err != nil {
		return boltMeta{}, false
	}
	m := b[pageHeaderSize:]
	le := binary.NativeEndian
	if le.Uint32(m[0:]) != boltMagic || le.Uint32(m[4:]) != boltVersion {
		return boltMeta{}, false
	}
	h := fnv.New64a()
	h.Write(m[:56])
	if h.Sum64() != le.Uint64(m[56:]) {
		return boltMeta{}, false
	}
	return boltMeta{pageSize: le.Uint32(m[8:]), root: le.Uint64(m[16:]), freelist: le.Uint64(m[32:]), pgid: le.Uint64(m[40:]), txi: le.Uint64(m[48:])}, true
}

// checkFile looks at a register's file before bbolt maps it: a file
// shorter than its meta page says, or whose meta, root or freelist page
// is not what bbolt expects, would make bbolt panic or fault later. It
// returns fs.ErrNotExist (wrapped) for a missing file, ErrEmptyFile for a
// 0-byte one and a *DamagedError for a damaged one.
func checkFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	size := fi.Size()
	if size == 0 {
		return fmt.Errorf("the register's file %s %w", path, ErrEmptyFile)
	}
	// The first meta says the page size; if it is the damaged one, the
	// second is looked for where bbolt would look.
	var metas []boltMeta
	m0, ok0 := readMeta(f, 0)
	if ok0 {
		metas = append(metas, m0)
	}
	sizes := []int64{int64(m0.pageSize)}
	if !ok0 {
		sizes = []int64{int64(os.Getpagesize()), 1024, 2048, 4096, 8192, 16384, 32768, 65536}
	}
	for _, ps := range sizes {
		if m1, ok := readMeta(f, ps); ok && int64(m1.pageSize) == ps {
			metas = append(metas, m1)
			break
		}
	}
	if len(metas) == 0 {
		if size < 2*pageHeaderSize+2*metaSize {
			return damaged(path, pos.Errorf("it is only %d bytes long, too short to be a register's file", size))
		}
		return damaged(path, pos.Errorf("its header pages are not those of a register's file (overwritten, or not a bbolt file)"))
	}
	m := metas[0]
	if len(metas) == 2 && metas[1].txi > m.txi {
		m = metas[1]
	}
	ps := int64(m.pageSize)
	if ps < 512 || ps > 1<<20 {
		return damaged(path, pos.Errorf("its header gives a page size of %d bytes", ps))
	}
	if m.pgid > uint64(size)/uint64(ps) {
		return damaged(path, pos.Errorf("it is %d bytes long but its pages reach %d bytes: it was cut short", size, m.pgid*uint64(ps)))
	}
	page := func(id uint64, what pos.Text, flags ...uint16) error {
		if id < 2 || id >= m.pgid {
			return damaged(path, pos.Errorf("its %s page (%d) is outside the file's %d pages", what, id, m.pgid))
		}
		var h [pageHeaderSize]byte
		if _, err := f.ReadAt(h[:], int64(id)*ps); err != nil {
			return damaged(path, pos.Errorf("its %s page (%d) cannot be read: %s", what, id, err.Error()))
		}
		gotID, gotFlags := binary.NativeEndian.Uint64(h[0:]), binary.NativeEndian.Uint16(h[8:])
		for _, fl := range flags {
			if gotID == id && gotFlags == fl {
				return nil
			}
		}
		return damaged(path, pos.Errorf("its %s page (%d) is not one (zeroed or overwritten)", what, id))
	}
	if err := page(m.root, pos.Text{"en": "root", "fr": "racine"}, branchPageFlag, leafPageFlag); err != nil {
		return err
	}
	if m.freelist != noFreelist {
		if err := page(m.freelist, pos.Text{"en": "freelist", "fr": "de la liste libre"}, freelistPageFlag); err != nil {
			return err
		}
	}
	return nil
}

// openDB opens a register's file that exists (it never creates one),
// after checkFile: a missing file gives an error wrapping fs.ErrNotExist,
// a damaged one a *DamagedError, a locked one ErrLocked.
func openDB(path string, timeout time.Duration, readOnly bool) (*bolt.DB, error) {
	if err := checkFile(path); err != nil {
		return nil, err
	}
	o := boltOptions(timeout, readOnly)
	o.OpenFile = func(name string, flag int, perm os.FileMode) (*os.File, error) {
		return os.OpenFile(name, flag&^os.O_CREATE, perm)
	}
	var db *bolt.DB
	err := safely(path, func() (err error) {
		db, err = bolt.Open(path, 0o600, o)
		return err
	})
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		pid, serves := readPIDFile(path)
		return nil, &LockedError{Path: path, PID: pid, Serves: serves}
	case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrChecksum), errors.Is(err, bolterrors.ErrVersionMismatch):
		return nil, damaged(path, err) // bbolt's own words
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, ErrDamaged):
		return nil, err
	case err != nil:
		return nil, fmt.Errorf("cannot open the register's file %s: %w", path, err)
	}
	return db, nil
}

// walkFile reads every key of every bucket of the file, so a damaged page
// anywhere is found (as a *DamagedError) before a tool reports on the
// file or changes it. bbolt's own Tx.Check runs in a goroutine of its own,
// where a damaged page could not be recovered from.
func walkFile(path string, tx *bolt.Tx) error {
	return safely(path, func() error {
		var walk func(b *bolt.Bucket) error
		walk = func(b *bolt.Bucket) error {
			return b.ForEach(func(k, v []byte) error {
				if v == nil {
					if sub := b.Bucket(k); sub != nil {
						return walk(sub)
					}
				}
				return nil
			})
		}
		return tx.ForEach(func(_ []byte, b *bolt.Bucket) error { return walk(b) })
	})
}
