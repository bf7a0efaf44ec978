// Package remote serves the counter's tills over SSH: one Bubble Tea
// program per session, on the process's one register service. Staff are
// known by the public key their session proved (staff_keys), and still type
// their PIN unless their key line says no-pin.
package remote

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"guichet/pos"
)

// Options configure the server.
type Options struct {
	Addr      string // where to listen (default 127.0.0.1:2222)
	HostKey   string // the host key file, created (Ed25519, 0600) when missing
	StaffKeys string // authorized_keys format; each key's comment is a staff id
	// Catalog is the register's catalog now (counter.Service.Catalog): a
	// newer one pulled from the central server names the staff, their
	// PINs and the box office's time zone from then on.
	Catalog func() *pos.Catalog
	// Lang is the register's language (counter.Service.Lang: --lang, else
	// the catalog's first): what a session is told before its screens
	// start (refused: no terminal, too many tills). Left out: the
	// catalog's first. A session's last line is in its screens' language.
	Lang pos.Lang

	MaxSessions int // tills open at once over SSH (default 20)
	// Idle limits, each counted from the session's last key: the screen
	// locks (the PIN resumes it, the cart still held), then the till
	// closes (its cart and holds released), then the session ends. Zero
	// disables each.
	LockAfter, ReleaseAfter, EndAfter time.Duration
	// Now is the clock the idle limits are counted on (default
	// time.Now): a test moves it instead of racing the limits.
	Now func() time.Time
	// HoldFor is how long the register holds a cart's seats after the
	// last key (counter.Service.HoldFor): without ReleaseAfter, the time a
	// locked till's seats go back on sale, which its screen says.
	HoldFor time.Duration
	FPS     int // most frames a second per session (default 30)

	// NewTill makes the screens of one session (the seam between the
	// server and the counter): its model, and what to do once the
	// session's program has ended (close its till).
	NewTill func(Session) (tea.Model, func())
	// NewDoor makes the screens of a door (a session of the user "door":
	// ssh -t -p 2222 door@boxoffice porte nord), from the words the client
	// gave after the host: the door's name and options, as guichet door
	// takes them. Its error refuses the session with its sentence. Nil:
	// door sessions are refused. A door has no idle limit (a quiet hour
	// between two arrivals is its evening) and no till.
	NewDoor func(s Session, args []string) (tea.Model, func(), error)
	// DoorChanged is the message that tells a door's screens of a change
	// (door.ChangedMsg()): its counts follow the other doors and tills.
	DoorChanged tea.Msg
	// CheckPIN checks the PIN typed on a till locked for idleness: the
	// register's check (counter.Service.CheckPINAt), which journals wrong
	// PINs and, after five in a row, makes the next try wait, as at the
	// unlock screen. Nil: the catalog's PIN, wrong ones not counted.
	CheckPIN func(s Session, pin string) error
	// Lock is the message that closes the model's till (tui.LockMsg()).
	Lock tea.Msg
	// Changes subscribes a till to the register's changes
	// (counter.Service.Changes: every commit, hold taken, released or run
	// out); Changed is the message that tells a model (tui.ChangedMsg()).
	// Nil Changes: the models poll by themselves.
	Changes func() (<-chan struct{}, func())
	Changed tea.Msg
	// PrinterChanges subscribes a till to the printer's state as a status
	// line shows it (counter.Service.PrinterChanges); PrinterChanged is the
	// message that tells a model (tui.PrinterMsg()). Nil: not told.
	PrinterChanges func() (<-chan struct{}, func())
	PrinterChanged tea.Msg
	// Journal is told of logins and logouts, to record who sold on which
	// till from where; nil: they are only logged.
	Journal func(Event)
	Log     *slog.Logger
}

// Session is who an SSH session proved to be, and its terminal.
type Session struct {
	ID            string // "ssh-3": names the till in the log
	Staff         string // the catalog's staff id the proven key names
	NoPIN         bool   // the key line's no-pin: the key alone unlocks
	Key           string // the proven key's fingerprint (SHA256:...)
	Remote        string // the client's address
	Width, Height int
	// Door: a door's session (user "door"), not a till's; its ID is
	// "door-N".
	Door bool
	// KeyUnlocks says whether the key alone unlocks now: its staff_keys
	// line as last read says no-pin (tui.Options.KeyUnlocks). Asked from
	// the session's program only.
	KeyUnlocks func() bool
}

