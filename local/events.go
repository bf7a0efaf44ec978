package local

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// The technical event log (BOI-TVA-DECLA-30-10-30: security; the NF525
// "journal des événements techniques"): what happened to the register
// rather than what it sold — starts and stops with the software's
// version, the key pinned, clock jumps, printer faults, failed unlocks,
// archives made, a journal restored, catalogs from the central server
// refused. It is chained like the journal (the
// same entry encoding, its own sequence and chain) in a bucket of its own,
// so an event never moves the journal's head or the closures' sums.

var bucketEvents = []byte("events")

// Event kinds.
const (
	EventStarted      = "register.started"
	EventStopped      = "register.stopped"
	EventKeyPinned    = "key.pinned"
	EventClockJumped  = "clock.jumped"
	EventPrinterFault = "printer.fault"
	EventUnlockFailed = "unlock.failed"
	EventArchiveMade  = "archive.made"
	EventRestored     = "journal.restored"
	// EventCatalogRefused: a catalog pulled from the central server was
	// not applied; its detail is the whole sentence, with the ways out,
	// that the status line has no room for.
	EventCatalogRefused = "catalog.refused"
)

// The formats of events' details, kept in English in the log (guichet
// journal events --json prints them so) and said in French by
// frenchEventDetails, whose keys they must stay.
const (
	archiveDetail   = "year %s, entries %d to %d, sha256 %s"
	clockJumpDetail = "the wall clock moved %s against the monotonic clock"
	// its %s, the lost journal's figures, is %w in frenchEventDetails
	// (said in French as a sentence of its own)
	restoredDetail = "a new journal replaces a lost one, orders, credit vouchers, shifts and customers numbered after %d, closures going on from %s"
)

// eventPayload is an event's payload.
type eventPayload struct {
	Detail  string `json:"detail,omitempty"`
	Version string `json:"version,omitempty"`
}

// Event is one entry of the event log.
type Event struct {
	Seq     uint64    `json:"seq"`
	Time    time.Time `json:"time"`
	Kind    string    `json:"kind"`
	Staff   string    `json:"staff,omitempty"`
	Detail  string    `json:"detail,omitempty"`
	Version string    `json:"version,omitempty"`
	Hash    Digest    `json:"hash"`
}

// SoftwareVersion is the version the start events record: the module's
// as the build recorded it, "(devel)" for a build from a work tree.
func SoftwareVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		v := bi.Main.Version
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " " + s.Value[:12]
			}
		}
		return v
	}
	return "unknown"
}

// logEventTx appends an event to the log in tx.
func logEventTx(tx *bolt.Tx, register string, now time.Time, kind, detail string) error {
	return logEventAs(tx, register, "", now, kind, eventPayload{Detail: detail})
}

func logEventAs(tx *bolt.Tx, register, staff string, now time.Time, kind string, p eventPayload) error {
	b, err := tx.CreateBucketIfNotExists(bucketEvents)
	if err != nil {
		return err
	}
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	e := Entry{Seq: 1, ID: uuid.New(), Time: now.UTC(), Register: register, Staff: staff, Type: kind, Payload: data}
	if k, v := b.Cursor().Last(); k != nil {
		last, _, err := decodeEntry(v)
		if err != nil {
			return fmt.Errorf("the event log is damaged at its end: %w", err)
		}
		e.Seq, e.Prev = last.Seq+1, last.Hash
	}
	e.Hash = sha256.Sum256(e.encode())
	return b.Put(seqKey(e.Seq), append(e.encode(), e.Hash[:]...))
}

// LogEvent records an event (a printer fault, say) in the register's
// event log. Durable when it returns.
func (r *Register) LogEvent(kind, detail string) error {
	if r.readOnly {
		return ErrReadOnly
	}
	return r.write(func(tx *bolt.Tx) error { return logEventTx(tx, r.id, r.now(), kind, detail) })
}

// clockJumpLimit is how far the wall clock may move against the monotonic
// clock before the move is logged.
const clockJumpLimit = time.Minute

// clockJump is how far the wall clock moved against the monotonic clock
// between base and now (both read from time.Now, which carries both), and
// whether that is a jump worth logging.
func clockJump(base, now time.Time) (time.Duration, bool) {
	return jumped(now.Round(0).Sub(base.Round(0)), now.Sub(base))
}

// jumped compares the wall clock's elapsed time with the monotonic one's.
func jumped(wall, mono time.Duration) (time.Duration, bool) {
	d := wall - mono
	return d, d > clockJumpLimit || d < -clockJumpLimit
}

// wallClockJump reports a clock jump since the last look, in the words of
// its event, and looks again from now on. The committer logs it in the
// commit it is about to make.
func (r *Register) wallClockJump() (string, bool) {
	r.clockMu.Lock()
	defer r.clockMu.Unlock()
	now := time.Now()
	if r.clockBase.IsZero() {
		r.clockBase = now
		return "", false
	}
	d, ok := clockJump(r.clockBase, now)
	if !ok {
		return "", false
	}
	r.clockBase = now
	return fmt.Sprintf(clockJumpDetail, d.Round(time.Second)), true
}

// Events reads the event log of a register's file (read only) and checks
// its chain: a changed or missing event gives a *BadEntryError naming it.
func Events(path string) ([]Event, error) {
	db, err := openFile(path, true)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var out []Event
	err = viewFile(path, db, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketEvents)
		if b == nil {
			return nil
		}
		var prev Digest
		want := uint64(1)
		return b.ForEach(func(k, v []byte) error {
			e, enc, err := decodeEntry(v)
			switch {
			case err != nil:
				return badEntry(binary.BigEndian.Uint64(k), pos.Errorf("event: %w", err))
			case e.Seq != want || binary.BigEndian.Uint64(k) != want:
				return badEntry(want, pos.Errorf("event missing (a gap in the event log)"))
			case sha256.Sum256(enc) != e.Hash || e.Prev != prev:
				return badEntry(e.Seq, pos.Errorf("event changed (its hash or link does not match)"))
			}
			var p eventPayload
			_ = json.Unmarshal(e.Payload, &p)
			out = append(out, Event{Seq: e.Seq, Time: e.Time, Kind: e.Type, Staff: e.Staff, Detail: p.Detail, Version: p.Version, Hash: e.Hash})
			prev = e.Hash
			want++
			return nil
		})
	})
	return out, err
}
