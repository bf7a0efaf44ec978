package sync_test

import (
	"bytes"
	"io"
	"math/rand/v2"
	"net"
	gosync "sync"
	"sync/atomic"
	"testing"
	"time"
)

// faultProxy sits between registers and the server on 127.0.0.1 and
// misbehaves on purpose: it drops connections before they reach the
// server, delays them, sends a request's bytes twice (a duplicate push),
// cuts the response midway (the server stored the batch, the register
// never hears), and partitions (refuses everything) for a while.
type faultProxy struct {
	ln     net.Listener
	target string
	pick   func() string // when set, the server each connection goes to

	mu        gosync.Mutex
	rnd       *rand.Rand
	drop      float64 // close a new connection at once
	delay     time.Duration
	duplicate float64 // replay the client's first bytes on a second connection
	cut       float64 // cut the response after a few bytes
	parted    atomic.Bool
	open      map[net.Conn]struct{} // connections being served: a partition cuts them

	faults atomic.Int64

	// loseGrants: while responses are cut, some grant answers are lost
	// too: the register is partitioned (its retries fail) and grantCut
	// raised, so the fleet kills it before it can ask again; the answer
	// is never journaled. Guarded by mu.
	loseGrants bool
	grantCut   atomic.Bool
}

// loseGrantAnswers turns on or off the partition after a grant's answer cut.
func (p *faultProxy) loseGrantAnswers(on bool) {
	p.mu.Lock()
	p.loseGrants = on
	p.mu.Unlock()
}

// loseGrantsNow rolls whether a grant's answer is lost (loseGrants on).
func (p *faultProxy) loseGrantsNow() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.loseGrants && p.rnd.Float64() < 0.3
}

// grantAnswerCut partitions the register whose grant answer was just cut,
// when loseGrants is on, and says so (grantCut).
func (p *faultProxy) grantAnswerCut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.loseGrants {
		return
	}
	p.parted.Store(true)
	for c := range p.open {
		c.Close()
	}
	p.grantCut.Store(true)
}

func newFaultProxy(t testing.TB, target string, seed uint64) *faultProxy {
	t.Helper()
	return newFaultProxyTo(t, target, nil, seed)
}

// newFaultProxyTo is a proxy that sends each connection to the server pick
// names (when pick is not nil).
func newFaultProxyTo(t testing.TB, target string, pick func() string, seed uint64) *faultProxy {
	t.Helper()
	return newFaultProxyIn(t, t, target, pick, seed)
}

// newFaultProxyIn is newFaultProxyTo closed by cl (a property test's case).
func newFaultProxyIn(t testing.TB, cl cleaner, target string, pick func() string, seed uint64) *faultProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &faultProxy{ln: ln, target: target, pick: pick, rnd: rand.New(rand.NewPCG(seed, 7))}
	go p.serve()
	cl.Cleanup(func() { ln.Close() })
	return p
}

func (p *faultProxy) URL() string { return "http://" + p.ln.Addr().String() }

func (p *faultProxy) roll(prob float64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rnd.Float64() < prob
}

// set changes the faults (0 for none).
func (p *faultProxy) set(drop, duplicate, cut float64, delay time.Duration) {
	p.mu.Lock()
	p.drop, p.duplicate, p.cut, p.delay = drop, duplicate, cut, delay
	p.mu.Unlock()
}

// partition refuses every connection until heal.
// A partition also cuts the connections open now: a client's kept-alive
// connection would otherwise go on reaching the server.
func (p *faultProxy) partition(on bool) {
	p.parted.Store(on)
	if !on {
		return
	}
	p.mu.Lock()
	for c := range p.open {
		c.Close()
	}
	p.mu.Unlock()
}

func (p *faultProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.handle(c)
	}
}

func (p *faultProxy) handle(c net.Conn) {
	p.mu.Lock()
	if p.open == nil {
		p.open = map[net.Conn]struct{}{}
	}
	p.open[c] = struct{}{}
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		delete(p.open, c)
		p.mu.Unlock()
		c.Close()
	}()
	p.mu.Lock()
	drop, dup, cut, delay := p.drop, p.duplicate, p.cut, p.delay
	p.mu.Unlock()
	if p.parted.Load() || p.roll(drop) {
		p.faults.Add(1)
		return
	}
	if delay > 0 {
		p.mu.Lock()
		d := time.Duration(p.rnd.Int64N(int64(delay)))
		p.mu.Unlock()
		time.Sleep(d)
	}
	target := p.target
	if p.pick != nil {
		target = p.pick()
	}
	s, err := net.Dial("tcp", target)
	if err != nil {
		return
	}
	defer s.Close()
	duplicate := p.roll(dup)
	cutAfter := int64(-1)
	if p.roll(cut) {
		cutAfter = 40 // within the response's headers or body
	}
	var sent []byte
	var sentMu gosync.Mutex
	// A grant request whose answer is to be lost: the client sends a
	// request only once it read the last answer, so what the server
	// sends after it is its answer.
	var loseAnswer atomic.Bool
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := c.Read(buf)
			if n > 0 {
				if bytes.HasPrefix(buf[:n], []byte("POST /v1/grants ")) && cut > 0 && p.loseGrantsNow() {
					loseAnswer.Store(true)
				}
				if duplicate {
					sentMu.Lock()
					sent = append(sent, buf[:n]...)
					sentMu.Unlock()
				}
				if _, werr := s.Write(buf[:n]); werr != nil {
					return
				}
			}
			if err != nil {
				s.(*net.TCPConn).CloseWrite()
				return
			}
		}
	}()
	if cutAfter >= 0 {
		p.faults.Add(1)
		io.CopyN(c, s, cutAfter)
		return
	}
	buf := make([]byte, 32<<10)
	for {
		n, err := s.Read(buf)
		if n > 0 && loseAnswer.Load() {
			p.faults.Add(1)
			p.grantAnswerCut() // answered: the grant is stored
			return
		}
		if n > 0 {
			if _, werr := c.Write(buf[:n]); werr != nil {
				break
			}
		}
		if err != nil {
			break
		}
	}
	if duplicate {
		// The same request again, as a client retrying after a lost
		// answer would: its answer goes nowhere.
		sentMu.Lock()
		again := append([]byte(nil), sent...)
		sentMu.Unlock()
		if len(again) > 0 {
			p.faults.Add(1)
			if d, err := net.Dial("tcp", target); err == nil {
				d.Write(again)
				d.(*net.TCPConn).CloseWrite()
				io.Copy(io.Discard, d)
				d.Close()
			}
		}
	}
}
