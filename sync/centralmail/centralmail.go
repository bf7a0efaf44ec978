// Package centralmail is guichetd's e-mail sender (issue 18): when a
// central server exists, registers only queue their e-mails (email.queued
// entries that arrive by push), and guichetd sends them, and schedules the
// invoice reminders and the e-mails before the show from the pushed
// journals and its own catalog. Messages are composed as the register
// composes them (counter.Compose), the tickets' QR codes from the signed
// signatures registers pushed (sync/server: tickets.sig; the code is
// rebuilt from the ticket and its signature, then verified).
//
// Each message is sent once: a sender claims it in a transaction (the
// outbox row goes to "sending" under a lease), so two guichetd on one
// database never hand the same id to the mail server at once; a claim
// whose sender died runs out and the message is taken again. Its
// Message-ID is made of its id, the same on every try, so a receiver
// tells a retry from a new message.
package centralmail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	gosync "sync"
	"time"

	"guichet/counter"
	"guichet/local"
	"guichet/mail"
	"guichet/pos"
	"guichet/sync/server"
)

// Options configure a Sender. SMTP is required.
type Options struct {
	SMTP mail.Config
	// Interval is how often the outbox and the schedule are looked at
	// (default 30 s).
	Interval time.Duration
	// Lease is how long a claimed message is this sender's (default 10
	// minutes: far longer than a try, which the SMTP timeout bounds).
	Lease time.Duration
	// Instance names this sender in the claims (default: random).
	Instance string
	Now      func() time.Time
	Log      *slog.Logger
	// Backoff is the wait before try n+1 after n failed (default
	// mail.Backoff: 30 s doubling up to an hour, with jitter).
	Backoff func(n int) time.Duration
}

// Sender sends the central outbox.
type Sender struct {
	store *server.Store
	smtp  *mail.Sender
	o     Options
	mu    gosync.Mutex // one pass at a time in this process

	cat    *pos.Catalog // the catalog registers pull, parsed when first seen
	catVer int64

	// After the mail server refused the account (a wrong password), no
	// login is tried before held (doubling up to an hour), so that the
	// box office's mail account is not locked by failed logins; heldBy is
	// that refusal, logged at each pass. A restart tries at once.
	held   time.Time
	heldBy error
	holds  int
}

