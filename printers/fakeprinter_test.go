package printers

import (
	"errors"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"
)

// fakePrinter is a network ESC/POS printer on 127.0.0.1. It answers DLE EOT
// at once (real time), prints the other commands in order from its buffer,
// answers GS r when it reaches it, stops when paper runs out (one line feed
// uses one line of paper) and goes on when paper is loaded. A job is counted
// as printed at its cut, by the QR payload it carries. Power off loses the
// buffer; so does a dropped connection (like printers whose network card
// resets the buffer).
type fakePrinter struct {
	t    *testing.T
	addr string

	mu        sync.Mutex
	ln        net.Listener
	conns     map[net.Conn]bool
	queue     []fakeTok // received, not yet printed
	job       []byte    // printed since the last cut
	printed   []string  // QR payloads of jobs cut, in order
	paper     int       // lines left; < 0 means endless
	coverOpen bool
	dropAt    int // when > 0, drop the connection after this many more bytes
	received  int
	drops     int  // connections dropped by dropAt
	ignoreGSr bool // a printer without print confirmation
	wg        sync.WaitGroup
}

type fakeTok struct {
	b []byte
	c net.Conn
}

func newFakePrinter(t *testing.T) *fakePrinter {
	t.Helper()
	f := &fakePrinter{t: t, paper: -1, conns: map[net.Conn]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f.addr = ln.Addr().String()
	f.serve(ln)
	t.Cleanup(func() { f.off(); f.wg.Wait() })
	return f
}

func (f *fakePrinter) spec() string { return "tcp://" + f.addr }

func (f *fakePrinter) serve(ln net.Listener) {
	f.mu.Lock()
	f.ln = ln
	f.mu.Unlock()
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			f.mu.Lock()
			f.conns[c] = true
			f.mu.Unlock()
			f.wg.Add(1)
			go f.handle(c)
		}
	}()
}

// off switches the printer off: connections close, the buffer is lost.
func (f *fakePrinter) off() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ln != nil {
		f.ln.Close()
		f.ln = nil
	}
	for c := range f.conns {
		c.Close()
	}
	f.queue, f.job = nil, nil
}

// on switches it back on, at the same address.
func (f *fakePrinter) on() {
	var ln net.Listener
	var err error
	for range 50 {
		if ln, err = net.Listen("tcp", f.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		f.t.Fatal(err)
	}
	f.serve(ln)
}

func (f *fakePrinter) setPaper(lines int) {
	f.mu.Lock()
	f.paper = lines
	f.mu.Unlock()
	f.process()
}

// say sends b on every connection, unasked.
func (f *fakePrinter) say(b byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for c := range f.conns {
		c.Write([]byte{b})
	}
}

func (f *fakePrinter) dropAfter(n int) {
	f.mu.Lock()
	f.dropAt = n
	f.mu.Unlock()
}

func (f *fakePrinter) jobs() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.printed...)
}

func (f *fakePrinter) bytesReceived() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.received
}

func (f *fakePrinter) handle(c net.Conn) {
	defer f.wg.Done()
	defer func() {
		c.Close()
		f.mu.Lock()
		delete(f.conns, c)
		f.queue, f.job = nil, nil // the buffer goes with the connection
		f.mu.Unlock()
	}()
	var in []byte
	buf := make([]byte, 4096)
	for {
		n, err := c.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			f.mu.Lock()
			drop := false
			if f.dropAt > 0 {
				if len(chunk) >= f.dropAt {
					chunk, drop = chunk[:f.dropAt], true
					f.dropAt = 0
					f.drops++
				} else {
					f.dropAt -= len(chunk)
				}
			}
			f.received += len(chunk)
			f.mu.Unlock()
			in = append(in, chunk...)
			for len(in) > 0 {
				tok, ok := scan(in)
				if !ok {
					break
				}
				b := append([]byte(nil), in[:tok.n]...)
				in = in[tok.n:]
				if tok.name == "DLE EOT" {
					c.Write([]byte{f.eot(b[2])})
					continue
				}
				f.mu.Lock()
				f.queue = append(f.queue, fakeTok{b, c})
				f.mu.Unlock()
			}
			f.process()
			if drop {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// eot answers DLE EOT n.
func (f *fakePrinter) eot(n byte) byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := f.paper == 0
	b := byte(0x12)
	switch n {
	case 1:
		if out || f.coverOpen {
			b |= 0x08
		}
	case 2:
		if f.coverOpen {
			b |= 0x04
		}
		if out {
			b |= 0x20
		}
	case 4:
		if out {
			b |= 0x60
		} else if f.paper > 0 && f.paper < 10 {
			b |= 0x0C
		}
	}
	return b
}

// process prints from the buffer as far as paper allows.
func (f *fakePrinter) process() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for len(f.queue) > 0 {
		tk := f.queue[0]
		switch {
		case tk.b[0] == lf:
			if f.paper == 0 || f.coverOpen {
				return
			}
			if f.paper > 0 {
				f.paper--
			}
		case tk.b[0] == gs && tk.b[1] == 'r' && !f.ignoreGSr:
			tk.c.Write([]byte{0x00})
		}
		f.queue = f.queue[1:]
		f.job = append(f.job, tk.b...)
		if tk.b[0] == gs && tk.b[1] == 'V' {
			doc, err := Decode(f.job)
			if err != nil {
				f.t.Errorf("fake printer: %v", err)
			}
			f.printed = append(f.printed, doc.QRCodes()...)
			f.job = nil
		}
	}
}

// memQueue is a Queue in memory.
type memQueue struct {
	mu       sync.Mutex
	jobs     []Job
	marked   map[string]int
	failMark int // MarkPrinted fails this many times first
	calls    int // MarkPrinted was called
	// gone are jobs taken off the queue without printing (a ticket
	// canceled): Pending no longer lists them, MarkPrinted records them
	// once all the same (the paper exists), as the journal's queue does.
	gone map[string]bool
}

// cancel takes a job off the queue, as a ticket canceled does.
func (q *memQueue) cancel(id string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.gone == nil {
		q.gone = map[string]bool{}
	}
	q.gone[id] = true
}

func newMemQueue(ids ...string) *memQueue {
	q := &memQueue{marked: map[string]int{}}
	for _, id := range ids {
		q.add(id)
	}
	return q
}

func (q *memQueue) add(id string) {
	t := SampleTicket(Spectacle, "fr")
	t.TicketNumber, t.QRPayload = id, id
	q.mu.Lock()
	q.jobs = append(q.jobs, Job{ID: id, Ticket: &t})
	q.mu.Unlock()
}

func (q *memQueue) Pending() ([]Job, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []Job
	for _, j := range q.jobs {
		if q.marked[j.ID] == 0 && !q.gone[j.ID] {
			out = append(out, j)
		}
	}
	return out, nil
}

func (q *memQueue) MarkPrinted(id string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.calls++
	if q.failMark > 0 {
		q.failMark--
		return errors.New("disk full")
	}
	if q.marked[id] > 0 {
		return fmt.Errorf("%s recorded already: %w", id, ErrNotWaiting)
	}
	q.marked[id]++
	return nil
}

func (q *memQueue) markCount(id string) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.marked[id]
}

func (q *memQueue) pending() int {
	jobs, _ := q.Pending()
	return len(jobs)
}
