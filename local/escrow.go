package local

import (
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// Escrow: a register that works with a central server sells only the
// capacity the server granted it (Options.Escrow). Each limited resource
// of the catalog has a name (ZoneResource, PassResource, OfferResource,
// OfferItemResource, CodeResource); the server grants a count of it, the register journals
// what it got (capacity.granted, "central" leases: counts added) and what
// it gives back (capacity.returned). Its allotment of a resource is the sum
// of the leases less the returns: it may have sold (pending included, not
// canceled) at most that much. A lease lasts a while: the register keeps
// the deadline by its monotonic clock and sells nothing new from a
// resource whose deadline passed.

// TypeCapacityReturned gives capacity back to the central server.
const TypeCapacityReturned = "capacity.returned"

// The names of the resources the server grants.
func ZoneResource(perf, zone string) string { return "zone/" + perf + "/" + zone }
func PassResource(pass string) string       { return "pass/" + pass }
func OfferResource(offer string) string     { return "offer/" + offer }
func CodeResource(code string) string       { return "code/" + code }

// OfferItemResource is an offer's quota for one of its scope items (an
// event, a date, a zone, a category or a pass: pos.ScopeItem.Key): it is
// escrowed on its own, beside the offer's total quota it also counts in.
func OfferItemResource(offer, item string) string { return "offeritem/" + offer + "/" + item }

// SeatResource is one seat of a seated zone: in escrow a register sells a
// seat only when it holds it (a seated zone has no count of its own).
func SeatResource(perf, zone, seat string) string { return "seat/" + perf + "/" + zone + "/" + seat }

// lease is capacity the central server added to the register's allotment
// of a resource, until Until by the register's clock when it was received.
type lease struct {
	Resource string    `json:"resource"`
	Add      int       `json:"add"`
	Until    time.Time `json:"until"`
	Lease    int64     `json:"lease,omitempty"` // the server's name for it (Lease.ID)
}

// returned is capacity the register gives back: the server grants it again
// once this entry is stored.
type returned struct {
	Resource string `json:"resource"`
	Count    int    `json:"count"`
	Reason   string `json:"reason,omitempty"` // "surplus", "expired" (Lease names it), "reclaimed" (the server took it back)
	Lease    int64  `json:"lease,omitempty"`
}

type capacityReturned struct {
	Resources []returned `json:"resources"`
}

// allotRec is a resource's allotment in view "allotments".
type allotRec struct {
	N     int       `json:"n"`
	Until time.Time `json:"until"`
	Lease int64     `json:"lease,omitempty"` // the server's name of the last lease
}

const vAllot = "allotments" // resource -> allotRec

func init() {
	registerPayload[capacityReturned](TypeCapacityReturned)
	// Kept beside the register's other sentences (the French test reads
	// them there) and given to pos now, whatever the order of inits.
	for en, fr := range escrowFrench {
		frenchSentences[en] = fr
	}
	pos.AddSentences("fr", escrowFrench)
}

var escrowFrench = map[string]string{
	"%s: this register's grant ran out while it was offline; it sells again once back online":  "%s : la part de cette caisse a expiré pendant qu'elle était hors ligne ; elle vend à nouveau une fois en ligne",
	"%s: this register's hold on it ran out while offline; it sells it again once back online": "%s : la réservation de cette caisse a expiré pendant qu'elle était hors ligne ; elle la vend à nouveau une fois en ligne",
	"%s: held by another register, choose another seat":                                        "%s : réservée par une autre caisse, choisissez une autre place",
}

func applyAllot(tx *bolt.Tx, e Entry) error {
	b := view(tx, vAllot)
	change := func(res string, d int, until time.Time, lease int64) error {
		var rec allotRec
		if _, err := getJSON(b, []byte(res), &rec); err != nil {
			return err
		}
		rec.N += d
		if until.After(rec.Until) {
			rec.Until = until
		}
		if lease != 0 {
			rec.Lease = lease
		}
		return putJSON(b, []byte(res), rec)
	}
	switch e.Type {
	case TypeCapacityGranted:
		var p capacityGranted
		if err := e.decode(&p); err != nil {
			return err
		}
		for _, l := range p.Central {
			if err := change(l.Resource, l.Add, l.Until.UTC(), l.Lease); err != nil {
				return err
			}
		}
	case TypeCapacityReturned:
		var p capacityReturned
		if err := e.decode(&p); err != nil {
			return err
		}
		for _, r := range p.Resources {
			if err := change(r.Resource, -r.Count, time.Time{}, 0); err != nil {
				return err
			}
		}
	}
	return nil
}

// leased reports whether the central server ever granted this register
// capacity (a lease in view allotments, even one given back since).
func leased(tx *bolt.Tx) bool {
	k, _ := view(tx, vAllot).Cursor().First()
	return k != nil
}

// Holding is one resource as this register holds it.
type Holding struct {
	Resource string    `json:"resource"`
	Allotted int       `json:"allotted"` // granted less returned
	Used     int       `json:"used"`     // sold from it (pending included, canceled excluded)
	Held     int       `json:"held"`     // in carts
	Left     int       `json:"left"`     // what this register can sell now
	Until    time.Time `json:"until,omitzero"`
	Expired  bool      `json:"expired,omitempty"`
	// Remaining is how long the lease runs still, by the monotonic clock
	// (0: over, or never granted).
	Remaining time.Duration `json:"remaining_ns,omitempty"`
}

// Escrow reports whether the register sells only what a central server
// granted it.
func (r *Register) Escrow() bool { return r.escrow }

// escrowResources lists the catalog's limited resources: every zone of
// every performance, passes, offers, their scope items and codes with a
// limit.
func (r *Register) escrowResources() []string {
	var out []string
	for _, perf := range r.cat().PerformancesByStart() {
		for _, z := range r.cat().ZonesOf(perf) {
			if z.Seated() {
				continue // seat by seat, asked for when a seller looks (AskSeats)
			}
			out = append(out, ZoneResource(perf.ID, z.ID))
		}
	}
	for _, p := range r.cat().Passes {
		if p.Capacity > 0 {
			out = append(out, PassResource(p.ID))
		}
	}
	for _, o := range r.cat().Offers {
		if o.MaxTickets > 0 {
			out = append(out, OfferResource(o.ID))
		}
		for _, items := range [][]pos.ScopeItem{o.Events, o.Passes} {
			for _, s := range items {
				if s.Quota > 0 {
					out = append(out, OfferItemResource(o.ID, s.Key()))
				}
			}
		}
		for _, k := range o.Codes {
			if k.MaxUses > 0 {
				out = append(out, CodeResource(k.Code))
			}
		}
	}
	return out
}

// used is what the register sold from a resource, read in tx.
func used(tx *bolt.Tx, res string) int {
	kind, rest, _ := strings.Cut(res, "/")
	switch kind {
	case "zone":
		perf, zone, _ := strings.Cut(rest, "/")
		return getInt(view(tx, vSold), key(perf, zone))
	case "pass":
		return getInt(view(tx, vSold), key("pass", rest))
	case "offer":
		return offerUsage(tx, rest)
	case "offeritem":
		offer, item, _ := strings.Cut(rest, "/")
		return getInt(view(tx, vPromoItems), key(offer, item))
	case "code":
		return codeUsage(tx, rest)
	case "seat":
		p := strings.SplitN(rest, "/", 3)
		if len(p) == 3 && view(tx, vSeats).Get(key(p[0], p[1], p[2])) != nil {
			return 1
		}
	}
	return 0
}

// heldIn is what tills' carts hold of a resource (zones, passes and
// seats; offers and codes count their carts in pricing), for what the
// register keeps from the central server (Holdings, Return). A cart whose
// hold ran out counts too: it is still in a cashier's cart, and the end
// of its hold lets this register's other tills take its places, not the
// server; given back as surplus, the cashier's next change of the cart
// was refused. A closed till's cart is dropped (Close) and counts no more.
// attempt as in Till.held: a sale written in it holds nothing more.
func (r *Register) heldIn(res string, attempt uint64) int {
	kind, rest, _ := strings.Cut(res, "/")
	var k string
	var seat []string
	switch kind {
	case "zone":
		perf, zone, _ := strings.Cut(rest, "/")
		k = string(key(perf, zone))
	case "pass":
		k = string(key("pass", rest))
	case "seat":
		if seat = strings.SplitN(rest, "/", 3); len(seat) != 3 {
			return 0
		}
	default:
		return 0
	}
	n := 0
	for o := range r.tills {
		lines := o.inCart(attempt)
		if seat == nil {
			n += cartCounts(pos.Cart{Lines: lines})[k]
			continue
		}
		for _, l := range lines {
			if l.Kind == pos.LineTicket && l.Performance == seat[0] && l.Zone == seat[1] && l.Seat == seat[2] {
				n++
			}
		}
	}
	return n
}

// inCart is what a till's cart takes, its hold running or not: the cart
// whose sale is being committed (nothing once written in attempt), else
// its cart. The caller holds r.mu.
func (t *Till) inCart(attempt uint64) []pos.CartLine {
	if t.selling != nil {
		if attempt != 0 && t.soldIn == attempt {
			return nil
		}
		return t.selling.Lines
	}
	if t.closed.Load() {
		return nil
	}
	return t.cart.Lines
}

// allotment is what the register may have sold of a resource: its
// allotment while its lease runs; once the lease is over, only what it
// sold already (nothing new). The caller holds r.mu.
func (r *Register) allotment(tx *bolt.Tx, res string) (n int, expired bool, err error) {
	var rec allotRec
	if _, err := getJSON(view(tx, vAllot), []byte(res), &rec); err != nil {
		return 0, false, err
	}
	if d, ok := r.deadlines[res]; rec.N > 0 && (!ok || !time.Now().Before(d)) {
		return min(rec.N, used(tx, res)), true, nil
	}
	return rec.N, false, nil
}

// Holdings lists every limited resource of the catalog as this register
// holds it, by name.
func (r *Register) Holdings() ([]Holding, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Holding
	err := r.read(func(tx *bolt.Tx) error {
		for _, res := range r.escrowResources() {
			h, err := r.holding(tx, res)
			if err != nil {
				return err
			}
			out = append(out, h)
		}
		return nil
	})
	return out, err
}

// Holding is one resource as this register holds it (Holdings): a till
// adding more than is Left asks the central server for the rest first.
func (r *Register) Holding(res string) (Holding, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var h Holding
	err := r.read(func(tx *bolt.Tx) error {
		var err error
		h, err = r.holding(tx, res)
		return err
	})
	return h, err
}

// holding reads one resource as held. The caller holds r.mu.
func (r *Register) holding(tx *bolt.Tx, res string) (Holding, error) {
	var rec allotRec
	if _, err := getJSON(view(tx, vAllot), []byte(res), &rec); err != nil {
		return Holding{}, err
	}
	n, expired, err := r.allotment(tx, res)
	if err != nil {
		return Holding{}, err
	}
	h := Holding{Resource: res, Allotted: rec.N, Used: used(tx, res), Held: r.heldIn(res, 0), Until: rec.Until, Expired: expired}
	h.Left = max(0, n-h.Used-h.Held)
	if d, ok := r.deadlines[res]; ok {
		h.Remaining = max(0, time.Until(d))
	}
	return h, nil
}

// Lease is capacity the central server granted: Add more of Resource, for
// TTL from when the request was sent; Allot is what the server counts for
// this register after it, and ID the server's name of the lease.
type Lease struct {
	Resource string
	Add      int
	TTL      time.Duration
	Allot    int
	ID       int64
}

// RecordLeases journals what the central server granted (capacity.granted,
// renewals included: the lease's name goes with a later "expired" return)
// and starts each lease's deadline at sent, the moment the request left,
// by the monotonic clock (so the register's deadline comes before the
// server's). When the server counts less for this register than it holds
// (the server took an ended grant back), the difference is journaled as
// returned ("reclaimed"): it never sells it.
func (r *Register) RecordLeases(sent time.Time, leases []Lease) error {
	wall := r.now()
	return r.updateThen(wall, "", "", func(w *writer) error {
		var p capacityGranted
		var back capacityReturned
		for _, l := range leases {
			var rec allotRec
			if _, err := getJSON(view(w.tx, vAllot), []byte(l.Resource), &rec); err != nil {
				return err
			}
			if over := rec.N + l.Add - l.Allot; over > 0 {
				back.Resources = append(back.Resources, returned{Resource: l.Resource, Count: over, Reason: "reclaimed"})
			}
			// A renewal that adds nothing, while the journaled lease has
			// more than half its time left, moves the deadline in memory
			// only: a register low on a resource the box office has no
			// more of asks at every look, and journaled, each answer was
			// an entry every few seconds on an idle register. After a
			// restart the journaled deadline, earlier, holds; an "expired"
			// return names the journaled lease, older, which the server
			// does not count twice (ingest.go).
			if l.Add == 0 && (l.ID == rec.Lease || rec.Until.After(wall.Add(l.TTL/2))) {
				continue
			}
			p.Central = append(p.Central, lease{Resource: l.Resource, Add: l.Add, Until: wall.Add(l.TTL - time.Since(sent)).UTC(), Lease: l.ID})
		}
		if len(p.Central) > 0 {
			if _, err := w.append(TypeCapacityGranted, p); err != nil {
				return err
			}
		}
		if len(back.Resources) > 0 {
			if _, err := w.append(TypeCapacityReturned, back); err != nil {
				return err
			}
		}
		return nil
	}, func() {
		// The deadlines move once the leases are journaled (under r.mu).
		for _, l := range leases {
			if d := sent.Add(l.TTL); d.After(r.deadlines[l.Resource]) {
				r.deadlines[l.Resource] = d
			}
		}
	})
}

// HeldSeats lists the seats of a zone this register holds now (its lease
// running), sold or not.
func (r *Register) HeldSeats(perf, zone string) (map[string]bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string]bool{}
	err := r.read(func(tx *bolt.Tx) error {
		return r.eachHeldSeat(tx, perf, zone, func(seat string) { out[seat] = true })
	})
	return out, err
}

