package remote

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"guichet/pos"
)

// StaffKey is one line of the staff_keys file: a public key and the member
// of staff (a staff id of the catalog, the line's comment) it proves.
type StaffKey struct {
	Staff       string
	Fingerprint string // SHA256:... as ssh-keygen -l prints it
	// NoPIN is the line's "no-pin" option: this member of staff unlocks
	// with their key alone. Without it the PIN is asked as at the console.
	NoPIN bool
}

// staffKeys is the staff_keys file, read again whenever it changes (its
// size or time moved) or the register sells from another catalog (a newer
// one pulled from the central server, which may add or remove staff):
// staff are added and revoked without a restart.
type staffKeys struct {
	path string
	cat  func() *pos.Catalog // the register's catalog now
	read *pos.Catalog        // the catalog keys was read with

	mu    sync.Mutex
	mod   time.Time
	size  int64
	mode  os.FileMode
	keys  map[string]StaffKey // by the key's wire form
	err   error               // the last reading's error: every key refused
	onErr func(error)         // told of a bad file or line (the log)
	// onRead is told the keys each time the file is read (at start, and
	// again once it changed): the log says whose keys let in from then on.
	onRead func(map[string]StaffKey)
}

func newStaffKeys(path string, cat func() *pos.Catalog, onErr func(error), onRead func(map[string]StaffKey)) (*staffKeys, error) {
	k := &staffKeys{path: path, cat: cat, onErr: onErr, onRead: onRead}
	k.refresh()
	return k, k.err
}

// lookup says whose key this is, reading the file again if it changed.
// A file that cannot be read refuses every key: revoking must not fail open.
func (k *staffKeys) lookup(key gossh.PublicKey) (StaffKey, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.refreshLocked()
	if k.err != nil || key == nil {
		return StaffKey{}, false
	}
	sk, ok := k.keys[string(key.Marshal())]
	return sk, ok
}

func (k *staffKeys) refresh() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.refreshLocked()
}

func (k *staffKeys) refreshLocked() {
	fi, err := os.Stat(k.path)
	if err != nil {
		k.fail(fmt.Errorf("staff keys: %w", err))
		return
	}
	cat := k.cat()
	// the mode too: chmod 644 moves no modification time
	if k.keys != nil && k.err == nil && fi.ModTime().Equal(k.mod) && fi.Size() == k.size && fi.Mode() == k.mode && cat == k.read {
		return
	}
	unsafe := checkStaffKeysFile(k.path, fi)
	if unsafe != nil && k.keys == nil {
		// nothing read from it before: no key is let in, and the server
		// does not start
		k.fail(unsafe)
		return
	}
	data, err := os.ReadFile(k.path)
	if err != nil {
		k.fail(fmt.Errorf("staff keys: %w", err))
		return
	}
	keys, bad := parseStaffKeys(data, cat)
	for _, e := range bad {
		if k.onErr != nil {
			k.onErr(fmt.Errorf("%s: %w", k.path, e))
		}
	}
	if unsafe != nil {
		// Serving: the tills selling go on. What others may have written
		// lets no key in; a line taken out still revokes its key.
		keys = keptKeys(k.keys, keys)
		if k.onErr != nil {
			k.onErr(fmt.Errorf("%w; until then a key added to it is refused, one taken out of it is revoked", unsafe))
		}
	}
	k.keys, k.err, k.mod, k.size, k.mode, k.read = keys, nil, fi.ModTime(), fi.Size(), fi.Mode(), cat
	if k.onRead != nil {
		k.onRead(keys)
	}
}

// keptKeys is the keys of was still in now, as neither says more: the
// same member of staff, no-pin only if both say it.
func keptKeys(was, now map[string]StaffKey) map[string]StaffKey {
	kept := map[string]StaffKey{}
	for wire, sk := range now {
		if old, ok := was[wire]; ok && old.Staff == sk.Staff {
			sk.NoPIN = sk.NoPIN && old.NoPIN
			kept[wire] = sk
		}
	}
	return kept
}

