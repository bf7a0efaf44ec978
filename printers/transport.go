package printers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Transport carries bytes to a printer. One Write is one whole job. A
// transport is meant for one user at a time (the spooler); its methods are
// nonetheless safe to call from several goroutines.
type Transport interface {
	io.Writer
	Close() error
	String() string // the spec it was opened with, for messages
}

// StatusReader is implemented by transports that read the printer's answers
// back (tcp:// and dev: when the device can be read).
type StatusReader interface {
	// Status asks the printer for its real-time status (DLE EOT). It fails
	// with ErrNoStatus when this connection cannot read answers, or with an
	// error saying why the printer could not be reached.
	Status(ctx context.Context) (Status, error)
}

// PrintWaiter is implemented by transports that can learn that a job has
// come out of the printer, not merely reached its buffer.
type PrintWaiter interface {
	// WaitPrinted sends GS r 1, which the printer answers only once it has
	// printed everything sent before, and waits for that answer. While it
	// waits it polls the status and hands it to onStatus (may be nil). A
	// printer that stopped for want of paper keeps the job in its buffer and
	// finishes it when paper is back, so WaitPrinted keeps waiting as long as
	// the printer is not ready. It returns nil once the job is printed,
	// ErrNoConfirm when the printer stayed ready but never answered, and
	// another error when the connection broke (the job may or may not have
	// printed).
	WaitPrinted(ctx context.Context, onStatus func(Status)) error
}

var (
	// ErrNoStatus: this connection cannot read the printer's answers.
	ErrNoStatus = errors.New("this printer connection cannot read the printer's status")
	// ErrNoConfirm: the printer did not answer GS r 1 although it was ready.
	ErrNoConfirm = errors.New("the printer did not confirm that it printed (it may not support GS r)")
)

// Dialer holds the timeouts of printer connections. The zero value uses the
// defaults.
type Dialer struct {
	ConnectTimeout time.Duration // TCP connect and device open; default 3 s
	WriteTimeout   time.Duration // one whole job; default 10 s
	StatusTimeout  time.Duration // one answer to DLE EOT; default 2 s
	ConfirmTimeout time.Duration // printing a job while the printer is ready; default 20 s
	PollInterval   time.Duration // status polls while waiting for a job; default 500 ms
}

func (d Dialer) withDefaults() Dialer {
	def := func(v *time.Duration, x time.Duration) {
		if *v <= 0 {
			*v = x
		}
	}
	def(&d.ConnectTimeout, 3*time.Second)
	def(&d.WriteTimeout, 10*time.Second)
	def(&d.StatusTimeout, 2*time.Second)
	def(&d.ConfirmTimeout, 20*time.Second)
	def(&d.PollInterval, 500*time.Millisecond)
	return d
}

// SpecHelp lists the accepted printer specs, for error and usage messages.
const SpecHelp = paperSpecs + ", " + fileSpec + " or preview (no printer: keep the ticket to show it on screen)"

// PaperSpecHelp lists the specs that put something on paper or in a file,
// for commands whose output is already on screen (a report): preview is
// not one of them.
const PaperSpecHelp = paperSpecs + " or " + fileSpec

const (
	paperSpecs = "dev:/dev/usb/lp0 (a USB or parallel printer), tcp://192.168.1.50:9100 " +
		"(a network printer; port 9100 by default)"
	fileSpec = "file:out.bin (append the bytes to a file)"
)

// Open opens a printer from a spec: "dev:/dev/usb/lp0", "tcp://host:9100",
// "file:out.bin" or "preview". Network and device printers are connected on
// first use and reconnected after an error, so Open does not fail when the
// printer is off; a file is opened (and created) at once.
func Open(spec string) (Transport, error) {
	return Dialer{}.Open(spec)
}

// Open is Open with d's timeouts.
func (d Dialer) Open(spec string) (Transport, error) {
	d = d.withDefaults()
	bad := func(why string) error {
		return fmt.Errorf("cannot use printer %q: %s; write %s", spec, why, SpecHelp)
	}
	switch {
	case spec == "preview":
		return NewPreview(), nil
	case strings.HasPrefix(spec, "tcp://"):
		addr := strings.TrimSuffix(strings.TrimPrefix(spec, "tcp://"), "/")
		if addr == "" {
			return nil, bad("the address has no host")
		}
		if _, _, err := net.SplitHostPort(addr); err != nil {
			addr = net.JoinHostPort(strings.Trim(addr, "[]"), "9100")
		}
		host, port, err := net.SplitHostPort(addr)
		if err != nil || host == "" || port == "" || strings.ContainsAny(addr, "/?#@") {
			return nil, bad("the address is not host:port")
		}
		dial := func(ctx context.Context) (conn, error) {
			nd := net.Dialer{Timeout: d.ConnectTimeout}
			c, err := nd.DialContext(ctx, "tcp", addr)
			if err != nil {
				return nil, fmt.Errorf("cannot reach the printer at %s: %w", addr, err)
			}
			return c, nil
		}
		return &duplex{spec: spec, dial: dial, opts: d}, nil
	case strings.HasPrefix(spec, "dev:"):
		path := strings.TrimPrefix(spec, "dev:")
		if path == "" {
			return nil, bad("the device path is empty")
		}
		dial := func(context.Context) (conn, error) {
			f, err := os.OpenFile(path, os.O_RDWR, 0)
			if err != nil {
				f, err = os.OpenFile(path, os.O_WRONLY, 0)
				if err != nil {
					return nil, fmt.Errorf("cannot open the printer device %s: %w", path, err)
				}
				return writeOnly{f}, nil
			}
			return f, nil
		}
		return &duplex{spec: spec, dial: dial, opts: d}, nil
	case strings.HasPrefix(spec, "file:"):
		path := strings.TrimPrefix(spec, "file:")
		if path == "" {
			return nil, bad("the file name is empty")
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("cannot open %s to write print jobs: %w", path, err)
		}
		return &fileTransport{spec: spec, f: f}, nil
	}
	return nil, bad("it names no known kind of printer")
}

