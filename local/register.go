package local

import (
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/internal/flatjournal"
	"guichet/pos"
)

// viewsFormat changes when a view's layout changes: a file whose views were
// written in another format has them rebuilt from the journal at Open.
//
//	2: QRs no longer in the order records but in the journal, found
//	   through the ticket numbers' keys in "orders"; print jobs point at
//	   their ticket.issued entry.
//	4: an order's record holds its tickets once (orderRec).
//	5: each view is a top-level bucket ("v." + name), no longer nested
//	   under "views" (a sale writes one page less).
//	6: order_index holds only the orders of a customer and pending ones.
//	7: an order's record points at its order.placed entry instead of
//	   holding the order.
//	8: a shift's orders and tickets are counted beside its report.
//	9: view "key" points at the register.key entry; ticket.issued no
//	   longer carries the QR (derived on read).
//	10: an order's record holds its tickets' ticket.issued entries (no
//	   key per ticket in "orders"); a valid ticket's state is omitted.
//	11: an order's record holds how its invoice was paid (validation).
//	12: an order's record holds its refunds; a voucher its expiry and
//	   history; pending invoices' deadlines (order.lapsed).
//	13: the outbox lists an order under a performance only while it has
//	   a customer and a valid ticket for it (a sale with no customer
//	   leaves the outbox's pages alone).
//	14: a code added disabled is disabled in code_flags, not in its
//	   record in codes (enabling it again works).
//	15: a shift's detail counts the tickets its exchanges took back and
//	   the credit they gave.
//	16: an order's record counts the receipts queued for it (a second
//	   one is a numbered duplicate).
//	17: a shift's report holds its cash rounding.
//	18: a shift's report counts a method's refunds apart from its
//	   payments, and its detail lists the passes sold.
//	19: a shift's report lists the payments its tills left (payments.left).
//	20: an order's receipts count again from 0 once its payment is
//	   validated (the receipt then shows the payment: an original).
//	21: a shift's detail counts the credit vouchers its exchanges left and
//	   the invoices canceled before they were paid.
//	22: a shift's report counts its partial cancellations.
//	23: a shift's report counts the refunds of the invoices it placed
//	   that lapsed while it was open.
//	24: a shift's detail counts the refunds of the invoices it placed
//	   that lapsed while it was open.
//	25: a closed shift's report is the Z journaled at its closure (a
//	   rebuild by a newer version added the shift up again its own way);
//	   a comp of a product names the product in the shift's detail.
//	26: deadlines are kept in deadline order too, so a sale reads only
//	   the invoices due, not every pending one.
//	27: a shift's detail lists the products sold.
//	28: a closed shift's report, sales count and detail move to views of
//	   their own (shifts_closed, shift_detail_closed): shifts and
//	   shift_detail hold the open shifts' only (a sale in a register's
//	   seventh shift wrote 16.8 pages, 12.8 with no shift closed before).
//	29: a shift's detail lists the payment methods' fees.
//	30: a credit voucher an exchange made keeps the fee the exchange kept,
//	   for its slip.
//	31: promo_usage counts the orders ever placed with each code,
//	   canceled ones too (such a code cannot be deleted).
//	32: vouchers indexes credit vouchers by their order (a bucket
//	   within the view): a receipt finds its order's without reading
//	   every credit voucher of the register.
//	33: an order's record lists its cancellations (order.canceled) and
//	   counts the refund slips queued for each.
//	34: the print queue holds a kiosk's card refund slips ("P" and the
//	   payment's reference).
//	35: an order's record lists, for a ticket reprinted, which of its
//	   print jobs are recorded printed (a job given back while it
//	   printed is recorded without reading the journal after it).
//	36: the print queue holds a shift's X or Z report ("S" and the
//	   shift); counters count the papers of each shift's Z queued.
//	37: counters hold the kiosk's last order (LastKioskOrder no longer
//	   reads the order.placed of every counter sale after it).
//	38: left_to_tell holds the payments.left entries a member of staff is
//	   still to be told of at their next unlock.
//	39: customer_search holds each customer's name and e-mail, folded:
//	   the desk's order search no longer decodes every customer.
const viewsFormat = "39"