// New checks the SMTP configuration.
func New(store *server.Store, o Options) (*Sender, error) {
	smtp, err := mail.NewSender(o.SMTP)
	if err != nil {
		return nil, err
	}
	if o.Interval <= 0 {
		o.Interval = 30 * time.Second
	}
	if o.Lease <= 0 {
		o.Lease = 10 * time.Minute
	}
	if o.Instance == "" {
		var b [6]byte
		_, _ = rand.Read(b[:])
		o.Instance = "guichetd-" + hex.EncodeToString(b[:])
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Backoff == nil {
		o.Backoff = mail.Backoff
	}
	return &Sender{store: store, smtp: smtp, o: o}, nil
}

// Run sends and schedules every Interval until ctx ends; it returns ctx's
// error.
func (c *Sender) Run(ctx context.Context) error {
	t := time.NewTicker(c.o.Interval)
	defer t.Stop()
	for {
		if pass, err := c.Pass(ctx); err != nil && ctx.Err() == nil {
			c.o.Log.Warn("e-mail", "err", err)
		} else if len(pass.Sent)+len(pass.Retry)+len(pass.Refused)+len(pass.Queued) > 0 {
			c.o.Log.Info("e-mail", "queued", len(pass.Queued), "sent", len(pass.Sent), "retry", len(pass.Retry), "refused", len(pass.Refused))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Pass queues what the schedule says is due, then sends every message due
// now, each claimed first.
func (c *Sender) Pass(ctx context.Context) (counter.MailPass, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var pass counter.MailPass
	now := c.o.Now()
	cat, err := c.catalog(ctx, now)
	if errors.Is(err, server.ErrNoCatalog) {
		return pass, nil // nothing can be composed yet: the outbox waits
	}
	if err != nil {
		return pass, err
	}
	if pass.Queued, err = c.Schedule(ctx, cat, now); err != nil {
		return pass, err
	}
	if cat.Organiser.Email == "" {
		return pass, counter.ErrNoSender // each message would be refused for good
	}
	if now.Before(c.held) {
		return pass, c.heldBy
	}
	for ctx.Err() == nil {
		// Each message claimed from when it is taken: a pass lasts as
		// long as the mail server makes it (a timeout a try), longer than
		// a claim, and a claim counted from the pass's start would have
		// run out while this sender still hands the message over.
		now := c.o.Now()
		m, ok, err := c.store.ClaimMail(ctx, c.o.Instance, now, c.o.Lease)
		if err != nil || !ok {
			return pass, err
		}
		if err := c.send(ctx, cat, m, now, &pass); err != nil {
			return pass, err
		}
	}
	return pass, ctx.Err()
}

// catalog is the catalog registers pull (with the server's codes), parsed
// when its version is first seen, as a register parses the catalog it
// pulls (relative dates are anchored on that day).
func (c *Sender) catalog(ctx context.Context, now time.Time) (*pos.Catalog, error) {
	doc, err := c.store.ServedCatalog(ctx)
	if err != nil {
		return nil, err
	}
	if c.cat != nil && doc.Version == c.catVer {
		return c.cat, nil
	}
	cat, err := pos.ParseCatalog("the central catalog", doc.Data, now)
	if err != nil {
		return nil, fmt.Errorf("the central catalog: %w", err)
	}
	c.cat, c.catVer = cat, doc.Version
	return cat, nil
}

func (c *Sender) send(ctx context.Context, cat *pos.Catalog, m server.MailMessage, now time.Time, pass *counter.MailPass) error {
	refuse := func(reason string) error {
		pass.Refused = append(pass.Refused, m.ID)
		return c.store.MailFailed(ctx, m.ID, c.o.Instance, reason, true, now)
	}
	ov, ok, err := c.store.MailOrder(ctx, m.Order)
	if err != nil {
		return err
	}
	if !ok {
		return refuse(fmt.Sprintf("order %s has not reached the central server", m.Order))
	}
	msg, skip, err := counter.Compose(cat, ov, m.OutboxMessage, now)
	if err != nil {
		// not written now (a catalog's text that fails): not the
		// message's fault, it waits with the reason and goes once mended
		pass.Retry = append(pass.Retry, m.ID)
		return c.store.MailFailed(ctx, m.ID, c.o.Instance, err.Error(), false, now.Add(c.o.Backoff(m.Attempts+1)))
	}
	if skip != "" {
		return refuse(skip)
	}
	reply, err := c.smtp.Send(ctx, msg)
	if err == nil {
		// The mail server has it: recorded even if guichetd is being
		// stopped meanwhile (its context ended), or the message, still
		// "sending", would go a second time once its claim ran out.
		rec, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
		defer cancel()
		c.holds = 0
		pass.Sent = append(pass.Sent, m.ID)
		return c.store.MailSent(rec, m.ID, c.o.Instance, reply, now)
	}
	var ref *mail.Refusal
	switch {
	case ctx.Err() != nil:
		return ctx.Err() // the claim runs out; the message is tried again
	case errors.As(err, &ref) && ref.Account:
		// the settings' fault, not the message's: it waits, says what to
		// mend, and no other login is tried this pass
		pass.Retry = append(pass.Retry, m.ID)
		if err := c.store.MailFailed(ctx, m.ID, c.o.Instance, ref.Reason, false, now.Add(c.o.Backoff(m.Attempts+1))); err != nil {
			return err
		}
		c.holds++
		c.held, c.heldBy = now.Add(c.o.Backoff(c.holds)), ref
		return ref
	case errors.As(err, &ref) && ref.Permanent:
		return refuse(ref.Reason)
	default:
		pass.Retry = append(pass.Retry, m.ID)
		return c.store.MailFailed(ctx, m.ID, c.o.Instance, err.Error(), false, now.Add(c.o.Backoff(m.Attempts+1)))
	}
}

// recordTimeout bounds the recording of a message the mail server took,
// which outlives the sender's context.
const recordTimeout = 30 * time.Second

// Schedule queues the scheduled e-mails due at now, each once under the
// id a register alone would give it (counter.ReminderID, BeforeShowID):
// for each invoice waiting to be paid, the latest reminder whose day has
// come; for each performance whose e-mail is on and due, one message per
// order with valid tickets for it.
func (c *Sender) Schedule(ctx context.Context, cat *pos.Catalog, now time.Time) ([]string, error) {
	var queued []string
	queue := func(m local.OutboxMessage) error {
		ok, err := c.store.QueueMail(ctx, m, now)
		if ok {
			queued = append(queued, m.ID)
		}
		return err
	}
	pending, err := c.store.PendingInvoices(ctx, now)
	if err != nil {
		return queued, err
	}
	for _, number := range pending {
		ov, ok, err := c.store.MailOrder(ctx, number)
		if err != nil {
			return queued, err
		}
		if !ok {
			continue
		}
		days := counter.ReminderDue(cat, ov.Order, now)
		to, name, lang := counter.Recipient(cat, ov)
		if days == 0 || to == "" {
			continue
		}
		if err := queue(local.OutboxMessage{ID: counter.ReminderID(number, days), Kind: pos.EmailReminder, Order: number,
			To: to, Name: name, Lang: lang, Reminder: days, ToCustomer: true}); err != nil {
			return queued, err
		}
	}
	for _, p := range counter.BeforeShowDue(cat, now) {
		orders, err := c.store.OrdersFor(ctx, p.ID, counter.BeforeShowID("", p.ID)) // the id after the order's number
		if err != nil {
			return queued, err
		}
		for _, number := range orders {
			ov, ok, err := c.store.MailOrder(ctx, number)
			if err != nil {
				return queued, err
			}
			if !ok || !counter.BeforeShowGoesTo(ov.Order) {
				continue
			}
			to, name, lang := counter.Recipient(cat, ov)
			if to == "" {
				continue
			}
			m := local.OutboxMessage{ID: counter.BeforeShowID(number, p.ID), Kind: pos.EmailBeforeShow, Order: number,
				To: to, Name: name, Lang: lang, Performance: p.ID, ToCustomer: true}
			sent, err := c.store.EmailedTickets(ctx, number)
			if err != nil {
				return queued, err
			}
			for _, t := range ov.Tickets {
				if t.State == local.TicketValid && t.Performance == p.ID {
					m.Tickets = append(m.Tickets, t.Number)
					m.Copy = m.Copy || sent[t.Number] > 0
				}
			}
			if len(m.Tickets) == 0 {
				continue
			}
			if err := queue(m); err != nil {
				return queued, err
			}
		}
	}
	return queued, nil
}
