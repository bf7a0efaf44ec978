package sync_test

import (
	"context"
	gosync "sync"
	"testing"
	"time"

	"guichet/local"
	"guichet/sync"
)

// countingHolder is a register's holdings that counts how often they are
// read.
type countingHolder struct {
	mu       gosync.Mutex
	holdings []local.Holding
	reads    int
}

func (h *countingHolder) Holdings() ([]local.Holding, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.reads++
	return append([]local.Holding(nil), h.holdings...), nil
}

func (h *countingHolder) RecordLeases(time.Time, []local.Lease) error { return nil }
func (h *countingHolder) LeasesAndAllotments([]string) (map[string]int64, map[string]int, error) {
	return nil, nil, nil
}

func (h *countingHolder) Return(map[string]int, bool) (map[string]int, error) { return nil, nil }

func (h *countingHolder) SeatsUsed(string, string, []string) (map[string]int, error) {
	return nil, nil
}

// TestEscrowStatusReadsNoHoldings: the status line asks the escrow's
// status at every frame; it says what the last look at the holdings found
// (a lease ended, then renewed) without reading them again.
func TestEscrowStatusReadsNoHoldings(t *testing.T) {
	h := &countingHolder{holdings: []local.Holding{{Resource: "a", Left: 1, Expired: true}, {Resource: "b", Left: 30}}}
	e := sync.NewEscrow(h, sync.EscrowOptions{Central: "http://127.0.0.1:1", Token: "t"})
	_ = e.Refill(context.Background()) // the server away: the ask fails
	reads := h.reads
	for range 10 {
		if st := e.Status(); st.Expired != 1 || st.Online {
			t.Fatalf("status %+v, want one lease ended, offline", st)
		}
	}
	if h.reads != reads {
		t.Fatalf("10 looks at the status read the holdings %d times", h.reads-reads)
	}
	h.mu.Lock()
	h.holdings[0].Expired = false
	h.mu.Unlock()
	_ = e.Refill(context.Background())
	if st := e.Status(); st.Expired != 0 {
		t.Fatalf("status %+v after a look at holdings none of which ended", st)
	}
}