// eachHeldSeat calls fn with each seat of a zone this register holds now
// (its lease running), sold or not. The caller holds r.mu.
func (r *Register) eachHeldSeat(tx *bolt.Tx, perf, zone string, fn func(seat string)) error {
	prefix := []byte(SeatResource(perf, zone, ""))
	c := view(tx, vAllot).Cursor()
	for k, _ := c.Seek(prefix); k != nil && strings.HasPrefix(string(k), string(prefix)); k, _ = c.Next() {
		n, expired, err := r.allotment(tx, string(k))
		if err != nil {
			return err
		}
		if n > 0 && !expired {
			fn(string(k[len(prefix):]))
		}
	}
	return nil
}

// heldUnsoldSeats counts the seats of a zone this register holds now (its
// lease running) and has not sold. The caller holds r.mu.
func (r *Register) heldUnsoldSeats(tx *bolt.Tx, perf, zone string) (int, error) {
	n := 0
	sold := view(tx, vSeats)
	err := r.eachHeldSeat(tx, perf, zone, func(seat string) {
		if sold.Get(key(perf, zone, seat)) == nil {
			n++
		}
	})
	return n, err
}

// SeatsUsed is, for asking the server, what the register sold of each seat
// (0 or 1).
func (r *Register) SeatsUsed(perf, zone string, seats []string) (map[string]int, error) {
	out := map[string]int{}
	err := r.read(func(tx *bolt.Tx) error {
		for _, s := range seats {
			out[s] = used(tx, SeatResource(perf, zone, s))
		}
		return nil
	})
	return out, err
}

