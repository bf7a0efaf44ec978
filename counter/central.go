package counter

import (
	"context"
	"errors"
	gosync "sync"
	"time"

	"guichet/local"

	"guichet/pos"
	"guichet/sync"
	"guichet/sync/api"
)

// Central is where the register pushes its journal (guichetd), with the
// token it was enrolled with.
type Central struct {
	URL   string
	Token string
	// Alert is how old the oldest entry not yet pushed may grow before the
	// status line shows it as an alert (default 15 minutes).
	Alert time.Duration
	// Escrow makes the register sell only what the server grants it
	// (local.Options.Escrow), kept supplied in the background; Low and
	// Batch are its watermark and how much it asks for at a time.
	Escrow     bool
	Low, Batch int
	// Interval is how often the pusher, the catalog pull and the escrow
	// look when caught up (tests shorten it; default: theirs).
	Interval time.Duration
	// Accept, when set, is asked of each catalog pulled before it is
	// applied: one it refuses is not (the register sells on with the
	// catalog it has, and Sync says why, as for another organiser's). A
	// kiosk refuses a catalog its customers could not pay with.
	Accept func(*pos.Catalog) error
	// Manual: no pusher in the background; the owner pushes and pulls
	// (PullMailStates, a sync.Pusher on Register), as MailOptions.Manual
	// leaves sending to its owner: for a test that must know when each
	// exchange with the server happens.
	Manual bool
}

// SyncState is the push to the central server as a status line tells it.
type SyncState struct {
	On     bool // the register pushes to a central server
	Online bool
	// Checking: the pusher's first round has not ended (no answer, no
	// failure yet): the register does not know yet whether it is online,
	// and says so rather than "offline" at every start.
	Checking bool
	Unpushed uint64
	Oldest   time.Duration // age of the oldest entry not yet pushed
	Alert    bool          // Oldest is past the alert threshold, or the server refused the journal
	Refused  string        // the server refused the journal: someone must look
	Catalog  bool          // a newer catalog from the server waits for the sales in progress to end
	// CatalogRefused is why the last catalog pulled was not applied (the
	// register goes on with the one it has): someone must look. Too long
	// for a status line, which says where to read it (the event log).
	CatalogRefused string
	// Expired counts what this register holds whose grant ran out while it
	// was offline: it sells nothing new from them until back online.
	Expired int
}

// pushing runs the register's pusher beside the tills.
type pushing struct {
	p     *sync.Pusher
	alert time.Duration
	now   func() time.Time

	mu      gosync.Mutex
	told    SyncState    // what syncRound last found (shownSync)
	catalog *pos.Catalog // a newer catalog, waiting for the sales in progress to end
	// catMsg is why the last catalog pulled could not be applied, as
	// text made once (Sync is read at every frame)
	catMsg string
	// catLogged is the last refusal written to the event log: the same
	// catalog pulled again is not logged again.
	catLogged string
	// held are the messages guichetd last said it tried and holds (a
	// login refused, a 4xx), with why: the desk says it (OutboxOf)
	held map[string]api.MailState

	kick chan struct{} // a change at the register or a catalog pulled: try to apply it

	accept func(*pos.Catalog) error // Central.Accept
}

// startPush starts pushing the journal to c until ctx ends.
func (s *Service) startPush(ctx context.Context, c Central) {
	if c.Alert <= 0 {
		c.Alert = 15 * time.Minute
	}
	ps := &pushing{alert: c.Alert, now: s.now, accept: c.Accept, kick: make(chan struct{}, 1)}
	ps.p = sync.New(s.reg, sync.Options{Central: c.URL, Token: c.Token, Now: s.now, Interval: c.Interval, MaxBackoff: 6 * max(c.Interval, 0),
		OnCatalog: func(cat *pos.Catalog) error {
			// Kept until no till has a sale in progress, then applied
			// by applyCatalogs: never mid-cart.
			ps.mu.Lock()
			ps.catalog, ps.catMsg = cat, ""
			ps.mu.Unlock()
			ps.poke()
			return nil
		},
		Waiting:      s.waitingEmails,
		OnMailStates: s.recordMailStates,
		OnRound:      s.syncRound})
	s.push = ps
	// Every change may be the end of the last sale in progress (a checkout,
	// a cart cleared or run out, a till locked). The register calls this
	// with its lock held sometimes: it only pokes the applier.
	s.reg.OnChange(func() { s.changes.tell(); ps.poke() })
	// s.escrow is set before the pusher starts: its rounds read it (Sync).
	if c.Escrow && s.reg.Escrow() {
		s.escrow = sync.NewEscrow(s.reg, sync.EscrowOptions{Central: c.URL, Token: c.Token, Low: c.Low, Batch: c.Batch, Interval: c.Interval})
	}
	if !c.Manual {
		s.workers.Add(1)
		go func() { defer s.workers.Done(); _ = ps.p.Run(ctx) }()
	}
	if s.escrow != nil {
		s.workers.Add(1)
		go func() { defer s.workers.Done(); _ = s.escrow.Run(ctx) }()
	}
	s.workers.Add(1)
	go func() { defer s.workers.Done(); s.applyCatalogs(ctx, ps) }()
}

func (ps *pushing) poke() {
	select {
	case ps.kick <- struct{}{}:
	default: // one is pending: it reads the newest state
	}
}