// Register is the register service: one per bbolt file and process, shared
// by every till of the box office (the local console and each SSH session).
// It is safe for concurrent use.
type Register struct {
	db       *bolt.DB
	path     string
	id       string
	catalog  atomic.Pointer[pos.Catalog] // swapped between sales (SetCatalog): read it through cat()
	now      func() time.Time
	holdFor  time.Duration
	key      ed25519.PrivateKey
	pub      ed25519.PublicKey
	version  atomic.Uint64
	onChange atomic.Pointer[func()]
	pushed   pushKept // push.go: how far the journal was pushed, in memory

	offers atomic.Pointer[offerCache] // offers.go: the offers pricing uses, nil until read

	readOnly bool // Options.ReadOnly: every write is refused
	trial    bool // Options.Trial: a write stops the command, with nil (try)
	snapshot bool // read-only, on a copy the running register that holds the file sent
	// trialVoid: a trial cannot tell (the start would grant capacity)
	trialVoid bool
	escrow    bool // Options.Escrow: sells only what the central server granted
	training  bool // the file is a training register's (Training)
	// repointBy is Options.repointBy; repointed, the change setUp
	// recorded (RepointOrganiser).
	repointBy string
	repointed OrganiserChange
	noSession bool // Options.noSession: no start nor stop in the event log
	// deadlines are the central server's leases by resource, by the
	// monotonic clock (escrow.go). Guarded by mu.
	deadlines map[string]time.Time
	snap      *snapshotServer // serves readers while this register holds the file
	// unlockedReadHook, set by tests only, is called inside the read
	// transactions opened without mu: Priced and PricedWith pricing a
	// cart, SeatMap reading the seats sold.
	unlockedReadHook func()

	// mu guards the tills, their carts and so the holds. It is held for
	// in-memory work only, never while waiting for a commit: a checkout's
	// cart stays held (Till.selling) until its sale is durable, then its
	// seats are sold in the file.
	mu    sync.Mutex
	tills map[*Till]struct{}
	// expiry fires when the earliest hold of a till runs out (holds.go),
	// so the screens are told a seat is free again; nil when none waits.
	// Guarded by mu.
	expiry   *time.Timer
	expiryAt time.Time
	expired  time.Time // holds that ran out before this were told already

	committer committer // commit.go: every write, batched
	// lapses is what the last commit left in the deadlines view (lapse.go:
	// LapseDue reads the file only once a deadline may have passed); nil
	// until the first commit.
	lapses       atomic.Pointer[lapseHint]
	keptInvoices keptInvoices // lapse.go: invoices past their deadline found kept
	// flat is the journal's flat file (flat.go); flatJ and flatV are its
	// last entry and event, flatErr set once an append failed (every
	// write is refused after). The committer's alone, as is flat's use.
	flat         *flatjournal.File
	flatOpened   flatState // what Open read of it
	flatJ, flatV uint64
	flatErr      error
	closing      atomic.Bool // Close is under way: commits flush bbolt's file
	switching    bool        // SetCatalog is recording a new catalog: no cart starts (guarded by mu)
	switched     sync.Cond   // broadcast when switching ends (its L is &mu)

	// qrs keeps the QR payloads signed on read, by the fields they sign:
	// the printer polls its queue and screens refresh, and each ticket is
	// signed once (30 µs) rather than at every look. A payload is a pure
	// function of its fields and the key, so a kept one is never stale.
	// qrsOld is the generation before (ticketQR).
	qrMu sync.Mutex
	// warming are the goroutines of warmQRs still signing (Close waits).
	warming sync.WaitGroup
	qrs     map[string]string
	qrsOld  map[string]string
	// qrSigning are the payloads being signed, by their fields: a
	// reader that needs one waits for it rather than sign it again
	// (ticketQR). qrSigns counts the signatures made (tests).
	qrSigning map[string]chan struct{}
	qrSigns   atomic.Uint64

	// pinMu makes throttlePIN's read of the failures, its check and its
	// count one step: wrong PINs typed at once at several tills are
	// counted one after the other (pins.go).
	pinMu sync.Mutex

	// clockBase is when the wall clock was last compared with the
	// monotonic one (wallClockJump, events.go).
	clockMu   sync.Mutex
	clockBase time.Time
}

