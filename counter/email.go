package counter

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"guichet/local"
	"guichet/mail"
	"guichet/pos"
)

// MailOptions turn the register's sender on: the outbox is sent by a
// goroutine of the service, which also queues the scheduled e-mails
// (invoice reminders, the e-mail before the show). Without them the
// register only queues: a register of a central server, or one whose
// e-mail is not set up yet (the outbox waits).
type MailOptions struct {
	SMTP mail.Config
	// Interval is how often the outbox and the schedule are looked at
	// without being woken (default 30 s).
	Interval time.Duration
	// Manual: no goroutine; the owner calls SendMail (a command-line
	// tool that sends what it queued and exits; tests).
	Manual bool
}

// OutboxMessage is a message of the outbox and what became of it.
type OutboxMessage = local.OutboxMessage

// E-mail states, as the outbox gives them.
const (
	EmailWaiting = local.EmailWaiting
	EmailSent    = local.EmailSent
	EmailRefused = local.EmailRefused
)

// ErrNoAddress: the order has no customer with an e-mail address; the
// screen asks for one.
var ErrNoAddress = errors.New("this order has no customer e-mail address: type the address to send the tickets to")

// ErrCentralSends: a register of a central server does not send e-mail.
// Its e-mails reach guichetd with its journal, and guichetd sends them and
// schedules the reminders and the e-mails before the show, so that one
// place sends each message once and knows every register's orders.
var ErrCentralSends = errors.New("this register pushes to a central server, which sends the e-mails: give the mail server to guichetd serve (--smtp), not to the register")

// ErrNoSender: the catalog gives no organiser e-mail, the address every
// message is sent from. Nothing is sent, or refused, until it does.
var ErrNoSender = errors.New("the catalog has no organiser e-mail to send from: set organiser.email in the catalog (the e-mails wait in the outbox until then)")

// mailer is the sender goroutine's state.
type mailer struct {
	sender   *mail.Sender
	interval time.Duration
	kick     chan struct{}
	stop     context.CancelFunc
	done     chan struct{}
	mu       sync.Mutex // one pass at a time

	// After the server refused the account (a wrong password), no login
	// is tried before held (doubling up to an hour, as a message's
	// retries), so that a box office's mail account is not locked by
	// failed logins; heldBy is that refusal. A restart, with the settings
	// mended, tries at once.
	held   time.Time
	heldBy error
	holds  int
}

// StartMail starts the sender (New calls it when Options.Mail is set; the
// lead's counter command may call it once SMTP is configured). It returns
// an error for a configuration that cannot work, in a sentence.
func (s *Service) StartMail(o MailOptions) error {
	if s.mail != nil {
		return errors.New("the e-mail sender is running already")
	}
	if s.push != nil {
		return ErrCentralSends
	}
	// A journal once pushed is a central server's register's, started
	// without --central: guichetd sent its outbox (as far as this file
	// knows, still waiting) and its reminders; sending here would send
	// them again. guichet email send refuses it alike.
	if st, err := s.reg.PushState(); err != nil {
		return err
	} else if st.Pushed > 0 {
		return ErrCentralSends
	}
	snd, err := mail.NewSender(o.SMTP)
	if err != nil {
		return err
	}
	if o.Interval <= 0 {
		o.Interval = 30 * time.Second
	}
	ctx, cancel := context.WithCancel(context.Background())
	m := &mailer{sender: snd, interval: o.Interval, kick: make(chan struct{}, 1), stop: cancel, done: make(chan struct{})}
	s.mail = m
	if o.Manual {
		close(m.done)
		return nil
	}
	go func() {
		defer close(m.done)
		t := time.NewTicker(m.interval)
		defer t.Stop()
		for {
			_, _ = s.SendMail(ctx)
			select {
			case <-ctx.Done():
				return
			case <-m.kick:
			case <-t.C:
			}
		}
	}()
	return nil
}

// stopMail stops the sender; a message being handed over is abandoned
// and stays waiting in the outbox.
func (s *Service) stopMail() {
	if s.mail != nil && s.mail.stop != nil {
		s.mail.stop()
		<-s.mail.done
	}
}

// wakeMail asks the sender to look at the outbox now; it never blocks.
func (s *Service) wakeMail() {
	if s.mail != nil {
		select {
		case s.mail.kick <- struct{}{}:
		default:
		}
	}
}

// MailPass is what one look at the outbox did.
type MailPass struct {
	Queued  []string // scheduled messages queued (reminders, before the show)
	Sent    []string
	Retry   []string // failed, tried again later
	Refused []string // refused for good (5xx) or nothing left to send
}

