package remote

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"guichet/counter"
	"guichet/fixtures"
	"guichet/internal/syncbuf"
	"guichet/local"
	"guichet/pos"
	"guichet/tui"
)

// fixedNow is a Monday morning in Zurich: the demo catalog is dated from it.
var fixedNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// idleClock is the clock a box's idle limits are counted on
// (Options.Now): it stands still until the test moves it, so a till locks
// when the test says, not when a loaded machine took longer than a limit
// between two keys of a test (a till that locked on its way to the seat
// plan took the next keys as its PIN).
type idleClock struct {
	mu  sync.Mutex
	now time.Time
}

func newIdleClock() *idleClock { return &idleClock{now: time.Now()} }

func (c *idleClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// pass moves the clock on by d: the limits reached apply at the session's
// next look (the wait it set, at most the shortest limit, in real time).
func (c *idleClock) pass(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// box is a server on 127.0.0.1 in front of a real register file.
type box struct {
	t        testing.TB
	dir      string
	cat      *pos.Catalog
	reg      *local.Register
	svc      *counter.Service
	srv      *Server
	addr     string
	keysPath string
	log      *syncbuf.Buffer
	served   chan error
	enters   atomic.Int32 // Enter keys the tills' screens were given
	closed   atomic.Int32 // connections the server closed, every callback run
	updates  atomic.Int64 // messages the tills' screens were given

	offeredMu sync.Mutex
	offered   []string // fingerprints of the keys clients offered, in order
}

func (b *box) offeredKeys() []string {
	b.offeredMu.Lock()
	defer b.offeredMu.Unlock()
	return append([]string(nil), b.offered...)
}

// countEnters is a till's screens counting the Enter keys they are given.
type countEnters struct {
	*tui.App
	n       *atomic.Int32
	updates *atomic.Int64
}

func (c countEnters) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	c.updates.Add(1)
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "enter" {
		c.n.Add(1)
	}
	_, cmd := c.App.Update(msg)
	return c, cmd
}

// startBox opens a register and serves it; staffKeys are the lines of the
// staff_keys file.
func startBox(t testing.TB, staffKeys []string, tune func(*Options)) *box {
	t.Helper()
	cat, err := fixtures.DemoCatalog(fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	return startBoxWith(t, cat, staffKeys, tune)
}

// startBoxWith serves a register of the catalog cat.
func startBoxWith(t testing.TB, cat *pos.Catalog, staffKeys []string, tune func(*Options)) *box {
	t.Helper()
	return startBoxLocal(t, cat, staffKeys, tune, nil)
}

// startBoxLocal is startBoxWith, the register's options changed by
// tuneLocal first (its clock, how long a cart holds).
func startBoxLocal(t testing.TB, cat *pos.Catalog, staffKeys []string, tune func(*Options), tuneLocal func(*local.Options)) *box {
	t.Helper()
	dir := t.TempDir()
	lo := local.Options{Path: filepath.Join(dir, "guichet.db"), Register: "K01", Catalog: cat,
		Now: func() time.Time { return fixedNow }, HoldFor: time.Hour}
	if tuneLocal != nil {
		tuneLocal(&lo)
	}
	reg, err := local.Open(lo)
	if err != nil {
		t.Fatal(err)
	}
	b := &box{t: t, dir: dir, cat: cat, reg: reg, keysPath: filepath.Join(dir, "staff_keys"), log: &syncbuf.Buffer{}}
	b.writeKeys(staffKeys...)
	b.svc, err = counter.New(reg, counter.Options{Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	o := Options{
		Addr: "127.0.0.1:0", HostKey: HostKeyPath(reg.Path()), StaffKeys: b.keysPath, Catalog: reg.Catalog,
		HoldFor: b.svc.HoldFor(), Lang: pos.English,
		NewTill: func(s Session) (tea.Model, func()) {
			// the screens open in the register's language, as guichet ssh's
			app := tui.New(tui.Options{Service: b.svc, Lang: b.srv.opts.Lang, Staff: s.Staff, Now: func() time.Time { return fixedNow }, Poll: -1})
			return countEnters{app, &b.enters, &b.updates}, app.CloseTill // as guichet ssh: payments left journaled first
		},
		CheckPIN: func(s Session, pin string) error { return b.svc.CheckPINAt(s.Staff, pin, "K01/"+s.ID) },
		Lock:     tui.LockMsg(), Changes: b.svc.Changes, Changed: tui.ChangedMsg(),
		Log: slog.New(slog.NewTextHandler(b.log, nil)),
	}
	if tune != nil {
		tune(&o)
	}
	b.srv, err = New(o)
	if err != nil {
		t.Fatal(err)
	}
	b.srv.ssh.PublicKeyHandler = func(ctx ssh.Context, key ssh.PublicKey) bool {
		b.offeredMu.Lock()
		b.offered = append(b.offered, gossh.FingerprintSHA256(key))
		b.offeredMu.Unlock()
		return b.srv.allowKey(ctx, key)
	}
	closeCallback := b.srv.ssh.ConnectionCloseCallback
	b.srv.ssh.ConnectionCloseCallback = func(c net.Conn) {
		if closeCallback != nil {
			closeCallback(c)
		}
		b.closed.Add(1)
	}
	addr, err := b.srv.Listen()
	if err != nil {
		t.Fatal(err)
	}
	b.addr = addr.String()
	b.served = make(chan error, 1)
	go func() { b.served <- b.srv.Serve() }()
	t.Cleanup(func() {
		_ = b.srv.ssh.Close()
		b.svc.Close()
		reg.Close()
	})
	return b
}

func (b *box) writeKeys(lines ...string) {
	b.t.Helper()
	// A new name then a rename: the server sees a whole file, and a new
	// modification time even within the same clock tick of the old one.
	tmp := b.keysPath + ".new"
	if err := os.WriteFile(tmp, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		b.t.Fatal(err)
	}
	later := time.Now().Add(time.Duration(len(lines)+1) * time.Second)
	if fi, err := os.Stat(b.keysPath); err == nil && !fi.ModTime().Before(later) {
		later = fi.ModTime().Add(time.Second)
	}
	_ = os.Chtimes(tmp, later, later)
	if err := os.Rename(tmp, b.keysPath); err != nil {
		b.t.Fatal(err)
	}
}

// newKey is a fresh Ed25519 key and its staff_keys line for staff.
func newKey(t testing.TB, staff string) (gossh.Signer, string) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey()))) + " " + staff
	return s, line
}