// Event is a login or logout, for the journal.
type Event struct {
	Kind string // "login" or "logout"
	Session
	At     time.Time
	Reason string // why a session ended (quit, idle, revoked, stopping, panic, disconnected)
}

// Server is the SSH server of one register.
type Server struct {
	opts Options
	log  *slog.Logger
	keys *staffKeys
	ssh  *ssh.Server
	ln   net.Listener
	// hostKey is the host key's fingerprint (SHA256:...), logged at start
	hostKey string

	mu       sync.Mutex
	n        int
	sessions map[*tillModel]*tea.Program
	stopping atomic.Bool
	running  sync.WaitGroup // session handlers and the console
	calls    inflight       // till calls under way in every session

	// offered is, by client address, the unknown keys a connection still
	// authenticating offered: said in the one line that refuses it, and
	// forgotten when it closes (let in with a later key, nothing is said).
	offeredMu sync.Mutex
	offered   map[string]*offeredKeys
}

// offeredKeys are the keys a connection offered that are no staff key.
type offeredKeys struct {
	user string
	keys []string // fingerprints, in order
}

// New prepares a server: its host key and staff keys are read (the host
// key created when missing).
func New(o Options) (*Server, error) {
	if o.Addr == "" {
		o.Addr = "127.0.0.1:2222"
	}
	if o.MaxSessions <= 0 {
		o.MaxSessions = 20
	}
	if o.FPS <= 0 {
		o.FPS = 30
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.NewTill == nil || o.Catalog == nil {
		return nil, errors.New("remote: Options.NewTill and Catalog are needed")
	}
	s := &Server{opts: o, log: o.Log, sessions: map[*tillModel]*tea.Program{}, offered: map[string]*offeredKeys{}}
	keys, err := newStaffKeys(o.StaffKeys, o.Catalog, func(err error) { s.log.Warn("staff keys", "err", err) }, s.keysRead)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("no staff keys file %s: create it with one line per member of staff, their public key and their staff id (ssh-ed25519 AAAA... claire)", o.StaffKeys)
	}
	if err != nil {
		return nil, err
	}
	s.keys = keys
	host, err := loadHostKey(o.HostKey)
	if err != nil {
		return nil, err
	}
	s.hostKey = gossh.FingerprintSHA256(host.PublicKey())
	s.ssh, err = wish.NewServer(
		wish.WithAddress(o.Addr),
		func(srv *ssh.Server) error { srv.AddHostKey(host); return nil },
		wish.WithPublicKeyAuth(s.allowKey),
		// No password or keyboard-interactive handler: those methods are
		// not offered, so they are refused.
		wish.WithMiddleware(s.afterProgram, bubbletea.MiddlewareWithProgramHandler(s.program), s.admit),
	)
	if err != nil {
		return nil, err
	}
	s.ssh.HandshakeTimeout = 30 * time.Second
	s.ssh.ConnectionFailedCallback = s.refused
	s.ssh.ConnectionCloseCallback = func(c net.Conn) { s.takeOffered(c.RemoteAddr().String()) }
	return s, nil
}

// keysRead logs whose keys staff_keys lets in, each time it is read: at
// start, and once a line was added or taken out (read again at the next
// login or key), so whoever edited it sees it taken.
func (s *Server) keysRead(keys map[string]StaffKey) {
	var staff []string
	for _, sk := range keys {
		if !slices.Contains(staff, sk.Staff) {
			staff = append(staff, sk.Staff)
		}
	}
	slices.Sort(staff)
	s.log.Info("staff keys read", "file", s.opts.StaffKeys, "keys", len(keys), "staff", strings.Join(staff, ","))
}

