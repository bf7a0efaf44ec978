package local

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// sellFour places a paid order of two seats and two standing places, and
// asks for a duplicate of its second ticket.
func sellFour(t *testing.T, r *Register) pos.Order {
	t.Helper()
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddSeats("hamlet-00", "parterre", "adult", "F-11", "F-12"))
	must(t, till.AddTickets("hamlet-00", "galerie", "child", 2))
	o, err := till.Checkout(cash())
	must(t, err)
	must(t, till.Reprint(o.Tickets[1].Number))
	return o
}

// journalEntries reads every entry of an open register's journal.
func journalEntries(t *testing.T, r *Register) []Entry {
	t.Helper()
	var es []Entry
	must(t, r.db.View(func(tx *bolt.Tx) error {
		return forEachEntry(tx, 1, func(e Entry) error { es = append(es, e); return nil })
	}))
	return es
}

func ofEntryType(es []Entry, typ string) []Entry {
	var out []Entry
	for _, e := range es {
		if e.Type == typ {
			out = append(out, e)
		}
	}
	return out
}

// qrsOf gives the QR payload of every ticket as Order and PrintQueue hand
// them out (a duplicate's job too), and fails if the two disagree.
func qrsOf(t *testing.T, r *Register, o pos.Order) map[string]string {
	t.Helper()
	ov, ok, _ := r.Order(o.Number)
	if !ok || len(ov.Tickets) != len(o.Tickets) {
		t.Fatalf("order %s: %+v", o.Number, ov)
	}
	qrs := map[string]string{}
	for _, tk := range ov.Tickets {
		qrs[tk.Number] = tk.QR
	}
	jobs, err := r.PrintQueue()
	must(t, err)
	dups := 0
	for _, j := range jobs {
		if j.QR != qrs[j.Ticket.Number] {
			t.Errorf("print job %s of %s (duplicate %v): QR %q, Order gives %q", j.ID, j.Ticket.Number, j.Duplicate, j.QR, qrs[j.Ticket.Number])
		}
		if j.Duplicate {
			dups++
		}
	}
	if len(jobs) != len(o.Tickets)+1 || dups != 1 {
		t.Fatalf("print queue: %d jobs, %d duplicates", len(jobs), dups)
	}
	return qrs
}