// client is one SSH session with a pty, read into a terminal.
type client struct {
	t     testing.TB
	conn  *gossh.Client
	sess  *gossh.Session
	in    io.WriteCloser
	mu    sync.Mutex
	term  *vterm
	raw   bytes.Buffer // everything the server sent
	ended chan struct{}
	// exitErr is how the session ended (its exit status), once waitEnd
	// returned.
	exitErr error
}

func (b *box) dialAuth(auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return b.dialAs("till", auth...)
}

// dialAs connects as user (till, door).
func (b *box) dialAs(user string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", b.addr, &gossh.ClientConfig{
		User: user, Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second,
	})
}

// connectDoor opens a door session as the key's owner, in a w x h
// terminal, command the words after the host (ssh -t door@host porte nord).
func (b *box) connectDoor(signer gossh.Signer, w, h int, command string) *client {
	b.t.Helper()
	conn, err := b.dialAs("door", gossh.PublicKeys(signer))
	if err != nil {
		b.t.Fatalf("dial: %v", err)
	}
	return b.sessionRun(conn, w, h, "xterm-256color", nil, command)
}

// connect opens a till session as the key's owner, in a w x h terminal.
func (b *box) connect(signer gossh.Signer, w, h int) *client {
	b.t.Helper()
	conn, err := b.dialAuth(gossh.PublicKeys(signer))
	if err != nil {
		b.t.Fatalf("dial: %v", err)
	}
	return b.session(conn, w, h)
}

func (b *box) session(conn *gossh.Client, w, h int) *client {
	b.t.Helper()
	return b.sessionEnv(conn, w, h, "xterm-256color", map[string]string{"COLORTERM": "truecolor"})
}

// sessionEnv opens a session with a pty of terminal type term and the
// environment variables env sent first.
func (b *box) sessionEnv(conn *gossh.Client, w, h int, term string, env map[string]string) *client {
	b.t.Helper()
	return b.sessionRun(conn, w, h, term, env, "")
}