// conn is what a two-way printer connection needs: a TCP connection or a
// device file.
type conn interface {
	io.ReadWriteCloser
	SetReadDeadline(time.Time) error
	SetWriteDeadline(time.Time) error
}

// writeOnly is a device that could only be opened for writing (a parallel
// port): it has no status.
type writeOnly struct{ *os.File }

func (w writeOnly) Read([]byte) (int, error)        { return 0, ErrNoStatus }
func (w writeOnly) SetReadDeadline(time.Time) error { return ErrNoStatus }

// duplex is a printer that may answer: TCP or a device file.
type duplex struct {
	spec string
	dial func(context.Context) (conn, error)
	opts Dialer

	mu        sync.Mutex
	c         conn
	confirmed bool // a GS r answer arrived while reading status answers
	buf       [16]byte
}

func (d *duplex) String() string { return d.spec }

func (d *duplex) connect(ctx context.Context) (conn, error) {
	if d.c != nil {
		return d.c, nil
	}
	ctx, cancel := context.WithTimeout(ctx, d.opts.ConnectTimeout)
	defer cancel()
	c, err := d.dial(ctx)
	if err != nil {
		return nil, err
	}
	d.c = c
	return c, nil
}

// drop closes a broken connection; the next use reconnects.
func (d *duplex) drop() {
	if d.c != nil {
		d.c.Close()
		d.c = nil
	}
}

// Write sends one job. On error the connection is dropped (and reopened by
// the next call); the job may have been partly sent.
func (d *duplex) Write(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.write(context.Background(), p)
}

func (d *duplex) write(ctx context.Context, p []byte) (int, error) {
	c, err := d.connect(ctx)
	if err != nil {
		return 0, err
	}
	_ = c.SetWriteDeadline(time.Now().Add(d.opts.WriteTimeout)) // devices may not support it
	n, err := c.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	if err != nil {
		d.drop()
		return n, fmt.Errorf("sending to the printer %s failed after %d of %d bytes: %w", d.spec, n, len(p), err)
	}
	return n, nil
}

func (d *duplex) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.c == nil {
		return nil
	}
	err := d.c.Close()
	d.c = nil
	return err
}

// readByte reads one byte before the deadline (or ctx's end). A timeout
// returns os.ErrDeadlineExceeded.
func (d *duplex) readByte(ctx context.Context, c conn, deadline time.Time) (byte, error) {
	if err := c.SetReadDeadline(deadline); err != nil {
		return 0, ErrNoStatus
	}
	stop := context.AfterFunc(ctx, func() { c.SetReadDeadline(time.Now()) })
	defer stop()
	n, err := c.Read(d.buf[:1])
	if ctx.Err() != nil {
		return 0, ctx.Err()
	}
	if n == 1 {
		return d.buf[0], nil
	}
	if err == nil {
		err = io.ErrNoProgress
	}
	return 0, err
}

// drain discards bytes already waiting, so that a stale answer is not read
// as the answer to a new request. Printers answer DLE EOT even when the
// sequence occurs inside image data, so such stray answers happen. A GS r
// answer among them is remembered in d.confirmed.
func (d *duplex) drain(ctx context.Context, c conn) {
	for range 64 {
		b, err := d.readByte(ctx, c, time.Now().Add(time.Millisecond)) // a past deadline would not even look
		if err != nil {
			return
		}
		if isGSrAnswer(b) {
			d.confirmed = true
		}
	}
}

// query sends DLE EOT n and returns the answer. A GS r answer met on the way
// is remembered in d.confirmed.
func (d *duplex) query(ctx context.Context, c conn, n byte) (byte, error) {
	if _, err := d.write(ctx, []byte{dle, 0x04, n}); err != nil {
		return 0, err
	}
	deadline := time.Now().Add(d.opts.StatusTimeout)
	for {
		b, err := d.readByte(ctx, c, deadline)
		switch {
		case errors.Is(err, os.ErrDeadlineExceeded):
			return 0, fmt.Errorf("the printer %s did not answer a status request", d.spec)
		case err != nil:
			return 0, err
		case isEOTAnswer(b):
			return b, nil
		case isGSrAnswer(b):
			d.confirmed = true
		}
	}
}