// SendMail queues what the schedule says is due, then sends every message
// due now, and records each outcome in the journal. The sender goroutine
// calls it; tests call it with the register's clock.
func (s *Service) SendMail(ctx context.Context) (MailPass, error) {
	var pass MailPass
	if s.mail == nil {
		return pass, errors.New("e-mail is not set up on this register (no SMTP server)")
	}
	s.mail.mu.Lock()
	defer s.mail.mu.Unlock()
	now := s.now()
	queued, err := s.ScheduleMail(now)
	pass.Queued = queued
	if err != nil {
		return pass, err
	}
	if s.Catalog().Organiser.Email == "" {
		return pass, ErrNoSender // each message would be refused for good
	}
	if now.Before(s.mail.held) {
		return pass, s.mail.heldBy
	}
	due, err := s.reg.DueEmails(now)
	if err != nil {
		return pass, err
	}
	for _, m := range due {
		if ctx.Err() != nil {
			return pass, ctx.Err()
		}
		msg, skip, err := s.compose(m, now)
		if err != nil {
			// the message could not be written now (the journal not
			// read, a catalog's text that fails): not the message's
			// fault, it waits with the reason and goes once mended. The
			// reason is kept in English; the desk says it in its
			// language (pos.Say of the text: the stored sentences of
			// sentences_email_fr.go)
			next := now.Add(mail.Backoff(m.Attempts + 1))
			if err := s.reg.EmailFailed(m.ID, err.Error(), false, next); err != nil {
				return pass, err
			}
			pass.Retry = append(pass.Retry, m.ID)
			continue
		}
		if skip != "" {
			if err := s.reg.EmailFailed(m.ID, skip, true, time.Time{}); err != nil {
				return pass, err
			}
			pass.Refused = append(pass.Refused, m.ID)
			continue
		}
		reply, err := s.mail.sender.Send(ctx, msg)
		var ref *mail.Refusal
		switch {
		case err == nil:
			s.mail.holds = 0
			if err := s.reg.EmailSent(m.ID, reply); err != nil {
				return pass, err
			}
			pass.Sent = append(pass.Sent, m.ID)
		case errors.As(err, &ref) && ref.Account:
			// the settings' fault, not the message's: it waits, says
			// what to mend, and no other login is tried this pass
			next := now.Add(mail.Backoff(m.Attempts + 1))
			if err := s.reg.EmailFailed(m.ID, ref.Reason, false, next); err != nil {
				return pass, err
			}
			pass.Retry = append(pass.Retry, m.ID)
			s.mail.holds++
			s.mail.held, s.mail.heldBy = now.Add(mail.Backoff(s.mail.holds)), ref
			return pass, ref
		case errors.As(err, &ref) && ref.Permanent:
			if err := s.reg.EmailFailed(m.ID, ref.Reason, true, time.Time{}); err != nil {
				return pass, err
			}
			pass.Refused = append(pass.Refused, m.ID)
		default:
			next := now.Add(mail.Backoff(m.Attempts + 1))
			if err := s.reg.EmailFailed(m.ID, err.Error(), false, next); err != nil {
				return pass, err
			}
			pass.Retry = append(pass.Retry, m.ID)
		}
	}
	return pass, nil
}

// ScheduleMail queues the scheduled e-mails due at now, each once (its id
// names the order and the occasion): for each invoice waiting to be paid,
// the latest reminder whose day has come (one missed while the register
// was off is not sent late beside the next); for each performance whose
// e-mail is on and due, one message per order with tickets for it.
func (s *Service) ScheduleMail(now time.Time) ([]string, error) {
	var queued []string
	queue := func(q local.EmailRequest) error {
		m, err := s.reg.QueueEmail("", q)
		switch {
		case err == nil:
			queued = append(queued, m.ID)
		case errors.Is(err, local.ErrEmailQueued):
		default:
			var pe *pos.Problem
			if !errors.As(err, &pe) { // a sentence (no valid ticket left): nothing to send
				return err
			}
		}
		return nil
	}
	pending, err := s.reg.PendingInvoices()
	if err != nil {
		return queued, err
	}
	for _, number := range pending {
		ov, ok, err := s.Order(number)
		if err != nil {
			return queued, err
		}
		if !ok {
			continue
		}
		days := ReminderDue(s.Catalog(), ov.Order, now)
		to, name, lang := Recipient(s.Catalog(), ov)
		if days == 0 || to == "" {
			continue
		}
		id := ReminderID(number, days)
		if err := queue(local.EmailRequest{ID: id, Kind: pos.EmailReminder, Order: number, To: to, Name: name, Lang: lang, Reminder: days, ToCustomer: true}); err != nil {
			return queued, err
		}
	}
	for _, p := range BeforeShowDue(s.Catalog(), now) {
		orders, err := s.reg.OrdersFor(p.ID)
		if err != nil {
			return queued, err
		}
		for _, number := range orders {
			ov, ok, err := s.Order(number)
			if err != nil {
				return queued, err
			}
			if !ok || !BeforeShowGoesTo(ov.Order) {
				continue
			}
			to, name, lang := Recipient(s.Catalog(), ov)
			if to == "" {
				continue
			}
			id := BeforeShowID(number, p.ID)
			if err := queue(local.EmailRequest{ID: id, Kind: pos.EmailBeforeShow, Order: number, To: to, Name: name, Lang: lang, Performance: p.ID, ToCustomer: true}); err != nil {
				return queued, err
			}
		}
	}
	return queued, nil
}