func (k *staffKeys) fail(err error) {
	if k.err == nil && k.onErr != nil {
		k.onErr(err)
	}
	k.keys, k.err = nil, err
}

// parseStaffKeys reads authorized_keys lines whose comment is a staff id.
// A line that does not parse, or names no member of staff, is skipped and
// reported; the other lines still count. A key listed for two members of
// staff is refused and reported.
func parseStaffKeys(data []byte, cat *pos.Catalog) (map[string]StaffKey, []error) {
	keys := map[string]StaffKey{}
	lines := map[string]int{} // the line that listed each key first; -1 refused
	var bad []error
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		pub, comment, options, _, err := gossh.ParseAuthorizedKey([]byte(line))
		if err != nil {
			bad = append(bad, fmt.Errorf("line %d: not a public key in authorized_keys format: %w", n, err))
			continue
		}
		if _, ok := pub.(*gossh.Certificate); ok {
			// matched as a key, its validity and principals would never
			// be checked: staff are known by their key
			bad = append(bad, fmt.Errorf("line %d: a certificate (%s) is refused: list the plain public key instead", n, pub.Type()))
			continue
		}
		staff := strings.TrimSpace(comment)
		if _, ok := cat.StaffByID(staff); !ok {
			bad = append(bad, notStaff(n, staff, cat))
			continue
		}
		sk := StaffKey{Staff: staff, Fingerprint: gossh.FingerprintSHA256(pub)}
		ok := true
		for _, o := range options {
			switch o {
			case "no-pin":
				sk.NoPIN = true
			default:
				// an option not understood may be a restriction (from=...):
				// the key is refused rather than let in without it
				bad = append(bad, fmt.Errorf("line %d: unknown option %q (only no-pin): the key is refused", n, o))
				ok = false
			}
		}
		if !ok {
			continue
		}
		wire := string(pub.Marshal())
		switch was, listed := lines[wire]; {
		case !listed:
			lines[wire] = n
			keys[wire] = sk
		case was < 0: // already refused for naming two members of staff
		case keys[wire].Staff != sk.Staff:
			// whose is it? The session would be whoever's line came last.
			bad = append(bad, fmt.Errorf("lines %d and %d: one key for %q and for %q: the key is refused until one of the lines is taken out", was, n, keys[wire].Staff, sk.Staff))
			delete(keys, wire)
			lines[wire] = -1
		default:
			// the same member of staff twice: the PIN unless both say no-pin
			sk.NoPIN = sk.NoPIN && keys[wire].NoPIN
			keys[wire] = sk
		}
	}
	return keys, bad
}

// notStaff says a line's comment names no member of staff, and what to
// write instead: the catalog's staff ids. A key copied as it is from a
// laptop ends in its user@host, or in nothing.
func notStaff(line int, comment string, cat *pos.Catalog) error {
	ids := staffIDs(cat)
	switch {
	case comment == "":
		return fmt.Errorf("line %d: the key has no comment: end the line with the staff id of whose key it is (%s)", line, ids)
	case strings.Contains(comment, "@"):
		return fmt.Errorf("line %d: %q is not a staff id of the catalog but the user@host the key was made on: put the staff id of whose key it is in its place (%s)", line, comment, ids)
	}
	return fmt.Errorf("line %d: %q is not a staff id of the catalog: end the line with the staff id of whose key it is (%s)", line, comment, ids)
}

// staffIDs lists the catalog's staff ids for a person to pick one: the
// first dozen, and how many there are beyond them.
func staffIDs(cat *pos.Catalog) string {
	const most = 12
	if len(cat.Staff) == 0 {
		return "the catalog lists no staff: add them to it first"
	}
	var ids []string
	for i, st := range cat.Staff {
		if i == most {
			ids = append(ids, fmt.Sprintf("and %d more", len(cat.Staff)-most))
			break
		}
		ids = append(ids, st.ID)
	}
	return "the catalog's staff ids: " + strings.Join(ids, ", ")
}
