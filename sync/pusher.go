package sync

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	gosync "sync"
	"time"

	"guichet/local"
	"guichet/pos"
	"guichet/sync/api"
)

// Journal is what the pusher reads and writes of a register's file:
// *local.Register (the running register) and *local.PushFile (guichet sync
// push) both are one.
type Journal interface {
	ID() string
	Entries(from uint64, max int) ([][]byte, error)
	EntryHash(seq uint64) (local.Digest, error)
	PushState() (local.PushState, error)
	SetPushed(seq uint64) error
	SignPush(body []byte) []byte
	// SignedTickets are the signatures of the tickets entries issue,
	// pushed beside them (api.PushRequest.Tickets).
	SignedTickets(entries [][]byte) ([]local.SignedTicket, error)
}

// Options configure a Pusher. Central and Token are required.
type Options struct {
	Central    string        // the server's base URL, e.g. http://central:8420
	Token      string        // the register's token (guichetd register add)
	Batch      int           // entries a push (default 500)
	Interval   time.Duration // between pushes when caught up (default 5 s)
	MaxBackoff time.Duration // longest wait after failures the server answered (default 1 min)
	Client     *http.Client  // default: 30 s timeout
	// OnCatalog receives a new catalog from the server, already validated.
	// The register applies it between sales, never mid-cart: the callback
	// may keep it until the carts are empty. An error is shown in the
	// status and the catalog is fetched again at the next pull.
	OnCatalog func(*pos.Catalog) error
	// Waiting and OnMailStates bring the central outbox's news back to
	// the register (PullMailStates): Waiting lists the ids of the
	// e-mails it queued that are still waiting (guichetd sends them);
	// OnMailStates receives what became of them on the server.
	// Run asks at most every MailInterval (default 30 s).
	Waiting      func() ([]string, error)
	OnMailStates func([]api.MailState) error
	MailInterval time.Duration
	// OnRound, when set, is called after each of Run's rounds (a push and
	// the pulls, whether they went through or not), from Run's goroutine:
	// Status may have changed, and a screen that draws only what changes
	// must be told.
	OnRound func()
	Log     *slog.Logger
	Now     func() time.Time
}

// Status is what the register's status line and guichet sync status show.
type Status struct {
	Register  string        `json:"register"`
	Online    bool          `json:"online"`   // the last exchange with the server succeeded
	Unpushed  uint64        `json:"unpushed"` // entries the server has not acknowledged
	Oldest    time.Time     `json:"oldest_unpushed,omitzero"`
	OldestAge time.Duration `json:"oldest_age_ns,omitempty"`
	Pushed    uint64        `json:"pushed_seq"`
	Last      uint64        `json:"last_seq"`
	LastPush  time.Time     `json:"last_push,omitzero"`
	LastError string        `json:"last_error,omitempty"` // the server away, a network problem...
	// Refused is set when the server refused the journal itself (a
	// changed entry, a journal that is not the one it stored, a wrong
	// key): pushing again will not help; someone must look.
	Refused string `json:"refused,omitempty"`
	Catalog string `json:"catalog_version,omitempty"` // ETag of the catalog applied last
}

// Pusher pushes one register's journal. Safe for concurrent use: Run in
// one goroutine, Status from any.
type Pusher struct {
	j Journal
	o Options

	mu   gosync.Mutex
	st   Status
	etag string

	mailAsked time.Time // Run's last PullMailStates
}

