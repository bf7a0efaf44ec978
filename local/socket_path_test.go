package local

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestALongPathStillServesReaders: a register whose file's path makes
// its socket's longer than a unix address holds (108 bytes: the box
// office's files deep in a home or a mount) served no snapshot, and
// every reader beside it (journal verify, reports) was refused as
// locked. Its socket is reached through its directory now; it is gone
// once the register closes.
func TestALongPathStillServesReaders(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the long path goes through /proc/self/fd (Linux)")
	}
	dir := filepath.Join(t.TempDir(), strings.Repeat("billetterie-", 10))
	must(t, os.Mkdir(dir, 0o700))
	path := filepath.Join(dir, "guichet.db")
	if len(snapshotSocket(path)) <= 107 {
		t.Fatalf("the socket's path is %d bytes: not too long for the test", len(snapshotSocket(path)))
	}
	r, _ := openTest(t, path)
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 2))
	sell(t, r, till)
	got, err := Verify(path)
	if err != nil || got.Entries == 0 {
		t.Fatalf("verify beside the register at a long path: %+v, %v", got, err)
	}
	ro, err := Open(Options{Path: path, Catalog: demoCatalog(t), ReadOnly: true})
	must(t, err)
	if !ro.Snapshot() {
		t.Error("a reader beside the register opened its file, not a snapshot")
	}
	if _, ok, err := ro.Order("K01-000001"); !ok || err != nil {
		t.Errorf("the reader's copy has no order K01-000001: %v", err)
	}
	must(t, ro.Close())
	if fi, err := os.Stat(snapshotSocket(path)); err != nil || fi.Mode()&os.ModeSocket == 0 || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the socket beside the file: %v, %v", fi, err)
	}
	must(t, r.Close())
	if _, err := os.Stat(snapshotSocket(path)); !os.IsNotExist(err) {
		t.Fatalf("the socket is still there after the register closed: %v", err)
	}
}