// Leases is, for each resource, the server's name of the last lease this
// register journaled of it (absent: none). A grant request, which says
// the allotments too, reads both at once (LeasesAndAllotments).
func (r *Register) Leases(resources []string) (map[string]int64, error) {
	leases, _, err := r.LeasesAndAllotments(resources)
	return leases, err
}

// Allotments is, for each resource, what the register's journal holds of
// it now (granted less returned, sold or not; Holding.Allotted). A grant
// request, which names the leases too, reads both at once
// (LeasesAndAllotments).
func (r *Register) Allotments(resources []string) (map[string]int, error) {
	_, allotted, err := r.LeasesAndAllotments(resources)
	return allotted, err
}

// LeasesAndAllotments is, for asking the server, each resource's last
// lease this register journaled (the server's name of it; absent: none)
// and what its journal holds of it now (granted less returned, sold or
// not; Holding.Allotted), read in one transaction: a grant request names
// the lease (api.Ask.Lease) and says what is held (api.Ask.Held), so the
// server knows what the register gave back that its pushed journal does
// not show yet.
func (r *Register) LeasesAndAllotments(resources []string) (leases map[string]int64, allotted map[string]int, err error) {
	recs, err := r.allotRecs(resources)
	leases, allotted = map[string]int64{}, map[string]int{}
	for res, rec := range recs {
		if rec.Lease != 0 {
			leases[res] = rec.Lease
		}
		allotted[res] = rec.N
	}
	return leases, allotted, err
}