// maxQRs bounds a generation of the QR payloads kept in memory (about
// 450 bytes each with their fields). What is looked at again is what
// waits in the print queue or shows on a screen: a payload asked for
// again moves to the current generation, and a full generation becomes
// the old one, dropping the one before. So at most 2*maxQRs are kept
// (115 kB), none is signed twice while at most maxQRs are in use, and the
// memory does not grow with the tickets sold (it did up to 16,384
// payloads, 7 MB, a quarter of a kiosk's budget on a small board).
const maxQRs = 128

// ticketQR is the QR payload of an issued ticket: the one its ticket.issued
// entry stored (journals written before the key was pinned), else signed
// with the register's key, which gives the same payload every time. A
// payload another goroutine is signing (a sale's warmQRs, when the spooler
// reads the queue before it finished) is waited for, not signed twice.
func (r *Register) ticketQR(p ticketIssued) (string, error) {
	if p.QR != "" {
		return p.QR, nil
	}
	f, err := claimOf(p.Ticket).fields()
	if err != nil {
		return "", err
	}
	if r.key == nil {
		return "", fmt.Errorf("the signing key %s.key is not there: this read-only register cannot sign tickets", r.path)
	}
	r.qrMu.Lock()
	for {
		qr, ok := r.qrs[f]
		if !ok {
			if qr, ok = r.qrsOld[f]; ok {
				r.keepQR(f, qr)
			}
		}
		if ok {
			r.qrMu.Unlock()
			return qr, nil
		}
		// Being signed (a sale's warmQRs, while the spooler reads the
		// queue): wait for it, then look again.
		signing, busy := r.qrSigning[f]
		if !busy {
			break
		}
		r.qrMu.Unlock()
		<-signing
		r.qrMu.Lock()
	}
	signing := make(chan struct{})
	if r.qrSigning == nil {
		r.qrSigning = map[string]chan struct{}{}
	}
	r.qrSigning[f] = signing
	r.qrMu.Unlock()
	var qr string
	defer func() {
		r.qrMu.Lock()
		if qr != "" {
			r.keepQR(f, qr)
		}
		delete(r.qrSigning, f)
		r.qrMu.Unlock()
		close(signing)
	}()
	qr = signFields(r.key, f)
	r.qrSigns.Add(1)
	return qr, nil
}

// warmQRs signs the QR payloads of a sale's tickets on another goroutine,
// while the sale's commit syncs the file (the committer waits on the disk:
// a core is free), so the printer's spooler, which reads the queue right
// after the commit, finds them signed. Ed25519 is deterministic: a payload
// signed for a sale that then fails (or a batch run again) is the payload
// the same fields always give; nothing but the cache changes, and the
// tickets are printed only from the durable queue. An order with more
// tickets than a generation holds is left to sign on read.
func (r *Register) warmQRs(ts []pos.Ticket) {
	if r.key == nil || len(ts) == 0 || len(ts) > maxQRs/4 {
		return
	}
	ts = slices.Clone(ts)
	r.warming.Go(func() {
		for _, t := range ts {
			_, _ = r.ticketQR(ticketIssued{Ticket: t})
		}
	})
}

// keepQR keeps a payload in the current generation (maxQRs); r.qrMu held.
func (r *Register) keepQR(f, qr string) {
	if len(r.qrs) >= maxQRs {
		r.qrsOld, r.qrs = r.qrs, make(map[string]string, maxQRs)
	}
	r.qrs[f] = qr
}

