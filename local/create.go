package local

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// createStep is called after each step of creating a register's file;
// tests kill the process there.
var createStep = func(step string) {}

// create makes a new register's file at o.Path whole or not at all: the
// file is built under a temporary name in the same directory (buckets,
// register id, key pinned, capacity granted: the first entries), synced,
// and renamed into place, then the directory is synced. The key is
// written first under a temporary name and renamed into place after the
// file: a kill between the two leaves a file whose pinned key is in that
// temporary file, which the next Open puts in place (removeLeftovers).
// Until the rename no reader or writer sees a half-made register, and a
// temporary file left by a kill is removed at the next start.
//
// It holds a lock on the directory meanwhile, so two registers starting
// at once make one file; if the file exists once the lock is taken,
// create does nothing (Open then opens it).
func create(o Options) (err error) {
	unlock, err := lockDir(filepath.Dir(o.Path))
	if err != nil {
		return fmt.Errorf("cannot create the register's file %s: %w", o.Path, err)
	}
	defer unlock()
	if err := checkFile(o.Path); !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, ErrEmptyFile) {
		return nil // made meanwhile, or not ours to replace: Open says what it is
	}
	removeLeftovers(o.Path, nil)
	var key ed25519.PrivateKey
	var fig JournalFigures // where a lost journal's closures stood (NewJournalAfter)
	var keyTmp string      // "": the key is in place already
	if _, err := os.Stat(o.Path + ".key"); err == nil {
		if o.NewJournalAfter == 0 {
			return lostJournal(o.Path)
		}
		if key, err = loadKey(o.Path, false); err != nil {
			return err
		}
		if fig, err = newJournalFigures(o, key.Public().(ed25519.PublicKey)); err != nil {
			return err
		}
	} else {
		if key = o.Key; key == nil {
			if _, key, err = ed25519.GenerateKey(rand.Reader); err != nil {
				return err
			}
		}
		keyTmp, err = writeTemp(o.Path+".key", []byte(seedPrefix+b64.EncodeToString(key.Seed())+"\n"), 0o600)
		if err != nil {
			return fmt.Errorf("cannot write the signing key %s.key: %w", o.Path, err)
		}
		createStep("key written")
	}
	tmp := tempName(o.Path)
	defer func() {
		if err != nil {
			os.Remove(tmp)
			if keyTmp != "" {
				os.Remove(keyTmp)
			}
		}
	}()
	db, err := bolt.Open(tmp, 0o600, boltOptions(o.LockTimeout, false))
	if err != nil {
		return fmt.Errorf("cannot create the register's file %s: %w", o.Path, err)
	}
	defer db.Close() // after the renames: its lock keeps others out until the key is in place
	createStep("file created")
	r := &Register{db: db, path: o.Path, now: o.Now, key: key, pub: key.Public().(ed25519.PublicKey)}
	r.catalog.Store(o.Catalog)
	if err := db.Update(func(tx *bolt.Tx) error { return r.setUp(tx, o.Register, o.NewJournalAfter, fig) }); err != nil {
		return err
	}
	createStep("entries committed")
	if err := db.Sync(); err != nil {
		return fmt.Errorf("cannot write the register's file %s: %w", o.Path, err)
	}
	if err := publish(tmp, o.Path); err != nil {
		return fmt.Errorf("cannot create the register's file %s: %w", o.Path, err)
	}
	createStep("file in place")
	if keyTmp != "" {
		if err := publish(keyTmp, o.Path+".key"); err != nil {
			return fmt.Errorf("cannot write the signing key %s.key: %w", o.Path, err)
		}
	}
	createStep("key in place")
	writePub(o.Path, r.pub)
	createStep("pub written")
	return nil
}

// lostJournal is the refusal to start a new journal beside a key that
// already signed tickets: numbering would start again at 1 and sell
// tickets byte-identical to ones sold before.
func lostJournal(path string) error {
	return fmt.Errorf("the journal %s is missing or empty but its signing key %s.key is there: restore the journal from a backup or the central server; a new journal with this key would number tickets from 1 again, identical to tickets already sold (to start one anyway: a new key, by moving this one away, or --new-journal AFTER to keep it and number orders after AFTER, the last order the lost journal sold, its closures going on from the lost journal's last ones: read from the central server with --central, or typed with --after-total and --after-closures)", path, path)
}

// tempName is where this process builds a file before renaming it to
// path: beside it, named after the process, so the next start knows
// whether its maker is gone.
func tempName(path string) string { return fmt.Sprintf("%s.%d.tmp", path, os.Getpid()) }

// writeTemp writes data to a new temporary file beside path and syncs it;
// publish then renames it into place.
func writeTemp(path string, data []byte, perm os.FileMode) (string, error) {
	tmp := tempName(path)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return "", err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return "", err
	}
	return tmp, nil
}

// publish renames tmp to path and syncs the directory: when it returns,
// path is on disk whole.
func publish(tmp, path string) error {
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

// writePub writes <db>.pub; a failure is not the register's: it can
// always be written again from the key pinned in the journal.
func writePub(db string, pub ed25519.PublicKey) { _ = WritePublicKey(db, pub) }

// removeLeftovers removes the temporary files a process that died while
// creating the register's file or its key left beside path
// (path.<pid>.tmp, path.key.<pid>.tmp, path.pub.<pid>.tmp); those of a
// process still running are left alone. A key's temporary file that holds
// the key pinned in the journal (given as pinned) while path.key is
// missing was left by a kill between the file's rename and the key's: it
// is renamed into place instead.
func removeLeftovers(path string, pinned ed25519.PublicKey) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), base+".")
		if !ok || !strings.HasSuffix(rest, ".tmp") {
			continue
		}
		rest = strings.TrimSuffix(rest, ".tmp")
		kind, pidText, ok := strings.Cut(rest, ".")
		if !ok {
			kind, pidText = "", rest
		}
		pid, err := strconv.Atoi(pidText)
		if err != nil || pid <= 0 || (kind != "" && kind != "key" && kind != "pub") || !processGone(pid) {
			continue
		}
		name := filepath.Join(dir, e.Name())
		if kind == "key" && pinned != nil {
			if _, err := os.Stat(path + ".key"); errors.Is(err, fs.ErrNotExist) && keyFileHolds(name, pinned) {
				if publish(name, path+".key") == nil {
					continue
				}
			}
		}
		os.Remove(name)
	}
}

// keyFileHolds tells whether the key file at path holds the private key of pub.
func keyFileHolds(path string, pub ed25519.PublicKey) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	s, ok := strings.CutPrefix(strings.TrimSpace(string(data)), seedPrefix)
	seed, err := b64.DecodeString(s)
	if !ok || err != nil || len(seed) != ed25519.SeedSize {
		return false
	}
	return bytes.Equal(ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey), pub)
}