// applyCatalogs applies the catalog waiting as soon as no till has a sale
// in progress; SetCatalog's own change tells the screens, which rebuild
// their lists from it.
func (s *Service) applyCatalogs(ctx context.Context, ps *pushing) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-ps.kick:
		}
		ps.mu.Lock()
		cat := ps.catalog
		ps.mu.Unlock()
		if cat == nil {
			continue
		}
		var err error
		if ps.accept != nil {
			err = ps.accept(cat)
		}
		if err == nil {
			err = s.reg.SetCatalog(cat)
		}
		if errors.Is(err, local.ErrSaleInProgress) {
			continue // the end of that sale pokes again
		}
		if err == nil && s.escrow != nil {
			// A capacity the catalog lowered is given back, and the lists
			// count what is left to grant, once the server is asked: now,
			// not at the next renewal, which sold from the old grant.
			s.escrow.RenewNow()
		}
		ps.mu.Lock()
		if ps.catalog == cat {
			ps.catalog = nil
		}
		ps.catMsg = ""
		if err != nil {
			ps.catMsg = err.Error()
		}
		msg, logged := ps.catMsg, ps.catLogged
		if msg != "" {
			ps.catLogged = msg
		}
		ps.mu.Unlock()
		if msg != "" && msg != logged {
			// The status line has room only to say that it was refused and
			// where to read why: the whole sentence, with its ways out, is
			// in the event log (guichet journal events), once a refusal.
			_ = s.reg.LogEvent(local.EventCatalogRefused, msg) // best effort: the status line says it anyway
		}
	}
}

// Escrow is the register's supply of capacity from the central server (nil
// when it holds its whole catalog).
func (s *Service) Escrow() *sync.Escrow { return s.escrow }

// Sync is the push to the central server now. It reads memory only, no
// file, so a status line may ask at every frame: the register keeps how
// far its journal was pushed (each commit moves it, a sale and an
// acknowledgement alike), the pusher what its last exchange with the
// server said, the escrow what its last look at the holdings found. The
// oldest entry's age is counted from the clock now, so the alert comes on
// by the clock alone; the screens are told of it by the pusher's rounds
// (syncRound).
func (s *Service) Sync() SyncState {
	ps := s.push
	if ps == nil {
		return SyncState{}
	}
	net := ps.p.Exchange()
	js := s.reg.KeptPushState()
	ps.mu.Lock()
	st := SyncState{On: true, Online: net.Online, Unpushed: js.Unpushed(), Refused: net.Refused,
		Catalog: ps.catalog != nil, CatalogRefused: ps.catMsg,
		Checking: !net.Online && net.LastError == "" && net.Refused == "" && net.LastPush.IsZero()}
	ps.mu.Unlock()
	if st.Unpushed > 0 && !js.Oldest.IsZero() {
		st.Oldest = ps.now().Sub(js.Oldest)
	}
	st.Alert = st.Refused != "" || st.CatalogRefused != "" || st.Unpushed > 0 && st.Oldest > ps.alert
	if s.escrow != nil {
		st.Expired = s.escrow.Status().Expired
		st.Alert = st.Alert || st.Expired > 0
	}
	return st
}

// syncRound runs after each of the pusher's rounds, in its goroutine: it
// tells the screens when what their status line says of the push changed
// since the last round (online or not, entries waiting, their age in
// minutes, so an alert that comes on with time, a refusal, grants
// expired). The screens draw only what changes: without this, an idle
// till would say "online" long after the network went.
func (s *Service) syncRound() {
	ps := s.push
	now := shownSync(s.Sync())
	ps.mu.Lock()
	changed := now != ps.told
	ps.told = now
	ps.mu.Unlock()
	if changed {
		s.changes.tell()
	}
}

// shownSync is a push state as precise as a status line says it.
func shownSync(st SyncState) SyncState {
	st.Oldest = st.Oldest.Truncate(time.Minute)
	return st
}

// waitingEmails are the ids of the e-mails this register queued that wait
// for guichetd to send them.
func (s *Service) waitingEmails() ([]string, error) {
	list, err := s.reg.Outbox()
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, m := range list {
		if m.State == local.EmailWaiting {
			ids = append(ids, m.ID)
		}
	}
	return ids, nil
}

// recordMailStates records in the journal what guichetd did with e-mails
// this register queued: email.sent with the mail server's answer, or
// email.failed for good with its reason, so the register's outbox (and its
// desk) shows a message sent or refused as when it sends itself. A message
// still waiting on the server records nothing; when guichetd tried it,
// why it holds it is kept for the desk (OutboxOf), not journaled.
func (s *Service) recordMailStates(states []api.MailState) error {
	held := map[string]api.MailState{}
	for _, st := range states {
		if st.State != local.EmailSent && st.State != local.EmailRefused && st.Attempts > 0 && st.LastError != "" {
			held[st.ID] = st
		}
	}
	if s.push != nil {
		s.push.mu.Lock()
		s.push.held = held
		s.push.mu.Unlock()
	}
	for _, st := range states {
		var err error
		switch st.State {
		case local.EmailSent:
			err = s.reg.EmailSentAt(st.ID, "guichetd: "+st.Reply, st.Sent)
		case local.EmailRefused:
			err = s.reg.EmailFailed(st.ID, st.LastError, true, time.Time{})
		}
		if err != nil && !errors.Is(err, local.ErrEmailDone) && !errors.Is(err, local.ErrNotFound) {
			return err
		}
	}
	return nil
}

// PullMailStates asks the central server now what became of the e-mails
// this register queued (the pusher asks after each push); nothing without
// a central server.
func (s *Service) PullMailStates(ctx context.Context) error {
	if s.push == nil {
		return nil
	}
	return s.push.p.PullMailStates(ctx)
}