// Open opens (or creates) the register's file, takes its lock, creates the
// signing key on first start and records it in the journal (then checks
// the key against it at every start: ErrKeyMismatch, ErrKeyMissing),
// remembers the catalog's organiser (refusing another's: *OrganiserError),
// records the capacity the catalog gives this register, and rebuilds the
// views if they are missing or outdated.
// A file already open by another process gives an error that wraps
// ErrLocked and names that process when its pid file says it.
//
// Open refuses, writing nothing: a damaged file (*DamagedError), a
// journal whose chain does not verify since the last checkpoint
// (*BrokenJournalError, ErrBrokenJournal: it can still be read with the
// journal tools), a key others can read (ErrKeyExposed), and a key
// without its journal (unless Options.NewJournalAfter). A new file is
// created whole or not at all (create).
func Open(o Options) (*Register, error) {
	if o.Catalog == nil {
		return nil, errors.New("local: Open needs a catalog")
	}
	if o.Path == "" {
		o.Path = "guichet.db"
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.HoldFor <= 0 {
		o.HoldFor = 20 * time.Minute
	}
	if o.LockTimeout <= 0 {
		o.LockTimeout = time.Second
	}
	if o.ReadOnly {
		return openReadOnly(o)
	}
	for tries := 1; ; tries++ {
		r, err := open(o)
		if errors.Is(err, errRebuiltMeanwhile) && tries < 3 {
			continue // open the file the other start rebuilt: its lock says whether that start runs on it
		}
		return r, err
	}
}

func open(o Options) (*Register, error) {
	// The file as found, before its lock: rebuildFromFlat replaces this
	// one only, not one another start rebuilt meanwhile.
	judged, _ := os.Stat(o.Path)
	db, err := openDB(o.Path, o.LockTimeout, false)
	rebuilt := false // bbolt's file was just rebuilt from the flat file: trusted
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, ErrEmptyFile) || errors.Is(err, ErrDamaged) {
		// lost or damaged: its flat file holds the whole journal
		// (flat.go), all a till was told was done
		st, ferr := flatStateOf(o.Path, nil)
		if ferr != nil {
			return nil, ferr
		}
		if st.lastEntry > 0 {
			if err = rebuildFromFlat(o.Path, judged, o.LockTimeout, o.Now()); err != nil {
				return nil, err
			}
			db, err = openDB(o.Path, o.LockTimeout, false)
			rebuilt = true
		}
	}
	if _, kerr := os.Stat(o.Path + ".key"); errors.Is(err, fs.ErrNotExist) || (errors.Is(err, ErrEmptyFile) && (kerr != nil || o.NewJournalAfter > 0)) {
		if err = create(o); err == nil {
			db, err = openDB(o.Path, o.LockTimeout, false)
		}
	}
	if errors.Is(err, ErrEmptyFile) {
		return nil, lostJournal(o.Path)
	}
	if err != nil {
		return nil, err
	}
	// bbolt's file is ours (locked): read the flat file, and rebuild
	// bbolt's from it if the machine stopped under the register.
	fj, fst, err := openFlat(o.Path, readFlatAt(db))
	if err == nil && fst.lastEntry > 0 && !fst.trusted() && !rebuilt {
		fj.Close()
		db.Close()
		if err = rebuildFromFlat(o.Path, judged, o.LockTimeout, o.Now()); err == nil {
			if db, err = openDB(o.Path, o.LockTimeout, false); err == nil {
				if fj, fst, err = openFlat(o.Path, nil); err != nil {
					db.Close()
				}
			}
		}
		if err != nil {
			return nil, err
		}
	} else if err != nil {
		db.Close()
		return nil, err
	}
	// Another organiser's catalog is refused before anything is written
	// (not even the pid file): the file stays as it was. Unless the file
	// is being re-pointed to it (RepointOrganiser): setUp records that.
	if o.repointBy == "" {
		if err := openedFor(db, o.Path, o.Catalog); err != nil {
			fj.Close()
			db.Close()
			return nil, err
		}
	}
	r := &Register{db: db, path: o.Path, now: o.Now, holdFor: o.HoldFor, tills: map[*Till]struct{}{}, qrs: map[string]string{}, escrow: o.Escrow,
		repointBy: o.repointBy, noSession: o.noSession}
	r.switched.L = &r.mu
	r.catalog.Store(o.Catalog)
	fail := func(err error) (*Register, error) {
		os.Remove(pidPath(o.Path)) // written below, under the file's lock: ours
		fj.Close()
		db.Close()
		return nil, err
	}
	_ = os.WriteFile(pidPath(o.Path), []byte(strconv.Itoa(os.Getpid())+"\n"+strings.ReplaceAll(o.Serves, "\n", " ")+"\n"), 0o644)
	// A new key only for a journal without entries: tickets of a journal
	// that has some were signed with a key that must be restored.
	var used bool
	var pinned ed25519.PublicKey
	err = safely(o.Path, func() error {
		return db.View(func(tx *bolt.Tx) error {
			if b := tx.Bucket(bucketJournal); b != nil {
				k, _ := b.Cursor().First()
				used = k != nil
			}
			if view(tx, vKey) != nil {
				pub, ok, err := recordedKey(tx)
				if ok && err == nil {
					pinned = pub
				}
			}
			return nil
		})
	})
	if err != nil {
		return fail(err)
	}
	removeLeftovers(o.Path, pinned)
	var restartAfter uint64
	var fig JournalFigures
	if _, err := os.Stat(o.Path + ".key"); err == nil && !used {
		if o.NewJournalAfter == 0 {
			return fail(lostJournal(o.Path))
		}
		restartAfter = o.NewJournalAfter
	}
	if r.key, err = loadKey(o.Path, !used); err != nil {
		return fail(err)
	}
	r.pub = r.key.Public().(ed25519.PublicKey)
	if restartAfter > 0 {
		if fig, err = newJournalFigures(o, r.pub); err != nil {
			return fail(err)
		}
	}
	if pub, err := LoadPublicKey(o.Path + ".pub"); err != nil || !pub.Equal(r.pub) {
		writePub(o.Path, r.pub) // lost, or left unwritten by a kill: door scanners read it
	}
	err = safely(o.Path, func() error {
		return db.Update(func(tx *bolt.Tx) error {
			var id string
			if meta := tx.Bucket(bucketMeta); meta != nil {
				id = string(meta.Get([]byte("register")))
			}
			if err := rollForward(tx, fst); err != nil {
				return err
			}
			if err := checkFlat(o.Path, tx, fst); err != nil {
				return err
			}
			if err := verifySinceCheckpoint(tx, o.Path, id); err != nil {
				return err
			}
			if err := r.setUp(tx, o.Register, restartAfter, fig); err != nil {
				return err
			}
			if o.Training && !isTraining(tx) {
				if err := tx.Bucket(bucketMeta).Put(trainingKey, []byte("1")); err != nil {
					return err
				}
			}
			r.training = isTraining(tx)
			if !r.noSession {
				if err := logEventAs(tx, r.id, "", r.now(), EventStarted, eventPayload{Version: SoftwareVersion()}); err != nil {
					return err
				}
			}
			if err := putFlatAt(tx, fj.Position(), fst.lastEntry, fst.lastEvent); err != nil {
				return err
			}
			ps, _ := pushStateAfter(tx, PushState{Register: r.id}) // read once: its commits keep it from now on
			r.keepPushState(ps)
			return nil
		})
	})
	if err != nil {
		return fail(err)
	}
	// The flat file takes what bbolt's holds beyond it (this start's
	// entries; a commit killed before its append; a journal tool's
	// entries) and the boot this register runs on; from now on bbolt
	// commits without a flush and each commit is made durable there.
	if r.flatJ, r.flatV, err = catchUp(db, o.Path, fj, fst.lastEntry, fst.lastEvent, append([]byte{recOpened}, bootID()...)); err != nil {
		return fail(err)
	}
	r.flat, r.flatOpened = fj, fst
	db.NoSync = true
	r.snap = serveSnapshots(db, o.Path)
	return r, nil
}