// refused logs a connection that failed before a session: one line, the
// keys it offered and where from.
func (s *Server) refused(c net.Conn, err error) {
	remote := c.RemoteAddr().String()
	o := s.takeOffered(remote)
	var auth *gossh.ServerAuthError
	switch {
	case !errors.As(err, &auth):
		// not authentication: a handshake cut or timed out (a port scan)
		s.log.Info("refused", "why", err.Error(), "remote", remote)
	case o != nil:
		s.log.Info("refused", "why", "unknown key", "key", strings.Join(o.keys, ","), "user", o.user, "remote", remote)
	default:
		// a password, keyboard-interactive, nothing, or a staff key not
		// proved: the methods tried say nothing more to the technician
		s.log.Info("refused", "why", "no staff key proved", "remote", remote)
	}
}

// takeOffered takes what a connection offered off the list.
func (s *Server) takeOffered(remote string) *offeredKeys {
	s.offeredMu.Lock()
	defer s.offeredMu.Unlock()
	o := s.offered[remote]
	delete(s.offered, remote)
	return o
}

// allowKey admits a key of staff_keys. It may be called for keys the
// client only offers: who the session is comes from the key it proved
// (Session.PublicKey, taken from the handshake's final permissions), never
// from here.
func (s *Server) allowKey(ctx ssh.Context, key ssh.PublicKey) bool {
	if _, ok := s.keys.lookup(key); ok {
		return true
	}
	// said once the connection is refused: the client may still prove a
	// staff key
	remote := ctx.RemoteAddr().String()
	s.offeredMu.Lock()
	o := s.offered[remote]
	if o == nil {
		o = &offeredKeys{}
		s.offered[remote] = o
	}
	o.user = ctx.User()
	if fp := gossh.FingerprintSHA256(key); !slices.Contains(o.keys, fp) {
		o.keys = append(o.keys, fp)
	}
	s.offeredMu.Unlock()
	return false
}

// Listen binds the address (so a caller knows it is taken before serving).
func (s *Server) Listen() (net.Addr, error) {
	ln, err := net.Listen("tcp", s.opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", s.opts.Addr, err)
	}
	s.ln = ln
	return ln.Addr(), nil
}