// TestQRDerivedOnReadIsTheSignedPayload: a sale writes no QR in the
// journal; Order and the print queue (duplicate included) derive each
// ticket's payload, which is byte for byte the one the sale used to store
// (SignTicket with the register's key) and verifies against the .pub file
// that `guichet ticket verify` reads.
func TestQRDerivedOnReadIsTheSignedPayload(t *testing.T) {
	r, _ := openTest(t, "")
	o := sellFour(t, r)
	for _, e := range ofEntryType(journalEntries(t, r), TypeTicketIssued) {
		if bytes.Contains(e.Payload, []byte(`"qr"`)) {
			t.Fatalf("entry %d stores a QR: %s", e.Seq, e.Payload)
		}
	}
	pub, err := LoadPublicKey(r.path + ".pub")
	must(t, err)
	qrs := qrsOf(t, r, o)
	for _, tk := range o.Tickets {
		stored, err := SignTicket(r.key, tk) // what ticket.issued stored before
		must(t, err)
		if qrs[tk.Number] != stored || !strings.HasPrefix(stored, "G2:") {
			t.Errorf("ticket %s: derived %q, stored form %q", tk.Number, qrs[tk.Number], stored)
		}
		c, err := VerifyTicket(pub, qrs[tk.Number])
		if err != nil || c.Number != tk.Number || c.Seat != tk.Seat || c.Zone != tk.Zone || c.Category != tk.Category {
			t.Errorf("ticket %s: claim %+v, %v", tk.Number, c, err)
		}
	}
	// Reopened, without what this process kept in memory: the same payloads.
	r.Close()
	r2, _ := openTest(t, r.path)
	if again := qrsOf(t, r2, o); !mapsEqual(again, qrs) {
		t.Fatalf("after reopening: %v, before: %v", again, qrs)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestAListSignsNothing: finding orders gives no QR payloads, so a list of
// fifty orders signs no ticket; asking for one order signs its tickets once.
func TestAListSignsNothing(t *testing.T) {
	r, _ := openTest(t, "")
	o := sellFour(t, r)
	r.warming.Wait() // the sale signed its tickets ahead (warmQRs): forget them
	r.qrMu.Lock()
	clear(r.qrs)
	clear(r.qrsOld)
	r.qrMu.Unlock()
	if ovs, _ := r.FindOrders("K01", 50); len(ovs) != 1 || ovs[0].Tickets[0].QR != "" || len(r.qrs) != 0 {
		t.Fatalf("FindOrders signed %d tickets: %+v", len(r.qrs), ovs)
	}
	r.Order(o.Number)
	r.Order(o.Number)
	_, _ = r.PrintQueue()
	if len(r.qrs) != len(o.Tickets) {
		t.Fatalf("%d payloads signed for %d tickets", len(r.qrs), len(o.Tickets))
	}
}

// TestTheKeyIsRecordedOnce: the first start records the public key as the
// journal's first entry; later starts find it and record nothing; export
// carries it.
func TestTheKeyIsRecordedOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	r, _ := openTest(t, path)
	sellFour(t, r)
	r.Close()
	for range 2 {
		r, _ = openTest(t, path)
		r.Close()
	}
	var out bytes.Buffer
	n, err := Export(path, 1, &out)
	must(t, err)
	var keys []registerKey
	for i, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var e Entry
		must(t, json.Unmarshal([]byte(line), &e))
		if e.Type != TypeRegisterKey {
			continue
		}
		if i != 0 {
			t.Errorf("register.key is entry %d, not the first", e.Seq)
		}
		var p registerKey
		must(t, json.Unmarshal(e.Payload, &p))
		keys = append(keys, p)
	}
	pub, err := LoadPublicKey(path + ".pub")
	must(t, err)
	if len(keys) != 1 || keys[0].PublicKey != b64.EncodeToString(pub) || n < 10 {
		t.Fatalf("%d entries exported, register.key %+v, want one with %s", n, keys, b64.EncodeToString(pub))
	}
}

// TestOpenRefusesASwappedKey: a key file that is not the one the journal
// recorded would sign tickets the door rejects: Open refuses, says what to
// do, and writes nothing.
func TestOpenRefusesASwappedKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	r, _ := openTest(t, path)
	sellFour(t, r)
	r.Close()
	before := fileDigest(t, path)
	original, err := os.ReadFile(path + ".key")
	must(t, err)
	_, other, _ := ed25519.GenerateKey(nil)
	must(t, os.WriteFile(path+".key", []byte(seedPrefix+b64.EncodeToString(other.Seed())+"\n"), 0o600))
	_, err = Open(Options{Path: path, Catalog: demoCatalog(t)})
	if !errors.Is(err, ErrKeyMismatch) {
		t.Fatalf("Open with another key: %v", err)
	}
	want := "the signing key " + path + ".key does not match this register's journal: restore the original key file; tickets it signed could not be verified otherwise"
	if err.Error() != want {
		t.Errorf("Open says %q, want %q", err, want)
	}
	if fileDigest(t, path) != before {
		t.Error("the refused Open changed the file")
	}
	if _, err := os.Stat(pidPath(path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the refused Open left its pid file: %v", err)
	}
	must(t, os.WriteFile(path+".key", original, 0o600))
	r, _ = openTest(t, path)
	r.Close()
}

// TestOpenRefusesAMissingKeyOnAJournalWithEntries: with entries in the
// journal, a lost key is restored, never silently replaced.
func TestOpenRefusesAMissingKeyOnAJournalWithEntries(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	r, _ := openTest(t, path)
	sellFour(t, r)
	r.Close()
	must(t, os.Rename(path+".key", path+".key.bak"))
	_, err := Open(Options{Path: path, Catalog: demoCatalog(t)})
	if !errors.Is(err, ErrKeyMissing) || !strings.Contains(err.Error(), path+".key") || !strings.Contains(err.Error(), "restore the original key file") {
		t.Fatalf("Open without its key: %v", err)
	}
	if _, err := os.Stat(path + ".key"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a new key was created: %v", err)
	}
	t.Log(err)
}

