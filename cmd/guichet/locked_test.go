package main

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/counter"
	"guichet/fixtures"
	"guichet/pos"
)

// TestASecondRegisterIsToldHowToJoinTheFirst: guichet started on a journal
// another process has open is refused, and told what that process is and
// how to reach it, from the pid file beside the journal: the SSH server's
// own port, the counter's terminal, the kiosk's staff keys (it always
// suggested ssh -p 2222, even beside a kiosk or an SSH server on another
// port).
func TestASecondRegisterIsToldHowToJoinTheFirst(t *testing.T) {
	cases := []struct{ serves, want, door string }{
		{"ssh 0.0.0.0:2300", "(pid %d), which serves tills over SSH: join it with ssh -p 2300 till@localhost",
			"(pid %d), which serves tills over SSH: open this door there, beside them, with ssh -t -p 2300 door@localhost porte nord"},
		{"ssh 192.0.2.7:22", "(pid %d), which serves tills over SSH: join it with ssh till@192.0.2.7",
			"(pid %d), which serves tills over SSH: open this door there, beside them, with ssh -t -p 22 door@192.0.2.7 porte nord"},
		{"counter", "(pid %d), the counter on another terminal: sell there",
			"(pid %d), the counter on another terminal: quit it there and start guichet ssh --console (the counter and SSH tills together), then open this door with ssh -t -p 2222 door@localhost porte nord"},
		{"kiosk", "(pid %d), the self-service kiosk: stop it first", "(pid %d), the self-service kiosk: stop it first"},
		{"", "(pid %d): close it first; if that register serves tills over SSH (guichet ssh), join it", // a pid file of an older version
			"(pid %d): close it first; if that register serves tills over SSH (guichet ssh), open this door there: ssh -t -p 2222 door@localhost porte nord"},
	}
	// Each second register waits out the first's lock (a second) before
	// it is refused: all are started, each beside its own first register,
	// before the first is waited for. A door (guichet door) beside it is
	// told how to open beside its tills, over SSH.
	runs := make([]*guichetRun, len(cases))
	doors := make([]*guichetRun, len(cases))
	for i, tc := range cases {
		dir := t.TempDir()
		cat, err := fixtures.DemoCatalog(time.Now())
		if err != nil {
			t.Fatal(err)
		}
		svc, err := counter.Open(counter.Options{Path: filepath.Join(dir, "r.db"), Register: "K01", Catalog: cat, Serves: tc.serves})
		if err != nil {
			t.Fatal(err)
		}
		defer svc.Close()
		runs[i] = startGuichet(t, dir, "", "counter", "--db", "r.db", "--lang", "en")
		doors[i] = startGuichet(t, dir, "", "door", "--door", "porte nord", "--performance", "hamlet-00", "--db", "r.db", "--lang", "en")
	}
	for i, tc := range cases {
		t.Run(tc.serves, func(t *testing.T) {
			for _, r := range []struct {
				run  *guichetRun
				want string
			}{{runs[i], tc.want}, {doors[i], tc.door}} {
				_, stderr, code := r.run.wait(t)
				want := "r.db is already open by another register " + fmt.Sprintf(r.want, os.Getpid())
				if code == 0 || !strings.Contains(stderr, want) {
					t.Fatalf("exit %d, said:\n%s\nwant %q", code, stderr, want)
				}
			}
		})
	}
}

