//go:build unix

package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// TestAnotherUsersFileSaysWhoseItIs: the register run as a service keeps
// its files as its own user's (the directory 750, the journal 600). A
// technician's `guichet report x` on them said "no register file at …"
// (the directory could not be looked in) or "open …: permission denied";
// it now names the user the file or directory belongs to and how to run
// the command as them. Run as root, the test runs the binary as nobody on
// a register whose directory is daemon's.
func TestAnotherUsersFileSaysWhoseItIs(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to run the binary as another user")
	}
	owner, err := user.Lookup("daemon")
	if err != nil {
		t.Skip("no user daemon to own the register's files")
	}
	nobody, err := user.Lookup("nobody")
	if err != nil {
		t.Skip("no user nobody to run the tool as")
	}
	dir := t.TempDir()
	must(t, os.Chmod(filepath.Dir(dir), 0o755)) // the test's own, made 700
	must(t, os.Chmod(dir, 0o755))
	bin := filepath.Join(dir, "guichet")
	copyFile(t, guichetBin, bin, 0o755)

	db, _ := sellOne(t)
	svcDir := filepath.Join(dir, "lib")
	must(t, os.Mkdir(svcDir, 0o750))
	for _, suffix := range []string{"", ".journal", ".key", ".pub"} {
		copyFile(t, db+suffix, filepath.Join(svcDir, "guichet.db"+suffix), 0o600)
	}
	uid, _ := strconv.Atoi(owner.Uid)
	gid, _ := strconv.Atoi(owner.Gid)
	must(t, filepath.Walk(svcDir, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Chown(p, uid, gid)
	}))

	nuid, _ := strconv.Atoi(nobody.Uid)
	ngid, _ := strconv.Atoi(nobody.Gid)
	asNobody := func(args ...string) string {
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(nuid), Gid: uint32(ngid)}}
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		if _, exited := err.(*exec.ExitError); !exited {
			t.Fatalf("guichet %s as nobody on daemon's files: %v\n%s", strings.Join(args, " "), err, out.String())
		}
		return out.String()
	}
	dbPath := filepath.Join(svcDir, "guichet.db")
	// the directory cannot be looked in: it was "no register file"
	said := asNobody("report", "x", "--db", dbPath, "--lang", "en")
	if want := svcDir + " belongs to the user daemon: run the command as that user (sudo -u daemon guichet report ...)"; !strings.Contains(said, want) {
		t.Errorf("report x in daemon's directory said:\n%s\nwant %q", said, want)
	}
	// the directory open, the file not
	must(t, os.Chmod(svcDir, 0o755))
	said = asNobody("journal", "verify", "--db", dbPath)
	if want := "permission denied: " + dbPath + " belongs to the user daemon: run the command as that user (sudo -u daemon guichet journal ...)"; !strings.Contains(said, want) {
		t.Errorf("journal verify of daemon's file said:\n%s\nwant %q", said, want)
	}
	// a file that is not there is still said so
	said = asNobody("report", "x", "--db", filepath.Join(dir, "none.db"), "--lang", "en")
	if !strings.Contains(said, "no register file at") {
		t.Errorf("report x of a missing file said:\n%s", said)
	}
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	in, err := os.Open(from)
	must(t, err)
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	must(t, err)
	_, err = io.Copy(out, in)
	must(t, err)
	must(t, out.Close())
}