// TestAKeyIsCreatedForAnEmptyJournal: a file whose journal is still empty
// (the register was stopped between creating its file and its first
// entry) gets a key, and its journal records it.
func TestAKeyIsCreatedForAnEmptyJournal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guichet.db")
	db, err := bolt.Open(path, 0o600, nil)
	must(t, err)
	must(t, db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket(bucketJournal); return err }))
	must(t, db.Close())
	r, _ := openTest(t, path)
	if es := journalEntries(t, r); len(es) == 0 || es[0].Type != TypeRegisterKey {
		t.Fatalf("first entry: %+v", es)
	}
	if fi, err := os.Stat(path + ".key"); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi, err)
	}
	if m, _ := filepath.Glob(path + ".key.*"); len(m) != 0 {
		t.Fatalf("left behind: %v", m)
	}
}

func fileDigest(t *testing.T, path string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	must(t, err)
	return sha256.Sum256(data)
}

// olderJournal writes, at dst, the journal of the file at src as the
// register wrote it before keys were pinned: no register.key, each
// ticket.issued carrying its QR payload signed with key, entries chained
// again, views of format 8 absent (Open rebuilds them).
func olderJournal(t *testing.T, src, dst string, key ed25519.PrivateKey) {
	t.Helper()
	from, err := bolt.Open(src, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	must(t, err)
	defer from.Close()
	to, err := bolt.Open(dst, 0o600, nil)
	must(t, err)
	defer to.Close()
	must(t, from.View(func(src *bolt.Tx) error {
		return to.Update(func(tx *bolt.Tx) error {
			jb, err := tx.CreateBucket(bucketJournal)
			if err != nil {
				return err
			}
			meta, err := tx.CreateBucket(bucketMeta)
			if err != nil {
				return err
			}
			if err := meta.Put([]byte("register"), src.Bucket(bucketMeta).Get([]byte("register"))); err != nil {
				return err
			}
			if err := meta.Put([]byte("views_format"), []byte("8")); err != nil {
				return err
			}
			var last Entry
			return forEachEntry(src, 1, func(e Entry) error {
				if e.Type == TypeRegisterKey {
					return nil
				}
				if e.Type == TypeTicketIssued {
					var p ticketIssued
					must(t, json.Unmarshal(e.Payload, &p))
					p.QR, err = SignTicket(key, p.Ticket)
					must(t, err)
					e.Payload, err = json.Marshal(p)
					must(t, err)
				}
				e.Seq, e.Prev = last.Seq+1, last.Hash
				enc := e.encode()
				e.Hash = sha256.Sum256(enc)
				last = e
				return jb.Put(seqKey(e.Seq), append(enc, e.Hash[:]...))
			})
		})
	}))
}

// TestAnOlderJournalIsPinnedAtNextOpen: a file written before keys were
// pinned (QRs stored in ticket.issued, no register.key) opens, verifies,
// records its key once, and hands out the stored payloads, which equal the
// derived ones; its new sales store none.
func TestAnOlderJournalIsPinnedAtNextOpen(t *testing.T) {
	dir := t.TempDir()
	r, _ := openTest(t, filepath.Join(dir, "new.db"))
	o := sellFour(t, r)
	key := r.key
	r.Close()
	old := filepath.Join(dir, "old.db")
	olderJournal(t, r.path, old, key)
	for _, ext := range []string{".key", ".pub"} {
		data, err := os.ReadFile(r.path + ext)
		must(t, err)
		must(t, os.WriteFile(old+ext, data, 0o600))
	}
	// Its chain is whole, but it has no head record yet (heads came
	// later): Verify says so until a register opens it and records it.
	var he *HeadError
	if _, err := Verify(old); !errors.As(err, &he) || !strings.Contains(err.Error(), "no head record") {
		t.Fatalf("the older journal, before its first open: %v", err)
	}

	r2, _ := openTest(t, old)
	if _, err := Verify(old); err != nil {
		t.Fatalf("the older journal does not verify once opened: %v", err)
	}
	es := journalEntries(t, r2)
	keys := ofEntryType(es, TypeRegisterKey)
	if len(keys) != 1 || keys[0].Seq != es[len(es)-1].Seq {
		t.Fatalf("register.key entries after the upgrade: %+v", keys)
	}
	stored := map[string]string{}
	for _, e := range ofEntryType(es, TypeTicketIssued) {
		var p ticketIssued
		must(t, json.Unmarshal(e.Payload, &p))
		derived, err := SignTicket(key, p.Ticket)
		must(t, err)
		if p.QR == "" || p.QR != derived {
			t.Fatalf("ticket %s: stored %q, derived %q", p.Ticket.Number, p.QR, derived)
		}
		stored[p.Ticket.Number] = p.QR
	}
	clear(r2.qrs)
	if got := qrsOf(t, r2, o); !mapsEqual(got, stored) {
		t.Fatalf("handed out %v, stored %v", got, stored)
	}
	if len(r2.qrs) != 0 {
		t.Errorf("signed %d payloads the journal stores", len(r2.qrs))
	}
	till := openTill(t, r2, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "adult", 1))
	o2, err := till.Checkout(cash())
	must(t, err)
	ov, _, _ := r2.Order(o2.Number)
	if _, err := VerifyTicket(r2.PublicKey(), ov.Tickets[0].QR); err != nil {
		t.Fatalf("a sale after the upgrade: %v", err)
	}
	r2.Close()
	r3, _ := openTest(t, old)
	if n := len(ofEntryType(journalEntries(t, r3), TypeRegisterKey)); n != 1 {
		t.Fatalf("%d register.key entries after reopening", n)
	}
	r3.Close()
	if _, err := Verify(old); err != nil {
		t.Fatalf("after the upgrade: %v", err)
	}
}