// New makes a pusher; nothing happens until Run or CatchUp.
func New(j Journal, o Options) *Pusher {
	if o.Batch <= 0 {
		o.Batch = 500
	}
	o.Batch = min(o.Batch, api.MaxBatch)
	if o.Interval <= 0 {
		o.Interval = 5 * time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = time.Minute
	}
	if o.Client == nil {
		o.Client = &http.Client{Timeout: 30 * time.Second}
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.MailInterval <= 0 {
		o.MailInterval = 30 * time.Second
	}
	o.Central = strings.TrimRight(o.Central, "/")
	return &Pusher{j: j, o: o, st: Status{Register: j.ID()}}
}

// Status is the pusher's view now, with the journal's unpushed count read
// afresh.
func (p *Pusher) Status() Status {
	p.mu.Lock()
	st := p.st
	p.mu.Unlock()
	if ps, err := p.j.PushState(); err == nil {
		st.Pushed, st.Last, st.Unpushed, st.Oldest = ps.Pushed, ps.Last, ps.Unpushed(), ps.Oldest
		if !ps.Oldest.IsZero() {
			st.OldestAge = p.o.Now().Sub(ps.Oldest)
		}
	}
	return st
}

// Exchange is what the last exchange with the server said (Online,
// LastPush, LastError, Refused, Catalog): Status without the journal's
// fields, which it leaves zero. It reads nothing of the journal, so a
// status line drawn on every frame may ask (the register keeps the
// journal's side in memory: local.Register.KeptPushState).
func (p *Pusher) Exchange() Status {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.st
}

// ErrRefused wraps a refusal of the journal itself (Status.Refused).
var ErrRefused = errors.New("the central server refused this journal")

// Run pushes until ctx ends: catches up, pulls the catalog (even when the
// push failed, unless the server did not answer it), waits
// Interval, again; after a failure the server answered it waits longer
// each time (with jitter) up to MaxBackoff, and a server that did not
// answer is looked for again every Interval (retryWait). A round the
// server answered is online, a push or not. It returns ctx's error.
func (p *Pusher) Run(ctx context.Context) error {
	failures := 0
	for {
		err := p.CatchUp(ctx)
		// The catalog is pulled whatever became of the push: a register
		// whose journal the server refuses, or fails to store, still hears
		// of a new catalog (perhaps the very fix). It is the box office's,
		// the same for every register of the server, and the register
		// checks it is its organiser's before it applies it (OnCatalog).
		// Only a push that never reached the server skips it: the
		// catalog request would wait as long for nothing.
		answered := false
		if ctx.Err() == nil && !unanswered(err) {
			a, cerr := p.pullCatalog(ctx)
			if err == nil {
				err, answered = cerr, a
			}
		}
		if now := p.o.Now(); err == nil && (now.Sub(p.mailAsked) >= p.o.MailInterval || now.Before(p.mailAsked)) {
			p.mailAsked = now
			err = p.PullMailStates(ctx)
		}
		wait := p.o.Interval
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			failures++
			wait = retryWait(failures, err, p.o.Interval, p.o.MaxBackoff)
			p.o.Log.Warn("push", "err", err, "retry_in", wait)
		} else {
			failures = 0
			if answered {
				// Nothing to push, the catalog unchanged: the server
				// answered all the same. Only a push said so, and a
				// register back from an outage with its journal pushed
				// said "offline" until its next sale.
				p.heard()
			}
		}
		if p.o.OnRound != nil {
			p.o.OnRound()
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// unanswered is a push whose request got no answer from the server (the
// network or the server down).
func unanswered(err error) bool {
	var ue *url.Error
	return errors.As(err, &ue)
}

// retryWait is how long Run waits after its failures-th failure in a
// row, err the last. A server that did not answer (the network down, the
// server stopped) is looked for again every interval, with jitter: no
// request reaches it to load it, and the status line said "offline" up to
// a minute after it was back. A server that answered with a failure (it
// is there, struggling) is asked less and less often, up to max.
func retryWait(failures int, err error, interval, max time.Duration) time.Duration {
	if unanswered(err) {
		return backoff(1, interval, max)
	}
	return backoff(failures, interval, max)
}

// backoff is base*2^(n-1), at most max, with jitter: between half and all
// of it, so registers back from the same outage do not come back at once.
func backoff(n int, base, max time.Duration) time.Duration {
	d := base
	for i := 1; i < n && d < max; i++ {
		d *= 2
	}
	d = min(d, max)
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

// CatchUp pushes until the server has every entry written so far.
func (p *Pusher) CatchUp(ctx context.Context) error {
	for {
		done, err := p.pushOnce(ctx)
		if err != nil || done {
			return err
		}
	}
}

// Confirm asks the server where its copy of this register's journal ends
// (GET /v1/journal), so that a push with nothing to send still checks the
// server, the token and the copy: CatchUp alone, everything pushed, sent
// nothing and said so whatever the server, URL or token. A copy that ends
// before what this file counts as pushed (the server's database restored
// from an older backup) moves the cursor back to it: resend says the
// entries after it must be pushed again (CatchUp). A copy this file does
// not continue (another register's token) is an error naming it.
func (p *Pusher) Confirm(ctx context.Context) (resend bool, err error) {
	st, err := p.j.PushState()
	if err != nil {
		return false, fmt.Errorf("read the journal: %w", err)
	}
	req, err := p.request(ctx, http.MethodGet, "/v1/journal", nil)
	if err != nil {
		return false, p.fail(err)
	}
	resp, err := p.o.Client.Do(req)
	if err != nil {
		return false, p.fail(fmt.Errorf("the central server does not answer: %w", err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return false, p.fail(fmt.Errorf("the central server's answer was cut: %w", err))
	}
	if resp.StatusCode != http.StatusOK {
		msg := resp.Status
		var eb api.ErrorBody
		if json.Unmarshal(data, &eb) == nil && eb.Error != "" {
			msg = eb.Error
		}
		return false, p.fail(fmt.Errorf("the central server refused the register: %s", msg))
	}
	var res api.PushResult
	if err := json.Unmarshal(data, &res); err != nil || res.Next == 0 {
		return false, p.fail(fmt.Errorf("the central server's answer is not where its copy of the journal ends"))
	}
	seq := res.Next - 1
	if seq > st.Last {
		return false, p.refuse(fmt.Sprintf("the central server holds entries up to %d of the register this token names, but this file (register %s) ends at %d: is the token this register's? (guichetd register list)", seq, st.Register, st.Last))
	}
	if seq > 0 {
		mine, err := p.j.EntryHash(seq)
		if err != nil {
			return false, p.fail(fmt.Errorf("read the journal: %w", err))
		}
		if mine != res.Hash {
			return false, p.refuse(fmt.Sprintf("entry %d of the register this token names on the central server is not this file's (register %s): is the token this register's? (guichetd register list)", seq, st.Register))
		}
	}
	if seq != st.Pushed {
		if err := p.j.SetPushed(seq); err != nil {
			return false, p.fail(fmt.Errorf("record the pushed entries: %w", err))
		}
	}
	p.ok()
	return seq < st.Last, nil
}

// ResendFrom makes the next push start at seq (the server acknowledges
// what it has as duplicates and stores nothing twice).
func (p *Pusher) ResendFrom(seq uint64) error { return p.j.SetPushed(max(seq, 1) - 1) }

func (p *Pusher) fail(err error) error {
	p.mu.Lock()
	p.st.Online = false
	p.st.LastError = err.Error()
	p.mu.Unlock()
	return err
}

func (p *Pusher) refuse(msg string) error {
	p.mu.Lock()
	p.st.Online = true
	p.st.Refused = msg
	p.st.LastError = msg
	p.mu.Unlock()
	return fmt.Errorf("%w: %s", ErrRefused, msg)
}

// heard marks the server as answering (a round's pulls answered, its
// push had nothing to send): online, the failure it had not answered
// forgotten. A refusal stays until a push is taken (ok).
func (p *Pusher) heard() {
	p.mu.Lock()
	p.st.Online = true
	if p.st.Refused == "" {
		p.st.LastError = ""
	}
	p.mu.Unlock()
}

func (p *Pusher) ok() {
	p.mu.Lock()
	p.st.Online = true
	p.st.LastError = ""
	p.st.Refused = ""
	p.st.LastPush = p.o.Now()
	p.mu.Unlock()
}

func (p *Pusher) request(ctx context.Context, method, path string, body []byte) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, p.o.Central+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+p.o.Token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(api.SignatureHeader, base64.RawURLEncoding.EncodeToString(p.j.SignPush(body)))
	}
	return req, nil
}

// pushOnce sends one batch from the cursor on; done when nothing is left.
func (p *Pusher) pushOnce(ctx context.Context) (done bool, err error) {
	st, err := p.j.PushState()
	if err != nil {
		return false, fmt.Errorf("read the journal: %w", err)
	}
	if st.Pushed >= st.Last {
		return true, nil
	}
	entries, err := p.j.Entries(st.Pushed+1, p.o.Batch)
	if err != nil {
		return false, fmt.Errorf("read the journal: %w", err)
	}
	tickets, err := p.j.SignedTickets(entries)
	if err != nil {
		return false, fmt.Errorf("sign the tickets of the batch: %w", err)
	}
	push := api.PushRequest{Entries: entries, Tickets: tickets}
	body := api.AppendPush(make([]byte, 0, api.PushSize(push)), push)
	req, err := p.request(ctx, http.MethodPost, "/v1/push", body)
	if err != nil {
		return false, p.fail(err)
	}
	resp, err := p.o.Client.Do(req)
	if err != nil {
		return false, p.fail(fmt.Errorf("the central server does not answer: %w", err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return false, p.fail(fmt.Errorf("the central server's answer was cut: %w", err))
	}
	switch resp.StatusCode {
	case http.StatusOK:
		var res api.PushResult
		if err := json.Unmarshal(data, &res); err != nil || res.Next == 0 {
			return false, p.fail(fmt.Errorf("the central server's answer is not a push result"))
		}
		if err := p.acknowledged(res.Next-1, res.Hash, st); err != nil {
			return false, err
		}
		p.ok()
		return res.Next-1 >= st.Last, nil
	case http.StatusConflict, http.StatusUnprocessableEntity:
		var eb api.ErrorBody
		if err := json.Unmarshal(data, &eb); err != nil {
			return false, p.fail(fmt.Errorf("the central server refused the batch (%s)", resp.Status))
		}
		if eb.Code == "gap" && eb.ExpectedSeq > 0 {
			var h local.Digest
			if err := h.UnmarshalText([]byte(eb.ExpectedHash)); err != nil {
				return false, p.fail(fmt.Errorf("the central server's answer is not a push result"))
			}
			if err := p.acknowledged(eb.ExpectedSeq-1, h, st); err != nil {
				return false, err
			}
			p.ok()
			return false, nil
		}
		return false, p.refuse(eb.Error)
	case http.StatusForbidden, http.StatusUnauthorized:
		// Retired (written off), or a token revoked or unknown: refused
		// until someone acts on the server, said as the server says it
		// (as "offline", the box office looked for a network fault).
		var eb api.ErrorBody
		if json.Unmarshal(data, &eb) != nil || eb.Error == "" {
			return false, p.fail(fmt.Errorf("the central server refused the push (%s)", resp.Status))
		}
		return false, p.refuse(eb.Error)
	default:
		var eb api.ErrorBody
		msg := resp.Status
		if json.Unmarshal(data, &eb) == nil && eb.Error != "" {
			msg = eb.Error
		}
		return false, p.fail(fmt.Errorf("the central server refused the push: %s", msg))
	}
}

// acknowledged moves the cursor to seq, the server's last stored entry,
// once its hash there is this journal's: a server holding another
// history, or more than this file holds, is refused, not believed.
func (p *Pusher) acknowledged(seq uint64, hash local.Digest, st local.PushState) error {
	if seq > st.Last {
		return p.refuse(fmt.Sprintf("the central server holds entries of register %s up to %d, but this file ends at %d: is this the register's own file?", st.Register, seq, st.Last))
	}
	mine, err := p.j.EntryHash(seq)
	if err != nil {
		return p.fail(fmt.Errorf("read the journal: %w", err))
	}
	if mine != hash {
		return p.refuse(fmt.Sprintf("entry %d on the central server differs from this file's: the journals diverged (guichet journal verify)", seq))
	}
	if seq != st.Pushed {
		if err := p.j.SetPushed(seq); err != nil {
			return p.fail(fmt.Errorf("record the pushed entries: %w", err))
		}
	}
	return nil
}

// PullCatalog fetches the server's catalog when it changed since the last
// one applied (If-None-Match) and hands it to OnCatalog.
func (p *Pusher) PullCatalog(ctx context.Context) error {
	_, err := p.pullCatalog(ctx)
	return err
}

// pullCatalog is PullCatalog; answered says the server answered it
// without a failure (the catalog unchanged, none, or a new one applied).
func (p *Pusher) pullCatalog(ctx context.Context) (answered bool, err error) {
	if p.o.OnCatalog == nil {
		return false, nil
	}
	req, err := p.request(ctx, http.MethodGet, "/v1/catalog", nil)
	if err != nil {
		return false, err
	}
	p.mu.Lock()
	etag := p.etag
	p.mu.Unlock()
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	resp, err := p.o.Client.Do(req)
	if err != nil {
		return false, p.fail(fmt.Errorf("the central server does not answer: %w", err))
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusNotModified:
		return true, nil
	case http.StatusNotFound:
		return true, nil // no catalog on the server: the register keeps its own
	case http.StatusOK:
	case http.StatusForbidden:
		// Retired: refused for good, as its pushes are (Run asks even
		// when the push was refused), said as the server says it.
		var eb api.ErrorBody
		if json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&eb) != nil || eb.Error == "" {
			return false, p.fail(fmt.Errorf("the central server refused the catalog request: %s", resp.Status))
		}
		return false, p.refuse(eb.Error)
	default:
		return false, p.fail(fmt.Errorf("the central server refused the catalog request: %s", resp.Status))
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return false, p.fail(fmt.Errorf("the catalog download was cut: %w", err))
	}
	cat, err := pos.ParseCatalog("the central catalog", data, p.o.Now())
	if err != nil {
		return false, p.fail(fmt.Errorf("the central server's catalog is not valid: %w", err))
	}
	if err := p.o.OnCatalog(cat); err != nil {
		return false, p.fail(fmt.Errorf("apply the central catalog: %w", err))
	}
	p.mu.Lock()
	p.etag = resp.Header.Get("ETag")
	p.st.Catalog = p.etag
	p.mu.Unlock()
	return true, nil
}

// PullMailStates asks the server what became of the e-mails the register
// queued and still shows waiting (Options.Waiting), and hands the answer
// to OnMailStates: the register records the ones sent or refused, so its
// desk shows a refusal as when it sent itself. It asks about every one, at
// most api.MaxMailStates a request, and hands over the answers together:
// messages guichetd holds for a later try (a 4xx) stay waiting for days,
// and asking about the oldest alone never told the register of the newer.
func (p *Pusher) PullMailStates(ctx context.Context) error {
	if p.o.Waiting == nil || p.o.OnMailStates == nil {
		return nil
	}
	ids, err := p.o.Waiting()
	if err != nil || len(ids) == 0 {
		return err
	}
	var states []api.MailState
	for len(ids) > 0 {
		n := min(len(ids), api.MaxMailStates)
		some, ok, err := p.mailStates(ctx, ids[:n])
		if err != nil || !ok {
			return err
		}
		states = append(states, some...)
		ids = ids[n:]
	}
	if err := p.o.OnMailStates(states); err != nil {
		return fmt.Errorf("record the e-mail states: %w", err)
	}
	return nil
}

// mailStates asks the server about some e-mails; ok is false when it does
// not send e-mail (an older server).
func (p *Pusher) mailStates(ctx context.Context, ids []string) (states []api.MailState, ok bool, err error) {
	q := url.Values{"id": ids}
	req, err := p.request(ctx, http.MethodGet, "/v1/outbox?"+q.Encode(), nil)
	if err != nil {
		return nil, false, err
	}
	resp, err := p.o.Client.Do(req)
	if err != nil {
		return nil, false, p.fail(fmt.Errorf("the central server does not answer: %w", err))
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusNotFound:
		return nil, false, nil // an older server: it does not send e-mail
	default:
		return nil, false, p.fail(fmt.Errorf("the central server refused the e-mail states request: %s", resp.Status))
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 16<<20)).Decode(&states); err != nil {
		return nil, false, p.fail(fmt.Errorf("the central server's e-mail states are not readable: %w", err))
	}
	return states, true, nil
}
