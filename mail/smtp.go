package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// TLS modes of the SMTP connection.
const (
	TLSStartTLS = "starttls" // STARTTLS required (port 587)
	TLSImplicit = "tls"      // TLS from the first byte (port 465)
	TLSNone     = "none"     // no encryption: a relay on this machine only
)

// Config is how the register reaches its mail server (flags and
// environment: see cmd/guichet).
type Config struct {
	Host     string
	Port     int    // 0: 587 for starttls, 465 for tls, 25 for none
	TLS      string // starttls (default), tls or none
	User     string // empty: no authentication
	Password string
	Timeout  time.Duration // per connection (default 30 s)
	// TLSConfig verifies the server (nil: the system's roots, the host as
	// the server's name); a test server's own certificate goes here.
	TLSConfig *tls.Config
}

// Check says what is wrong with a configuration, in a sentence.
func (c Config) Check() error {
	switch c.TLS {
	case "", TLSStartTLS, TLSImplicit, TLSNone:
	default:
		return fmt.Errorf("the SMTP TLS mode is starttls, tls or none, not %q", c.TLS)
	}
	if c.Host == "" {
		return errors.New("no SMTP server: give --smtp host[:port] or GUICHET_SMTP")
	}
	if c.TLS == TLSNone && c.User != "" {
		return errors.New("an SMTP password is not sent without TLS: use --smtp-tls starttls or tls")
	}
	return nil
}

// ParseHostPort reads "host" or "host:port".
func (c *Config) ParseHostPort(s string) error {
	c.Host = s
	if i := strings.LastIndexByte(s, ':'); i > 0 && !strings.HasSuffix(s, "]") {
		p, err := strconv.Atoi(s[i+1:])
		if err != nil || p <= 0 || p > 65535 {
			return fmt.Errorf("the SMTP port in %q is not a number from 1 to 65535", s)
		}
		c.Host, c.Port = strings.Trim(s[:i], "[]"), p
	}
	return nil
}

// Sender hands messages to the mail server, one connection per message.
type Sender struct{ cfg Config }

// NewSender checks the configuration.
func NewSender(cfg Config) (*Sender, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	if cfg.TLS == "" {
		cfg.TLS = TLSStartTLS
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	return &Sender{cfg: cfg}, nil
}

// Refusal is a message the mail server would not take. Permanent (a 5xx)
// is not retried; anything else (a 4xx, no connection) is tried again.
//
// Account: the server refused this register's connection or login, not
// the message (a wrong password, a login it asks for and was not given, a
// 5xx before the message was offered, or to its sender at MAIL FROM, the
// organiser's address for every message). It is never permanent: every
// message would fail alike, and they go once the box office mends the
// settings Reason names.
type Refusal struct {
	Permanent bool
	Account   bool
	Code      int // the server's reply code; 0: no answer (connection, TLS)
	Reason    string
}

func (r *Refusal) Error() string { return r.Reason }

// Send delivers one message. It returns the server's answer, or a
// *Refusal.
func (s *Sender) Send(ctx context.Context, m Message) (string, error) {
	msg, err := m.Msg()
	if err != nil {
		return "", &Refusal{Permanent: true, Reason: err.Error()}
	}
	opts := []gomail.Option{gomail.WithTimeout(s.cfg.Timeout), gomail.WithHELO("guichet")}
	port := s.cfg.Port
	switch s.cfg.TLS {
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
		if port == 0 {
			port = 465
		}
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
		if port == 0 {
			port = 25
		}
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
		if port == 0 {
			port = 587
		}
	}
	opts = append(opts, gomail.WithPort(port))
	if s.cfg.TLSConfig != nil {
		tc := s.cfg.TLSConfig.Clone()
		if tc.ServerName == "" {
			tc.ServerName = s.cfg.Host
		}
		opts = append(opts, gomail.WithTLSConfig(tc))
	}
	if s.cfg.User != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(s.cfg.User), gomail.WithPassword(s.cfg.Password))
	}
	c, err := gomail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return "", &Refusal{Permanent: true, Reason: err.Error()}
	}
	// The connection (greeting, EHLO, STARTTLS, AUTH) and the message are
	// two steps, so that what the server says before the message is never
	// taken for a refusal of the message.
	client, err := c.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return "", s.refusal(err, true)
	}
	err = c.SendWithSMTPClient(client, msg)
	if cerr := c.CloseWithSMTPClient(client); cerr != nil {
		err = errors.Join(err, fmt.Errorf("failed to close connection: %w", cerr))
	}
	if err != nil {
		return "", s.refusal(err, false)
	}
	return OneLine(msg.ServerResponse()), nil
}