// Serve serves sessions until Shutdown; it returns nil once stopped.
func (s *Server) Serve() error {
	if s.ln == nil {
		if _, err := s.Listen(); err != nil {
			return err
		}
	}
	// the fingerprint a cashier's ssh shows at the first connection,
	// to compare before answering yes
	s.log.Info("listening", "addr", s.ln.Addr().String(), "host_key", s.hostKey)
	err := s.ssh.Serve(s.ln)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops taking sessions, lets every till finish the commit it
// is making (refusing new ones), tells each session, and waits for them
// to end (or ctx, after which connections are cut).
//
// Once stopping, a session takes no key: nothing new starts. The till
// calls already under way (a checkout's commit) finish and their answer
// reaches the screen before the session is told.
func (s *Server) Shutdown(ctx context.Context) error {
	s.stopping.Store(true)
	shut := make(chan error, 1)
	go func() { shut <- s.ssh.Shutdown(ctx) }() // no new connections
	var err error
	if werr := s.calls.wait(ctx); werr != nil {
		err = fmt.Errorf("waiting for the sales under way: %w", werr)
	}
	s.mu.Lock()
	for _, p := range s.sessions {
		if p != nil {
			p.Send(stopMsg{})
		}
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() { s.running.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		err = errors.Join(err, fmt.Errorf("waiting for the sessions to end: %w", ctx.Err()))
	}
	if werr := s.calls.wait(ctx); werr != nil && err == nil {
		err = fmt.Errorf("waiting for the sales under way: %w", werr)
	}
	// The sessions have ended: their clients may keep the connections
	// open; cut them.
	_ = s.ssh.Close()
	<-shut
	return err
}

type ctxKey struct{ string }

var sessionKey = &ctxKey{"till"}

// admit is the first middleware: it names the staff from the proven key,
// and refuses a session without a terminal, over the limit, or while
// stopping, with one line.
func (s *Server) admit(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		remote := sess.RemoteAddr().String()
		key := sess.PublicKey()
		sk, ok := s.keys.lookup(key)
		lang := s.lang()
		if !ok {
			s.log.Info("refused", "why", "key not in staff keys", "remote", remote)
			wish.Fatalln(sess, say(lang, "notstaff"))
			return
		}
		door := sess.User() == "door"
		if door && s.opts.NewDoor == nil {
			s.log.Info("refused", "why", "no door served", "staff", sk.Staff, "remote", remote)
			wish.Fatalln(sess, say(lang, "nodoor"))
			return
		}
		pty, _, hasPty := sess.Pty()
		if !hasPty {
			s.log.Info("refused", "why", "no terminal", "staff", sk.Staff, "remote", remote)
			if door {
				wish.Fatalln(sess, say(lang, "noterminal.door"))
				return
			}
			wish.Fatalln(sess, say(lang, "noterminal"))
			return
		}
		s.mu.Lock()
		switch {
		case s.stopping.Load():
			s.mu.Unlock()
			wish.Fatalln(sess, say(lang, "stopping"))
			return
		case s.remoteSessions() >= s.opts.MaxSessions:
			s.mu.Unlock()
			s.log.Warn("refused", "why", "too many sessions", "max", s.opts.MaxSessions, "staff", sk.Staff, "remote", remote)
			tooMany := "toomany"
			if lang.Singular(s.opts.MaxSessions) {
				tooMany = "toomany1"
			}
			wish.Fatalln(sess, say(lang, tooMany, s.opts.MaxSessions))
			return
		}
		s.n++
		id := fmt.Sprintf("ssh-%d", s.n)
		if door {
			id = fmt.Sprintf("door-%d", s.n)
		}
		info := Session{ID: id, Staff: sk.Staff, NoPIN: sk.NoPIN, Key: sk.Fingerprint,
			Remote: remote, Width: pty.Window.Width, Height: pty.Window.Height, Door: door}
		m := &tillModel{srv: s, info: info, seq: s.n, key: key, last: s.opts.Now(), remote: true, noPIN: info.NoPIN}
		m.info.KeyUnlocks = func() bool { return m.noPIN }
		s.sessions[m] = nil // counted now; the program is set below
		s.running.Add(1)
		s.mu.Unlock()
		defer s.running.Done()
		sess.Context().SetValue(sessionKey, m)
		s.log.Info("login", s.attrs(info)...)
		s.journal("login", info, "")
		next(sess)
	}
}

// program makes the session's Bubble Tea program (the wish middleware
// runs it, sized from the pty and resized live, in the client's colours).
func (s *Server) program(sess ssh.Session) *tea.Program {
	m, _ := sess.Context().Value(sessionKey).(*tillModel)
	if m == nil {
		return nil
	}
	var inner tea.Model
	var refused error
	start := func() { inner, m.done = s.opts.NewTill(m.info) }
	if m.info.Door {
		start = func() { inner, m.done, refused = s.opts.NewDoor(m.info, sess.Command()) }
	}
	if err := m.guard("start", start); err != nil {
		m.reason = "panic"
		return nil
	}
	if refused != nil {
		s.log.Info("refused", append(s.attrs(m.info), "why", "door", "err", refused.Error())...)
		m.reason, m.refusal = "refused", pos.Say(refused, s.lang())
		return nil
	}
	m.inner = inner
	opts := append(bubbletea.MakeOptions(sess), tea.WithFPS(s.opts.FPS), tea.WithoutSignalHandler())
	return s.attach(m, opts)
}

// attach makes the program of a till and lists it among the sessions
// (told of changes, and of stopping).
func (s *Server) attach(m *tillModel, opts []tea.ProgramOption) *tea.Program {
	if s.opts.Changes != nil {
		m.changed, m.unsubscribe = s.opts.Changes()
	}
	if s.opts.PrinterChanges != nil && !m.info.Door { // a door prints nothing
		m.printer, m.unsubscribePrinter = s.opts.PrinterChanges()
	}
	p := tea.NewProgram(m, opts...)
	m.prog = p
	s.mu.Lock()
	s.sessions[m] = p
	s.mu.Unlock()
	if s.stopping.Load() {
		go p.Send(stopMsg{})
	}
	return p
}

// detach ends what attach started, once the program returned.
func (s *Server) detach(m *tillModel) {
	if m.unsubscribe != nil {
		m.unsubscribe()
	}
	if m.unsubscribePrinter != nil {
		m.unsubscribePrinter()
	}
	m.stopCalls()
	if m.done != nil {
		_ = m.guard("close", m.done) // its till closed: the register tells the others
	}
	s.mu.Lock()
	delete(s.sessions, m)
	s.mu.Unlock()
}

// RunConsole runs a till on the process's own terminal beside the SSH
// sessions: told of changes like them, ended like them when the server
// stops (no key, idle limit or staff key applies: it is the console).
func (s *Server) RunConsole(model tea.Model, done func(), opts ...tea.ProgramOption) error {
	m := &tillModel{srv: s, info: Session{ID: "console"}, inner: model, done: done, last: s.opts.Now()}
	s.running.Add(1)
	defer s.running.Done()
	p := s.attach(m, append(opts, tea.WithoutSignalHandler()))
	_, err := p.Run()
	s.detach(m)
	if m.reason == "panic" {
		return errors.New("the console's till hit an internal error (logged)")
	}
	if errors.Is(err, tea.ErrProgramKilled) {
		err = nil
	}
	return err
}

// afterProgram runs once the session's program ended: the till is
// closed, the logout logged, and the session told why it ends.
func (s *Server) afterProgram(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		m, _ := sess.Context().Value(sessionKey).(*tillModel)
		if m == nil {
			next(sess)
			return
		}
		s.detach(m)
		reason := m.reason
		if reason == "" {
			reason = "disconnected"
			if sess.Context().Err() == nil {
				reason = "quit"
			}
		}
		s.log.Info("logout", append(s.attrs(m.info), "reason", reason)...)
		s.journal("logout", m.info, reason)
		if line := m.farewell(); line != "" {
			_, _ = fmt.Fprint(sess, "\r\n"+fold(line, m.width())+"\r\n")
		}
		code := 0
		if reason == "panic" || reason == "refused" {
			code = 1
		}
		_ = sess.Exit(code)
		next(sess)
	}
}