// allotRecs reads the allotments view's record of each resource (the
// zero record: none), in one read transaction.
func (r *Register) allotRecs(resources []string) (map[string]allotRec, error) {
	out := make(map[string]allotRec, len(resources))
	err := r.read(func(tx *bolt.Tx) error {
		b := view(tx, vAllot)
		for _, res := range resources {
			var rec allotRec
			if _, err := getJSON(b, []byte(res), &rec); err != nil {
				return err
			}
			out[res] = rec
		}
		return nil
	})
	return out, err
}

// Return gives capacity back (capacity.returned): for each resource, at
// most what the register could sell now (never what carts hold); with
// expired, the whole unsold part of every resource whose lease is over.
// It returns what it gave back.
func (r *Register) Return(want map[string]int, expired bool) (map[string]int, error) {
	now := r.now()
	var got map[string]int
	err := r.update(now, "", "", func(w *writer) error {
		// the holds and the leases' deadlines are in memory, under r.mu
		// (held for this transaction's work only, not its commit)
		r.mu.Lock()
		defer r.mu.Unlock()
		got = map[string]int{}
		var p capacityReturned
		names := sortedKeys(want)
		if expired {
			names = r.escrowResources()
		}
		for _, res := range names {
			var rec allotRec
			if _, err := getJSON(view(w.tx, vAllot), []byte(res), &rec); err != nil {
				return err
			}
			free := rec.N - used(w.tx, res) - r.heldIn(res, r.attemptOf(w.tx))
			n, reason, lease := min(want[res], free), "surplus", int64(0)
			if expired {
				if _, exp, err := r.allotment(w.tx, res); err != nil || !exp {
					continue
				}
				n, reason, lease = rec.N-used(w.tx, res), "expired", rec.Lease
			}
			if n > 0 {
				p.Resources = append(p.Resources, returned{Resource: res, Count: n, Reason: reason, Lease: lease})
				got[res] = n
			}
		}
		if len(p.Resources) == 0 {
			return nil
		}
		_, err := w.append(TypeCapacityReturned, p)
		return err
	})
	return got, err
}

