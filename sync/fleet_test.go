package sync_test

// The fleet simulation: eight registers, each a process of its own (this
// test binary started again, fleetChildEnv set) with its own bbolt file
// and the real register service (counter.Service with escrow), sell at
// once through fault proxies to one or two guichetd on one PostgreSQL,
// while the seed's schedule partitions them, kills them (SIGKILL) and
// starts them again, restarts the servers, skews their clocks and makes
// the proxies drop, delay, duplicate and cut requests. At the end every
// journal must be stored whole, the server's projections equal a rebuild
// from the stored journals, nothing a seller was told was sold is
// missing, and nothing is oversold. Without escrow the same seeds
// oversell, and the checker says what and by how much.

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"guichet/counter"
	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
	"guichet/sync"
	"guichet/sync/server"
)

const fleetChildEnv = "GUICHET_FLEET_CHILD"

var (
	fleetSeed  = flag.Uint64("fleet.seed", 0, "run the fleet simulation with this seed only (the one a failure printed)")
	fleetSeeds = flag.Int("fleet.seeds", 0, "how many seeds the fleet simulation runs (1..N; make soak SEEDS=N); default 3, 1 under the race detector")
	fleetFrom  = flag.Uint64("fleet.from", 1, "the first seed (make soak FROM=N): a long soak run in parts goes on where the last part stopped")
	fleetFor   = flag.Duration("fleet.for", 4*time.Second, "how long the fleet sells in each run")
	fleetPar   = flag.Int("fleet.parallel", 1, "how many seeds run at once, each on its own database of the one PostgreSQL (make soak PARALLEL=N)")
	fleetKeep  = flag.Bool("fleet.keep", false, "keep the files of a seed that fails (the registers' journals and what the sellers were told), and say where (make soak does)")
)

const (
	fleetRegisters = 8
	fleetTTL       = 2 * time.Second        // grants last this long: partitions outlast them
	fleetSkew      = 400 * time.Millisecond // clocks differ by up to this much
	fleetMargin    = 600 * time.Millisecond // the server takes ended grants back this long after: more than the skew
	fleetGallery   = 60                     // places in galerie of hamlet-01 and -02
	fleetPass      = 40                     // festival-3-jours passes
	fleetOffer     = 10                     // tickets that may benefit from "bienvenue"
	fleetOfferZone = 6                      // of them, in galerie on hamlet-01 (a quota per zone)
	fleetOfferCat  = 6                      // of them, adults at the other dates of hamlet (a quota per category)
	fleetCodeUses  = 8                      // orders that may use BIENVENUE
	fleetInterval  = 40 * time.Millisecond  // how often pushers and escrows look
)

func fleetSeedList() []uint64 {
	if *fleetSeed != 0 {
		return []uint64{*fleetSeed}
	}
	n := *fleetSeeds
	if n <= 0 {
		n = 3
		if raceDetector {
			n = 1 // ten times slower: make test's unit run has the three
		}
	}
	out := make([]uint64, n)
	for i := range out {
		out[i] = *fleetFrom + uint64(i)
	}
	return out
}

// Seeds run one after the other, or -fleet.parallel at once: each seed
// has its own databases, servers, proxies, files and processes, and checks
// the same things either way.
func TestFleetEscrowNeverOversells(t *testing.T) {
	// Beside the tests that mostly sleep (t.Parallel: after all the
	// others), never beside the negative control, whose eight registers
	// would take the CPU its seeds sell with.
	t.Parallel()
	seeds := fleetSeedList()
	var mu gosync.Mutex
	var failed []string
	held, done := 0, 0
	next := make(chan uint64)
	var wg gosync.WaitGroup
	for range max(1, min(*fleetPar, len(seeds))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for seed := range next {
				ok := t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
					res := runFleet(t, seed, true, *fleetFor)
					if bad := append(res.oversold, res.problems...); len(bad) > 0 {
						mu.Lock()
						if res.kept != "" {
							bad = append(bad, "kept: the registers' files (K01.db... and what each told its seller, K01.acks...) in "+res.kept)
						}
						failed = append(failed, fmt.Sprintf("seed %d (go test ./sync -run TestFleetEscrowNeverOversells -fleet.seed=%d):\n  %s", seed, seed, strings.Join(bad, "\n  ")))
						mu.Unlock()
						return
					}
					t.Logf("seed %d held: %s", seed, res.summary)
					mu.Lock()
					held++
					mu.Unlock()
				})
				mu.Lock()
				if !ok && (len(failed) == 0 || !strings.HasPrefix(failed[len(failed)-1], fmt.Sprintf("seed %d ", seed))) {
					failed = append(failed, fmt.Sprintf("seed %d (go test ./sync -run TestFleetEscrowNeverOversells -fleet.seed=%d): the run itself failed (above)", seed, seed))
				}
				// a long soak says how far it is (a part stopped early
				// still tells how many held)
				if done++; len(seeds) >= 500 && done%250 == 0 {
					fmt.Printf("fleet: %d of %d seeds run, %d held, %d failed (%s)\n", done, len(seeds), held, len(failed), time.Now().Format("15:04:05"))
				}
				mu.Unlock()
			}
		}()
	}
	for _, seed := range seeds {
		next <- seed
	}
	close(next)
	wg.Wait()
	sort.Strings(failed)
	fmt.Printf("fleet: %d of %d seeds held (seeds %d to %d)\n", held, len(seeds), seeds[0], seeds[len(seeds)-1])
	if len(failed) > 0 {
		t.Fatalf("the fleet oversold or lost something:\n%s", strings.Join(failed, "\n"))
	}
}