// TestAnOlderJournalRefusesAnotherKey: before pinning an older journal's
// key, Open checks it against a QR payload the journal stored: a key
// swapped before the upgrade is refused (and not pinned), as is a lost one.
func TestAnOlderJournalRefusesAnotherKey(t *testing.T) {
	dir := t.TempDir()
	r, _ := openTest(t, filepath.Join(dir, "new.db"))
	sellFour(t, r)
	key := r.key
	r.Close()
	old := filepath.Join(dir, "old.db")
	olderJournal(t, r.path, old, key)
	if _, err := Open(Options{Path: old, Catalog: demoCatalog(t)}); !errors.Is(err, ErrKeyMissing) {
		t.Fatalf("an older journal without its key: %v", err)
	}
	_, other, _ := ed25519.GenerateKey(nil)
	must(t, os.WriteFile(old+".key", []byte(seedPrefix+b64.EncodeToString(other.Seed())+"\n"), 0o600))
	if _, err := Open(Options{Path: old, Catalog: demoCatalog(t)}); !errors.Is(err, ErrKeyMismatch) {
		t.Fatalf("an older journal with another key: %v", err)
	}
	must(t, os.WriteFile(old+".key", []byte(seedPrefix+b64.EncodeToString(key.Seed())+"\n"), 0o600))
	r2, _ := openTest(t, old)
	if n := len(ofEntryType(journalEntries(t, r2), TypeRegisterKey)); n != 1 {
		t.Fatalf("%d register.key entries once the right key is back", n)
	}
}

// TestQRPayloadsKeptAreBounded: the register keeps the payloads it signed
// on read in two generations of maxQRs. However many tickets it signs, it
// keeps at most 2*maxQRs; a ticket asked for again while fewer than maxQRs
// others were signed meanwhile (one waiting in the print queue) stays
// kept; and a kept payload is the one signing gives.
func TestQRPayloadsKeptAreBounded(t *testing.T) {
	r, _ := openTest(t, "")
	ticket := func(i int) ticketIssued {
		return ticketIssued{Order: "K01-000001", Ticket: pos.Ticket{Number: fmt.Sprintf("K01-%06d", i), Performance: "hamlet-00", Zone: "parterre", Seat: "A-1", Category: "adult"}}
	}
	kept := func(p ticketIssued) bool {
		f, err := claimOf(p.Ticket).fields()
		must(t, err)
		r.qrMu.Lock()
		defer r.qrMu.Unlock()
		_, ok := r.qrs[f]
		return ok
	}
	waiting := ticket(0)
	first, err := r.ticketQR(waiting)
	must(t, err)
	for i := 1; i <= 20*maxQRs; i++ {
		if _, err := r.ticketQR(ticket(i)); err != nil {
			t.Fatal(err)
		}
		if i%(maxQRs/2) == 0 { // the print queue read again
			again, err := r.ticketQR(waiting)
			must(t, err)
			if again != first {
				t.Fatalf("after %d tickets, the waiting ticket's payload changed: %q, %q", i, first, again)
			}
			if !kept(waiting) {
				t.Fatalf("after %d tickets, the waiting ticket is not kept", i)
			}
		}
		r.qrMu.Lock()
		n := len(r.qrs) + len(r.qrsOld)
		r.qrMu.Unlock()
		if n > 2*maxQRs {
			t.Fatalf("%d payloads kept after %d tickets, more than %d", n, i, 2*maxQRs)
		}
	}
	want, err := SignTicket(r.key, waiting.Ticket)
	must(t, err)
	if first != want {
		t.Fatalf("kept %q, signing gives %q", first, want)
	}
}

