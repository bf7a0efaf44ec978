package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// damagedCopies writes damaged copies of the register's file db beside
// it, each with the register's key files, and returns them by name, with
// whether every page is damaged in a way every command reads (else only
// one deep page is, which a command may not read).
func damagedCopies(t *testing.T, db string) (copies map[string]string, everyReader map[string]bool) {
	t.Helper()
	data, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	const ps = 4096
	// The pages a reader reaches: the root, the journal's root, and every
	// leaf and branch page not free.
	var journalRoot uint64
	var inUse []int
	b, err := bolt.Open(db, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Update(func(tx *bolt.Tx) error {
		journalRoot = uint64(tx.Bucket([]byte("journal")).Root())
		for id := 2; id < len(data)/ps; id++ {
			info, err := tx.Page(id)
			if err != nil || info == nil {
				return err
			}
			if info.Type == "leaf" || info.Type == "branch" {
				inUse = append(inUse, id)
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	b.Close()
	rootPage := binary.NativeEndian.Uint64(data[16+16:])  // meta 0's root bucket page
	highWater := binary.NativeEndian.Uint64(data[16+40:]) // and the end of its pages in use
	if m1 := binary.NativeEndian.Uint64(data[ps+16+48:]); m1 > binary.NativeEndian.Uint64(data[16+48:]) {
		rootPage = binary.NativeEndian.Uint64(data[ps+16+16:])
		highWater = binary.NativeEndian.Uint64(data[ps+16+40:])
	}
	copies, everyReader = map[string]string{}, map[string]bool{}
	write := func(name string, content []byte, all bool) {
		p := filepath.Join(filepath.Dir(db), name+".db")
		for _, ext := range []string{".key", ".pub"} {
			k, err := os.ReadFile(db + ext)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p+ext, k, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(p, content, 0o600); err != nil {
			t.Fatal(err)
		}
		copies[name], everyReader[name] = p, all
	}
	clone := func() []byte { return bytes.Clone(data) }
	write("truncated-8192", data[:8192], true)
	// half of the pages in use (the file may be longer: bbolt grows it
	// ahead, to the size it maps)
	write("truncated-half", data[:highWater*ps/2], true)
	zeroed := clone()
	clear(zeroed[2*ps:])
	write("zeroed-after-meta", zeroed, true)
	header := func(d []byte, id uint64) []byte {
		copy(d[id*ps:], bytes.Repeat([]byte{0xA5}, 16))
		return d
	}
	write("root-header", header(clone(), rootPage), true)
	write("journal-root-header", header(clone(), journalRoot), true)
	step := max(1, len(inUse)/8)
	for i := 0; i < len(inUse); i += step {
		write(fmt.Sprintf("page-%d-header", inUse[i]), header(clone(), uint64(inUse[i])), false)
	}
	return copies, everyReader
}

// TestDamagedFilesGiveAClearErrorNeverAPanic runs every command that reads
// a register's file, as a person would (the binary: a fault would kill it,
// not the test), on damaged copies of a real journal: each says the file
// is damaged and exits 1, or, where the damage is in a page it does not
// read, works; none panics or faults, and none changes the file.
func TestDamagedFilesGiveAClearErrorNeverAPanic(t *testing.T) {
	db, qr := sellOne(t)
	sellMore(t, db, 60) // a journal of several pages, with branch pages
	copies, everyReader := damagedCopies(t, db)
	// Commands that read every page say so of any damage.
	wholeFile := map[string]bool{"verify": true, "export": true, "stats": true, "rebuild": true}
	commands := map[string]func(p string) []string{
		"verify":  func(p string) []string { return []string{"journal", "verify", "--db", p} },
		"export":  func(p string) []string { return []string{"journal", "export", "--db", p} },
		"stats":   func(p string) []string { return []string{"journal", "stats", "--db", p} },
		"rebuild": func(p string) []string { return []string{"journal", "rebuild", "--db", p} },
		"quote":   func(p string) []string { return []string{"quote", "--db", p} },
		"counter": func(p string) []string {
			return []string{"counter", "--db", p, "--exit-after-first-frame", "--printer", "preview"}
		},
		"ticket": func(p string) []string { return []string{"ticket", "verify", qr, "--db", p} },
	}
	for name, p := range copies {
		for cmd, args := range commands {
			before := sha256.Sum256(mustRead(t, p))
			out, stderr, code := runGuichet(t, "", `{"cart": {}}`, args(p)...)
			all := out + stderr
			if strings.Contains(all, "panic") || strings.Contains(all, "fatal error") || strings.Contains(all, "goroutine ") {
				t.Fatalf("%s on %s: it crashed (exit %d):\n%s", cmd, name, code, all)
			}
			if cmd == "counter" && !everyReader[name] {
				continue // it opens, then needs a terminal: only a crash would be wrong
			}
			// in the file's language (the demo's French), or English where
			// the damage hides it
			clear := code == 1 && (strings.Contains(all, "is damaged") && strings.Contains(all, "restore it from a backup") ||
				strings.Contains(all, "est endommagé") && strings.Contains(all, "restaurez-le depuis une sauvegarde"))
			if (everyReader[name] || wholeFile[cmd]) && !clear {
				t.Errorf("%s on %s: exit %d, want 1 and a damaged file named:\n%s", cmd, name, code, all)
			}
			if code != 0 && !clear {
				t.Errorf("%s on %s: exit %d without saying the file is damaged:\n%s", cmd, name, code, all)
			}
			if sha256.Sum256(mustRead(t, p)) != before && cmd != "quote" && cmd != "counter" {
				t.Errorf("%s on %s changed the file", cmd, name)
			}
		}
	}
}

// TestAnEmptyFileIsRefused: a 0-byte register's file is neither turned
// into an empty database by rebuild nor reported with a Go error by verify.
func TestAnEmptyFileIsRefused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "r.db")
	if err := os.WriteFile(p, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, sub := range []string{"verify", "rebuild", "export", "stats"} {
		out, stderr, code := runGuichet(t, "", "", "journal", sub, "--db", p)
		if code != 1 || !strings.Contains(stderr, "is empty (0 bytes)") || strings.Contains(stderr, "descriptor") {
			t.Errorf("journal %s on a 0-byte file: exit %d\n%s%s", sub, code, out, stderr)
		}
		if fi, err := os.Stat(p); err != nil || fi.Size() != 0 {
			t.Fatalf("journal %s changed the 0-byte file: %v %v", sub, fi, err)
		}
	}
}

// sellMore sells n more orders on the register's file db.
func sellMore(t *testing.T, db string, n int) {
	t.Helper()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	r := openDemoAt(t, db, "", now)
	defer r.Close()
	till, err := r.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		if err := till.AddTickets("festival-j1", "pelouse", "adult", 1); err != nil {
			t.Fatal(err)
		}
		if _, err := till.Checkout([]pos.Tender{{Method: "cash"}}); err != nil {
			t.Fatal(err)
		}
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