// fold breaks a line the client reads outside the screens between words
// to fit its terminal: the terminal's own wrap cut "enregis-trée" at 80
// columns. width 0: not known, left whole.
func fold(line string, width int) string {
	if width <= 0 {
		return line
	}
	return strings.ReplaceAll(ansi.Wrap(line, width, " "), "\n", "\r\n")
}

// lang is the register's language: what a session is told before its
// screens speak.
func (s *Server) lang() pos.Lang {
	if s.opts.Lang.Known() {
		return s.opts.Lang
	}
	if l := s.opts.Catalog().Lang(""); l.Known() {
		return l
	}
	return pos.English
}

func (s *Server) attrs(i Session) []any {
	return []any{"till", i.ID, "staff", i.Staff, "key", i.Key, "remote", i.Remote}
}

func (s *Server) journal(kind string, i Session, reason string) {
	if s.opts.Journal != nil {
		s.opts.Journal(Event{Kind: kind, Session: i, At: time.Now(), Reason: reason})
	}
}

// Sessions is how many tills are open over SSH.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.remoteSessions()
}

// TillNames names the staff of the tills open over SSH, in the order they
// connected (a member of staff at two tills is named twice): what the
// console's quit question says it would end, their carts emptied
// (tui.Options.QuitStops). A door has no cart: not named (told, as the
// tills are, that the register stopped).
func (s *Server) TillNames() []string {
	s.mu.Lock()
	var open []*tillModel
	for m := range s.sessions {
		if m.remote && !m.info.Door {
			open = append(open, m)
		}
	}
	s.mu.Unlock()
	slices.SortFunc(open, func(a, b *tillModel) int { return a.seq - b.seq })
	cat := s.opts.Catalog()
	names := make([]string, len(open))
	for i, m := range open {
		names[i] = m.info.Staff
		if st, ok := cat.StaffByID(m.info.Staff); ok {
			names[i] = st.Name
		}
	}
	return names
}

// remoteSessions counts the SSH sessions (not the console); s.mu held.
func (s *Server) remoteSessions() int {
	n := 0
	for m := range s.sessions {
		if m.remote {
			n++
		}
	}
	return n
}

// logPanic logs a session's panic with its stack.
func (s *Server) logPanic(i Session, where string, r any) {
	s.log.Error("panic", append(s.attrs(i), "in", where, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))...)
}
