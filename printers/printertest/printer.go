// Package printertest is a network ESC/POS printer on 127.0.0.1 for tests
// of code that prints through the printers package (the register service,
// the kiosk). It answers status requests (DLE EOT) as a ready printer and
// print confirmations (GS r) once what came before them is on paper, and
// keeps every other byte in order, so a test decodes what came out with
// printers.Decode. It can be switched off, and run out of paper.
package printertest

import (
	"net"
	"sync"
	"testing"
	"time"
)

// Printer is a fake network printer.
type Printer struct {
	t    testing.TB
	addr string

	mu       sync.Mutex
	ln       net.Listener
	conns    map[net.Conn]bool
	out      []byte // what was printed
	discard  bool   // keep nothing printed (Discard)
	paperOut bool
	asked    int           // status requests answered
	waiting  []pending     // bytes received while out of paper
	held     chan struct{} // status answers wait until it closes (HoldStatus)
	wg       sync.WaitGroup
	// accepted, set by this package's tests only (under mu), runs between
	// a connection's Accept and its registration (where Off can come in).
	accepted func()
}

type pending struct {
	b []byte
	c net.Conn
}

// New starts a printer on 127.0.0.1; it stops with the test.
func New(t testing.TB) *Printer {
	t.Helper()
	p := &Printer{t: t, conns: map[net.Conn]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(func() { p.Off(); p.wg.Wait() })
	return p
}

// Spec is the printer's address for printers.Open.
func (p *Printer) Spec() string { return "tcp://" + p.addr }

// Printed is every byte printed so far.
func (p *Printer) Printed() []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]byte(nil), p.out...)
}

// Discard forgets what was printed and keeps nothing printed from now on
// (Printed is empty): a test that prints for long and measures its
// memory holds no paper roll.
func (p *Printer) Discard() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.out, p.discard = nil, true
}

// StatusRequests is how many times the printer was asked for its status
// (DLE EOT): a test counts the spooler's looks at it, not the time.
func (p *Printer) StatusRequests() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.asked
}

// HoldStatus makes the printer answer the status requests it gets from now
// on only when release is called: a test holds the spooler in its look at
// the printer (answer within the spooler's status timeout, 2 s).
func (p *Printer) HoldStatus() (release func()) {
	held := make(chan struct{})
	p.mu.Lock()
	p.held = held
	p.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			p.mu.Lock()
			p.held = nil
			p.mu.Unlock()
			close(held)
		})
	}
}

// StatusRequested waits until the printer has been asked for its status
// more than n times in all (StatusRequests), or the test's 5 s pass.
func (p *Printer) StatusRequested(n int) {
	p.t.Helper()
	for deadline := time.Now().Add(5 * time.Second); p.StatusRequests() <= n; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			p.t.Fatalf("the printer was asked for its status %d times, waited for more than %d", p.StatusRequests(), n)
		}
	}
}

// SetPaperOut runs the printer out of paper (true) or loads a roll.
func (p *Printer) SetPaperOut(out bool) {
	p.mu.Lock()
	p.paperOut = out
	var flush []pending
	if !out {
		flush, p.waiting = p.waiting, nil
	}
	p.mu.Unlock()
	for _, w := range flush {
		p.print(w.b, w.c)
	}
}

// Off switches the printer off: connections close, nothing is accepted.
func (p *Printer) Off() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
	}
	p.waiting = nil
}

// On switches it back on at the same address.
func (p *Printer) On() {
	var ln net.Listener
	var err error
	for range 50 {
		if ln, err = net.Listen("tcp", p.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		p.t.Fatal(err)
	}
	p.serve(ln)
}

func (p *Printer) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			hook := p.accepted
			p.mu.Unlock()
			if hook != nil {
				hook()
			}
			p.mu.Lock()
			if p.ln != ln {
				// switched off after Accept and before this: Off closed
				// the others, this one is closed here (left open, the
				// printer off would answer it as a ready printer)
				p.mu.Unlock()
				c.Close()
				return
			}
			p.conns[c] = true
			p.mu.Unlock()
			p.wg.Add(1)
			go p.handle(c)
		}
	}()
}

const (
	dle = 0x10
	eot = 0x04
	gs  = 0x1d
)

// handle reads a connection: status requests are answered at once; the
// rest prints (or waits for paper), and a print confirmation is answered
// when it is reached. The three-byte commands are recognised only when
// whole in the buffer; tests print tickets with a native QR, whose data
// never holds those bytes.
func (p *Printer) handle(c net.Conn) {
	defer p.wg.Done()
	defer func() {
		c.Close()
		p.mu.Lock()
		delete(p.conns, c)
		p.mu.Unlock()
	}()
	var in []byte
	buf := make([]byte, 4096)
	for {
		n, err := c.Read(buf)
		in = append(in, buf[:n]...)
		start := 0
		for i := 0; i+2 < len(in); i++ {
			switch {
			case in[i] == dle && in[i+1] == eot:
				p.print(in[start:i], c)
				answer, held := p.status(in[i+2])
				if held != nil {
					<-held
				}
				c.Write([]byte{answer})
				start, i = i+3, i+2
			case in[i] == gs && in[i+1] == 'r':
				p.print(in[start:i], c)
				start, i = i+3, i+2
				p.wg.Add(1)
				go p.confirm(c) // the answer comes once the paper is there
			}
		}
		// keep a possible command's first bytes for the next read
		keep := max(start, len(in)-2)
		p.print(in[start:keep], c)
		in = append([]byte(nil), in[keep:]...)
		if err != nil {
			return
		}
	}
}

func (p *Printer) print(b []byte, c net.Conn) {
	if len(b) == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.paperOut {
		p.waiting = append(p.waiting, pending{append([]byte(nil), b...), c})
		return
	}
	if !p.discard {
		p.out = append(p.out, b...)
	}
}

// confirm answers GS r once the printer has paper (a printer out of paper
// answers when a roll is loaded).
func (p *Printer) confirm(c net.Conn) {
	defer p.wg.Done()
	for {
		p.mu.Lock()
		out, on := p.paperOut, p.conns[c]
		p.mu.Unlock()
		if !on {
			return
		}
		if !out {
			c.Write([]byte{0x00})
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// status answers DLE EOT n as a ready printer, or one out of paper; held,
// when not nil, closes when the answer may be sent (HoldStatus).
func (p *Printer) status(n byte) (answer byte, held chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.asked++
	b := byte(0x12)
	if !p.paperOut {
		return b, p.held
	}
	switch n {
	case 1:
		b |= 0x08
	case 2:
		b |= 0x20
	case 4:
		b |= 0x60
	}
	return b, p.held
}
