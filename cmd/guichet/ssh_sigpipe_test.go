package main

import (
	"bufio"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"
)

// TestSSHServesOnWithItsLogClosed: `guichet ssh` run as a service whose
// standard error is a pipe that closed (the journal restarted, or
// `guichet ssh 2>&1 | head -1`) died of SIGPIPE at its next log line,
// ending every till. It now drops the lines it cannot write and serves
// on: with the log's pipe closed, a member of staff still gets a till,
// twice, and SIGTERM still stops the server cleanly.
func TestSSHServesOnWithItsLogClosed(t *testing.T) {
	dir := t.TempDir()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey()))) + " claire\n"
	if err := os.WriteFile(filepath.Join(dir, "staff_keys"), []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	logR, logW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	srv := exec.Command(guichetBin, "ssh", "--listen", "127.0.0.1:0", "--db", filepath.Join(dir, "g.db"), "--lang", "en",
		"--printer", "file:"+filepath.Join(dir, "print.bin"), "--log-format", "json")
	srv.Stdout, srv.Stderr = logW, logW // as `guichet ssh 2>&1 | head`
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	logW.Close()
	var waitErr error
	exited := make(chan struct{})
	go func() { waitErr = srv.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = srv.Process.Kill()
		<-exited
	})

	// the address from the log, then the log's reader goes away
	addr := ""
	sc := bufio.NewScanner(logR)
	for addr == "" && sc.Scan() {
		var m map[string]any
		if json.Unmarshal(sc.Bytes(), &m) == nil && m["msg"] == "listening" {
			addr, _ = m["addr"].(string)
		}
	}
	if addr == "" {
		t.Fatalf("the server never logged where it listens: %v", sc.Err())
	}
	logR.Close()

	for i := range 2 {
		screen, err := sshScreen(addr, signer, "Who is selling?")
		if err != nil {
			select {
			case <-exited:
				t.Fatalf("session %d: %v; the server had exited: %v", i+1, err, waitErr)
			case <-time.After(2 * time.Second):
			}
			t.Fatalf("session %d: %v:\n%s", i+1, err, screen)
		}
	}
	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-exited:
		if waitErr != nil {
			t.Fatalf("stopped with its log closed, the server exited with %v", waitErr)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not stop after SIGTERM")
	}
}

// sshScreen opens a till session at addr as signer's owner and reads what
// it draws until want shows (or 10 s), then closes it.
func sshScreen(addr string, signer gossh.Signer, want string) (string, error) {
	conn, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "till", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
	if err != nil {
		return "", err
	}
	defer conn.Close()
	sess, err := conn.NewSession()
	if err != nil {
		return "", err
	}
	defer sess.Close()
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		return "", err
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		return "", err
	}
	if err := sess.Shell(); err != nil {
		return "", err
	}
	var mu sync.Mutex
	var got strings.Builder
	ended := make(chan error, 1)
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := out.Read(buf)
			mu.Lock()
			got.Write(buf[:n])
			mu.Unlock()
			if err != nil {
				ended <- err
				return
			}
		}
	}()
	text := func() string { mu.Lock(); defer mu.Unlock(); return ansi.Strip(got.String()) }
	deadline := time.After(10 * time.Second)
	for !strings.Contains(text(), want) {
		select {
		case err := <-ended:
			return text(), err
		case <-deadline:
			return text(), os.ErrDeadlineExceeded
		case <-time.After(20 * time.Millisecond):
		}
	}
	return text(), nil
}