// The schedule, as pure functions of the catalog, the order and the
// clock: the register that runs alone and the central server
// (sync/centralmail) schedule alike, under the same message ids.

// ReminderDue is the reminder of an invoice due at now, in days before its
// deadline: the latest whose day has come (from the start of that day in
// the organiser's time zone: the deadline is the end of its last day); one
// missed while the sender was off is not sent late beside the next; 0 when
// none is due or the order is no longer waiting for its invoice (paid,
// canceled, lapsed, or its deadline passed).
func ReminderDue(cat *pos.Catalog, o pos.Order, now time.Time) int {
	if o.State != pos.OrderPending || !now.Before(o.Deadline) {
		return 0
	}
	y, m, dd := o.Deadline.In(cat.Location()).Date()
	days := 0
	for _, d := range reminderDays(cat, o) {
		from := time.Date(y, m, dd-d, 0, 0, 0, 0, cat.Location())
		if !now.Before(from) && (days == 0 || d < days) {
			days = d
		}
	}
	return days
}

// ReminderID is the id of an order's reminder days before its deadline.
func ReminderID(order string, days int) string { return fmt.Sprintf("%s/reminder-%dd", order, days) }

// BeforeShowID is the id of an order's e-mail before a performance.
func BeforeShowID(order, perf string) string { return order + "/before-" + perf }