// A sale's tickets are signed while its commit syncs the file (warmQRs):
// once the warm-up is done, every ticket's payload is kept, and it is the
// payload SignTicket gives, the one the print queue hands the printer.
func TestSaleWarmsItsTicketsQRs(t *testing.T) {
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-02", "galerie", "adult", 3))
	o, err := till.Checkout(cash())
	must(t, err)
	r.warming.Wait()
	for _, tk := range o.Tickets {
		f, err := claimOf(tk).fields()
		must(t, err)
		r.qrMu.Lock()
		qr, ok := r.qrs[f]
		r.qrMu.Unlock()
		if !ok {
			t.Fatalf("ticket %s: no payload signed ahead", tk.Number)
		}
		want, err := SignTicket(r.key, tk)
		must(t, err)
		if qr != want {
			t.Fatalf("ticket %s: kept %q, signing gives %q", tk.Number, qr, want)
		}
	}
	q, err := r.PrintQueue()
	must(t, err)
	for _, j := range q {
		if want, _ := SignTicket(r.key, j.Ticket); j.QR != want {
			t.Fatalf("print job %s: QR %q, want %q", j.ID, j.QR, want)
		}
	}
	if len(q) != len(o.Tickets) {
		t.Fatalf("%d print jobs, want %d", len(q), len(o.Tickets))
	}
}

// TestAPayloadIsSignedOnce: readers asking at once for the payloads of the
// same tickets (a sale's warmQRs and the spooler reading the queue right
// after the commit) sign each one once: who comes second waits for the
// signature under way rather than sign it again. Each gets the payload
// signing gives.
func TestAPayloadIsSignedOnce(t *testing.T) {
	r, _ := openTest(t, "")
	var ts []ticketIssued
	for i := range 8 {
		ts = append(ts, ticketIssued{Order: "K01-000001", Ticket: pos.Ticket{Number: fmt.Sprintf("K01-000001-%02d", i+1), Performance: "hamlet-00", Zone: "parterre", Seat: fmt.Sprintf("A-%d", i+1), Category: "adult"}})
	}
	before := r.qrSigns.Load()
	var wg sync.WaitGroup
	got := make([][]string, 6)
	for g := range got {
		wg.Go(func() {
			for i := range ts {
				p := ts[(i+g)%len(ts)] // each reader starts elsewhere
				qr, err := r.ticketQR(p)
				if err != nil {
					t.Error(err)
					return
				}
				got[g] = append(got[g], p.Ticket.Number+" "+qr)
			}
		})
	}
	wg.Wait()
	if n := r.qrSigns.Load() - before; n != uint64(len(ts)) {
		t.Errorf("%d signatures for %d tickets", n, len(ts))
	}
	for _, g := range got {
		for _, line := range g {
			number, qr, _ := strings.Cut(line, " ")
			for _, p := range ts {
				if p.Ticket.Number != number {
					continue
				}
				if want, err := SignTicket(r.key, p.Ticket); err != nil || qr != want {
					t.Fatalf("ticket %s: %q, signing gives %q (%v)", number, qr, want, err)
				}
			}
		}
	}
	r.qrMu.Lock()
	defer r.qrMu.Unlock()
	if len(r.qrSigning) != 0 {
		t.Errorf("still signing: %v", r.qrSigning)
	}
}
