package sync_test

import (
	"cmp"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	gosync "sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"guichet/fixtures"
	"guichet/internal/cputime"
	"guichet/local"
	"guichet/pos"
	"guichet/sync"
)

// memJournal is a register's journal built in memory, chained and sealed
// as a register writes it: sales of one ticket (order.placed,
// payment.captured, ticket.issued), after register.key. Each sale is the
// one a real register writes (realSale: its lines, VAT, tendered cash and
// catalog digest), renumbered for the journal's register and order.
type memJournal struct {
	id      string
	key     ed25519.PrivateKey
	entries [][]byte
	hashes  []local.Digest
	codes   map[local.Digest]local.SignedTicket // a ticket.issued entry's hash: its ticket's signature
	mu      gosync.Mutex
	pushed  uint64
}

func newMemJournal(id string, n int) *memJournal { return newMemJournalQR(id, n, false) }

// newMemJournalQR is newMemJournal; with qrInEntry, each ticket.issued
// entry stores its ticket's code, as journals did before codes were
// derived, and no signature goes beside it.
func newMemJournalQR(id string, n int, qrInEntry bool) *memJournal {
	sale := realSale()
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	j := &memJournal{id: id, key: priv, codes: map[local.Digest]local.SignedTicket{}}
	var prev local.Digest
	add := func(typ string, payload any) {
		data, _ := json.Marshal(payload)
		e := local.Entry{Seq: uint64(len(j.entries) + 1), ID: uuid.New(), Time: testToday.Add(time.Duration(len(j.entries)) * time.Second),
			Register: id, Shift: id + "-S0001", Staff: "claire", Type: typ, Payload: data, Prev: prev}
		e.Seal()
		prev = e.Hash
		j.entries = append(j.entries, e.Canonical())
		j.hashes = append(j.hashes, e.Hash)
	}
	add(local.TypeRegisterKey, map[string]string{"public_key": base64.RawURLEncoding.EncodeToString(pub)})
	for o := 1; len(j.entries) < n; o++ {
		num := pos.OrderNumber(id, uint64(o))
		order := sale.order
		order.Number, order.Register = num, id
		tk := order.Tickets[0]
		tk.Number = pos.TicketNumber(num, 1)
		order.Tickets = []pos.Ticket{tk}
		pay := order.Payments[0]
		add(local.TypeOrderPlaced, orderPlaced{order, sale.catalog})
		add(local.TypePaymentCaptured, map[string]any{"order": num, "payment": pay})
		qr, _ := local.SignTicket(priv, tk) // signed ahead: the benchmarks measure the server
		if qrInEntry {
			add(local.TypeTicketIssued, map[string]any{"order": num, "ticket": tk, "qr": qr})
			continue
		}
		add(local.TypeTicketIssued, map[string]any{"order": num, "ticket": tk})
		sig, _ := local.CodeSignature(qr)
		j.codes[prev] = local.SignedTicket{Number: tk.Number, Sig: sig}
	}
	j.entries, j.hashes = j.entries[:n], j.hashes[:n]
	return j
}

// sale is one sale of one adult ticket paid in cash as a real register
// journals it: its order.placed entry's order and catalog digest.
type sale struct {
	order   pos.Order
	catalog string
}

// orderPlaced is an order.placed entry's payload, as local writes it.
type orderPlaced struct {
	Order   pos.Order `json:"order"`
	Catalog string    `json:"catalog"`
}

