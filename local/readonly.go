package local

import (
	"crypto/ed25519"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"guichet/pos"
)

// Readers and the running register.
//
// A read-only open (Options.ReadOnly, and the journal tools Verify, Export,
// FileStats) opens the file with bbolt's ReadOnly: the descriptor is
// O_RDONLY, no pid file is written, no key is created, no entry appended,
// no view rebuilt. bbolt then takes a shared flock, which the running
// register's exclusive flock refuses (flock(2): LOCK_SH waits for LOCK_EX;
// tested with the register in another process). Reading the file without
// the lock would not be sound: a commit overwrites pages the reader may be
// following. So the running register serves readers a snapshot: it
// listens on <db>.sock (mode 0600, removed at Close), and for each
// connection writes a consistent copy of the file, taken in one read
// transaction (bolt.Tx.WriteTo), preceded by its length. The reader
// receives it into an unlinked temporary file and opens that, read-only:
// it sees the register as of one commit and never touches the real file.
// A path too long for a socket's address (108 bytes on Linux, the file's
// directories included) is reached through its directory (socketVia). A
// register that cannot listen even so has no such service: readers then
// get ErrLocked, as before.

// snapshotSocket is where the running register serves snapshots.
func snapshotSocket(db string) string { return db + ".sock" }

// maxSocketPath is the longest path a unix socket's address holds (Linux:
// 108 bytes with the closing NUL).
const maxSocketPath = 107

// socketVia calls do with sock as a socket's address: sock itself when it
// fits, else (Linux) /proc/self/fd/N/NAME, N its directory opened for the
// call: the kernel resolves the directory and binds or connects to NAME
// in it. Without /proc (another system) do gets the long path, which the
// socket refuses.
func socketVia(sock string, do func(addr string) error) error {
	if len(sock) <= maxSocketPath {
		return do(sock)
	}
	d, err := os.Open(filepath.Dir(sock))
	if err != nil {
		return err
	}
	defer d.Close()
	dir := fmt.Sprintf("/proc/self/fd/%d", d.Fd())
	short := dir + "/" + filepath.Base(sock)
	if _, err := os.Stat(dir); err != nil || len(short) > maxSocketPath {
		return do(sock) // no /proc here, or a name too long itself
	}
	return do(short)
}

// readLockWait is how long a reader waits for the file's lock before it
// asks the running register for a snapshot.
const readLockWait = 200 * time.Millisecond

// snapshotServer serves snapshots of an open register's file.
type snapshotServer struct {
	ln   net.Listener
	sock string // the socket's path, removed at close
	wg   sync.WaitGroup
}

// serveSnapshots starts the snapshot service of a register that holds its
// file's lock (so a socket left there is a dead register's: replaced).
// Without a socket the register works the same; readers wait for it.
func serveSnapshots(db *bolt.DB, path string) *snapshotServer {
	sock := snapshotSocket(path)
	os.Remove(sock)
	var ln net.Listener
	err := socketVia(sock, func(addr string) (err error) {
		ln, err = net.Listen("unix", addr)
		return err
	})
	if err != nil {
		return nil
	}
	// the listener would unlink the address it was given, which names
	// the socket only while its directory was open (socketVia): close
	// removes the socket by its path
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	if err := os.Chmod(sock, 0o600); err != nil {
		ln.Close()
		os.Remove(sock)
		return nil
	}
	s := &snapshotServer{ln: ln, sock: sock}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return // closed
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(time.Minute))
				// The reader checks the length: a snapshot cut short is refused there.
				_ = db.View(func(tx *bolt.Tx) error {
					if _, err := c.Write(binary.BigEndian.AppendUint64(nil, uint64(tx.Size()))); err != nil {
						return err
					}
					_, err := tx.WriteTo(c)
					return err
				})
			}()
		}
	}()
	return s
}

// close stops the service, removes its socket and waits for the
// snapshots being sent.
func (s *snapshotServer) close() {
	if s == nil {
		return
	}
	s.ln.Close()
	os.Remove(s.sock)
	s.wg.Wait()
}

// openForReading opens a register's file without writing to it: directly
// (shared lock) when no register has it open, else a snapshot the running
// register sends. The file must exist. A file the machine stopped under
// (a power cut while the register had it open: flat.go) is refused until
// the register has started once and rebuilt it, unless asIs (journal
// verify, which says what the flat file holds beyond it).
func openForReading(path string, asIs bool) (*bolt.DB, error) {
	db, err := openDB(path, readLockWait, true)
	switch {
	case err == nil:
		if !asIs {
			if ferr := toolRefusal(path, db, false); ferr != nil {
				db.Close()
				return nil, ferr
			}
		}
		return db, nil
	case errors.Is(err, fs.ErrNotExist):
		return nil, &noRegisterFile{path: path, err: err}
	case errors.Is(err, ErrEmptyFile):
		return nil, &emptyRegisterFile{path: path}
	case !errors.Is(err, ErrLocked):
		return nil, err
	}
	db, serr := openSnapshot(path)
	if serr == nil {
		return db, nil
	}
	if pid := readPID(path); pid > 0 {
		return nil, fmt.Errorf("%s is %w (pid %d), which did not send a copy to read (%v): try again, or close it first", path, ErrLocked, pid, serr)
	}
	return nil, fmt.Errorf("%s is %w, which did not send a copy to read (%v): try again, or close it first", path, ErrLocked, serr)
}