// The negative control: registers that sell from their catalog alone (no
// escrow) oversell under the same seeds, and the checker says what.
func TestFleetWithoutEscrowOversells(t *testing.T) {
	for _, seed := range fleetSeedList()[:min(2, len(fleetSeedList()))] {
		res := runFleet(t, seed, false, *fleetFor/2)
		if len(res.problems) > 0 {
			t.Fatalf("seed %d: %s", seed, strings.Join(res.problems, "\n"))
		}
		if len(res.oversold) == 0 {
			t.Fatalf("seed %d: without escrow nothing was oversold (%s): the simulation could not fail", seed, res.summary)
		}
		// The quotas inside an offer are checked too: one of them is
		// oversold, named with its scope item.
		item := false
		for _, o := range res.oversold {
			item = item || strings.HasPrefix(o, "the quota of offer bienvenue for ")
		}
		if !item {
			t.Fatalf("seed %d: without escrow no quota of an offer's scope item was oversold: the checker misses them\n  %s", seed, strings.Join(res.oversold, "\n  "))
		}
		t.Logf("seed %d without escrow oversold, as it must:\n  %s", seed, strings.Join(res.oversold, "\n  "))
	}
}

// fleetCatalog is the demo catalog with small limits, so eight registers
// compete for them.
func fleetCatalog(t testing.TB) []byte {
	var doc map[string]any
	must(t, json.Unmarshal(fixtures.Demo, &doc))
	for _, p := range doc["performances"].([]any) {
		p := p.(map[string]any)
		if p["id"] == "hamlet-01" || p["id"] == "hamlet-02" {
			p["capacity"] = map[string]any{"galerie": fleetGallery}
		}
	}
	for _, p := range doc["passes"].([]any) {
		if p := p.(map[string]any); p["id"] == "festival-3-jours" {
			p["capacity"] = fleetPass
		}
	}
	for _, o := range doc["offers"].([]any) {
		if o := o.(map[string]any); o["id"] == "bienvenue" {
			o["max_tickets"] = fleetOffer
			// Quotas inside the offer, each escrowed on its own: a ticket
			// counts under the first item it fits.
			o["events"] = []any{
				map[string]any{"performance": "hamlet-01", "zone": "galerie", "quota": fleetOfferZone},
				map[string]any{"event": "hamlet", "category": "adult", "quota": fleetOfferCat},
			}
			o["codes"] = []any{map[string]any{"code": "BIENVENUE", "max_uses": fleetCodeUses}}
		}
	}
	data, err := json.Marshal(doc)
	must(t, err)
	return data
}

type fleetResult struct {
	oversold []string // "what: N sold of C (oversold by K)"
	problems []string // anything else that went wrong
	summary  string
	kept     string // -fleet.keep: where a failing seed's files were kept
}

// fleetServer is one guichetd: its own pool on the shared database and an
// address it keeps across restarts.
type fleetServer struct {
	url   string
	addr  string
	mu    gosync.Mutex
	store *server.Store
	srv   *http.Server
}

func (s *fleetServer) start(t testing.TB) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		return
	}
	store, err := server.Open(context.Background(), s.url)
	if err != nil {
		t.Fatal(err)
	}
	store.SetGrantTTL(fleetTTL)
	store.SetGrantMargin(fleetMargin)
	addr := s.addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	var ln net.Listener
	for range 50 { // the port may linger a moment after a restart
		if ln, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	s.store, s.srv = store, &http.Server{Handler: server.NewAPI(store, nil)}
	go s.srv.Serve(ln)
}

// upAt is the server's address (kept across restarts) and whether it is up,
// read under its lock: the proxies ask while the fleet restarts it.
func (s *fleetServer) upAt() (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addr, s.srv != nil
}

func (s *fleetServer) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv == nil {
		return
	}
	s.srv.Close()
	s.store.Close()
	s.srv, s.store = nil, nil
}

func (s *fleetServer) up() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.srv != nil
}

// fleetRegister is one register: its file, its token, its proxy, and the
// process selling with it (nil while killed).
type fleetRegister struct {
	name, path, token, acks string
	pub                     ed25519.PublicKey
	proxy                   *faultProxy
	cmd                     *exec.Cmd
	stdin                   io.WriteCloser
	stderr                  *strings.Builder
	skew                    time.Duration
	starts                  int
	healAt, startAt         time.Time
}

