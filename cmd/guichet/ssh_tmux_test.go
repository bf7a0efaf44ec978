package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"guichet/local"
)

// TestSSHSaleInTmux runs `guichet ssh`, and sells at it from the system's
// ssh client in a real terminal (tmux): the staff key in staff_keys beside
// the journal names Claire, who types her PIN and sells two tickets; a door
// opened beside the till (ssh -t door@… porte nord) lets the first in;
// then SIGTERM stops the server, which tells both sessions, and the journal
// verifies.
func TestSSHSaleInTmux(t *testing.T) {
	for _, tool := range []string{"tmux", "ssh", "ssh-keygen"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: `make test` installs it (.ci/tools.sh)", tool)
		}
	}
	dir := t.TempDir()
	bin := guichetBin
	id := filepath.Join(dir, "id_ed25519")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "laptop", "-f", id).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	pub, err := os.ReadFile(id + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	fields := strings.Fields(string(pub))
	staffKeys := "# the box office's staff\n" + fields[0] + " " + fields[1] + " claire\n"
	if err := os.WriteFile(filepath.Join(dir, "staff_keys"), []byte(staffKeys), 0o600); err != nil {
		t.Fatal(err)
	}

	db := filepath.Join(dir, "g.db")
	srv := exec.Command(bin, "ssh", "--listen", "127.0.0.1:0", "--db", db, "--lang", "en",
		"--printer", "file:"+filepath.Join(dir, "print.bin"), "--log-format", "json")
	logs, err := srv.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Process.Kill(); _ = srv.Wait() })
	lines := make(chan map[string]any, 100)
	var logMu sync.Mutex
	var logText strings.Builder
	go func() {
		sc := bufio.NewScanner(logs)
		for sc.Scan() {
			logMu.Lock()
			logText.WriteString(sc.Text() + "\n")
			logMu.Unlock()
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) == nil {
				lines <- m
			}
		}
		close(lines)
	}()
	waitLog := func(msg string) map[string]any {
		t.Helper()
		timeout := time.After(10 * time.Second)
		for {
			select {
			case m, ok := <-lines:
				if !ok {
					logMu.Lock()
					defer logMu.Unlock()
					t.Fatalf("the server ended before logging %q:\n%s", msg, logText.String())
				}
				if m["msg"] == msg {
					return m
				}
			case <-timeout:
				t.Fatalf("the server never logged %q", msg)
			}
		}
	}
	addr := waitLog("listening")["addr"].(string)
	port := addr[strings.LastIndex(addr, ":")+1:]
	if fi, err := os.Stat(db + ".ssh_host_ed25519_key"); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("host key beside the journal: %v %v", fi, err)
	}

	sshCmd := strings.Join([]string{"ssh", "-p", port, "-i", id, "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=accept-new",
		"-o", "UserKnownHostsFile=" + filepath.Join(dir, "known_hosts"), "-o", "PasswordAuthentication=no", "-o", "BatchMode=yes",
		"till@127.0.0.1", "; sleep 30"}, " ")
	term := startTmux(t, "ssh", 80, 24, "env TERM=xterm-256color "+sshCmd)
	waitFor, keys := term.waitFor, term.keys

	waitFor("Who is selling?")
	waitFor("Claire Dubois")
	login := waitLog("login")
	if login["staff"] != "claire" || !strings.HasPrefix(login["key"].(string), "SHA256:") {
		t.Fatalf("login logged as %v", login)
	}
	keys("1234", "Enter")
	waitFor("Cash float")
	keys("200", "Enter")
	waitFor("Hamlet")
	// the first Hamlet still on sale: "j" from the top was tonight's Hamlet
	// only until tonight's 18:15 film closed (the list starts at what is
	// on sale now)
	keys("/", "hamlet", "Enter", "Enter")
	term.sellTwoInGallery()
	waitFor("K01 · Claire Dubois")

	// the door, beside the till, for the performance sold (read beside
	// the running register, as any reader)
	shown, err := exec.Command(bin, "order", "show", "K01-000001", "--db", db).Output()
	if err != nil {
		t.Fatal(err)
	}
	var sold struct {
		Tickets []struct{ Number, Performance string }
	}
	if err := json.Unmarshal(shown, &sold); err != nil || len(sold.Tickets) != 2 {
		t.Fatalf("order show: %v\n%s", err, shown)
	}
	doorCmd := strings.Replace(sshCmd, "till@127.0.0.1", "-t door@127.0.0.1 porte nord --performance "+sold.Tickets[0].Performance, 1)
	door := startTmux(t, "door", 80, 24, "env TERM=xterm-256color "+doorCmd)
	door.waitFor("porte nord · Hamlet", "admitted 0 / 2 sold")
	if m := waitLog("login"); m["till"] != "door-2" {
		t.Fatalf("the door's login logged as %v", m)
	}
	door.keys(sold.Tickets[0].Number, "Enter")
	door.waitFor("✔ "+sold.Tickets[0].Number, "admitted 1 / 2 sold")

	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitFor("the register stopped")
	door.waitFor("the register stopped; every ticket this door showed admitted")
	for range 2 {
		if m := waitLog("logout"); m["reason"] != "stopping" {
			t.Fatalf("logout logged as %v", m)
		}
	}
	done := make(chan error, 1)
	go func() {
		for range lines { // the log read to its end before Wait
		}
		done <- srv.Wait()
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the server exited with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not exit after SIGTERM")
	}
	if _, err := local.Verify(db); err != nil {
		t.Fatalf("the journal does not verify: %v", err)
	}
	cat, err := loadCatalog("", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	r, err := local.Open(local.Options{Path: db, Register: "K01", Catalog: cat, LockTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ov, ok, err := r.Order("K01-000001")
	if err != nil || !ok || len(ov.Order.Tickets) != 2 || ov.Order.Staff != "claire" {
		t.Fatalf("order %+v", ov.Order)
	}
	// who sold on which till from where: the session's login and logout
	raw, err := r.Entries(1, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var events []string
	admitted := 0
	for _, v := range raw {
		e, err := local.DecodeEntry(v)
		if err != nil {
			t.Fatal(err)
		}
		if e.Type == local.TypeTicketAdmitted && strings.Contains(string(e.Payload), `"porte nord"`) {
			admitted++
		}
		if e.Type == local.TypeTillSession {
			var ts local.TillSession
			if err := json.Unmarshal(e.Payload, &ts); err != nil {
				t.Fatal(err)
			}
			if ts.Staff != "claire" || ts.Key == "" || ts.Remote == "" {
				t.Errorf("till.session %+v: want Claire, her key and where from", ts)
			}
			events = append(events, ts.Till+" "+ts.Event)
		}
	}
	if admitted != 1 {
		t.Errorf("the journal holds %d admissions by porte nord, want 1", admitted)
	}
	if got := strings.Join(events, ", "); got != "ssh-1 login, door-2 login, ssh-1 logout, door-2 logout" && got != "ssh-1 login, door-2 login, door-2 logout, ssh-1 logout" {
		t.Fatalf("the journal's till sessions: %v, want the till's and the door's logins, then their logouts", got)
	}
}

// TestSSHConsoleKeepsTheLogOffItsScreen: `guichet ssh --console` run on a
// terminal wrote its log lines (a login) over the console's till, pushing
// its header off the screen. On a terminal the log now goes to a file
// beside the journal, which the server names before the screen opens.
func TestSSHConsoleKeepsTheLogOffItsScreen(t *testing.T) {
	for _, tool := range []string{"tmux", "ssh", "ssh-keygen"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: `make test` installs it (.ci/tools.sh)", tool)
		}
	}
	dir := t.TempDir()
	id := filepath.Join(dir, "id_ed25519")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", id).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	pub, err := os.ReadFile(id + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	fields := strings.Fields(string(pub))
	if err := os.WriteFile(filepath.Join(dir, "staff_keys"), []byte("no-pin "+fields[0]+" "+fields[1]+" claire\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "g.db")
	console := startTmux(t, "console", 80, 24, strings.Join([]string{guichetBin, "ssh", "--console", "--listen", "127.0.0.1:0",
		"--db", db, "--lang", "en", "--printer", "file:" + filepath.Join(dir, "print.bin"), "; sleep 30"}, " "))
	console.waitFor("Who is selling?")
	logFile := db + ".ssh.log"
	var port string
	deadline := time.Now().Add(10 * time.Second)
	for port == "" && time.Now().Before(deadline) {
		b, _ := os.ReadFile(logFile)
		if m := regexp.MustCompile(`msg=listening addr=127\.0\.0\.1:(\d+)`).FindSubmatch(b); m != nil {
			port = string(m[1])
		}
		time.Sleep(20 * time.Millisecond)
	}
	if port == "" {
		t.Fatalf("the log file %s never said where the server listens; the console shows:\n%s", logFile, console.screen())
	}

	client := startTmux(t, "client", 80, 24, strings.Join([]string{"env TERM=xterm-256color ssh", "-p", port, "-i", id,
		"-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "BatchMode=yes", "till@127.0.0.1", "; sleep 30"}, " "))
	client.waitFor("Cash float")
	deadline = time.Now().Add(10 * time.Second)
	for {
		b, _ := os.ReadFile(logFile)
		if strings.Contains(string(b), "msg=login till=ssh-1 staff=claire ") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the log file has no login:\n%s", b)
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // a line written to the terminal would be on screen by now
	scr := console.screen()
	if first := strings.SplitN(scr, "\n", 2)[0]; !strings.Contains(first, "Théâtre du Lac") || strings.Contains(scr, "level=") {
		t.Fatalf("the log was written over the console's till:\n%s", scr)
	}
	// the console's till, locked, asks first: quitting stops the server
	// and the SSH till open beside it
	console.keys("C-c")
	console.waitFor("the open SSH till of Claire Dubois closes")
	console.keys("Enter")
	client.waitFor("the register stopped")
	// the last line says it stopped, not "sessions=0" as if none had
	// been open
	deadline = time.Now().Add(10 * time.Second)
	for {
		b, _ := os.ReadFile(logFile)
		if regexp.MustCompile(`level=INFO msg=stopped\n$`).Match(b) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the log does not end with the stop:\n%s", b)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestSSHNoPINKeyUnlocksAgain: a key whose staff_keys line says no-pin
// unlocks without the PIN, not only when the session starts: after the
// till was locked (`l`) or closed after too long idle, Enter alone opens
// it again, as the idle lock's "Enter to resume" does. Before, the unlock
// screen asked a PIN the cashier may not know, and each Enter counted as
// a wrong one against her (five: she waited).
func TestSSHNoPINKeyUnlocksAgain(t *testing.T) {
	for _, tool := range []string{"tmux", "ssh", "ssh-keygen"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: `make test` installs it (.ci/tools.sh)", tool)
		}
	}
	dir := t.TempDir()
	id := filepath.Join(dir, "id_ed25519")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", id).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	pub, err := os.ReadFile(id + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	fields := strings.Fields(string(pub))
	if err := os.WriteFile(filepath.Join(dir, "staff_keys"), []byte("no-pin "+fields[0]+" "+fields[1]+" claire\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "g.db")
	logFile := filepath.Join(dir, "ssh.log")
	srv := exec.Command(guichetBin, "ssh", "--listen", "127.0.0.1:0", "--db", db, "--lang", "en",
		"--printer", "file:"+filepath.Join(dir, "print.bin"), "--log", logFile, "--idle", "3s", "--idle-release", "4s")
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Process.Kill(); _ = srv.Wait() })
	var port string
	deadline := time.Now().Add(10 * time.Second)
	for port == "" && time.Now().Before(deadline) {
		b, _ := os.ReadFile(logFile)
		if m := regexp.MustCompile(`msg=listening addr=127\.0\.0\.1:(\d+)`).FindSubmatch(b); m != nil {
			port = string(m[1])
		}
		time.Sleep(20 * time.Millisecond)
	}
	if port == "" {
		t.Fatal("the server never said where it listens")
	}
	term := startTmux(t, "nopin", 80, 24, strings.Join([]string{"env TERM=xterm-256color ssh", "-p", port, "-i", id,
		"-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "BatchMode=yes", "till@127.0.0.1", "; sleep 30"}, " "))
	term.waitFor("Cash float") // unlocked by the key alone
	term.keys("200", "Enter")
	term.waitFor("Hamlet")
	term.keys("l") // locks the till, the shift kept open
	term.waitFor("Who is selling?")
	term.keys("Enter")
	term.waitFor("Hamlet")
	term.waitFor("Till locked (idle)", "Enter to resume")
	term.waitFor("Who is selling?") // closed: the cart's seats released
	term.keys("Enter")
	term.waitFor("Hamlet")
}

// TestSSHWrongPINsNameTheSession: a wrong PIN typed at an SSH till, on its
// unlock screen or on its idle-locked screen, is journaled with the till
// its session's login names ("K01/ssh-1" for the login's "ssh-1"), so the
// journal says from which connection, and which address, it was typed:
// two sessions of one member of staff are told apart.
func TestSSHWrongPINsNameTheSession(t *testing.T) {
	for _, tool := range []string{"tmux", "ssh", "ssh-keygen"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: `make test` installs it (.ci/tools.sh)", tool)
		}
	}
	dir := t.TempDir()
	id := filepath.Join(dir, "id_ed25519")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", id).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	pub, err := os.ReadFile(id + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	fields := strings.Fields(string(pub))
	if err := os.WriteFile(filepath.Join(dir, "staff_keys"), []byte(fields[0]+" "+fields[1]+" claire\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "g.db")
	logFile := filepath.Join(dir, "ssh.log")
	srv := exec.Command(guichetBin, "ssh", "--listen", "127.0.0.1:0", "--db", db, "--lang", "en",
		"--printer", "file:"+filepath.Join(dir, "print.bin"), "--log", logFile, "--idle", "3s", "--idle-release", "1m")
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Process.Kill(); _ = srv.Wait() })
	var port string
	deadline := time.Now().Add(10 * time.Second)
	for port == "" && time.Now().Before(deadline) {
		b, _ := os.ReadFile(logFile)
		if m := regexp.MustCompile(`msg=listening addr=127\.0\.0\.1:(\d+)`).FindSubmatch(b); m != nil {
			port = string(m[1])
		}
		time.Sleep(20 * time.Millisecond)
	}
	if port == "" {
		t.Fatal("the server never said where it listens")
	}
	term := startTmux(t, "pins", 80, 24, strings.Join([]string{"env TERM=xterm-256color ssh", "-p", port, "-i", id,
		"-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "BatchMode=yes", "till@127.0.0.1", "; sleep 30"}, " "))
	term.waitFor("Who is selling?", "Claire Dubois")
	term.keys("0000", "Enter")
	term.waitFor("Wrong PIN")
	term.keys("1234", "Enter")
	term.waitFor("Cash float")
	term.keys("200", "Enter")
	term.waitFor("Hamlet")
	term.waitFor("Till locked (idle)")
	term.keys("0000", "Enter")
	term.waitFor("Wrong PIN: try again.") // the locked screen, in the till's language alone
	term.keys("1234", "Enter")
	term.waitFor("Hamlet")

	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	_ = srv.Wait()
	cat, err := loadCatalog("", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	r, err := local.Open(local.Options{Path: db, Register: "K01", Catalog: cat, LockTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	raw, err := r.Entries(1, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var login string
	var failed []string
	for _, v := range raw {
		e, err := local.DecodeEntry(v)
		if err != nil {
			t.Fatal(err)
		}
		var p struct{ Event, Till string }
		switch e.Type {
		case local.TypeTillSession:
			if err := json.Unmarshal(e.Payload, &p); err != nil {
				t.Fatal(err)
			}
			if p.Event == "login" {
				login = p.Till
			}
		case local.TypePINFailed:
			if err := json.Unmarshal(e.Payload, &p); err != nil {
				t.Fatal(err)
			}
			failed = append(failed, p.Till)
		}
	}
	if login == "" || len(failed) != 2 {
		t.Fatalf("login on till %q, wrong PINs at %q: want a login and two wrong PINs", login, failed)
	}
	for _, till := range failed {
		if till != "K01/"+login {
			t.Errorf("a wrong PIN journaled at till %q, the session's login at %q: want K01/%s", till, login, login)
		}
	}
}