// openSnapshot asks the running register for a snapshot and opens it.
func openSnapshot(path string) (*bolt.DB, error) {
	var c net.Conn
	err := socketVia(snapshotSocket(path), func(addr string) (err error) {
		c, err = net.DialTimeout("unix", addr, time.Second)
		return err
	})
	if err != nil {
		return nil, err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Minute))
	var hdr [8]byte
	if _, err := io.ReadFull(c, hdr[:]); err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	size := int64(binary.BigEndian.Uint64(hdr[:]))
	f, err := os.CreateTemp("", "guichet-snapshot-*.db")
	if err != nil {
		return nil, err
	}
	// Unlinked at once: the copy (customers included) lives only as long
	// as this open file, whatever happens to the process.
	os.Remove(f.Name())
	n, err := io.Copy(f, io.LimitReader(c, size))
	if err == nil && n != size {
		err = fmt.Errorf("snapshot cut short: %d of %d bytes", n, size)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	opts := boltOptions(time.Second, true)
	opts.OpenFile = func(string, int, os.FileMode) (*os.File, error) { return f, nil }
	db, err := bolt.Open(f.Name(), 0o600, opts)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	return db, nil
}

// openReadOnly is Open with o.ReadOnly: the register as its file has it,
// for pricing and queries; every command that would write fails
// (ErrReadOnly). It needs views of the current format (a register that
// ran this version wrote them); the key is read if it is there, never
// created.
func openReadOnly(o Options) (*Register, error) {
	db, err := openForReading(o.Path, false)
	if err != nil {
		return nil, err
	}
	if err := openedFor(db, o.Path, o.Catalog); err != nil {
		db.Close()
		return nil, err // another organiser's catalog: reports would name its shows
	}
	r := &Register{db: db, path: o.Path, now: o.Now, holdFor: o.HoldFor, tills: map[*Till]struct{}{}, qrs: map[string]string{}, readOnly: true, trial: o.Trial,
		snapshot: db.Path() != o.Path}
	r.catalog.Store(o.Catalog)
	err = safely(o.Path, func() error {
		return db.View(func(tx *bolt.Tx) error {
			id, err := registerOf(tx)
			if err != nil {
				return err
			}
			if o.Register != "" && o.Register != id {
				return fmt.Errorf("%s is the journal of register %s, not %s", o.Path, id, o.Register)
			}
			r.id, r.training = id, isTraining(tx)
			if !viewsCurrent(tx) {
				return errOldViews
			}
			pub, ok, err := recordedKey(tx)
			if err != nil {
				return err
			}
			if ok {
				r.pub = pub
			}
			ps, _ := pushStateAfter(tx, PushState{Register: id}) // a journal it cannot read: Verify says why
			r.keepPushState(ps)
			return nil
		})
	})
	if err != nil {
		db.Close()
		return nil, pos.Errorf("%s: %w", o.Path, err) // the reason said in the command line's language
	}
	if key, err := loadKey(o.Path, false); err == nil && (r.pub == nil || r.pub.Equal(key.Public())) {
		r.key = key
		r.pub = key.Public().(ed25519.PublicKey)
	}
	if r.trial {
		// a file the central server granted capacity to sells only that,
		// as the start sees it (setUp); and the start grants what the file
		// does not hold yet: a trial would refuse seats the start adds
		// (Options.Trial)
		err := r.read(func(tx *bolt.Tx) error {
			if r.escrow = leased(tx); r.escrow {
				return r.loadDeadlines(tx)
			}
			return r.grantCatalog(tx)
		})
		r.trialVoid = err != nil
	}
	return r, nil
}

// Snapshot says the register was opened read-only on a copy that the
// running register holding its file sent: what it says may change
// meanwhile (a tool tells what to stop before a refusal the holder may
// lift).
func (r *Register) Snapshot() bool { return r.snapshot }

// try is a trial's write (Options.Trial): fn run in a read transaction,
// nil once it would write (bbolt refuses it there), its refusal else.
func (r *Register) try(fn func(tx *bolt.Tx) error) error {
	if r.trialVoid {
		return nil
	}
	err := r.read(fn)
	if errors.Is(err, bolterrors.ErrTxNotWritable) || errors.Is(err, bolterrors.ErrDatabaseReadOnly) || errors.Is(err, ErrReadOnly) {
		return nil
	}
	return err
}

var errOldViews = pos.Errorf("its views were written by another version of guichet: open it once with guichet counter (or run guichet journal rebuild), then read it")

// ErrReadOnly: the register was opened read-only (Options.ReadOnly): it
// answers queries but records nothing.
var ErrReadOnly = errors.New("this register's file is open read-only: nothing can be recorded")