// setUp makes a file the register's, in one transaction: its buckets, its
// id (register, "K01" by default, refused if another register's), the
// organiser it sells for (organiser.go) and its catalog's languages (languages.go), its
// views (rebuilt when missing or of another format), its key pinned and
// its catalog's capacity granted; restartAfter > 0 starts the journal as
// one that replaces a lost one (journal.restarted), its closures going on
// from fig.
func (r *Register) setUp(tx *bolt.Tx, register string, restartAfter uint64, fig JournalFigures) error {
	for _, b := range [][]byte{bucketJournal, bucketMeta} {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return err
		}
	}
	meta := tx.Bucket(bucketMeta)
	fresh := false // a new file: its catalog is the one it sells with
	switch stored := string(meta.Get([]byte("register"))); {
	case stored == "":
		fresh = true
		if register == "" {
			register = "K01"
		}
		if strings.ContainsAny(register, "|- \t") {
			return fmt.Errorf("register id %q: use letters and digits only (K01)", register)
		}
		if err := meta.Put([]byte("register"), []byte(register)); err != nil {
			return err
		}
		r.id = register
	case register != "" && register != stored:
		return fmt.Errorf("%s is the journal of register %s, not %s", r.path, stored, register)
	default:
		r.id = stored
	}
	missing, err := ensureViews(tx)
	if err != nil {
		return err
	}
	if missing || string(meta.Get([]byte("views_format"))) != viewsFormat {
		if _, err := rebuildViews(tx); err != nil {
			return err
		}
		if err := meta.Put([]byte("views_format"), []byte(viewsFormat)); err != nil {
			return err
		}
	}
	if r.repointBy == "" {
		if err := rememberOrganiser(tx, r.cat(), fresh); err != nil { // Open checked it (checkOrganiser)
			return err
		}
	}
	if err := ensureHead(tx); err != nil {
		return err
	}
	if err := r.pinKey(tx); err != nil {
		return err
	}
	if restartAfter > 0 {
		if err := r.restartJournal(tx, restartAfter, fig); err != nil {
			return err
		}
	}
	if r.repointBy != "" {
		if err := r.repointOrganiser(tx, r.repointBy); err != nil {
			return err
		}
	}
	if err := rememberLanguages(tx, r.cat(), fresh); err != nil { // after the organiser: languages.go
		return err
	}
	if err := r.loadDeadlines(tx); err != nil {
		return err
	}
	if !r.escrow {
		// a file the central server granted capacity to sells only
		// that, however it is opened (a tool run without --central, the
		// counter started without it): granting itself the catalog would
		// sell what the server gave other registers
		r.escrow = leased(tx)
	}
	if r.noSession {
		// opened only to record a refused unlock (RecordRefusedUnlock):
		// none of a start's entries (a grant, the days' closures): a
		// wrong PIN is not a start, and the register's next start writes
		// them. The pin.failed it records closes the days before it as
		// any entry does.
		return nil
	}
	if !r.escrow { // in escrow, the central server grants what it sells
		if err := r.grantCatalog(tx); err != nil {
			return err
		}
	}

	// The first action after midnight closes the days before it: starting
	// the register is one.
	return r.newWriter(tx, r.now(), "", "").load()
}