// refusal reads a failure: dialing, one before the message was offered.
func (s *Sender) refusal(err error, dialing bool) *Refusal {
	r := &Refusal{Reason: OneLine(err.Error())}
	var se *gomail.SendError
	var te *textproto.Error // a reply before the message (AUTH, STARTTLS)
	switch {
	case errors.As(err, &se) && se.ErrorCode() != 0:
		r.Code = se.ErrorCode()
	case errors.As(err, &te):
		r.Code = te.Code
	}
	r.Permanent = r.Code >= 500 && r.Code < 600
	// MAIL FROM names only the sender, the same for every message: a 5xx
	// there (an account that may not send from that address) would refuse
	// them all; but for 552, the size a SIZE parameter announced
	mailFrom := se != nil && se.Reason == gomail.ErrSMTPMailFrom
	sender := false
	switch r.Code {
	case 530, 534, 535, 538: // RFC 4954: a login needed, refused, too weak, or without TLS
		r.Account = dialing || mailFrom
	default:
		r.Account = dialing && r.Permanent
		sender = !r.Account && mailFrom && r.Permanent && r.Code != 552
		r.Account = r.Account || sender
	}
	if !r.Account {
		switch {
		case r.Permanent: // not tried again: said so, the server's words within
			r.Reason = fmt.Sprintf(refusedMessage, s.cfg.Host, r.Reason)
		case dialing: // tried again: said so, the server's words within
			r.Reason = fmt.Sprintf(failedConnection, s.cfg.Host, r.Reason)
		default:
			r.Reason = fmt.Sprintf(failedForNow, s.cfg.Host, r.Reason)
		}
		return r
	}
	r.Permanent = false
	if sender {
		r.Reason = fmt.Sprintf(refusedSender, s.cfg.Host, r.Reason)
	} else if dialing && s.cfg.User != "" && (r.Code == 534 || r.Code == 535 || r.Code == 538) {
		r.Reason = fmt.Sprintf(refusedLogin, s.cfg.Host, s.cfg.User, r.Reason)
	} else {
		r.Reason = fmt.Sprintf(refusedRegister, s.cfg.Host, r.Reason)
	}
	return r
}

// The sentences of an account's refusal, kept as the messages' reason
// (in English, in the journal); the desk writes them in French
// (sentences_fr.go).
const (
	refusedSender   = "the mail server %s refused to send from the organiser's address (%s): check that the SMTP account may send from organiser.email in the catalog; the e-mails wait in the outbox"
	refusedLogin    = "the mail server %s refused the login of %q (%s): check --smtp-user and GUICHET_SMTP_PASSWORD; the e-mails wait in the outbox"
	refusedRegister = "the mail server %s refused this register (%s): check --smtp, --smtp-tls, --smtp-user and GUICHET_SMTP_PASSWORD; the e-mails wait in the outbox"
	// a failure tried again: the connection (no answer, TLS), or the
	// message put off by the server (a 4xx)
	failedConnection = "the connection to the mail server %s failed (%s): the e-mails wait in the outbox and are tried again; if it lasts, check that the server runs, and --smtp and --smtp-tls"
	failedForNow     = "the mail server %s did not take this message now (%s): it is tried again"
	// the message refused for good (a 5xx at the recipient or the message)
	refusedMessage = "the mail server %s refused this message for good (%s): it is not tried again; check the recipient's address"
)

// Backoff is how long to wait before try attempt+1 after attempt failed
// tries: 30 s doubling up to an hour, each wait drawn from its second
// half so registers that lost the server together do not all come back at
// once.
func Backoff(attempt int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < attempt && d < time.Hour; i++ {
		d *= 2
	}
	d = min(d, time.Hour)
	return d/2 + rand.N(d/2+1)
}