// realSale sells one ticket at a real register (a bbolt file in a
// temporary directory, the demo catalog) and reads the sale back from its
// journal, once for the package.
var realSale = gosync.OnceValue(func() sale {
	dir, err := os.MkdirTemp("", "guichet-sale-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	cat, err := fixtures.DemoCatalog(testToday)
	if err != nil {
		panic(err)
	}
	r, err := local.Open(local.Options{Path: filepath.Join(dir, "sale.db"), Register: "S01", Catalog: cat, Now: func() time.Time { return testToday }})
	if err != nil {
		panic(err)
	}
	defer r.Close()
	till, err := r.Unlock("claire", "1234")
	if err == nil {
		_, err = till.OpenShift(pos.M(20000, "CHF"))
	}
	if err == nil {
		err = till.AddTickets("hamlet-00", "galerie", "adult", 1)
	}
	if err == nil {
		_, err = till.Checkout([]pos.Tender{{Method: "cash"}})
	}
	raw, err2 := r.Entries(1, 1000)
	if err = cmp.Or(err, err2); err != nil {
		panic(err)
	}
	for _, v := range raw {
		e, err := local.DecodeEntry(v)
		if err != nil {
			panic(err)
		}
		if e.Type != local.TypeOrderPlaced {
			continue
		}
		var s orderPlaced
		if err := json.Unmarshal(e.Payload, &s); err != nil {
			panic(err)
		}
		if len(s.Order.Tickets) != 1 || len(s.Order.Payments) != 1 || len(s.Order.Lines) != 1 || s.Catalog == "" {
			panic(fmt.Sprintf("the sale is not one ticket paid at once: %s", e.Payload))
		}
		return sale{s.Order, s.Catalog}
	}
	panic("the register journaled no order.placed")
})

func (j *memJournal) ID() string { return j.id }
func (j *memJournal) Entries(from uint64, max int) ([][]byte, error) {
	from = min(max1(from), uint64(len(j.entries))+1)
	return j.entries[from-1 : min(int(from-1)+max, len(j.entries))], nil
}
func max1(n uint64) uint64 { return max(n, 1) }
func (j *memJournal) EntryHash(seq uint64) (local.Digest, error) {
	if seq == 0 {
		return local.Digest{}, nil
	}
	return j.hashes[seq-1], nil
}
func (j *memJournal) PushState() (local.PushState, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return local.PushState{Register: j.id, Last: uint64(len(j.entries)), Pushed: j.pushed}, nil
}
func (j *memJournal) SetPushed(seq uint64) error {
	j.mu.Lock()
	j.pushed = seq
	j.mu.Unlock()
	return nil
}
func (j *memJournal) SignPush(body []byte) []byte { return ed25519.Sign(j.key, body) }
func (j *memJournal) SignedTickets(raw [][]byte) ([]local.SignedTicket, error) {
	var out []local.SignedTicket
	for _, v := range raw {
		var h local.Digest
		copy(h[:], v[len(v)-len(h):]) // stored form: the hash last
		if c, ok := j.codes[h]; ok {
			out = append(out, c)
		}
	}
	return out, nil
}

// BenchmarkCentralIngest: 50 registers push their journals concurrently in
// batches of 100 entries (HTTP, verification, projections, one transaction
// a batch), then the same rows go into a table like entries with raw COPY
// (50 concurrent COPYs of 100 rows). Target: ingest >= 0.5 of COPY.
// Each batch carries its tickets' signatures (one ticket every three
// entries), as a register's push does since issue 18: the server stores
// each with its ticket's row (it checks it when it sends the ticket, not
// here).
func BenchmarkCentralIngest(b *testing.B) {
	const registers, perRegister, batch = 50, 2000, 100
	journals := make([]*memJournal, registers)
	for i := range journals {
		journals[i] = newMemJournal(fmt.Sprintf("R%02d", i+1), perRegister)
	}
	total := float64(registers * perRegister)
	var ingest, raw, ingestCPU, rawCPU, ingestSelf, rawSelf time.Duration
	var walIngest, walRaw float64 // bytes of WAL PostgreSQL wrote: what each stored, counted exactly
	cpuOK := true
	for b.Loop() {
		b.StopTimer()
		c := newCentral(b)
		ctx := context.Background()
		tokens := make([]string, registers)
		for i, j := range journals {
			j.pushed = 0
			var err error
			tokens[i], err = c.store.AddRegister(ctx, j.id, j.key.Public().(ed25519.PublicKey))
			if err != nil {
				b.Fatal(err)
			}
		}
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: registers}}
		wal0 := walLSN(b, c)
		b.StartTimer()
		cpu0, ok0 := cpuUsed(pg.PID())
		self0 := cputime.Self()
		start := time.Now()
		var wg gosync.WaitGroup
		for i, j := range journals {
			wg.Go(func() {
				if err := sync.New(j, sync.Options{Central: c.URL(), Token: tokens[i], Batch: batch, Client: client}).CatchUp(ctx); err != nil {
					b.Error(err)
				}
			})
		}
		wg.Wait()
		ingest += time.Since(start)
		cpu1, ok1 := cpuUsed(pg.PID())
		self1 := cputime.Self()
		b.StopTimer()
		walIngest += walLSN(b, c) - wal0
		if _, err := c.store.Pool().Exec(ctx, `CREATE TABLE entries_raw (LIKE entries INCLUDING ALL)`); err != nil {
			b.Fatal(err)
		}
		rows := make([][][]any, registers)
		for i, j := range journals {
			for _, v := range j.entries {
				e, _ := local.DecodeEntry(v)
				rows[i] = append(rows[i], []any{j.id, int64(e.Seq), e.ID, e.Time, e.Type, e.Shift, e.Hash[:], v})
			}
		}
		wal1 := walLSN(b, c)
		cpu1b, ok1b := cpuUsed(pg.PID())
		self1b := cputime.Self()
		start = time.Now()
		for i := range journals {
			wg.Go(func() {
				for k := 0; k < len(rows[i]); k += batch {
					_, err := c.store.Pool().CopyFrom(ctx, pgx.Identifier{"entries_raw"}, []string{"register", "seq", "id", "at", "type", "shift", "hash", "data"},
						pgx.CopyFromRows(rows[i][k:min(k+batch, len(rows[i]))]))
					if err != nil {
						b.Error(err)
					}
				}
			})
		}
		wg.Wait()
		raw += time.Since(start)
		walRaw += walLSN(b, c) - wal1
		cpu2, ok2 := cpuUsed(pg.PID())
		self2 := cputime.Self()
		ingestSelf += self1 - self0
		rawSelf += self2 - self1b
		ingestCPU += cpu1 - cpu0
		rawCPU += cpu2 - cpu1b
		cpuOK = cpuOK && ok0 && ok1 && ok1b && ok2
		b.StartTimer()
	}
	n := float64(b.N)
	b.ReportMetric(total*n/ingest.Seconds(), "ingest-entries/s")
	b.ReportMetric(total*n/raw.Seconds(), "copy-entries/s")
	b.ReportMetric(raw.Seconds()/ingest.Seconds(), "ratio")
	b.Logf("ingest %.0f entries/s, raw COPY %.0f entries/s, ratio %.2f (target >= 0.5)", total*n/ingest.Seconds(), total*n/raw.Seconds(), raw.Seconds()/ingest.Seconds())
	b.ReportMetric(walIngest/(total*n), "ingest-wal-B/entry")
	b.ReportMetric(walRaw/(total*n), "copy-wal-B/entry")
	b.Logf("WAL written: ingest %.0f bytes an entry, raw COPY %.0f", walIngest/(total*n), walRaw/(total*n))
	if cpuOK {
		// The wall clock counts whatever else the machine runs; the CPU
		// time the work used (this process and PostgreSQL) does not.
		b.ReportMetric(rawCPU.Seconds()/ingestCPU.Seconds(), "cpu-ratio")
		b.Logf("CPU used: ingest %.2f s, raw COPY %.2f s, ratio %.2f (of which this process, registers and guichetd: %.2f s and %.2f s)",
			ingestCPU.Seconds(), rawCPU.Seconds(), rawCPU.Seconds()/ingestCPU.Seconds(), ingestSelf.Seconds(), rawSelf.Seconds())
		// Each side apart: PostgreSQL stores the projections' rows and
		// index entries beside the entries' (about twice COPY's work);
		// this process signs, verifies, decodes and encodes, where the
		// raw COPY's only encodes its rows (pgx, from []any).
		pgIngest, pgRaw := ingestCPU-ingestSelf, rawCPU-rawSelf
		b.ReportMetric(pgRaw.Seconds()/pgIngest.Seconds(), "pg-cpu-ratio")
		b.ReportMetric(rawSelf.Seconds()/ingestSelf.Seconds(), "go-cpu-ratio")
		b.Logf("CPU used apart: PostgreSQL ingest %.2f s, raw COPY %.2f s (ratio %.2f); this process ingest %.2f s, raw COPY %.2f s (ratio %.2f)",
			pgIngest.Seconds(), pgRaw.Seconds(), pgRaw.Seconds()/pgIngest.Seconds(), ingestSelf.Seconds(), rawSelf.Seconds(), rawSelf.Seconds()/ingestSelf.Seconds())
	}
}

// BenchmarkCatchUp10000: a register 10,000 entries behind catches up
// against a local server (target < 3 s), in batches of 500.
func BenchmarkCatchUp10000(b *testing.B) {
	j := newMemJournal("K01", 10000)
	var total time.Duration
	for b.Loop() {
		b.StopTimer()
		c := newCentral(b)
		j.pushed = 0
		token, err := c.store.AddRegister(context.Background(), j.id, j.key.Public().(ed25519.PublicKey))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		if err := sync.New(j, sync.Options{Central: c.URL(), Token: token}).CatchUp(context.Background()); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
	}
	b.ReportMetric(total.Seconds()/float64(b.N), "s/catch-up")
}

// walLSN is where PostgreSQL's write-ahead log is, in bytes.
func walLSN(b *testing.B, c *central) float64 {
	var lsn float64
	if err := c.store.Pool().QueryRow(context.Background(), `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::float8`).Scan(&lsn); err != nil {
		b.Fatal(err)
	}
	return lsn
}