// pinKey records the register's public key in the journal (register.key)
// the first time, and else checks that <db>.key is the key recorded: a
// swapped or lost-and-regenerated key would sign tickets the door rejects,
// and QR payloads are derived with it, so Open refuses. A journal written
// before keys were pinned gets its register.key now, once a QR it stored
// verifies with the key (it was signed with it).
func (r *Register) pinKey(tx *bolt.Tx) error {
	mismatch := fmt.Errorf("the signing key %s.key %w: restore the original key file; tickets it signed could not be verified otherwise", r.path, ErrKeyMismatch)
	pub, ok, err := recordedKey(tx)
	if err != nil {
		return err
	}
	if ok {
		if !pub.Equal(r.pub) {
			return mismatch
		}
		return nil
	}
	if qr, ok := aStoredQR(tx); ok {
		if _, err := VerifyTicket(r.pub, qr); err != nil {
			return mismatch
		}
	}
	if r.noSession {
		return nil // pinned at the register's next start, not by a refused unlock
	}
	if _, err = r.newWriter(tx, r.now(), "", "").append(TypeRegisterKey, registerKey{PublicKey: b64.EncodeToString(r.pub)}); err != nil {
		return err
	}
	return logEventTx(tx, r.id, r.now(), EventKeyPinned, b64.EncodeToString(r.pub))
}

// aStoredQR is a QR payload a ticket.issued entry of the journal stored
// (journals written before the key was pinned), if there is one.
func aStoredQR(tx *bolt.Tx) (string, bool) {
	c := view(tx, vOrders).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var rec orderRec
		if json.Unmarshal(v, &rec) != nil {
			continue
		}
		for _, t := range rec.Tickets {
			if t.Issued == 0 {
				continue
			}
			p, _, err := issuedAt(tx, t.Issued)
			if err == nil && p.QR != "" {
				return p.QR, true
			}
			if err == nil {
				return "", false // the first ticket has none: no ticket stored one
			}
		}
	}
	return "", false
}