// Status asks the printer for its status with DLE EOT 1, 2, 4 (and 3 after
// an error).
func (d *duplex) Status(ctx context.Context) (Status, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.status(ctx)
}

func (d *duplex) status(ctx context.Context) (Status, error) {
	fresh := d.c == nil
	st, err := d.statusOnce(ctx)
	if err != nil && !fresh && d.c == nil && ctx.Err() == nil {
		// The connection we had was stale (printer restarted): try a new one.
		return d.statusOnce(ctx)
	}
	return st, err
}

// readable reports whether c can read answers with a deadline.
func readable(c conn) bool {
	if _, ok := c.(writeOnly); ok {
		return false
	}
	return c.SetReadDeadline(time.Time{}) == nil
}

func (d *duplex) statusOnce(ctx context.Context) (Status, error) {
	c, err := d.connect(ctx)
	if err != nil {
		return Status{}, err
	}
	if !readable(c) {
		return Status{}, ErrNoStatus
	}
	d.drain(ctx, c)
	var ans [4]byte
	for i, n := range []byte{1, 2, 4} {
		b, err := d.query(ctx, c, n)
		if err != nil {
			if ctx.Err() != nil {
				return Status{}, ctx.Err()
			}
			d.drop()
			if errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET) {
				err = fmt.Errorf("lost the connection to the printer %s: %w", d.spec, err)
			}
			return Status{}, err
		}
		ans[i] = b
	}
	if ans[1]&0x40 != 0 {
		if b, err := d.query(ctx, c, 3); err == nil {
			ans[3] = b
		}
	}
	return parseStatus(ans[0], ans[1], ans[3], ans[2]), nil
}

// WaitPrinted: see PrintWaiter.
func (d *duplex) WaitPrinted(ctx context.Context, onStatus func(Status)) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	c, err := d.connect(ctx)
	if err != nil {
		return err
	}
	if !readable(c) {
		return ErrNoStatus
	}
	d.confirmed = false
	if _, err := d.write(ctx, []byte{gs, 'r', 1}); err != nil {
		return err
	}
	readyFor := time.Duration(0) // how long the printer has been ready without answering
	for {
		b, err := d.readByte(ctx, c, time.Now().Add(d.opts.PollInterval))
		switch {
		case err == nil:
			if isGSrAnswer(b) {
				return nil
			}
			continue // a late status answer
		case errors.Is(err, os.ErrDeadlineExceeded):
		case errors.Is(err, ErrNoStatus):
			return err
		case ctx.Err() != nil:
			return ctx.Err()
		default:
			d.drop()
			return fmt.Errorf("lost the printer %s before it confirmed printing: %w", d.spec, err)
		}
		st, err := d.status(ctx)
		if d.confirmed {
			return nil
		}
		if err != nil {
			return err
		}
		if onStatus != nil {
			onStatus(st)
		}
		if !st.Ready() {
			readyFor = 0
			continue
		}
		readyFor += d.opts.PollInterval
		if readyFor >= d.opts.ConfirmTimeout {
			return ErrNoConfirm
		}
	}
}

// fileTransport appends jobs to a file.
type fileTransport struct {
	spec string
	mu   sync.Mutex
	f    *os.File
}

func (t *fileTransport) String() string { return t.spec }

func (t *fileTransport) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n, err := t.f.Write(p)
	if err != nil {
		return n, fmt.Errorf("writing the print job to %s: %w", strings.TrimPrefix(t.spec, "file:"), err)
	}
	return n, nil
}

func (t *fileTransport) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.f.Close()
}

// Preview is the transport with no printer: it keeps the last jobs written
// to it so that a screen can show them decoded.
type Preview struct {
	mu   sync.Mutex
	jobs [][]byte
	max  int
}

// NewPreview returns an empty preview that keeps the last 20 jobs.
func NewPreview() *Preview { return &Preview{max: 20} }

func (p *Preview) String() string { return "preview" }

// Write keeps a copy of the job.
func (p *Preview) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.jobs = append(p.jobs, append([]byte(nil), b...))
	if len(p.jobs) > p.max {
		p.jobs = p.jobs[len(p.jobs)-p.max:]
	}
	return len(b), nil
}

// Close forgets the jobs.
func (p *Preview) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.jobs = nil
	return nil
}

// Jobs returns the kept jobs decoded, oldest first.
func (p *Preview) Jobs() []Document {
	p.mu.Lock()
	defer p.mu.Unlock()
	docs := make([]Document, 0, len(p.jobs))
	for _, j := range p.jobs {
		doc, _ := Decode(j) // our own jobs are whole; a truncated one still shows what it has
		docs = append(docs, doc)
	}
	return docs
}

// Text returns the kept jobs rendered with Document.Text, columns wide.
func (p *Preview) Text(columns int) string {
	var sb strings.Builder
	for _, doc := range p.Jobs() {
		doc.Columns = columns
		sb.WriteString(doc.Text())
	}
	return sb.String()
}
