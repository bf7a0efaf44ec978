package sync_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	gosync "sync"
	"sync/atomic"
	"testing"
	"time"

	"guichet/sync"
	"guichet/sync/api"
)

// hangingGrants stands between an escrow and the server: the first grant
// request reaches the server (which grants it), but its answer is held
// until the register gives up on it, as on a network that swallows the
// packets back. It keeps the ids of the grant requests it saw.
type hangingGrants struct {
	srv   *httptest.Server
	held  chan struct{} // closed once the first request's answer is held
	hang  atomic.Bool   // the next grant request's answer is held
	mu    gosync.Mutex
	ids   []string
	proxy *httputil.ReverseProxy
}

func newHangingGrants(t *testing.T, c *central) *hangingGrants {
	t.Helper()
	target, err := url.Parse(c.URL())
	must(t, err)
	h := &hangingGrants{held: make(chan struct{}), proxy: httputil.NewSingleHostReverseProxy(target)}
	h.hang.Store(true)
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/grants" {
			h.proxy.ServeHTTP(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		var req api.GrantRequest
		_ = json.Unmarshal(body, &req)
		h.mu.Lock()
		h.ids = append(h.ids, req.ID)
		h.mu.Unlock()
		if !h.hang.CompareAndSwap(true, false) {
			r.Body = io.NopCloser(bytes.NewReader(body))
			h.proxy.ServeHTTP(w, r)
			return
		}
		fwd, _ := http.NewRequest(http.MethodPost, c.URL()+"/v1/grants", bytes.NewReader(body))
		fwd.Header = r.Header.Clone()
		if resp, err := http.DefaultClient.Do(fwd); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		close(h.held)
		<-r.Context().Done() // the register gave up: it never hears the answer
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *hangingGrants) seen() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.ids...)
}

// inFlight counts the register's requests sent and not yet answered.
type inFlight struct {
	n    atomic.Int64
	next http.RoundTripper
}

func (f *inFlight) RoundTrip(r *http.Request) (*http.Response, error) {
	f.n.Add(1)
	defer f.n.Add(-1)
	return f.next.RoundTrip(r)
}

// A till asking for what its cart lacks (2 s to do it, the screen waiting)
// waited behind the background refill's request whenever one was out: on
// a network that swallows the answer, the 10 s of the HTTP client's
// timeout, the seller looking at a frozen screen. The till's ask gives up
// at its own deadline while the refill's request is still out, sending
// nothing; the refill's request, its answer lost, is sent again with its
// id before the till's next ask: the server grants it once.
func TestATillsAskGivesUpAtItsDeadlineWhileTheRefillsRequestHangs(t *testing.T) {
	c, cat := escrowCentral(t)
	a := openEscrow(t, c, cat, "K01", true)
	stub := newHangingGrants(t, c)
	flight := &inFlight{next: http.DefaultTransport}
	e := sync.NewEscrow(a.Register, sync.EscrowOptions{Central: stub.srv.URL, Token: a.token, Low: 2, Batch: 4,
		Client: &http.Client{Transport: flight, Timeout: 10 * time.Second}})

	refillCtx, stopRefill := context.WithCancel(context.Background())
	defer stopRefill()
	refilled := make(chan error, 1)
	go func() { refilled <- e.Refill(refillCtx) }()
	<-stub.held // the server granted the refill's batch; the register has not heard

	tillCtx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	_, err := e.Ask(tillCtx, gallery1, 3, 0)
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("the till's ask, the refill's request out: %v, want its deadline passed", err)
	}
	if n := flight.n.Load(); n != 1 {
		t.Fatalf("the till's ask came back with %d requests out, want the refill's still out: it waited for the refill's request to end", n)
	}
	if ids := stub.seen(); len(ids) != 1 {
		t.Fatalf("grant requests sent: %v, want the refill's alone", ids)
	}

	// The refill gives up; its answer is lost, its request pending.
	stopRefill()
	if err := <-refilled; err == nil {
		t.Fatal("the refill whose answer never came says it refilled")
	}
	if h := a.holding(t, gallery1); h.Allotted != 0 {
		t.Fatalf("the register journaled %d of the galerie from an answer it never heard", h.Allotted)
	}
	got, err := e.Ask(context.Background(), gallery1, 3, 0)
	must(t, err)
	if got != 3 {
		t.Fatalf("the till's next ask added %d, want 3", got)
	}
	ids := stub.seen()
	if len(ids) != 3 || ids[1] != ids[0] || ids[2] == ids[0] {
		t.Fatalf("grant requests sent: %v, want the refill's, the refill's again with its id, then the till's", ids)
	}
	h := a.holding(t, gallery1)
	if h.Allotted != 4+3 {
		t.Fatalf("the register holds %d of the galerie, want the refill's 4 and the till's 3", h.Allotted)
	}
	if total, by := serverGrants(t, c, gallery1); total != h.Allotted || by["K01"] != h.Allotted {
		t.Fatalf("the server counts %v granted of the galerie, the register holds %d", by, h.Allotted)
	}
}
