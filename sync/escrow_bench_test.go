package sync_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	gosync "sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
	"guichet/sync"
	"guichet/sync/api"
)

// benchCatalog is the demo catalog with a lawn of a million places, so a
// benchmark never runs out of what it asks for.
func benchCatalog(t testing.TB) []byte {
	var doc map[string]any
	must(t, json.Unmarshal(fixtures.Demo, &doc))
	for _, v := range doc["venues"].([]any) {
		for _, z := range v.(map[string]any)["zones"].([]any) {
			if z := z.(map[string]any); z["id"] == "pelouse" {
				z["capacity"] = 1_000_000
			}
		}
	}
	data, err := json.Marshal(doc)
	must(t, err)
	return data
}

// Grant requests per second: 50 registers ask at once over HTTP, each for
// one place of one of the festival's three days (three rows every request
// competes for). Target: >= 500 requests/s on one PostgreSQL.
func BenchmarkGrantRequests50Registers(b *testing.B) {
	c := newCentral(b)
	ctx := context.Background()
	_, err := c.store.LoadCatalog(ctx, "bench.json", benchCatalog(b))
	must(b, err)
	const registers = 50
	tokens := make([]string, registers)
	for i := range tokens {
		pub, _, _ := ed25519.GenerateKey(nil)
		tokens[i], err = c.store.AddRegister(ctx, fmt.Sprintf("B%02d", i), pub)
		must(b, err)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: registers}}
	var next atomic.Int64
	b.ResetTimer()
	start := time.Now()
	var wg gosync.WaitGroup
	for i := range registers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := next.Add(1); n <= int64(b.N); n = next.Add(1) {
				res := local.ZoneResource(fmt.Sprintf("festival-j%d", 1+n%3), "pelouse")
				body, _ := json.Marshal(api.GrantRequest{ID: uuid.NewString(), Asks: []api.Ask{{Resource: res, Want: 1}}})
				req, _ := http.NewRequest(http.MethodPost, c.URL()+"/v1/grants", bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+tokens[i])
				resp, err := client.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Errorf("grant: %s", resp.Status)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "grants/s")
}

// The sale latency a register sees: with the grant in hand (the usual
// case: the escrow asks ahead, below the low watermark), and when it must
// ask the server for it first (a sale bigger than what it holds).
func BenchmarkSaleLatency(b *testing.B) {
	c := newCentral(b)
	ctx := context.Background()
	data := benchCatalog(b)
	_, err := c.store.LoadCatalog(ctx, "bench.json", data)
	must(b, err)
	cat, err := pos.ParseCatalog("bench", data, testToday)
	must(b, err)
	res := local.ZoneResource("festival-j1", "pelouse")
	runs := 0
	for _, mode := range []string{"grant in hand", "asking online"} {
		b.Run(mode, func(b *testing.B) {
			runs++ // each run of b's function is a register of its own
			name := fmt.Sprintf("L%03d", runs)
			r, err := local.Open(local.Options{Path: filepath.Join(b.TempDir(), name+".db"), Register: name, Catalog: cat,
				Now: func() time.Time { return testToday }, Escrow: true})
			must(b, err)
			defer r.Close()
			token, err := c.store.AddRegister(ctx, name, r.PublicKey())
			must(b, err)
			e := sync.NewEscrow(r, sync.EscrowOptions{Central: c.URL(), Token: token})
			till, err := r.Unlock("claire", "1234")
			must(b, err)
			_, err = till.OpenShift(pos.M(0, "CHF"))
			must(b, err)
			if mode == "grant in hand" {
				_, err := e.Ask(ctx, res, b.N, 0)
				must(b, err)
			}
			b.ResetTimer()
			for i := range b.N {
				if mode == "asking online" {
					if _, err := e.Ask(ctx, res, 1, i); err != nil {
						b.Fatal(err)
					}
				}
				if err := till.AddTickets("festival-j1", "pelouse", "adult", 1); err != nil {
					b.Fatal(err)
				}
				if _, err := till.Checkout([]pos.Tender{{Method: "cash"}}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/sale")
		})
	}
}