// sessionRun is sessionEnv running command ("": a shell, as a till).
func (b *box) sessionRun(conn *gossh.Client, w, h int, term string, env map[string]string, command string) *client {
	b.t.Helper()
	sess, err := conn.NewSession()
	if err != nil {
		b.t.Fatal(err)
	}
	c := &client{t: b.t, conn: conn, sess: sess, term: newVterm(w, h), ended: make(chan struct{})}
	for k, v := range env {
		if err := sess.Setenv(k, v); err != nil {
			b.t.Fatal(err)
		}
	}
	if err := sess.RequestPty(term, h, w, gossh.TerminalModes{}); err != nil {
		b.t.Fatal(err)
	}
	sess.Stderr = clientStderr{c}
	out, err := sess.StdoutPipe()
	if err != nil {
		b.t.Fatal(err)
	}
	c.in, err = sess.StdinPipe()
	if err != nil {
		b.t.Fatal(err)
	}
	start := sess.Shell
	if command != "" {
		start = func() error { return sess.Start(command) }
	}
	if err := start(); err != nil {
		b.t.Fatal(err)
	}
	go func() {
		defer close(c.ended)
		buf := make([]byte, 32<<10)
		for {
			n, err := out.Read(buf)
			c.mu.Lock()
			c.raw.Write(buf[:n])
			c.term.Write(buf[:n])
			c.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	b.t.Cleanup(func() { c.close() })
	return c
}

// clientStderr keeps what the server wrote on stderr with the rest.
type clientStderr struct{ c *client }

func (e clientStderr) Write(p []byte) (int, error) {
	e.c.mu.Lock()
	defer e.c.mu.Unlock()
	return e.c.raw.Write(p)
}

func (c *client) close() {
	_ = c.sess.Close()
	_ = c.conn.Close()
}

func (c *client) screen() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.term.Screen()
}

func (c *client) rawString() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.raw.String()
}

func (c *client) sent() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.raw.Len()
}

// waitFor waits until every text is on the screen at once.
func (c *client) waitFor(texts ...string) {
	c.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := c.screen()
		all := true
		for _, t := range texts {
			all = all && strings.Contains(s, t)
		}
		if all {
			return
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("the screen never showed %q:\n%s", texts, s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitEnd waits until the server closed the session, and returns what the
// client read after the screens, as text.
func (c *client) waitEnd() string {
	c.t.Helper()
	select {
	case <-c.ended:
	case <-time.After(10 * time.Second):
		c.t.Fatalf("the session did not end:\n%s", c.screen())
	}
	c.exitErr = c.sess.Wait() // stderr copied too
	return c.rawString()
}

// keys names: enter, down, up, left, right, space, esc, backspace, ctrl+c;
// anything else is typed as it is.
var keyBytes = map[string]string{
	"enter": "\r", "down": "\x1b[B", "up": "\x1b[A", "right": "\x1b[C", "left": "\x1b[D",
	"space": " ", "esc": "\x1b", "backspace": "\x7f", "ctrl+c": "\x03", "tab": "\t",
}

func (c *client) keys(keys ...string) {
	c.t.Helper()
	for _, k := range keys {
		s, ok := keyBytes[k]
		if !ok {
			s = k
		}
		if _, err := io.WriteString(c.in, s); err != nil {
			c.t.Fatalf("send %q: %v", k, err)
		}
		if k == "esc" {
			time.Sleep(60 * time.Millisecond) // a lone Esc, not the start of a sequence
		}
	}
}

// unlock types Claire's PIN and opens her shift with a float of 200
// (unless another of her tills opened it).
func (c *client) unlock() {
	c.t.Helper()
	c.waitFor("Who is selling?")
	c.keys("1234", "enter")
	c.waitAny("Cash float", "Hamlet")
	if strings.Contains(c.screen(), "Cash float") {
		c.keys("200", "enter")
	}
	c.waitFor("Hamlet")
}

// waitAny waits until one of the texts is on the screen.
func (c *client) waitAny(texts ...string) {
	c.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := c.screen()
		for _, t := range texts {
			if strings.Contains(s, t) {
				return
			}
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("the screen showed none of %q:\n%s", texts, s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// toStallsSeatA2 goes from the list to Hamlet's stalls, whose plan opens
// on A-2, its first free seat (A-1 is blocked), while nobody holds it.
func (c *client) toStallsSeatA2() {
	c.t.Helper()
	c.keys("j", "enter")
	c.waitFor("Stalls — ")
	c.keys("enter")
	c.waitFor("STAGE", "Row A, seat 2 · ")
}

// galleryToPay puts two standing-gallery tickets of Hamlet in the cart and
// goes to the cash payment.
func (c *client) galleryToPay() {
	c.t.Helper()
	c.keys("j", "enter")
	c.waitFor("Standing gallery")
	c.keys("j", "enter")
	c.waitFor("Free placement")
	c.keys("+", "+", "enter")
	c.waitFor("Added to the cart")
	c.keys("c")
	c.waitFor("CHF 50.00")
	c.keys("enter")
	c.waitFor("Payment methods")
	c.keys("enter")
	c.waitFor("Cash received")
}

// orders are the register's orders (K01-...).
func (b *box) orders() []counter.OrderView {
	b.t.Helper()
	ovs, err := b.svc.FindOrders("K01-", 20)
	if err != nil {
		b.t.Fatal(err)
	}
	return ovs
}

// seatMap is a zone's seats that are not free, as no till sees them.
func (b *box) seatMap(perf, zone string) map[string]counter.SeatState {
	b.t.Helper()
	m, err := b.svc.SeatMap(perf, zone, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return m
}
