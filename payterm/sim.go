package payterm

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"sync"
	"time"

	"guichet/pos"
)

// Simulator is a payment terminal for the demo and the tests: it listens
// on the loopback only and answers the TCP line protocol.
//
// What a charge answers: the outcome set by the last "next" command (once),
// else by the amount's cents: .51 declined, .52 cancelled, .53 timed out,
// .54 approved with the answer lost (the connection closes with no
// answer: the register must reconcile); anything else is approved.
type Simulator struct {
	// Delay is how long the customer takes to tap (default none).
	Delay time.Duration
	// TimeoutAfter is how long a charge that times out waits before it
	// says so (default 30 s).
	TimeoutAfter time.Duration
	// Remember is how many charges it keeps by ref, to answer a status
	// or a charge asked again (default 10,000: weeks of a busy box
	// office's card payments); older ones are forgotten, as a real
	// terminal's journal rolls over, so a simulator left running does not
	// grow without end.
	Remember int

	ln   net.Listener
	mu   sync.Mutex
	next []Outcome
	seen map[string]Result // the charges remembered, by ref
	refs []string          // their refs, oldest first
	// busy: the charges waiting for the customer, by ref, each closed
	// once its outcome is remembered
	busy map[string]chan struct{}
	n    int
	// Charges counts charges approved (a ref asked twice counts once).
	charges int
	log     func(error)
}

// Lost is the "next" command's outcome for an approval whose answer is
// never sent.
const Lost Outcome = "lost"

// Listen starts a simulator on addr, which must be a loopback address
// ("127.0.0.1:0" picks a port). log, when not nil, is given a line for
// each charge, a pos sentence that pos.Say writes in the language of the
// person watching (guichet terminal-sim --lang fr).
func Listen(addr string, log func(line error)) (*Simulator, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, pos.Errorf("the terminal simulator listens on this machine only (127.0.0.1), not %s", host)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = func(error) {}
	}
	s := &Simulator{ln: ln, seen: map[string]Result{}, busy: map[string]chan struct{}{}, log: log}
	go s.serve()
	return s, nil
}

// Addr is where it listens.
func (s *Simulator) Addr() string { return s.ln.Addr().String() }

// Spec is the kiosk's --terminal for it.
func (s *Simulator) Spec() string { return "tcp://" + s.Addr() }

// Close stops listening.
func (s *Simulator) Close() error { return s.ln.Close() }

// SetNext makes the next charge answer o (approved, declined, cancelled,
// timeout or lost); several queue up.
func (s *Simulator) SetNext(o Outcome) error {
	switch o {
	case Approved, Declined, Cancelled, TimedOut, Lost:
	default:
		return pos.Errorf("the simulator answers approved, declined, cancelled, timeout or lost, not %q", o)
	}
	s.mu.Lock()
	s.next = append(s.next, o)
	s.mu.Unlock()
	return nil
}

// Approvals is how many charges it approved (each ref once).
func (s *Simulator) Approvals() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.charges
}

func (s *Simulator) serve() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		go s.handle(c)
	}
}

func (s *Simulator) handle(c net.Conn) {
	defer c.Close()
	line, err := bufio.NewReader(c).ReadBytes('\n')
	if err != nil {
		return
	}
	var req request
	if err := json.Unmarshal(line, &req); err != nil {
		return
	}
	var res Result
	switch req.Op {
	case "next":
		if err := s.SetNext(req.Outcome); err != nil {
			res = Result{Outcome: Unknown, Reason: err.Error()}
		} else {
			res = Result{Outcome: req.Outcome}
		}
	case "status":
		// a charge still waiting for the customer's tap was seen: its
		// status is its outcome, once there is one (a register that
		// cannot wait that long hears nothing: the outcome is unknown)
		s.mu.Lock()
		busy := s.busy[req.Ref]
		s.mu.Unlock()
		if busy != nil {
			<-busy
		}
		s.mu.Lock()
		r, ok := s.seen[req.Ref]
		s.mu.Unlock()
		if !ok {
			r = Result{Ref: req.Ref, Outcome: Unknown}
		}
		res = r
	case "charge":
		var send bool
		res, send = s.charge(req)
		if !send {
			return
		}
	default:
		return
	}
	out, _ := json.Marshal(res)
	_, _ = c.Write(append(out, '\n'))
}

// charge decides a charge's outcome; send false: close with no answer.
func (s *Simulator) charge(req request) (Result, bool) {
	s.mu.Lock()
	if r, ok := s.seen[req.Ref]; ok && r.Outcome == Approved {
		s.mu.Unlock()
		s.log(pos.Errorf("%s: already approved, answered again", req.Ref))
		return r, true // the same ref is never charged twice
	}
	o := outcomeByAmount(req.Amount)
	if len(s.next) > 0 {
		o, s.next = s.next[0], s.next[1:]
	}
	busy := s.busy[req.Ref]
	if busy == nil {
		busy = make(chan struct{})
		s.busy[req.Ref] = busy
		defer func() {
			s.mu.Lock()
			delete(s.busy, req.Ref)
			s.mu.Unlock()
			close(busy)
		}()
	}
	s.mu.Unlock()
	if s.Delay > 0 {
		time.Sleep(s.Delay)
	}
	if o == TimedOut {
		time.Sleep(cmp(s.TimeoutAfter, 30*time.Second))
	}
	res := Result{Ref: req.Ref, Outcome: o, Amount: req.Amount}
	if o == Lost {
		res.Outcome = Approved
	}
	s.mu.Lock()
	if res.Outcome == Approved {
		s.n++
		s.charges++
		res.TerminalRef = fmt.Sprintf("SIM-%06d", s.n)
		res.Approval = fmt.Sprintf("%06d", 100000+s.n*7919%900000)
		res.Brand, res.Last4 = "VISA", "4242"
	}
	if o == Declined {
		res.Reason = "declined by the card's bank"
	}
	s.remember(res)
	s.mu.Unlock()
	s.log(pos.Errorf("%s %s: %s", req.Ref, req.Amount, outcomeWords(o)))
	return res, o != Lost
}

// remember keeps a charge's result by its ref, forgetting the oldest
// past Remember. Called with s.mu held.
func (s *Simulator) remember(res Result) {
	if _, again := s.seen[res.Ref]; !again {
		s.refs = append(s.refs, res.Ref)
	}
	s.seen[res.Ref] = res
	limit := s.Remember
	if limit <= 0 {
		limit = 10000
	}
	for ; len(s.refs) > limit; s.refs = s.refs[1:] {
		delete(s.seen, s.refs[0])
	}
}

func outcomeByAmount(m pos.Money) Outcome {
	switch m.Amount % 100 {
	case 51:
		return Declined
	case 52:
		return Cancelled
	case 53:
		return TimedOut
	case 54:
		return Lost
	}
	return Approved
}