// BeforeShowDue are the performances whose e-mail is on and due at now:
// from its event's days before (at least two) until it starts, not
// canceled.
func BeforeShowDue(cat *pos.Catalog, now time.Time) []*pos.Performance {
	var out []*pos.Performance
	for i := range cat.Performances {
		p := &cat.Performances[i]
		ev, _ := cat.EventByID(p.Event)
		d := cat.BeforeShowDays(ev)
		if d == 0 || p.Canceled || now.Before(p.Start.AddDate(0, 0, -d)) || !now.Before(p.Start) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// BeforeShowGoesTo says whether the e-mail before the show goes to an
// order: paid (or free), not canceled or lapsed. An order whose invoice is
// not paid yet has tickets the door refuses (local.VerdictUnpaid): it gets
// the e-mail once its payment is validated, if the show has not started.
func BeforeShowGoesTo(o pos.Order) bool {
	return o.State != pos.OrderCanceled && o.State != pos.OrderLapsed && o.State != pos.OrderPending
}

// reminderDays are the reminders of the order's invoice method.
func reminderDays(cat *pos.Catalog, o pos.Order) []int {
	for _, p := range o.Payments {
		if m, ok := cat.PaymentMethodByID(p.Method); ok && m.Kind == pos.KindInvoice {
			return m.Reminders()
		}
	}
	return nil
}

func (s *Service) reminderDays(o pos.Order) []int { return reminderDays(s.Catalog(), o) }

// Recipient is the order's customer's address, name (with civility) and
// language; no address: "".
func Recipient(cat *pos.Catalog, ov OrderView) (to, name string, lang pos.Lang) {
	c := ov.Customer
	if c == nil || c.Email == "" {
		return "", "", cat.Lang("")
	}
	return c.Email, c.Name, cat.Lang(c.Lang)
}

func (s *Service) recipient(ov OrderView) (to, name string, lang pos.Lang) {
	return Recipient(s.Catalog(), ov)
}

// SendTickets queues the order's valid tickets for e-mail, to address or,
// when address is "", to the order's customer (ErrNoAddress when it has
// none). A second message for the same tickets says "copy". The message
// goes when the sender next looks (now, when it runs).
func (t *Till) SendTickets(order, address string) (OutboxMessage, error) {
	s := t.s
	ov, ok, err := t.Order(order) // an order the seller's profile shows
	if err != nil {
		return OutboxMessage{}, err
	}
	if !ok {
		return OutboxMessage{}, pos.Errorf("order %s: %w", order, local.ErrNotFound)
	}
	to, name, lang := s.recipient(ov)
	toCustomer := to != ""
	if address != "" {
		if err := pos.CheckEmail(strings.ToLower(strings.TrimSpace(address))); err != nil {
			return OutboxMessage{}, err
		}
		if !strings.EqualFold(strings.TrimSpace(address), to) {
			to, name, toCustomer = address, "", false
			if ov.Customer != nil {
				name = ov.Customer.Name
			}
		}
	}
	if to == "" {
		return OutboxMessage{}, ErrNoAddress
	}
	// an order waiting for its invoice whose invoice e-mail never went
	// (no address at checkout) sends it with its tickets, once
	s.queueInvoiceOf(t.Staff().ID, order)
	m, err := s.reg.QueueEmail(t.Staff().ID, local.EmailRequest{Kind: pos.EmailTickets, Order: order, To: to, Name: name, Lang: lang, ToCustomer: toCustomer})
	if err == nil {
		s.wakeMail()
	}
	return m, err
}

// queueInvoiceOf queues the invoice e-mail of an order waiting for its
// invoice to be paid, when its customer has an address and no invoice of
// the order was sent or waits to be (one refused, a mistyped address
// corrected since, goes again).
func (s *Service) queueInvoiceOf(staff, number string) {
	if ov, ok, err := s.Order(number); err == nil && ok {
		s.queueInvoice(staff, ov.Order)
	}
}

// queueInvoice queues the invoice of an order placed to be paid by
// invoice, when its customer has an address (Checkout calls it) and no
// invoice of the order was sent or waits to be: the first is
// ORDER/invoice, and one sent again after every earlier one was refused
// (a mistyped address, corrected at the desk) ORDER/invoice-2, -3...
func (s *Service) queueInvoice(staff string, o pos.Order) {
	if o.State != pos.OrderPending || !s.now().Before(o.Deadline) {
		return
	}
	id := o.Number + "/invoice"
	for n := 2; ; n++ {
		m, err := s.reg.OutboxMessage(id)
		if errors.Is(err, local.ErrNotFound) {
			break
		}
		if err != nil || m.State != EmailRefused {
			return // sent, or waiting: it goes once
		}
		id = fmt.Sprintf("%s/invoice-%d", o.Number, n)
	}
	ov, ok, err := s.Order(o.Number)
	if err != nil {
		return
	}
	if !ok {
		return
	}
	to, name, lang := s.recipient(ov)
	if to == "" {
		return
	}
	// The sale is recorded; an invoice that cannot be queued is sent from
	// the desk (guichet order send), and the outbox says nothing went.
	if _, err := s.reg.QueueEmail(staff, local.EmailRequest{ID: id, Kind: pos.EmailInvoice, Order: o.Number, To: to, Name: name, Lang: lang, ToCustomer: true}); err == nil {
		s.wakeMail()
	}
}

// Outbox lists every e-mail, oldest first (the desk shows the refused).
func (s *Service) Outbox() ([]OutboxMessage, error) { return s.reg.Outbox() }

// OutboxOf lists the e-mails of an order, oldest first: its screen at the
// desk says what became of each (a refusal with the mail server's words; a
// message guichetd tried and holds, its last failure).
// A message to the customer still waiting says the customer's address
// and language of now, where and how it will go (Compose); an invoice or
// a reminder no longer due says it is refused, and why, as the sender's
// next pass records it.
func (s *Service) OutboxOf(order string) ([]OutboxMessage, error) {
	all, err := s.reg.Outbox()
	if err != nil {
		return nil, err
	}
	var out []OutboxMessage
	for _, m := range all {
		if m.Order == order {
			out = append(out, m)
		}
	}
	if len(out) == 0 {
		return out, nil
	}
	if s.push != nil {
		// guichetd sends: a message it tried and holds says why, as on a
		// register that sends itself
		s.push.mu.Lock()
		for i, m := range out {
			if st, ok := s.push.held[m.ID]; ok && m.State == EmailWaiting && m.Attempts == 0 {
				out[i].Attempts, out[i].LastError = st.Attempts, st.LastError
			}
		}
		s.push.mu.Unlock()
	}
	ov, ok, err := s.Order(order)
	if err != nil || !ok {
		return out, err
	}
	now := s.now()
	for i, m := range out {
		if m.State != EmailWaiting || m.Kind != pos.EmailInvoice && m.Kind != pos.EmailReminder {
			continue
		}
		if why := invoiceNotDue(ov.Order, now); why != "" {
			// the sender's next pass records it so (Compose): said now,
			// not "waiting to be sent" for a message that never goes
			out[i].State, out[i].LastError = EmailRefused, why
		}
	}
	if ov.Customer == nil || ov.Customer.Email == "" {
		return out, nil
	}
	for i, m := range out {
		if m.State == EmailWaiting && m.FollowsCustomer() {
			out[i].To, out[i].Name, out[i].Lang = ov.Customer.Email, ov.Customer.Name, s.Catalog().Lang(ov.Customer.Lang)
		}
	}
	return out, nil
}

// soldOnInvoice says whether an order was sold on an invoice: one of its
// payments is (or was, validated since) its invoice's.
func soldOnInvoice(cat *pos.Catalog, ov OrderView) bool {
	if ov.Validation != nil {
		return true
	}
	for _, p := range ov.Order.Payments {
		if pm, ok := cat.PaymentMethodByID(p.Method); p.Pending || ok && pm.Kind == pos.KindInvoice {
			return true
		}
	}
	return false
}

// InvoiceNoLongerDue says whether an order's invoice and reminders are no
// longer sent (paid, canceled, past its deadline): their e-mails, refused
// so, were withdrawn, not turned down by a mail server.
func InvoiceNoLongerDue(o pos.Order, now time.Time) bool { return invoiceNotDue(o, now) != "" }

// invoiceNotDue says why an invoice or its reminder is no longer sent
// (it asks for a payment no longer due), "" while it is due.
func invoiceNotDue(o pos.Order, now time.Time) string {
	switch {
	case o.State == pos.OrderPaid:
		return "the invoice was paid"
	case o.State == pos.OrderCanceled:
		return "the order was canceled"
	case !now.Before(o.Deadline):
		return "the invoice's deadline has passed"
	}
	return ""
}

// EmailedTickets says how many times each ticket of an order was sent by
// e-mail (absent: never); the desk shows it beside "printed".
func (s *Service) EmailedTickets(order string) (map[string]int, error) {
	return s.reg.EmailedTickets(order)
}

// MailRunning says whether this register sends its outbox.
func (s *Service) MailRunning() bool { return s.mail != nil }

// EmailPreview is what an e-mail of a kind would say for an order, now:
// the desk shows it, guichet email preview prints it.
type EmailPreview struct {
	To      string
	Subject string
	Text    string
	PDFName string
	PDF     []byte
	Message []byte // the whole message as it would go (MIME), when the order has an address
}

// EmailPreview composes, without queuing it, the kind's e-mail for an
// order (a before_show e-mail is for the order's first performance).
func (s *Service) EmailPreview(kind, order string) (EmailPreview, error) {
	ov, ok, err := s.Order(order)
	if err != nil {
		return EmailPreview{}, err
	}
	if !ok {
		return EmailPreview{}, pos.Errorf("order %s: %w", order, local.ErrNotFound)
	}
	if (kind == pos.EmailInvoice || kind == pos.EmailReminder) && !soldOnInvoice(s.Catalog(), ov) {
		// compose would say "the invoice was paid" of an order paid by
		// card at the sale, which never had one
		return EmailPreview{}, pos.Errorf("order %s was not sold on an invoice", ov.Order.Number)
	}
	to, name, lang := s.recipient(ov)
	m := OutboxMessage{ID: order + "/preview-" + kind, Kind: kind, Order: order, To: to, Name: name, Lang: lang}
	for _, t := range ov.Tickets {
		if t.State != local.TicketValid || kind == pos.EmailBeforeShow && m.Performance != "" && t.Performance != m.Performance {
			continue
		}
		if kind == pos.EmailBeforeShow && m.Performance == "" {
			m.Performance = t.Performance
		}
		m.Tickets = append(m.Tickets, t.Number)
	}
	if kind == pos.EmailReminder {
		if r := s.reminderDays(ov.Order); len(r) > 0 {
			m.Reminder = r[len(r)-1]
		}
	}
	now := s.now()
	if kind == pos.EmailReminder || kind == pos.EmailInvoice {
		now = ov.Order.Placed // the text as it would go while the invoice waits
	}
	if kind == pos.EmailReminder && m.Reminder > 0 {
		// as it goes on its day, from its first hour
		y, mo, d := ov.Order.Deadline.In(s.Catalog().Location()).Date()
		if day := time.Date(y, mo, d-m.Reminder, 0, 0, 0, 0, s.Catalog().Location()); day.After(now) {
			now = day
		}
	}
	msg, skip, err := s.compose(m, now)
	if err != nil {
		return EmailPreview{}, err
	}
	if skip != "" {
		// the reason as its whole text, which pos.Say translates
		// (sentences_email_fr.go): pos.Errorf("%s", skip) kept it English
		// on a French screen
		return EmailPreview{}, errors.New(skip)
	}
	p := EmailPreview{To: to, Subject: msg.Subject, Text: msg.Text}
	if len(msg.Files) > 0 {
		p.PDFName, p.PDF = msg.Files[0].Name, msg.Files[0].Data
	}
	if to != "" && s.Catalog().Organiser.Email != "" {
		p.Message, _ = msg.Bytes()
	}
	return p, nil
}

// compose builds a message of the outbox as it goes now, from the order
// and the catalog. skip says why nothing is to be sent any more (the
// order was paid or canceled, its tickets are no longer valid).
func (s *Service) compose(m OutboxMessage, now time.Time) (mail.Message, string, error) {
	ov, ok, err := s.Order(m.Order)
	if err != nil {
		return mail.Message{}, "", err
	}
	if !ok {
		return mail.Message{}, "", pos.Errorf("order %s: %w", m.Order, local.ErrNotFound)
	}
	return Compose(s.Catalog(), ov, m, now)
}

// Compose builds a message of an outbox as it goes now, from the order
// (its tickets' QR codes filled in) and the catalog; it reads nothing
// else, so the central server composes as the register does. skip says
// why nothing is to be sent any more (the order was paid or canceled, its
// tickets are no longer valid).
func Compose(cat *pos.Catalog, ov OrderView, m OutboxMessage, now time.Time) (mail.Message, string, error) {
	loc := cat.Location()
	o := ov.Order
	if c := ov.Customer; c != nil && c.Email != "" && m.FollowsCustomer() {
		// a message to the customer not yet sent goes to the address
		// the customer has now (corrected after a bounce or a retry), in
		// the customer's language of now
		m.To, m.Name, m.Lang = c.Email, c.Name, cat.Lang(c.Lang)
	} else if m.FollowsCustomer() && m.To != "" && (o.Customer == "" || c != nil && c.Email == "") {
		// the customer was taken off the order, or replaced by one
		// without an address: the one it was queued with is no longer
		// the order's customer's (a wrong customer's would get the
		// tickets). A customer the central server has not received yet
		// (c nil) keeps the address queued.
		return mail.Message{}, "the order's customer was taken off or has no e-mail address now: this e-mail is not sent to the address it was queued for (send it again from the order's screen)", nil
	}
	lang := cat.Lang(m.Lang)
	f := mail.Fields{Organiser: mail.OneLine(cat.Organiser.Name), Order: o.Number, Total: o.Total.Format(lang)}
	if c := ov.Customer; c != nil {
		f.Customer = strings.TrimSpace(c.Civility + " " + c.Name)
	} else if m.Name != "" {
		f.Customer = m.Name
	}
	msg := mail.Message{
		ID: m.ID, Domain: domainOf(cat.Organiser.Email), From: cat.Organiser.Email, FromName: cat.Organiser.Name,
		ReplyTo: cat.Organiser.ReplyTo, To: m.To, ToName: m.Name, Date: now,
	}
	if msg.ReplyTo == "" {
		msg.ReplyTo = msg.From
	}
	switch m.Kind {
	case pos.EmailTickets, pos.EmailBeforeShow:
		want := map[string]bool{}
		for _, t := range m.Tickets {
			want[t] = true
		}
		var pages []mail.TicketPage
		events, vouchers := []string{}, []string{} // a voucher is no show the tickets are for
		for _, t := range ov.Tickets {
			if !want[t.Number] || t.State != local.TicketValid {
				continue
			}
			if t.QR == "" {
				return msg, fmt.Sprintf(noTicketCode, t.Number), nil
			}
			pg := ticketPage(cat, ov, t, lang, m.Copy)
			pages = append(pages, pg)
			if pg.Voucher {
				f.Vouchers++
			}
			// the page's code: a gift voucher's is its number, the one the
			// payment screen takes, as printed
			msg.QRs = append(msg.QRs, mail.QR{Ticket: t.Number, Payload: pg.QR})
			switch {
			case pg.Voucher:
				if !contains(vouchers, pg.Event) {
					vouchers = append(vouchers, pg.Event)
				}
			case !contains(events, pg.Event):
				events = append(events, pg.Event)
			}
		}
		if len(pages) == 0 {
			return msg, "its tickets were canceled or exchanged: nothing to send", nil
		}
		if len(events) == 0 {
			events = vouchers // vouchers alone: what they are
		}
		f.Tickets, f.Copy, f.Event = len(pages), m.Copy, strings.Join(events, ", ")
		if o.State == pos.OrderPending {
			// the door refuses them until the invoice is paid
			f.Unpaid, f.Deadline = true, pos.FormatDate(o.Deadline.In(loc), lang)
		}
		if m.Kind == pos.EmailBeforeShow {
			if p, ok := cat.PerformanceByID(m.Performance); ok {
				if p.Canceled {
					return msg, "the performance was canceled", nil
				}
				if !now.Before(p.Start) {
					// put off (the mail server, the register off) until
					// the show began: it would welcome to a show that is
					// over, so it is not sent late
					return msg, "the performance had started: the e-mail before it is not sent late", nil
				}
				start := p.Start.In(loc)
				f.When = pos.FormatDate(start, lang) + " " + start.Format("15:04")
				f.Days = daysBefore(now, p.Start, loc)
				if ev, ok := cat.EventByID(p.Event); ok {
					f.Event = ev.Name.In(lang)
					if v, ok := cat.VenueByID(ev.Venue); ok {
						f.Venue, f.Address = v.Name, oneLineAddress(v.Address)
					}
				}
			}
		}
		pdf, err := mail.TicketsPDF(pages)
		if err != nil {
			return msg, "", err
		}
		name := "tickets-" + o.Number + ".pdf"
		if lang == pos.French {
			name = "billets-" + o.Number + ".pdf"
		}
		if f.Vouchers == f.Tickets { // gift vouchers alone: named as the message names them
			name = "gift-vouchers-" + o.Number + ".pdf"
			if lang == pos.French {
				name = "bons-cadeaux-" + o.Number + ".pdf"
			}
		}
		msg.Files = []mail.File{{Name: name, Type: "application/pdf", Data: pdf}}
	case pos.EmailInvoice, pos.EmailReminder:
		if why := invoiceNotDue(o, now); why != "" {
			return msg, why, nil
		}
		var method *pos.PaymentMethod
		for _, p := range o.Payments {
			if pm, ok := cat.PaymentMethodByID(p.Method); ok && pm.Kind == pos.KindInvoice {
				method = pm
			}
		}
		f.Deadline = pos.FormatDate(o.Deadline.In(loc), lang)
		// the days left when it goes: a reminder put off (the register
		// off on its day, the mail server away) says what is left then
		f.Days = max(daysBefore(now, o.Deadline, loc), 0)
		inv := mail.Invoice{
			Organiser: cat.Organiser.Name, OrganiserAddress: cat.Organiser.Address, VATNumber: cat.Organiser.VATNumber,
			Customer: f.Customer, Order: o.Number, Date: pos.FormatDate(o.Placed.In(loc), lang), Deadline: f.Deadline,
			Total: o.Total.Format(lang), Reminder: m.Kind == pos.EmailReminder, Lang: lang,
		}
		if ov.Customer != nil {
			inv.CustomerAddress = ov.Customer.Address
		}
		for _, l := range o.Lines {
			text, detail := cat.Named(l, lang) // the customer's language
			if detail != "" {
				text += " — " + detail
			}
			if l.Quantity > 1 {
				text = fmt.Sprintf("%d × %s", l.Quantity, text)
			}
			inv.Lines = append(inv.Lines, mail.InvoiceLine{Text: text, Amount: l.Charged.Format(lang)})
		}
		for _, fee := range o.Fees {
			inv.Lines = append(inv.Lines, mail.InvoiceLine{Text: feeName(cat, fee, lang), Amount: fee.Amount.Format(lang)})
		}
		// what was paid beside the invoice (a deposit, a voucher) is not
		// asked again: the invoice asks for its own pending payment
		due := pos.Zero(o.Total.Currency)
		for _, p := range o.Payments {
			if p.Pending {
				due = due.Plus(p.Amount)
				continue
			}
			name := p.Method
			if pm, ok := cat.PaymentMethodByID(p.Method); ok {
				name = pm.Name.In(lang)
			}
			if p.Voucher != "" && p.Voucher != pos.ExchangeVoucher {
				name += " " + p.Voucher
			}
			inv.Paid = append(inv.Paid, mail.InvoiceLine{Text: name, Amount: p.Amount.Neg().Format(lang)})
		}
		f.Due = due.Format(lang)
		if len(inv.Paid) > 0 {
			inv.Due = f.Due
		}
		for _, v := range vatLines(cat, o, lang) {
			inv.VAT = append(inv.VAT, map[bool]string{true: "TVA incluse ", false: "VAT included "}[lang == pos.French]+v)
		}
		if method != nil {
			inv.PaymentDetails, inv.Closing = method.PaymentDetails.In(lang), method.ClosingMessage.In(lang)
			f.Payment = inv.PaymentDetails
			f.Kept = method.KeepAfterDeadline // its seats are not released at the deadline
		}
		pdf, err := mail.InvoicePDF(inv)
		if err != nil {
			return msg, "", err
		}
		name := "invoice-" + o.Number + ".pdf"
		if lang == pos.French {
			name = "facture-" + o.Number + ".pdf"
		}
		msg.Files = []mail.File{{Name: name, Type: "application/pdf", Data: pdf}}
	default:
		return msg, "", pos.Errorf("e-mail kind %q is not one of %s", m.Kind, strings.Join(pos.EmailKinds, ", "))
	}
	subject, body, err := mail.Render(cat, m.Kind, lang, f)
	if err != nil {
		return msg, "", err
	}
	msg.Subject, msg.Text = subject, body
	return msg, "", nil
}

// noTicketCode is why a message is refused when a ticket's signed code is
// missing (guichetd: its register did not push it) or does not verify.
const noTicketCode = "ticket %s has no valid signed code here (its register did not push one, or it does not verify): send it from the register"

// ticketPage is a ticket as its print-at-home page says it: what the
// thermal ticket prints (TicketLayout), with the venue's address.
func ticketPage(cat *pos.Catalog, ov OrderView, t TicketView, lang pos.Lang, copy bool) mail.TicketPage {
	j := local.PrintJob{Order: ov.Order.Number, Ticket: t.Ticket, QR: t.QR}
	if ov.Customer != nil {
		j.Customer = ov.Customer.Name
	}
	addr := ""
	if p, ok := cat.PerformanceByID(t.Performance); ok {
		j.Start = p.Start
		if ev, ok := cat.EventByID(p.Event); ok {
			j.Event = ev.Name
			if v, ok := cat.VenueByID(ev.Venue); ok {
				j.Venue, addr = v.Name, oneLineAddress(v.Address)
			}
		}
		if z, ok := cat.ZoneOf(p, t.Zone); ok {
			j.ZoneName = z.Name
		}
	}
	if c, ok := cat.CategoryByID(t.Category); ok {
		j.CategoryName = c.Name
	}
	switch t.Kind {
	case pos.LinePass:
		if p, ok := cat.PassByID(t.Item); ok {
			j.ItemName = p.Name
		}
	case pos.LineVoucher:
		if g, ok := cat.GiftVoucherByID(t.Item); ok {
			j.ItemName = g.Name
		}
	}
	l := TicketLayout(cat, j, lang)
	return mail.TicketPage{
		Organiser: l.Organiser, Event: l.Event, When: l.When, Venue: l.Venue, VenueAddress: addr,
		Zone: l.Zone, Row: l.Row, Seat: l.Seat, Category: l.Category, Price: l.Price,
		Regular: l.RegularPrice, Offer: l.OfferName,
		Order: l.OrderNumber, Number: l.TicketNumber, Customer: l.Customer, Text: l.CustomText,
		QR: l.QRPayload, Voucher: l.Voucher, Validity: l.Placement, Copy: copy, Lang: lang,
	}
}

// daysBefore is how many days from now's day to t's, in the organiser's
// time zone: an e-mail set to go 2 days before a show says 2, though it
// goes a moment after the hour it is due (a count of whole 24 hours would
// say 1), and one that goes the day of the show says 0.
func daysBefore(now, t time.Time, loc *time.Location) int {
	day := func(x time.Time) time.Time {
		y, m, d := x.In(loc).Date()
		return time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
	}
	return int(day(t).Sub(day(now)).Hours() / 24)
}

func oneLineAddress(a string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(a, "\n", ", ")), " ")
}

func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[i+1:]
	}
	return ""
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }
