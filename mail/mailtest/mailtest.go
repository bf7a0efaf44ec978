// Package mailtest is a real SMTP server on 127.0.0.1 for tests
// (github.com/emersion/go-smtp): it stores every message it accepts, can
// refuse the next ones with a reply code, and can go down and come back
// on the same port.
package mailtest

import (
	"errors"
	"io"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Received is a message the server accepted.
type Received struct {
	From string
	To   []string
	Data []byte
}

// Server is an SMTP server without TLS or authentication.
type Server struct {
	t    testing.TB
	addr string
	mu   sync.Mutex
	srv  *smtp.Server
	msgs []Received
	// refuse: reply codes for the next DATA commands, in order.
	refuse   []int
	sender   int           // RefuseSender: the reply code to every MAIL FROM (0: taken)
	attempts int           // DATA commands seen, refused ones included
	sec      *Secure       // NewSecure's
	hold     chan struct{} // HoldRecipients: RCPT waits until it is closed
	held     chan struct{} // closed when a RCPT waits
	holdData chan struct{} // HoldMessages: DATA's answer waits until it is closed
	heldData chan struct{} // closed when a DATA waits
}

// New starts a server on a free port of 127.0.0.1; it stops at the end of
// the test.
func New(t testing.TB) *Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{t: t, addr: l.Addr().String()}
	s.serve(l)
	t.Cleanup(s.Stop)
	return s
}

// Down is a server that is not listening yet: its address refuses
// connections until Start.
func Down(t testing.TB) *Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	s := &Server{t: t, addr: addr}
	t.Cleanup(s.Stop)
	return s
}

// Start listens again on the server's port.
func (s *Server) Start() {
	s.t.Helper()
	var l net.Listener
	var err error
	for range 50 { // the port was just freed: another test may hold it a moment
		if l, err = net.Listen("tcp", s.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		s.t.Fatal(err)
	}
	s.serve(l)
}

func (s *Server) serve(l net.Listener) {
	srv := smtp.NewServer(backend{s})
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	s.mu.Lock()
	s.srv = srv
	s.mu.Unlock()
	go func() { _ = srv.Serve(l) }()
}

// Stop closes the server: connections are refused until Start.
func (s *Server) Stop() {
	s.mu.Lock()
	srv := s.srv
	s.srv = nil
	s.mu.Unlock()
	if srv != nil {
		_ = srv.Close()
	}
}

// Host and Port are where the server listens.
func (s *Server) Host() string { h, _, _ := net.SplitHostPort(s.addr); return h }

// Port is the server's port.
func (s *Server) Port() int {
	_, p, _ := net.SplitHostPort(s.addr)
	n, _ := strconv.Atoi(p)
	return n
}

// Addr is host:port.
func (s *Server) Addr() string { return s.addr }

// Refuse makes the next DATA commands fail with these reply codes (451:
// try later; 550: refused for good), one each.
func (s *Server) Refuse(codes ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse = append(s.refuse, codes...)
}

// RefuseSender makes every MAIL FROM fail with this 5xx code (as a mail
// account that may not send from the sender's address); 0 takes them
// again.
func (s *Server) RefuseSender(code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sender = code
}

// Messages are the messages accepted so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.msgs...)
}

// Attempts counts the messages offered (DATA), refused ones included.
func (s *Server) Attempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempts
}

type backend struct{ s *Server }

func (b backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &session{s: b.s, conn: c}, nil
}

type session struct {
	s      *Server
	from   string
	to     []string
	authed bool
	conn   *smtp.Conn
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }
func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	if x.s.sec != nil {
		if _, tls := x.conn.TLSConnectionState(); !tls {
			return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "must issue STARTTLS first"}
		}
		if x.needsLogin() {
			return smtp.ErrAuthRequired
		}
	}
	x.s.mu.Lock()
	code := x.s.sender
	x.s.mu.Unlock()
	if code != 0 {
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "<" + from + ">: Sender address rejected: not owned by user"}
	}
	x.from = from
	return nil
}
func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.s.mu.Lock()
	hold, held := x.s.hold, x.s.held
	x.s.mu.Unlock()
	if hold != nil {
		select {
		case <-held:
		default:
			close(held)
		}
		<-hold
		return &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 0, 0}, Message: "held by the test"}
	}
	x.to = append(x.to, to)
	return nil
}

// HoldRecipients makes RCPT wait, unanswered, until release is called (a
// client killed meanwhile never gets to send its message); held is closed
// once a RCPT waits.
func (s *Server) HoldRecipients() (held <-chan struct{}, release func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hold, s.held = make(chan struct{}), make(chan struct{})
	hold := s.hold
	var once sync.Once
	return s.held, func() {
		once.Do(func() {
			close(hold)
			s.mu.Lock()
			s.hold = nil
			s.mu.Unlock()
		})
	}
}

// HoldMessages makes the server, once it has read a message, wait before
// it answers DATA until release is called, then take it (a sender stopped
// meanwhile has handed the message over); held is closed once one waits.
func (s *Server) HoldMessages() (held <-chan struct{}, release func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holdData, s.heldData = make(chan struct{}), make(chan struct{})
	hold := s.holdData
	var once sync.Once
	return s.heldData, func() {
		once.Do(func() {
			close(hold)
			s.mu.Lock()
			if s.holdData == hold { // not a later HoldMessages'
				s.holdData = nil
			}
			s.mu.Unlock()
		})
	}
}

func (x *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s := x.s
	s.mu.Lock()
	hold, held := s.holdData, s.heldData
	s.mu.Unlock()
	if hold != nil {
		select {
		case <-held:
		default:
			close(held)
		}
		<-hold
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attempts++
	if len(s.refuse) > 0 {
		code := s.refuse[0]
		s.refuse = s.refuse[1:]
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 0, 0}, Message: "refused by the test server"}
	}
	if x.from == "" || len(x.to) == 0 {
		return errors.New("no sender or recipient")
	}
	s.msgs = append(s.msgs, Received{From: x.from, To: append([]string(nil), x.to...), Data: data})
	return nil
}