// TestAToolThatWritesIsToldWhatToStop: the commands that write to the file
// (journal archive and rebuild, codes, customers import, order) beside a
// running register only said "already open by another register (pid N):
// close it first". Beside the SSH tills run as a service, the technician
// archiving the year had to find what to close, and how. They now say what
// holds the file, how to stop it, and what to run again.
func TestAToolThatWritesIsToldWhatToStop(t *testing.T) {
	dir := t.TempDir()
	cat, err := fixtures.DemoCatalog(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	svc, err := counter.Open(counter.Options{Path: filepath.Join(dir, "r.db"), Register: "K01", Catalog: cat, Serves: "ssh 0.0.0.0:2222"})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	held := fmt.Sprintf("r.db is already open by another register (pid %d), which serves tills over SSH on 0.0.0.0:2222: stop it (systemctl stop guichet", os.Getpid())
	// a file to import that is there: one that is not is said first
	if err := os.WriteFile(filepath.Join(dir, "c.csv"), []byte(pos.CustomersCSVExample), 0o644); err != nil {
		t.Fatal(err)
	}
	writes := []struct {
		args []string
		want string
	}{
		{[]string{"journal", "archive", "--db", "r.db", "--year", "2025", "--out", "a.tar"}, "run guichet journal archive again, then start it again"},
		{[]string{"journal", "rebuild", "--db", "r.db"}, "run guichet journal rebuild again"},
		{[]string{"codes", "add", "--db", "r.db", "--offer", "enfants", "NOEL", "--staff", "claire", "--pin", "1234"}, "run guichet codes add again, then start it again; or change them at its administrator's desk"},
		{[]string{"customers", "import", "--db", "r.db", "c.csv", "--staff", "claire", "--pin", "1234"}, "run guichet customers import again, then start it again; or import them at its administrator's desk"},
		// a member of staff who may cancel: a refusal is said before the file's holder
		{[]string{"order", "cancel", "K01-000001", "--reason", "x", "--db", "r.db", "--staff", "claire", "--pin", "1234", "--float", "0"}, "run guichet order cancel again, then start it again; or do it at one of its tills"},
	}
	// a member of staff who may not change codes nor import customers is
	// told so first: stopping the register would not help
	mayNot := [][]string{
		{"codes", "add", "--db", "r.db", "--offer", "enfants", "NOEL", "--staff", "marc", "--pin", "5678"},
		{"customers", "import", "--db", "r.db", "c.csv", "--staff", "lea", "--pin", "2468"},
	}
	// Each write waits out the register's lock (a second) before it is
	// refused: all are started before the first is waited for.
	var writeRuns, mayNotRuns []*guichetRun
	for _, tc := range writes {
		writeRuns = append(writeRuns, startGuichet(t, dir, "", append(tc.args, "--lang", "en")...))
	}
	for _, args := range mayNot {
		mayNotRuns = append(mayNotRuns, startGuichet(t, dir, "", append(args, "--lang", "en")...))
	}
	for i, tc := range writes {
		stdout, stderr, code := writeRuns[i].wait(t)
		if said := stdout + stderr; code == 0 || !strings.Contains(said, held) || !strings.Contains(said, tc.want) {
			t.Errorf("guichet %s beside guichet ssh: exit %d, said:\n%s\nwant %q and %q", strings.Join(tc.args, " "), code, said, held, tc.want)
		}
	}
	for i, args := range mayNot {
		stdout, stderr, code := mayNotRuns[i].wait(t)
		if said := stdout + stderr; code == 0 || strings.Contains(said, held) || !strings.Contains(said, "may not") {
			t.Errorf("guichet %s beside guichet ssh: exit %d, said:\n%s\nwant the right refused, not the file's holder", strings.Join(args, " "), code, said)
		}
	}
}

// TestSSHOnATakenPortSaysWhatToDo: guichet ssh on a port another program
// holds said only "bind: address already in use"; it now says another
// program has it, how to find it and how to choose another port.
func TestSSHOnATakenPortSaysWhatToDo(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "staff_keys"), []byte("# no staff yet\n"), 0o600))
	_, stderr, code := runGuichet(t, dir, "", "ssh", "--listen", taken.Addr().String(), "--db", "r.db", "--lang", "en")
	if want := taken.Addr().String() + " is taken: another program listens on that port (ss -ltnp names it): stop it, or give guichet ssh another port with --listen"; code == 0 || !strings.Contains(stderr, want) {
		t.Fatalf("guichet ssh on a taken port: exit %d, said:\n%s\nwant %q", code, stderr, want)
	}
}

// TestSSHWithoutStaffKeysMakesNoFile: guichet ssh started before staff_keys
// was written was refused ("no staff keys file"), but had already made the
// register's journal and key, the demo's register when --catalog was
// forgotten too: the box office's catalog was then refused on that file.
// It now refuses before opening the file, which is not made.
func TestSSHWithoutStaffKeysMakesNoFile(t *testing.T) {
	dir := t.TempDir()
	_, stderr, code := runGuichet(t, dir, "", "ssh", "--listen", "127.0.0.1:0", "--db", "r.db", "--lang", "en")
	if want := "no staff keys file staff_keys: create it with one line per member of staff"; code == 0 || !strings.Contains(stderr, want) {
		t.Fatalf("guichet ssh without staff_keys: exit %d, said:\n%s\nwant %q", code, stderr, want)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "r.db*")); len(files) > 0 {
		t.Errorf("a refused start made %v", files)
	}
}