// grantCatalog records, for a register on its own, the whole catalog's
// capacity as granted to it: one capacity.granted entry listing every zone
// whose grant differs from the catalog (none on most starts).
func (r *Register) grantCatalog(tx *bolt.Tx) error { return r.grantCatalogOf(tx, r.cat()) }

// grantCatalogOf is grantCatalog for catalog c (SetCatalog grants the
// new catalog before it becomes the register's).
func (r *Register) grantCatalogOf(tx *bolt.Tx, c *pos.Catalog) error {
	var p capacityGranted
	gb := view(tx, vGrants)
	for _, perf := range c.PerformancesByStart() {
		for _, z := range c.ZonesOf(perf) {
			g := grant{Performance: perf.ID, Zone: z.ID, Capacity: c.Capacity(perf.ID, z.ID), AllSeats: z.Seated()}
			var have grant
			found, err := getJSON(gb, key(perf.ID, z.ID), &have)
			if err != nil {
				return err
			}
			if found && have == g {
				continue
			}
			p.Grants = append(p.Grants, g)
		}
	}
	if len(p.Grants) == 0 {
		return nil
	}
	_, err := r.newWriter(tx, r.now(), "", "").append(TypeCapacityGranted, p)
	return err
}

// Close closes the file. Everything committed stays; carts and holds are
// lost (nothing in them was sold).
func (r *Register) Close() error {
	r.mu.Lock()
	for t := range r.tills {
		t.closed.Store(true)
	}
	r.tills = map[*Till]struct{}{}
	if r.expiry != nil {
		r.expiry.Stop()
		r.expiry = nil
	}
	r.mu.Unlock()
	r.warming.Wait()
	r.snap.close()
	if r.readOnly {
		return r.db.Close()
	}
	// The last commits flush bbolt's file (closing), everything before
	// them with it; then the flat file says the register closed.
	r.closing.Store(true)
	stop := func(tx *bolt.Tx) error { return logEventTx(tx, r.id, r.now(), EventStopped, "") }
	if r.noSession {
		stop = func(*bolt.Tx) error { return nil } // the flush alone: no session was opened
	}
	err := r.write(stop) // best effort: a stop not logged shows as a start without one
	if r.flat != nil {
		if err == nil {
			_, _ = r.flat.Append([]byte{recClosed})
		}
		r.flat.Close()
	}
	if pid := readPID(r.path); pid == os.Getpid() {
		os.Remove(pidPath(r.path))
	}
	return r.db.Close()
}

// Catalog is what the register sells.
func (r *Register) Catalog() *pos.Catalog { return r.cat() }

// ID is the register's id ("K01").
func (r *Register) ID() string { return r.id }

// Training reports whether the file is a training register's (opened
// with Options.Training once): its statements and papers say so, under
// whatever name the file is copied.
func (r *Register) Training() bool { return r.training }

// trainingKey in meta marks a training register's file.
var trainingKey = []byte("training")

func isTraining(tx *bolt.Tx) bool {
	meta := tx.Bucket(bucketMeta)
	return meta != nil && meta.Get(trainingKey) != nil
}

// Path is the register's file.
func (r *Register) Path() string { return r.path }

// PublicKey verifies the register's signed tickets.
func (r *Register) PublicKey() ed25519.PublicKey { return r.pub }

// Version increases on every committed change and every change of holds:
// screens poll it and refresh when it moves.
func (r *Register) Version() uint64 { return r.version.Load() }

func (r *Register) changed() {
	r.version.Add(1)
	if f := r.onChange.Load(); f != nil {
		(*f)()
	}
}

// OnChange is called after every commit and hold change (nil: none), from
// the goroutine that made it: it must not block. The register service
// uses it to tell every open till at once, so none has to poll.
func (r *Register) OnChange(f func()) {
	if f == nil {
		r.onChange.Store(nil)
		return
	}
	r.onChange.Store(&f)
}