type fleetChildConfig struct {
	Path, Name, Token, URL, Catalog, Acks string
	Seed                                  uint64
	Skew                                  time.Duration
	Escrow                                bool
}

func (r *fleetRegister) start(t testing.TB, seed uint64, catFile string, escrow bool) {
	r.starts++
	cfg, _ := json.Marshal(fleetChildConfig{Path: r.path, Name: r.name, Token: r.token, URL: r.proxy.URL(), Catalog: catFile, Acks: r.acks,
		Seed: seed*1000 + uint64(r.starts), Skew: r.skew, Escrow: escrow})
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), fleetChildEnv+"="+string(cfg))
	r.stderr = &strings.Builder{}
	cmd.Stderr = r.stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r.cmd, r.stdin = cmd, in
}

// kill is kill -9: whatever the process was doing is cut short.
func (r *fleetRegister) kill() {
	if r.cmd == nil {
		return
	}
	r.cmd.Process.Kill()
	r.cmd.Wait()
	r.cmd = nil
}

// stop asks the process to end (its stdin closes) and waits.
func (r *fleetRegister) stop() error {
	if r.cmd == nil {
		return nil
	}
	r.stdin.Close()
	err := r.cmd.Wait()
	r.cmd = nil
	if err != nil {
		return fmt.Errorf("register %s ended with %v: %s", r.name, err, r.stderr.String())
	}
	return nil
}