// loadDeadlines sets the leases' deadlines at Open from the journaled ones:
// the monotonic clock of a process that ended is gone, so the wall clock
// tells how long is left.
func (r *Register) loadDeadlines(tx *bolt.Tx) error {
	r.deadlines = map[string]time.Time{}
	mono, wall := time.Now(), r.now()
	return view(tx, vAllot).ForEach(func(k, v []byte) error {
		var rec allotRec
		if _, err := getJSON(view(tx, vAllot), k, &rec); err != nil {
			return err
		}
		r.deadlines[string(k)] = mono.Add(rec.Until.Sub(wall))
		return nil
	})
}

// escrowCapacity is what the register may sell of a zone or pass (res) in
// escrow: an error says why none when the lease is over.
func (r *Register) escrowCapacity(tx *bolt.Tx, res string, what pos.Text) (int, error) {
	n, expired, err := r.allotment(tx, res)
	if err != nil {
		return 0, err
	}
	if expired && n <= used(tx, res) {
		return n, pos.Errorf("%s: this register's grant ran out while it was offline; it sells again once back online", what)
	}
	return n, nil
}

// promoShortfall is, for pricing, how much of an offer's quota (total or a
// scope item's) or a code's uses the other registers hold (the limit less this register's allotment):
// counted as used, so pricing's own limits stop this register at its share.
func (r *Register) promoShortfall(tx *bolt.Tx, res string, limit int) int {
	if !r.escrow || limit <= 0 {
		return 0
	}
	n, _, err := r.allotment(tx, res)
	if err != nil {
		return limit
	}
	return max(0, limit-n)
}