// HoldFor is how long a till's cart holds its seats and places after its
// last change.
func (r *Register) HoldFor() time.Duration { return r.holdFor }

// boltOptions are how the register's file is opened: the freelist is kept
// as a map (fast allocation in a big file). NoFreelistSync was measured and
// left off: it saved one page a sale (within the disk's noise) but made
// Open walk the whole file (12 ms instead of 1 ms at 100,000 entries,
// growing with the journal). Once the register runs, its commits do not
// flush the file (NoSync): the flat file makes them durable (flat.go).
//
// The file is mapped 1 MB at least (initialMmap): bbolt maps a new file
// 32 KB wide and doubles the map each time a transaction outgrows it, and
// each remap copies every key and value the transaction has touched to the
// heap. Creating a register's file (its first entries: the capacity of a
// 2,000-performance catalog granted, 150 KB, and its views) remapped five
// times and copied 1.7 MB (peak RSS of a first start 0.5-1 MB higher). A
// map wider than the file costs address space, not memory. bbolt grows the
// file to the map's size while it is under 16 MB, so a new file is 1 MB
// long from its first commit (the demo's was 64 KB), its pages beyond those
// in use a hole that takes no room on disk (52 KB used either way).
func boltOptions(timeout time.Duration, readOnly bool) *bolt.Options {
	return &bolt.Options{Timeout: timeout, ReadOnly: readOnly, FreelistType: bolt.FreelistMapType, InitialMmapSize: initialMmap}
}

// initialMmap is the least the register's file is mapped (boltOptions).
const initialMmap = 1 << 20

func pidPath(db string) string { return db + ".pid" }

// readPID is the pid in the pid file beside db (0: none).
func readPID(db string) int {
	pid, _ := readPIDFile(db)
	return pid
}

// readPIDFile reads the pid file beside db: the pid of the process that has
// the file open, and what it serves (a file of an older version has only
// the pid).
func readPIDFile(db string) (pid int, serves string) {
	data, err := os.ReadFile(pidPath(db))
	if err != nil {
		return 0, ""
	}
	first, rest, _ := strings.Cut(string(data), "\n")
	pid, _ = strconv.Atoi(strings.TrimSpace(first))
	return pid, strings.TrimSpace(rest)
}

// update runs fn in one write transaction with a writer for the till's
// shift and staff, and returns after the commit (bbolt syncs the file
// before Commit returns): everything appended is then durable.
func (r *Register) update(now time.Time, shift, staff string, fn func(w *writer) error) error {
	return r.updateThen(now, shift, staff, fn, nil)
}

// updateThen is update with after run under r.mu once the commit is
// durable, before the next one (commit.go): the memory that follows it.
func (r *Register) updateThen(now time.Time, shift, staff string, fn func(w *writer) error, after func()) error {
	if r.readOnly {
		if r.trial {
			return r.try(func(tx *bolt.Tx) error { return fn(r.newWriter(tx, now, shift, staff)) })
		}
		return ErrReadOnly
	}
	err := r.commit(func(tx *bolt.Tx) error {
		return fn(r.newWriter(tx, now, shift, staff))
	}, after)
	if err == nil {
		r.changed()
	}
	return err
}

// read runs fn in a read transaction; a damaged file gives a
// *DamagedError instead of a panic or a fault (safely).
func (r *Register) read(fn func(tx *bolt.Tx) error) error {
	return safely(r.path, func() error { return r.db.View(fn) })
}

// write runs fn in the register's next commit (commit.go: several tills'
// writes share one transaction and one fsync), durable when it returns
// nil; a damaged file gives a *DamagedError and nothing is written. fn may
// run more than once and must change nothing in memory: the caller does
// that once write returned nil. The caller must not hold r.mu.
func (r *Register) write(fn func(tx *bolt.Tx) error) error {
	return r.commit(fn, nil)
}

// promoState is what pricing knows of codes and offer usage, read in tx.
// The promotions work (local/codes.go) fills it in; nil means no codes
// and no usage recorded.
func (r *Register) promoState(tx *bolt.Tx) pos.PromoState {
	return r.promoStateFor(tx, nil) // local/codes.go; every till's cart counts
}