func runFleet(t *testing.T, seed uint64, escrow bool, sellFor time.Duration) fleetResult {
	t.Helper()
	began := time.Now()
	ctx := context.Background()
	rnd := rand.New(rand.NewPCG(seed, 0xf1ee7))
	dir := t.TempDir()
	if *fleetKeep {
		// Not the test's own temporary directory, which goes with the
		// test: a failing seed's journals are read after it.
		kept, err := os.MkdirTemp("", fmt.Sprintf("guichet-fleet-seed-%d-", seed))
		must(t, err)
		dir = kept
	}
	catData := fleetCatalog(t)
	catFile := filepath.Join(dir, "fleet.json")
	must(t, os.WriteFile(catFile, catData, 0o644))
	cat, err := pos.ParseCatalog("fleet", catData, time.Now())
	must(t, err)
	url, err := pg.NewSchema() // a database of its own would cost half a second more, twice a seed
	must(t, err)
	defer pg.DropSchema(url)

	servers := make([]*fleetServer, 1+rnd.IntN(2))
	for i := range servers {
		servers[i] = &fleetServer{url: url}
		servers[i].start(t)
	}
	defer func() {
		for _, s := range servers {
			s.stop()
		}
	}()
	admin, err := server.Open(ctx, url)
	must(t, err)
	defer admin.Close()
	_, err = admin.LoadCatalog(ctx, "fleet.json", catData)
	must(t, err)

	var pickMu gosync.Mutex
	pick := rand.New(rand.NewPCG(seed, 3))
	livePick := func() string {
		pickMu.Lock()
		defer pickMu.Unlock()
		var up []string
		for _, s := range servers {
			if addr, ok := s.upAt(); ok {
				up = append(up, addr)
			}
		}
		if len(up) == 0 {
			addr, _ := servers[0].upAt()
			return addr // down: the dial fails, as it would
		}
		return up[pick.IntN(len(up))]
	}
	regs := make([]*fleetRegister, fleetRegisters)
	for i := range regs {
		r := &fleetRegister{name: fmt.Sprintf("K%02d", i+1), skew: time.Duration(rnd.Int64N(int64(2*fleetSkew))) - fleetSkew}
		r.path = filepath.Join(dir, r.name+".db")
		r.acks = filepath.Join(dir, r.name+".acks")
		reg, err := local.Open(local.Options{Path: r.path, Register: r.name, Catalog: cat, Escrow: escrow})
		must(t, err)
		r.pub = reg.PublicKey()
		must(t, reg.Close())
		r.token, err = admin.AddRegister(ctx, r.name, r.pub)
		must(t, err)
		r.proxy = newFaultProxyTo(t, "", livePick, seed*100+uint64(i))
		r.proxy.loseGrantAnswers(true)
		regs[i] = r
	}
	defer func() {
		for _, r := range regs {
			r.kill()
		}
	}()
	for _, r := range regs {
		r.start(t, seed, catFile, escrow)
	}

	// The seed's schedule of faults.
	selling := time.Now()
	var kills, partitions, restarts, lostGrants int
	serverBackAt := make([]time.Time, len(servers))
	end := time.Now().Add(sellFor)
	for now := time.Now(); now.Before(end); now = time.Now() {
		time.Sleep(time.Duration(30+rnd.IntN(120)) * time.Millisecond)
		now = time.Now()
		r := regs[rnd.IntN(len(regs))]
		switch rnd.IntN(12) {
		case 0, 1:
			if r.healAt.IsZero() {
				r.proxy.partition(true)
				r.healAt = now.Add(time.Duration(200+rnd.IntN(3000)) * time.Millisecond) // often longer than a grant
				partitions++
			}
		case 2:
			if r.cmd != nil {
				r.kill()
				r.startAt = now.Add(time.Duration(50+rnd.IntN(500)) * time.Millisecond)
				kills++
			}
		case 3:
			if i := rnd.IntN(len(servers)); servers[i].up() {
				servers[i].stop()
				serverBackAt[i] = now.Add(time.Duration(50+rnd.IntN(400)) * time.Millisecond)
				restarts++
			}
		case 4:
			r.proxy.set(0.05, 0.3, 0.1, 30*time.Millisecond)
		case 5:
			r.proxy.set(0, 0, 0, 0)
		}
		for _, r := range regs {
			if r.proxy.grantCut.Swap(false) {
				// A grant's answer was cut, the register partitioned:
				// killed before it asks again, it never journals the
				// answer (its next request, a new one, names an older
				// lease).
				if r.cmd != nil {
					r.kill()
					r.startAt = now.Add(time.Duration(50+rnd.IntN(500)) * time.Millisecond)
					kills++
					lostGrants++
				}
				if r.healAt.IsZero() {
					r.healAt = now.Add(time.Duration(50+rnd.IntN(500)) * time.Millisecond)
				}
			}
			if !r.healAt.IsZero() && now.After(r.healAt) {
				r.proxy.partition(false)
				r.healAt = time.Time{}
			}
			if r.cmd == nil && now.After(r.startAt) {
				r.start(t, seed, catFile, escrow)
			}
		}
		for i, s := range servers {
			if !s.up() && now.After(serverBackAt[i]) {
				s.start(t)
			}
		}
	}
	// Peace: everything heals, every register ends on its own, and each
	// journal is pushed to the end.
	settling := time.Now()
	for _, s := range servers {
		s.start(t)
	}
	var res fleetResult
	for _, r := range regs {
		r.proxy.loseGrantAnswers(false)
		r.proxy.partition(false)
		r.proxy.set(0, 0, 0, 0)
		if r.cmd == nil {
			r.start(t, seed, catFile, escrow)
		}
	}
	time.Sleep(200 * time.Millisecond)
	for _, r := range regs {
		if err := r.stop(); err != nil {
			res.problems = append(res.problems, err.Error())
		}
	}
	last := map[string]uint64{}
	for _, r := range regs {
		reg, err := local.Open(local.Options{Path: r.path, Catalog: cat, Escrow: escrow})
		must(t, err)
		p := sync.New(reg, sync.Options{Central: "http://" + servers[0].addr, Token: r.token})
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		if err := p.CatchUp(cctx); err != nil {
			res.problems = append(res.problems, fmt.Sprintf("register %s could not push its journal: %v", r.name, err))
		}
		cancel()
		last[r.name] = p.Status().Last
		must(t, reg.Close())
	}
	checking := time.Now()
	res.problems = append(res.problems, fleetStored(ctx, admin, regs, last)...)
	res.problems = append(res.problems, fleetAcknowledged(ctx, admin, regs)...)
	res.problems = append(res.problems, fleetRebuild(ctx, t, admin, regs)...)
	res.oversold = fleetOversold(ctx, admin, cat)
	var orders, tickets int
	must(t, admin.Pool().QueryRow(ctx, `SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM tickets)`).Scan(&orders, &tickets))
	if orders == 0 {
		// Nothing sold, nothing oversold: the seed proved nothing. Seen
		// with three seeds at once (-fleet.parallel=3) on two busy cores:
		// the grants waited on each other's rows, the registers' asks
		// failed, every sale was "sold out", and every seed "held".
		res.problems = append(res.problems, "the registers sold nothing: the seed proves nothing (too many seeds at once for the machine?)")
	}
	var offered, offeredZone int
	must(t, admin.Pool().QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE t.performance = 'hamlet-01' AND t.zone = 'galerie')
		FROM tickets t JOIN orders o ON o.number = t.order_number
		WHERE o.offer = 'bienvenue' AND t.offer <> '' AND t.state = 'valid'`).Scan(&offered, &offeredZone))
	var gallery, seats, passes, coded, returns, reclaimed, canceled, partial int
	must(t, admin.Pool().QueryRow(ctx, `SELECT count(*) FILTER (WHERE state = 'canceled'),
		(SELECT count(DISTINCT t.order_number) FROM tickets t JOIN orders o ON o.number = t.order_number WHERE t.state = 'canceled' AND o.state <> 'canceled')
		FROM orders`).Scan(&canceled, &partial))
	must(t, admin.Pool().QueryRow(ctx, `SELECT
		(SELECT count(*) FROM tickets WHERE zone = 'galerie' AND state = 'valid'),
		(SELECT count(*) FROM tickets WHERE seat <> '' AND state = 'valid'),
		(SELECT count(*) FROM tickets WHERE kind = 'pass' AND state = 'valid'),
		(SELECT count(*) FROM orders WHERE code <> '' AND state NOT IN ('canceled', 'lapsed')),
		(SELECT count(*) FROM entries WHERE type = 'capacity.returned'),
		(SELECT count(*) FROM grants WHERE reclaimed IS NOT NULL)`).Scan(&gallery, &seats, &passes, &coded, &returns, &reclaimed))
	res.summary = fmt.Sprintf("%d servers, %d orders, %d tickets (galerie %d of %d, seats %d, passes %d of %d, code %d of %d, offer %d of %d, of them in galerie of hamlet-01 %d of %d), %d canceled and %d partly, %d returns, %d grants taken back, %d kills (%d of them with a grant's answer lost), %d partitions, %d server restarts",
		len(servers), orders, tickets, gallery, 2*fleetGallery, seats, passes, fleetPass, coded, fleetCodeUses, offered, fleetOffer, offeredZone, fleetOfferZone, canceled, partial, returns, reclaimed, kills, lostGrants, partitions, restarts)
	// Where a seed's time goes (logged, never asserted).
	sec := func(d time.Duration) string { return fmt.Sprintf("%.1f s", d.Seconds()) }
	res.summary += fmt.Sprintf("; %s in all: setup %s, selling %s, settling %s, checking %s", sec(time.Since(began)),
		sec(selling.Sub(began)), sec(settling.Sub(selling)), sec(checking.Sub(settling)), sec(time.Since(checking)))
	if *fleetKeep {
		if len(res.oversold) > 0 || len(res.problems) > 0 {
			res.kept = dir
		} else {
			os.RemoveAll(dir)
		}
	}
	return res
}

// fleetStored: the server holds every register's journal to its end.
func fleetStored(ctx context.Context, s *server.Store, regs []*fleetRegister, last map[string]uint64) []string {
	var out []string
	for _, r := range regs {
		seq, _, err := s.Where(ctx, r.name)
		if err != nil || seq != last[r.name] {
			out = append(out, fmt.Sprintf("register %s: the server stored its journal to %d, the file ends at %d (%v)", r.name, seq, last[r.name], err))
		}
	}
	return out
}

// fleetAcknowledged: every order a seller saw recorded is on the server.
func fleetAcknowledged(ctx context.Context, s *server.Store, regs []*fleetRegister) []string {
	have := map[string]bool{}
	rows, err := s.Pool().Query(ctx, `SELECT number FROM orders`)
	if err != nil {
		return []string{err.Error()}
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		have[n] = true
	}
	rows.Close()
	var out []string
	for _, r := range regs {
		f, err := os.Open(r.acks)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return append(out, err.Error())
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if n := sc.Text(); n != "" && !have[n] {
				out = append(out, fmt.Sprintf("order %s was acknowledged at register %s but is not on the server", n, r.name))
			}
		}
		f.Close()
	}
	return out
}

// fleetRebuild: the projections equal those of a new database that is
// given the stored journals.
func fleetRebuild(ctx context.Context, t *testing.T, s *server.Store, regs []*fleetRegister) []string {
	url, err := pg.NewSchema() // a database of its own would cost half a second more, twice a seed
	must(t, err)
	defer pg.DropSchema(url)
	fresh, err := server.Open(ctx, url)
	must(t, err)
	defer fresh.Close()
	for _, r := range regs {
		_, err := fresh.AddRegister(ctx, r.name, r.pub)
		must(t, err)
		rows, err := s.Pool().Query(ctx, `SELECT data FROM entries WHERE register = $1 ORDER BY seq`, r.name)
		must(t, err)
		var all [][]byte
		for rows.Next() {
			var d []byte
			must(t, rows.Scan(&d))
			all = append(all, d)
		}
		rows.Close()
		for len(all) > 0 {
			n := min(len(all), 500)
			if _, err := fresh.Push(ctx, server.Register{Name: r.name, PublicKey: r.pub}, all[:n]); err != nil {
				return []string{fmt.Sprintf("the stored journal of %s does not push again: %v", r.name, err)}
			}
			all = all[n:]
		}
	}
	var out []string
	for _, table := range []string{"orders", "tickets", "payments", "shifts", "entries"} {
		// A ticket's signature (tickets.sig) is pushed beside the journal,
		// not in it: a rebuild from the journals alone has none.
		q := fmt.Sprintf(`SELECT count(*), coalesce(md5(string_agg((to_jsonb(x) - 'sig')::text, '|' ORDER BY (to_jsonb(x) - 'sig')::text)), '') FROM %s x`, table)
		var n1, n2 int
		var d1, d2 string
		must(t, s.Pool().QueryRow(ctx, q).Scan(&n1, &d1))
		must(t, fresh.Pool().QueryRow(ctx, q).Scan(&n2, &d2))
		if n1 != n2 || d1 != d2 {
			out = append(out, fmt.Sprintf("projection %s differs from a rebuild: %d rows (%s) vs %d (%s)", table, n1, d1, n2, d2))
		}
	}
	return out
}

// fleetOversold checks every limited resource against what the stored
// journals sold: places of a zone, each seat, passes, an offer's quota and
// its quotas per scope item (event, date, zone, category, pass), a code's
// uses. It names each one oversold and by how much. What was sold is
// counted twice, from the server's projections and by replaying the
// stored journals here (fleetReplay), and the two must agree: a projection
// that forgot what an entry released or kept (a partial cancel once
// freed its order's code) would otherwise hide an oversale from the check.
func fleetOversold(ctx context.Context, s *server.Store, cat *pos.Catalog) []string {
	projected, err := fleetProjected(ctx, s, cat)
	if err != nil {
		return []string{err.Error()}
	}
	replayed, err := fleetReplay(ctx, s, cat)
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	for r := range fleetUnion(projected, replayed) {
		if projected[r] != replayed[r] {
			out = append(out, fmt.Sprintf("%s: the server's projections count %d sold, the stored journals %d", r.name(), projected[r], replayed[r]))
		}
		n := max(projected[r], replayed[r])
		if c, limited := r.capacity(cat); limited && n > c {
			out = append(out, fmt.Sprintf("%s: %d sold of %d (oversold by %d)", r.name(), n, c, n-c))
		}
	}
	sort.Strings(out)
	return out
}

// fleetRes is a limited resource: kind place (perf, zone), seat (perf,
// zone, seat), pass (pass), offer (offer), offeritem (offer, scope item
// key), code (code).
type fleetRes struct{ kind, a, b, c string }

func (r fleetRes) name() string {
	switch r.kind {
	case "place":
		return fmt.Sprintf("places of %s in %s", r.a, r.b)
	case "seat":
		return fmt.Sprintf("seat %s of %s in %s", r.c, r.a, r.b)
	case "pass":
		return "pass " + r.a
	case "offer":
		return "the quota of offer " + r.a
	case "offeritem":
		return "the quota of offer " + r.a + " for " + r.b
	default:
		return "the uses of code " + r.a
	}
}

func (r fleetRes) capacity(cat *pos.Catalog) (int, bool) {
	switch r.kind {
	case "place":
		return cat.Capacity(r.a, r.b), true
	case "seat":
		return 1, true
	case "pass":
		p, ok := cat.PassByID(r.a)
		return p.Capacity, ok && p.Capacity > 0
	case "offer":
		o, ok := cat.OfferByID(r.a)
		return o.MaxTickets, ok && o.MaxTickets > 0
	case "offeritem":
		o, _ := cat.OfferByID(r.a)
		it, ok := o.ScopeItemByKey(r.b)
		return it.Quota, ok && it.Quota > 0
	default:
		for _, o := range cat.Offers {
			for _, c := range o.Codes {
				if c.Code == r.a {
					return c.MaxUses, c.MaxUses > 0
				}
			}
		}
		return 0, false
	}
}

func fleetUnion(a, b map[fleetRes]int) map[fleetRes]int {
	u := maps.Clone(a)
	for k, v := range b {
		u[k] += v
	}
	return u
}

// fleetCount adds what one valid ticket uses: its place (or seat) or its
// pass, and the offer's quotas it benefited from (offer: its order's).
func fleetCount(use map[fleetRes]int, cat *pos.Catalog, offer string, t pos.Ticket, n int) {
	switch t.Kind {
	case pos.LineTicket:
		use[fleetRes{kind: "place", a: t.Performance, b: t.Zone}] += n
		if t.Seat != "" {
			use[fleetRes{kind: "seat", a: t.Performance, b: t.Zone, c: t.Seat}] += n
		}
	case pos.LinePass:
		use[fleetRes{kind: "pass", a: t.Item}] += n
	default:
		return
	}
	if offer == "" || t.Offer == "" {
		return
	}
	use[fleetRes{kind: "offer", a: offer}] += n
	// The quotas inside an offer: each ticket that benefited counts under
	// the first scope item it fits, as pricing counts it; found from the
	// ticket itself, not from what was recorded of its line.
	if key, ok := fleetScopeItem(cat, offer, t.Kind, t.Performance, t.Zone, t.Category, t.Item); ok {
		use[fleetRes{kind: "offeritem", a: offer, b: key}] += n
	}
}

// fleetProjected is what the server's projections (orders, tickets) say
// was sold.
func fleetProjected(ctx context.Context, s *server.Store, cat *pos.Catalog) (map[fleetRes]int, error) {
	use := map[fleetRes]int{}
	rows, err := s.Pool().Query(ctx, `SELECT o.offer, t.kind, t.performance, t.zone, t.seat, t.category, t.item, t.offer, count(*)
		FROM tickets t JOIN orders o ON o.number = t.order_number WHERE t.state = $1 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`, local.TicketValid)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var offer string
		var t pos.Ticket
		var n int
		if err := rows.Scan(&offer, &t.Kind, &t.Performance, &t.Zone, &t.Seat, &t.Category, &t.Item, &t.Offer, &n); err != nil {
			rows.Close()
			return nil, err
		}
		fleetCount(use, cat, offer, t, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.Pool().Query(ctx, `SELECT code, count(*) FROM orders WHERE code <> '' AND state NOT IN ($1, $2) GROUP BY 1`, pos.OrderCanceled, pos.OrderLapsed)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var n int
		if err := rows.Scan(&code, &n); err != nil {
			return nil, err
		}
		use[fleetRes{kind: "code", a: code}] += n
	}
	return use, rows.Err()
}

// fleetReplay counts what was sold by reading the stored journals entry by
// entry, as the register's own views count it (not through the server's
// projections): an order placed uses its tickets and its code; a cancel
// releases the tickets it names, and the code only when the whole order
// goes (a partial cancel keeps it); a lapsed invoice releases its tickets
// and its code; an exchange releases the tickets given back.
func fleetReplay(ctx context.Context, s *server.Store, cat *pos.Catalog) (map[fleetRes]int, error) {
	type ticket struct {
		t     pos.Ticket
		offer string // its order's
		valid bool
	}
	tickets := map[string]*ticket{}
	codes := map[string]string{} // order: its code, while it uses it
	rows, err := s.Pool().Query(ctx, `SELECT register, seq, data FROM entries ORDER BY register, seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	release := func(ts []pos.Ticket) {
		for _, t := range ts {
			if k := tickets[t.Number]; k != nil {
				k.valid = false
			}
		}
	}
	for rows.Next() {
		var reg string
		var seq int64
		var data []byte
		if err := rows.Scan(&reg, &seq, &data); err != nil {
			return nil, err
		}
		e, err := local.DecodeEntry(data)
		if err != nil {
			return nil, fmt.Errorf("stored entry %d of %s: %w", seq, reg, err)
		}
		switch e.Type {
		case local.TypeOrderPlaced:
			var p struct {
				Order pos.Order `json:"order"`
			}
			if err := json.Unmarshal(e.Payload, &p); err != nil {
				return nil, fmt.Errorf("stored entry %d of %s: %w", seq, reg, err)
			}
			offer := ""
			if o := p.Order.Offer; o != nil {
				offer = o.ID
				if o.Code != "" {
					codes[p.Order.Number] = o.Code
				}
			}
			for _, t := range p.Order.Tickets {
				tickets[t.Number] = &ticket{t: t, offer: offer, valid: true}
			}
		case local.TypeOrderCanceled, local.TypeOrderLapsed:
			var p struct {
				Order   string       `json:"order"`
				Tickets []pos.Ticket `json:"tickets"`
				Partial bool         `json:"partial"`
			}
			if err := json.Unmarshal(e.Payload, &p); err != nil {
				return nil, fmt.Errorf("stored entry %d of %s: %w", seq, reg, err)
			}
			release(p.Tickets)
			if !p.Partial {
				delete(codes, p.Order)
			}
		case local.TypeExchangeMade:
			var p struct {
				Tickets []pos.Ticket `json:"tickets"`
			}
			if err := json.Unmarshal(e.Payload, &p); err != nil {
				return nil, fmt.Errorf("stored entry %d of %s: %w", seq, reg, err)
			}
			release(p.Tickets)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	use := map[fleetRes]int{}
	for _, k := range tickets {
		if k.valid {
			fleetCount(use, cat, k.offer, k.t, 1)
		}
	}
	for _, code := range codes {
		use[fleetRes{kind: "code", a: code}]++
	}
	return use, nil
}

// fleetScopeItem is the key of the first scope item of an offer a ticket
// fits (ok false: none, or the offer has no scope).
func fleetScopeItem(cat *pos.Catalog, offer, kind, perf, zone, category, item string) (string, bool) {
	o, ok := cat.OfferByID(offer)
	if !ok {
		return "", false
	}
	if kind == pos.LinePass {
		for _, s := range o.Passes {
			if s.Pass == item {
				return s.Key(), true
			}
		}
		return "", false
	}
	p, ok := cat.PerformanceByID(perf)
	if !ok {
		return "", false
	}
	for _, s := range o.Events {
		if (s.Event == "" || s.Event == p.Event) && (s.Performance == "" || s.Performance == perf) &&
			(s.Zone == "" || s.Zone == zone) && (s.Category == "" || s.Category == category) {
			return s.Key(), true
		}
	}
	return "", false
}

// runFleetChild is a register of the fleet: it sells until its stdin
// closes (then it ends properly) or it is killed.
func runFleetChild(cfgJSON string) int {
	var cfg fleetChildConfig
	if err := json.Unmarshal([]byte(cfgJSON), &cfg); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	fail := func(err error) int { fmt.Fprintln(os.Stderr, cfg.Name+":", err); return 1 }
	data, err := os.ReadFile(cfg.Catalog)
	if err != nil {
		return fail(err)
	}
	now := func() time.Time { return time.Now().Add(cfg.Skew) }
	cat, err := pos.ParseCatalog("fleet", data, now())
	if err != nil {
		return fail(err)
	}
	svc, err := counter.Open(counter.Options{Path: cfg.Path, Register: cfg.Name, Catalog: cat, Now: now,
		Central: counter.Central{URL: cfg.URL, Token: cfg.Token, Escrow: cfg.Escrow, Low: 2, Batch: 4, Interval: fleetInterval}})
	if err != nil {
		return fail(err)
	}
	defer svc.Close()
	acks, err := os.OpenFile(cfg.Acks, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fail(err)
	}
	till, err := svc.Unlock("claire", "1234")
	if err != nil {
		return fail(err)
	}
	if _, ok, err := till.Shift(); err != nil {
		return fail(err)
	} else if !ok {
		if _, err := till.OpenShift(pos.M(0, "CHF")); err != nil {
			return fail(err)
		}
	}
	stop := make(chan struct{})
	go func() { io.Copy(io.Discard, os.Stdin); close(stop) }()
	rnd := rand.New(rand.NewPCG(cfg.Seed, 5))
	last, lastCoded := "", "" // the last orders sold (with the code): a customer may give some of it back
	for {
		select {
		case <-stop:
			if err := svc.Close(); err != nil {
				return fail(err)
			}
			return 0
		default:
		}
		if rnd.IntN(20) == 0 && last != "" {
			// Half the time the last order with the code: a partial cancel
			// keeps its use, a whole one gives it back.
			if lastCoded != "" && rnd.IntN(2) == 0 {
				last, lastCoded = lastCoded, ""
			}
			fleetCancel(svc, till, last, rnd)
			last = ""
		} else if number, coded, ok := fleetSale(svc, till, rnd); ok {
			last = number
			if coded {
				lastCoded = number
			}
			// Told to the seller: it must never be lost.
			fmt.Fprintln(acks, number)
			if err := acks.Sync(); err != nil {
				return fail(err)
			}
		}
		time.Sleep(time.Duration(10+rnd.IntN(30)) * time.Millisecond) // a busy counter, not a flood: sales last the whole run
	}
}

// fleetCancel gives back one ticket of an order, or the whole order when
// it has one left (a refund in cash, from the drawer its sale filled): the
// places, seats, quota and, for a whole order, the code's use go back to
// the register, which may sell them again from what it holds. A refusal
// is no cancel.
func fleetCancel(svc *counter.Service, till *counter.Till, number string, rnd *rand.Rand) {
	ov, ok, err := svc.Register().Order(number)
	if err != nil || !ok {
		return
	}
	var valid []string
	for _, t := range ov.Tickets {
		if t.State == local.TicketValid {
			valid = append(valid, t.Number)
		}
	}
	if len(valid) > 1 {
		_ = till.CancelPart(number, "the customer gives one back", local.CancelOptions{Tickets: []string{valid[rnd.IntN(len(valid))]}})
		return
	}
	_ = till.Cancel(number, "the customer changed plans")
}

// fleetSale tries one sale: places, a seat, passes, or places with the
// code; a refusal (sold out, no grant) is no sale.
func fleetSale(svc *counter.Service, till *counter.Till, rnd *rand.Rand) (number string, coded, ok bool) {
	till.ClearCart()
	perf := []string{"hamlet-01", "hamlet-02"}[rnd.IntN(2)]
	var err error
	switch r := rnd.IntN(20); {
	case r < 8:
		err = till.AddTickets(perf, "galerie", "adult", 1+rnd.IntN(3))
	case r < 12:
		seat := pos.SeatID(string("ABC"[rnd.IntN(3)]), 2+rnd.IntN(21))
		if e := svc.Escrow(); e != nil {
			held, herr := svc.Register().HeldSeats("hamlet-01", "parterre")
			if herr != nil {
				return "", false, false
			}
			if !held[seat] {
				// The seller picked it: asked for at once, sold if granted.
				ctx, cancel := context.WithTimeout(context.Background(), time.Second)
				got, aerr := e.AskSeats(ctx, "hamlet-01", "parterre", []string{seat})
				cancel()
				if aerr != nil || !got[seat] {
					return "", false, false
				}
			}
		}
		err = till.AddSeats("hamlet-01", "parterre", "adult", seat)
	case r < 15:
		err = till.AddItem(pos.LinePass, "festival-3-jours", 1+rnd.IntN(2))
	default:
		if err = till.AddTickets(perf, "galerie", "adult", 1+rnd.IntN(2)); err == nil {
			_, err = till.ApplyCode("BIENVENUE")
			coded = true
		}
	}
	if err != nil {
		return "", false, false
	}
	sale, err := till.Checkout([]pos.Tender{{Method: "cash"}})
	if err != nil {
		return "", false, false
	}
	return sale.Order.Number, coded, true
}
