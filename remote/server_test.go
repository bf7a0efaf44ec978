package remote

import (
	"bytes"
	"errors"
	"io"
	"net"

	"os"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"guichet/fixtures"
	"guichet/internal/syncbuf"
	"guichet/pos"
)

// A member of staff's key opens a till whose unlock screen names only
// them; after the PIN their name is on the status line.
func TestStaffKeySeesTheirName(t *testing.T) {
	claire, line := newKey(t, "claire")
	b := startBox(t, []string{line}, nil)
	c := b.connect(claire, 80, 24)
	c.waitFor("Who is selling?", "Claire Dubois")
	if strings.Contains(c.screen(), "Marc Rossi") {
		t.Fatalf("the unlock screen offers another member of staff than the key's:\n%s", c.screen())
	}
	c.unlock()
	c.waitFor("K01 · Claire Dubois")
	if !strings.Contains(b.log.String(), "msg=login till=ssh-1 staff=claire ") {
		t.Fatalf("the login is not logged:\n%s", b.log.String())
	}
	c.keys("ctrl+c") // asks, her shift being open
	c.waitFor("Quit?")
	c.keys("ctrl+c")
	c.waitEnd()
	waitLog(t, b, "msg=logout")
}

func waitLog(t *testing.T, b *box, want string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(b.log.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("the log never said %q:\n%s", want, b.log.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Keys not in staff_keys, passwords and keyboard-interactive are refused.
func TestUnknownKeyPasswordAndKeyboardInteractiveAreRefused(t *testing.T) {
	_, line := newKey(t, "claire")
	stranger, _ := newKey(t, "claire")
	b := startBox(t, []string{line}, nil)
	for name, auth := range map[string]gossh.AuthMethod{
		"unknown key": gossh.PublicKeys(stranger),
		"password":    gossh.Password("1234"),
		"keyboard-interactive": gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
			return []string{"1234"}, nil
		}),
	} {
		conn, err := b.dialAuth(auth)
		if err == nil {
			conn.Close()
			t.Errorf("%s: the server let the client in", name)
			continue
		}
		if !strings.Contains(err.Error(), "unable to authenticate") {
			t.Errorf("%s: %v", name, err)
		}
	}
	// One line a refusal, once the server closed the three connections:
	// the unknown key's names it and where it came from.
	b.waitClosed(3)
	var refusals []string
	for _, l := range strings.Split(b.log.String(), "\n") {
		if strings.Contains(l, "msg=refused") {
			refusals = append(refusals, l)
		}
	}
	unknown := "why=\"unknown key\" key=" + gossh.FingerprintSHA256(stranger.PublicKey()) + " user=till remote=127.0.0.1:"
	if len(refusals) != 3 || strings.Count(b.log.String(), unknown) != 1 ||
		strings.Count(b.log.String(), `msg=refused why="no staff key proved" remote=127.0.0.1:`) != 2 {
		t.Fatalf("the three refusals are not one line each, the unknown key's saying %q:\n%s", unknown, b.log.String())
	}
}

// A client that offers an unknown key, then proves a staff key, is let
// in: no refusal is logged for the key it offered first.
func TestUnknownKeyThenStaffKeyLogsNoRefusal(t *testing.T) {
	claire, line := newKey(t, "claire")
	laptop, _ := newKey(t, "claire")
	b := startBox(t, []string{line}, nil)
	conn, err := b.dialAuth(gossh.PublicKeys(laptop, claire))
	if err != nil {
		t.Fatal(err)
	}
	c := b.session(conn, 80, 24)
	c.waitFor("Who is selling?", "Claire Dubois")
	c.close()
	b.waitClosed(1)
	if strings.Contains(b.log.String(), "refused") {
		t.Fatalf("a session let in logged a refusal:\n%s", b.log.String())
	}
}

// waitClosed waits until the server closed n connections.
func (b *box) waitClosed(n int32) {
	b.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for b.closed.Load() < n {
		if time.Now().After(deadline) {
			b.t.Fatalf("the server closed %d connections, not %d:\n%s", b.closed.Load(), n, b.log.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// offeredOnly offers a key it cannot prove (CVE-2024-45337): the server
// accepts the key when asked, then gets a signature in no algorithm it
// takes, refuses that attempt, and the client goes on to its next key.
type offeredOnly struct{ offered gossh.PublicKey }

func (o offeredOnly) PublicKey() gossh.PublicKey { return o.offered }
func (o offeredOnly) Sign(io.Reader, []byte) (*gossh.Signature, error) {
	return &gossh.Signature{Format: "x-only-offered", Blob: []byte{0}}, nil
}

// A client that offers Claire's key, then proves Marc's, is Marc.
func TestOfferedKeyIsNotTheProvenOne(t *testing.T) {
	claire, claireLine := newKey(t, "claire")
	marc, marcLine := newKey(t, "marc")
	b := startBox(t, []string{claireLine, marcLine}, nil)
	conn, err := b.dialAuth(gossh.PublicKeys(offeredOnly{claire.PublicKey()}, marc))
	if err != nil {
		t.Fatal(err)
	}
	if offered := b.offeredKeys(); len(offered) != 2 || offered[0] != gossh.FingerprintSHA256(claire.PublicKey()) {
		t.Fatalf("the server was not offered Claire's key first: %v", b.offeredKeys())
	}
	c := b.session(conn, 80, 24)
	c.waitFor("Who is selling?", "Marc Rossi")
	if strings.Contains(c.screen(), "Claire") {
		t.Fatalf("the session is Claire's, whose key was only offered:\n%s", c.screen())
	}
	c.keys("5678", "enter")
	c.waitFor("Marc Rossi · ")
	// the login and logout lines (the staff keys read name both)
	var logins []string
	for _, l := range strings.Split(b.log.String(), "\n") {
		if strings.Contains(l, "msg=login") || strings.Contains(l, "msg=logout") {
			logins = append(logins, l)
		}
	}
	if got := strings.Join(logins, "\n"); !strings.Contains(got, "staff=marc") || strings.Contains(got, "staff=claire") {
		t.Fatalf("log:\n%s", b.log.String())
	}
}

// A key taken out of staff_keys is refused at the next login, and the
// session it had open ends at its next key; a key added is let in without
// a restart.
func TestStaffKeysAreReadAgain(t *testing.T) {
	claire, claireLine := newKey(t, "claire")
	marc, marcLine := newKey(t, "marc")
	b := startBox(t, []string{claireLine}, nil)
	if _, err := b.dialAuth(gossh.PublicKeys(marc)); err == nil {
		t.Fatal("Marc's key is let in before it was added")
	}
	b.writeKeys(claireLine, marcLine)
	m := b.connect(marc, 80, 24)
	m.waitFor("Marc Rossi")
	open := b.connect(claire, 80, 24)
	open.unlock()

	b.writeKeys(marcLine)
	if conn, err := b.dialAuth(gossh.PublicKeys(claire)); err == nil {
		conn.Close()
		t.Fatal("a removed key is let in")
	}
	open.keys("j") // her next action ends the session
	out := open.waitEnd()
	if !strings.Contains(out, "no longer a staff key") {
		t.Fatalf("the revoked session was not told:\n%q", out)
	}
	waitLog(t, b, "reason=revoked")
	m.keys("down") // Marc's session goes on
	time.Sleep(50 * time.Millisecond)
	select {
	case <-m.ended:
		t.Fatal("a session whose key stayed ended")
	default:
	}
}

// A session without a terminal gets one line and is closed.
func TestNoPtyGetsOneLine(t *testing.T) {
	claire, line := newKey(t, "claire")
	b := startBox(t, []string{line}, nil)
	conn, err := b.dialAuth(gossh.PublicKeys(claire))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var out syncbuf.Buffer
	sess.Stdout, sess.Stderr = &out, &out
	err = sess.Run("sell")
	var exit *gossh.ExitError
	if !errors.As(err, &exit) || exit.ExitStatus() != 1 {
		t.Fatalf("exit: %v", err)
	}
	if got := strings.TrimSpace(out.String()); strings.Count(got, "\n") != 0 || !strings.Contains(got, "needs a terminal") {
		t.Fatalf("output %q", got)
	}
	if b.srv.Sessions() != 0 {
		t.Fatal("a refused session is counted")
	}
}

// The host key is created once, 0600, and kept: a second start serves
// the same key.
func TestHostKeyIsKept(t *testing.T) {
	_, line := newKey(t, "claire")
	b := startBox(t, []string{line}, nil)
	path := HostKeyPath(b.reg.Path())
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("host key mode %v", fi.Mode().Perm())
	}
	first, err := loadHostKey(path)
	if err != nil {
		t.Fatal(err)
	}
	again, err := loadHostKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.PublicKey().Marshal(), again.PublicKey().Marshal()) {
		t.Fatal("the host key changed")
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := loadHostKey(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("a host key others can read: %v", err)
	}
	var seen gossh.PublicKey
	conn, err := gossh.Dial("tcp", b.addr, &gossh.ClientConfig{User: "till", Auth: []gossh.AuthMethod{gossh.Password("x")},
		HostKeyCallback: func(_ string, _ net.Addr, k gossh.PublicKey) error { seen = k; return nil }})
	if err == nil {
		conn.Close()
	}
	if seen == nil || seen.Type() != gossh.KeyAlgoED25519 || !bytes.Equal(seen.Marshal(), first.PublicKey().Marshal()) {
		t.Fatalf("served host key %v", seen)
	}
}

// Without a staff keys file the server does not start, and says what to
// write in it.
func TestNoStaffKeysFile(t *testing.T) {
	b := startBox(t, nil, nil)
	o := b.srv.opts
	o.StaffKeys = b.keysPath + ".missing"
	_, err := New(o)
	if err == nil || !strings.Contains(err.Error(), "no staff keys file") || !strings.Contains(err.Error(), "ssh-ed25519 AAAA... claire") {
		t.Fatalf("err = %v", err)
	}
}

// TestANewCatalogsStaffAreTheServers: the register may sell from a newer
// catalog pulled from the central server while it serves tills; the SSH
// server follows it. A member of staff it adds, whose key line was
// written before it came, is let in once it comes; a PIN it changes is
// the one the locked screen asks; one it removes is refused.
func TestANewCatalogsStaffAreTheServers(t *testing.T) {
	claire, claireLine := newKey(t, "claire")
	nina, ninaLine := newKey(t, "nina")
	marc, marcLine := newKey(t, "marc")
	clock := newIdleClock()
	b := startBox(t, []string{claireLine, ninaLine, marcLine}, func(o *Options) { o.LockAfter, o.Now = 500*time.Millisecond, clock.Now })
	if conn, err := b.dialAuth(gossh.PublicKeys(nina)); err == nil {
		conn.Close()
		t.Fatal("Nina's key is let in before the catalog names her")
	}
	c := b.connect(claire, 80, 24)
	c.unlock()

	data := bytes.Replace(fixtures.Demo, []byte(`"staff": [`),
		[]byte(`"staff": [{"id": "nina", "name": "Nina Keller", "pin": "1357", "role": "admin"},`), 1)
	data = bytes.Replace(data, []byte(`"pin": "1234"`), []byte(`"pin": "4321"`), 1)
	marcs := []byte(`"id": "marc",`)
	if i := bytes.Index(data, marcs); i < 0 {
		t.Fatal("the demo's staff are no longer where this test looks for them")
	} else {
		data = append(data[:i:i], bytes.Replace(data[i:], marcs, []byte(`"id": "marc-gone",`), 1)...)
	}
	cat, err := pos.ParseCatalog("demo, new staff", data, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.reg.SetCatalog(cat); err != nil {
		t.Fatal(err)
	}

	n := b.connect(nina, 80, 24)
	n.waitFor("Nina Keller", "Who is selling?")
	if conn, err := b.dialAuth(gossh.PublicKeys(marc)); err == nil {
		conn.Close()
		t.Fatal("Marc's key is let in after the catalog removed him")
	}
	clock.pass(500 * time.Millisecond)
	c.waitFor("Till locked (idle)")
	c.keys("1234", "enter")
	c.waitFor("Wrong PIN")
	c.keys("4321", "enter")
	c.waitFor("Hamlet")
}

// The log says what a technician compares and checks: at start the host
// key's fingerprint (what a cashier's ssh shows at the first connection),
// and each time staff_keys is read whose keys it lets in. Before, the
// listening line gave the address alone, and a key added or taken out
// left no line until its owner connected or was revoked.
func TestTheLogSaysTheHostKeyAndTheStaffKeys(t *testing.T) {
	_, claireLine := newKey(t, "claire")
	marc, marcLine := newKey(t, "marc")
	b := startBox(t, []string{claireLine}, nil)
	host, err := loadHostKey(HostKeyPath(b.reg.Path()))
	if err != nil {
		t.Fatal(err)
	}
	waitLog(t, b, "msg=listening addr="+b.addr+" host_key="+gossh.FingerprintSHA256(host.PublicKey()))
	waitLog(t, b, `msg="staff keys read" file=`+b.keysPath+" keys=1 staff=claire\n")

	b.writeKeys(claireLine, marcLine, strings.Replace(marcLine, "marc", "marc  ", 1))
	m := b.connect(marc, 80, 24)
	m.waitFor("Marc Rossi")
	waitLog(t, b, `msg="staff keys read" file=`+b.keysPath+" keys=2 staff=claire,marc\n")
}
