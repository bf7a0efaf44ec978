package counter

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/internal/fakeclock"
	"guichet/mail"
	"guichet/mail/mailtest"
	"guichet/pos"
)

// mailRig is a register with no printer, its e-mail going to a test SMTP
// server (nil: e-mail not set up, the outbox only fills).
type mailRig struct {
	t    *testing.T
	path string
	cat  *pos.Catalog
	clk  *fakeclock.Clock
	svc  *Service
	till *Till
	smtp *mailtest.Server
}

func newMailRig(t *testing.T, smtp *mailtest.Server, edit func(*pos.Catalog)) *mailRig {
	t.Helper()
	cat, err := fixtures.DemoCatalog(saleDay)
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(cat)
	}
	r := &mailRig{t: t, path: filepath.Join(t.TempDir(), "guichet.db"), cat: cat, clk: fakeclock.New(saleDay), smtp: smtp}
	r.open(smtp)
	if _, err := r.till.OpenShift(pos.M(20000, "CHF")); err != nil {
		t.Fatal(err)
	}
	return r
}

// open opens (or reopens) the register, sending to smtp when not nil.
func (r *mailRig) open(smtp *mailtest.Server) {
	r.t.Helper()
	o := Options{Path: r.path, Register: "K01", Catalog: r.cat, Now: r.clk.Now, Lang: "fr"}
	if smtp != nil {
		o.Mail = &MailOptions{SMTP: mail.Config{Host: smtp.Host(), Port: smtp.Port(), TLS: mail.TLSNone, Timeout: 5 * time.Second}, Manual: true}
	}
	svc, err := Open(o)
	if err != nil {
		r.t.Fatal(err)
	}
	r.t.Cleanup(func() { svc.Close() })
	r.svc = svc
	if r.till, err = svc.Unlock("claire", "1234"); err != nil {
		r.t.Fatal(err)
	}
}

// sell sells tickets for a performance to a customer (no customer: "").
func (r *mailRig) sell(perf string, n int, customer pos.Customer, tenders ...pos.Tender) pos.Order {
	r.t.Helper()
	if customer.Name != "" {
		c, err := r.svc.SaveCustomer("claire", customer)
		var inUse *EmailInUseError
		if errors.As(err, &inUse) {
			c, err = inUse.Existing, nil // the customer of the sale before: chosen
		}
		if err != nil {
			r.t.Fatal(err)
		}
		if err := r.till.SetCustomer(c.ID); err != nil {
			r.t.Fatal(err)
		}
	}
	if err := r.till.AddTickets(perf, "galerie", "adult", n); err != nil {
		r.t.Fatal(err)
	}
	if len(tenders) == 0 {
		tenders = []pos.Tender{cash(0)}
	}
	sale, err := r.till.Checkout(tenders)
	if err != nil {
		r.t.Fatal(err)
	}
	return sale.Order
}

func (r *mailRig) pass() MailPass {
	r.t.Helper()
	p, err := r.svc.SendMail(context.Background())
	if err != nil {
		r.t.Fatal(err)
	}
	return p
}

var zoe = pos.Customer{Name: "Zoé Müller", Email: "zoe@example.ch", Lang: "fr", Civility: "Mme"}

// TestTicketsByEmail: one message per order over a real SMTP exchange,
// read back as MIME: organiser as sender with its Reply-To, a text part,
// an HTML part whose inline QR codes decode to the tickets' payloads, and
// a PDF with one ticket per page whose text names the show and whose QR
// codes decode to the same payloads. The tickets are marked sent; a resend
// says copy.
func TestTicketsByEmail(t *testing.T) {
	srv := mailtest.New(t)
	r := newMailRig(t, srv, nil)
	o := r.sell("hamlet-01", 2, zoe)
	m, err := r.till.SendTickets(o.Number, "")
	if err != nil {
		t.Fatal(err)
	}
	if m.To != "zoe@example.ch" || len(m.Tickets) != 2 || m.Copy {
		t.Fatalf("queued %+v", m)
	}
	if p := r.pass(); len(p.Sent) != 1 && len(srv.Messages()) != 1 {
		t.Fatalf("pass %+v", p)
	}
	got := srv.Messages()
	if len(got) != 1 || got[0].From != "billetterie@theatredulac.ch" || !slices.Equal(got[0].To, []string{"zoe@example.ch"}) {
		t.Fatalf("received %+v", got)
	}
	msg, err := mailtest.Parse(got[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Header
	from, _ := h.AddressList("From")
	if len(from) != 1 || from[0].Name != "Théâtre du Lac" || h.Get("Reply-To") != "<info@theatredulac.ch>" {
		t.Fatalf("From %v, Reply-To %q", from, h.Get("Reply-To"))
	}
	if want := "<" + o.Number + ".tickets-1@theatredulac.ch>"; h.Get("Message-Id") != want {
		t.Fatalf("Message-ID %q, want %q", h.Get("Message-Id"), want)
	}
	subject, _ := new(mimeDecoder).decode(h.Get("Subject"))
	if !strings.Contains(subject, o.Number) || strings.Contains(subject, "copie") {
		t.Fatalf("subject %q", subject)
	}
	if !strings.Contains(msg.Text, "Bonjour Mme Zoé Müller") || !strings.Contains(msg.Text, "Hamlet") {
		t.Fatalf("text part:\n%s", msg.Text)
	}
	want, _ := r.svc.TicketQRs(o.Number)
	var wantQRs []string
	for _, q := range want {
		wantQRs = append(wantQRs, q)
	}
	slices.Sort(wantQRs)
	var inline, pdfs []mailtest.Part
	for _, p := range msg.Parts {
		switch p.Type {
		case "image/png":
			inline = append(inline, p)
		case "application/pdf":
			pdfs = append(pdfs, p)
		}
	}
	if len(inline) != 2 || len(pdfs) != 1 || pdfs[0].Name != "billets-"+o.Number+".pdf" {
		t.Fatalf("parts %d inline, %d PDF %+v", len(inline), len(pdfs), msg.Parts)
	}
	var inlineQRs []string
	for _, p := range inline {
		if !strings.Contains(msg.HTML, "cid:"+p.ContentID) {
			t.Fatalf("the HTML part does not show %s:\n%s", p.ContentID, msg.HTML)
		}
		inlineQRs = append(inlineQRs, mailtest.ImageQRs(t, p.Data)...)
	}
	slices.Sort(inlineQRs)
	if !slices.Equal(inlineQRs, wantQRs) {
		t.Fatalf("inline QR codes %q, want %q", inlineQRs, wantQRs)
	}
	pdf := pdfs[0].Data
	if n := mailtest.PDFPages(t, pdf); n != 2 {
		t.Fatalf("%d pages, want one per ticket", n)
	}
	text := mailtest.PDFText(t, pdf)
	for _, w := range []string{"Hamlet", "Grande salle", "Quai du Lac 1", o.Tickets[0].Number, o.Tickets[1].Number, "Théâtre du Lac"} {
		if !strings.Contains(text, w) {
			t.Fatalf("the PDF does not say %q:\n%s", w, text)
		}
	}
	if strings.Contains(text, "COPIE") {
		t.Fatal("a first sending says copy")
	}
	if qrs := mailtest.PDFQRs(t, pdf); !slices.Equal(qrs, wantQRs) {
		t.Fatalf("PDF QR codes %q, want %q", qrs, wantQRs)
	}
	sent, err := r.svc.Register().EmailedTickets(o.Number)
	if err != nil || sent[o.Tickets[0].Number] != 1 || sent[o.Tickets[1].Number] != 1 {
		t.Fatalf("journal marks %v %v", sent, err)
	}

	// A resend, to another address: a copy.
	m2, err := r.till.SendTickets(o.Number, "zoe.muller@example.org")
	if err != nil || !m2.Copy {
		t.Fatalf("resend %+v %v", m2, err)
	}
	r.pass()
	got = srv.Messages()
	if len(got) != 2 || got[1].To[0] != "zoe.muller@example.org" {
		t.Fatalf("received %d", len(got))
	}
	msg2, _ := mailtest.Parse(got[1].Data)
	subject, _ = new(mimeDecoder).decode(msg2.Header.Get("Subject"))
	if !strings.Contains(subject, "(copie)") {
		t.Fatalf("resend subject %q", subject)
	}
	for _, p := range msg2.Parts {
		if p.Type == "application/pdf" && !strings.Contains(mailtest.PDFText(t, p.Data), "COPIE") {
			t.Fatal("the resent PDF does not say COPIE")
		}
	}
	if sent, _ := r.svc.Register().EmailedTickets(o.Number); sent[o.Tickets[0].Number] != 2 {
		t.Fatalf("journal marks after resend %v", sent)
	}
}

// TestSendTicketsAddresses: an order without a customer needs an address;
// a bad one, or one with a line break, is refused at entry; a name or a
// subject with CR/LF adds no header.
func TestSendTicketsAddresses(t *testing.T) {
	srv := mailtest.New(t)
	r := newMailRig(t, srv, func(c *pos.Catalog) {
		c.Organiser.Name = "Théâtre\r\nBcc: victim@example.ch"
	})
	o := r.sell("hamlet-01", 1, pos.Customer{})
	if _, err := r.till.SendTickets(o.Number, ""); err != ErrNoAddress {
		t.Fatalf("no address: %v", err)
	}
	for _, bad := range []string{"zoe", "zoe@", "zoe@example", "zoe@example.ch\r\nBcc: x@example.ch", "Zoé <zoe@example.ch>", "a@b.ch, c@d.ch"} {
		if _, err := r.till.SendTickets(o.Number, bad); err == nil {
			t.Fatalf("%q accepted", bad)
		}
	}
	if _, err := r.svc.SaveCustomer("claire", pos.Customer{Name: "X", Email: "x@example.ch\nBcc: y@example.ch"}); err == nil {
		t.Fatal("a customer's address with a line break was saved")
	}
	if _, err := r.till.SendTickets(o.Number, "walk-in@example.ch"); err != nil {
		t.Fatal(err)
	}
	r.pass()
	got := srv.Messages()
	if len(got) != 1 || len(got[0].To) != 1 {
		t.Fatalf("received %+v", got)
	}
	msg, err := mailtest.Parse(got[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	head, _, _ := strings.Cut(string(got[0].Data), "\r\n\r\n")
	if msg.Header.Get("Bcc") != "" || strings.Contains(head, "\r\nBcc:") {
		t.Fatalf("a header was injected:\n%s", head)
	}
}

// TestMailFaults: the server down for a while (the message waits, then
// goes), a 4xx then success, a 5xx (refused, not tried again), a register
// closed between queue and send (sent once after it opens again).
func TestMailFaults(t *testing.T) {
	t.Run("server down", func(t *testing.T) {
		srv := mailtest.Down(t)
		r := newMailRig(t, srv, nil)
		o := r.sell("hamlet-01", 1, zoe)
		m, err := r.till.SendTickets(o.Number, "")
		if err != nil {
			t.Fatal(err)
		}
		if p := r.pass(); len(p.Retry) != 1 {
			t.Fatalf("pass %+v", p)
		}
		ob, _ := r.svc.Register().OutboxMessage(m.ID)
		if ob.State != EmailWaiting || ob.Attempts != 1 || !ob.Next.After(r.clk.Now()) || ob.Next.After(r.clk.Now().Add(30*time.Second)) {
			t.Fatalf("after a refused connection %+v", ob)
		}
		srv.Start()
		if p := r.pass(); len(p.Sent)+len(p.Retry) != 0 {
			t.Fatalf("tried before its next try: %+v", p)
		}
		r.clk.Add(time.Minute)
		if p := r.pass(); len(p.Sent) != 1 || len(srv.Messages()) != 1 {
			t.Fatalf("after the server came back %+v", p)
		}
	})
	t.Run("4xx then success", func(t *testing.T) {
		srv := mailtest.New(t)
		r := newMailRig(t, srv, nil)
		o := r.sell("hamlet-01", 1, zoe)
		srv.Refuse(451, 451)
		m, _ := r.till.SendTickets(o.Number, "")
		r.pass()
		r.clk.Add(time.Minute)
		r.pass()
		ob, _ := r.svc.Register().OutboxMessage(m.ID)
		if ob.Attempts != 2 || !strings.Contains(ob.LastError, "451") || ob.State != EmailWaiting {
			t.Fatalf("after two 451 %+v", ob)
		}
		if !ob.Next.After(r.clk.Now().Add(30 * time.Second)) {
			t.Fatalf("the second wait is not longer: next %v, now %v", ob.Next, r.clk.Now())
		}
		r.clk.Add(2 * time.Minute)
		if p := r.pass(); len(p.Sent) != 1 || len(srv.Messages()) != 1 || srv.Attempts() != 3 {
			t.Fatalf("pass %+v, %d received", p, len(srv.Messages()))
		}
	})
	t.Run("5xx", func(t *testing.T) {
		srv := mailtest.New(t)
		r := newMailRig(t, srv, nil)
		o := r.sell("hamlet-01", 1, zoe)
		srv.Refuse(550)
		m, _ := r.till.SendTickets(o.Number, "")
		if p := r.pass(); len(p.Refused) != 1 {
			t.Fatalf("pass %+v", p)
		}
		r.clk.Add(24 * time.Hour)
		r.pass()
		ob, _ := r.svc.Register().OutboxMessage(m.ID)
		if ob.State != EmailRefused || !strings.Contains(ob.LastError, "550") || srv.Attempts() != 1 || len(srv.Messages()) != 0 {
			t.Fatalf("refused %+v, %d attempts", ob, srv.Attempts())
		}
		ob2, _ := r.svc.Outbox()
		if len(ob2) != 1 || ob2[0].State != EmailRefused {
			t.Fatalf("outbox %+v", ob2)
		}
	})
	t.Run("closed between queue and send", func(t *testing.T) {
		srv := mailtest.New(t)
		r := newMailRig(t, nil, nil) // no e-mail: queued only
		o := r.sell("hamlet-01", 1, zoe)
		if _, err := r.till.SendTickets(o.Number, ""); err != nil {
			t.Fatal(err)
		}
		r.svc.Close()
		r.open(srv)
		r.pass()
		r.svc.Close()
		r.open(srv)
		r.clk.Add(time.Hour)
		r.pass()
		if n := len(srv.Messages()); n != 1 {
			t.Fatalf("%d messages received, want 1", n)
		}
	})
}

// TestInvoiceAndReminders, with the register's clock: an invoice order
// sends its invoice when placed; with its deadline in 5 days and reminders
// at 3 and 1 days it gets two reminders, on those days, and none after it
// is paid.
func TestInvoiceAndReminders(t *testing.T) {
	srv := mailtest.New(t)
	r := newMailRig(t, srv, func(c *pos.Catalog) {
		m, _ := c.PaymentMethodByID("invoice")
		m.DeadlineDays, m.ReminderDays = 5, []int{3, 1}
	})
	o := r.sell("hamlet-05", 3, zoe, pos.Tender{Method: "invoice"})
	paid := r.sell("hamlet-05", 3, pos.Customer{Name: "Marc Favre", Email: "marc@example.ch"}, pos.Tender{Method: "invoice"})
	r.pass()
	if k := srv.MessageIDs(t); len(k["zoe@example.ch"]) != 1 || k["zoe@example.ch"][0] != o.Number+".invoice" || len(k["marc@example.ch"]) != 1 {
		t.Fatalf("at placement %v", k)
	}
	inv := srv.Messages()[0]
	p, _ := mailtest.Parse(inv.Data)
	for _, part := range p.Parts {
		if part.Type == "application/pdf" {
			text := mailtest.PDFText(t, part.Data)
			for _, w := range []string{"Facture " + o.Number, "Mme Zoé Müller", "IBAN CH93", "remises en vente", o.Total.Format("fr")} {
				if !strings.Contains(text, w) {
					t.Fatalf("the invoice does not say %q:\n%s", w, text)
				}
			}
		}
	}
	y, mo, d := o.Deadline.In(r.cat.Location()).Date()
	deadline := time.Date(y, mo, d, 0, 0, 0, 0, r.cat.Location())
	for day := 4; day >= 0; day-- { // from 4 days before the deadline to the day itself, every 6 hours
		for h := 0; h < 24; h += 6 {
			r.clk.Set(deadline.AddDate(0, 0, -day).Add(time.Duration(h) * time.Hour))
			r.pass()
		}
		if day == 2 {
			if err := r.till.ValidatePayment(paid.Number, pos.Tender{Reference: "VIR-1"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	k := srv.MessageIDs(t)
	want := []string{o.Number + ".invoice", o.Number + ".reminder-3d", o.Number + ".reminder-1d"}
	if !slices.Equal(k["zoe@example.ch"], want) {
		t.Fatalf("zoe got %v, want %v", k["zoe@example.ch"], want)
	}
	if want := []string{paid.Number + ".invoice", paid.Number + ".reminder-3d"}; !slices.Equal(k["marc@example.ch"], want) {
		t.Fatalf("marc (paid 2 days before) got %v, want %v", k["marc@example.ch"], want)
	}
}

// TestBeforeShow: the e-mail goes D days before the performance, once
// per order, with the tickets and the venue's address; an event can turn
// it off.
func TestBeforeShow(t *testing.T) {
	for _, on := range []bool{true, false} {
		t.Run(fmt.Sprint(on), func(t *testing.T) {
			srv := mailtest.New(t)
			r := newMailRig(t, srv, func(c *pos.Catalog) {
				c.Emails.BeforeShow = pos.BeforeShow{Enabled: true, Days: 3}
				if !on {
					ev, _ := c.EventByID("hamlet")
					ev.BeforeShowEmail = &on
				}
			})
			o := r.sell("hamlet-01", 2, zoe)
			perf, _ := r.cat.PerformanceByID("hamlet-01")
			msg := srv.BeforeShow(t, r.clk, func() { r.pass() }, perf.Start, 3, on, "Quai du Lac 1", "20:00")
			if !on {
				return
			}
			if id := msg.Header.Get("Message-Id"); !strings.HasPrefix(id, "<"+o.Number+".before-hamlet-01@") {
				t.Fatalf("Message-ID %q", id)
			}
		})
	}
}

// TestEmailPreview: the preview of each kind gives its text and PDF
// without queuing anything.
func TestEmailPreview(t *testing.T) {
	r := newMailRig(t, nil, nil)
	o := r.sell("hamlet-05", 3, zoe, pos.Tender{Method: "invoice"})
	for _, kind := range pos.EmailKinds {
		p, err := r.svc.EmailPreview(kind, o.Number)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if p.Subject == "" || p.Text == "" || len(p.PDF) == 0 || !strings.HasPrefix(string(p.PDF), "%PDF") {
			t.Fatalf("%s: %+v", kind, p.Subject)
		}
	}
	ob, _ := r.svc.Outbox()
	if len(ob) != 1 || ob[0].Kind != pos.EmailInvoice {
		t.Fatalf("outbox after previews %+v", ob)
	}
}

// TestEmailPreviewOfAnInvoiceAnOrderNeverHad: guichet email preview
// invoice of an order paid by card at the sale said "the invoice was
// paid", as if it had had one; it says the order was not sold on an
// invoice (in French on a French screen). An invoice paid since still
// says it was paid, in French too: the reason a preview is not made was
// said in English on a French screen (pos.Errorf("%s", reason)).
func TestEmailPreviewOfAnInvoiceAnOrderNeverHad(t *testing.T) {
	r := newMailRig(t, nil, nil)
	card := r.sell("hamlet-05", 2, zoe, pos.Tender{Method: "card", Card: &pos.CardRef{Terminal: "T-1"}})
	inv := r.sell("hamlet-05", 3, zoe, pos.Tender{Method: "invoice"})
	if err := r.till.ValidatePayment(inv.Number, pos.Tender{Reference: "VIR-1"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		order, kind, want, fr string
	}{
		{card.Number, pos.EmailInvoice, "order " + card.Number + " was not sold on an invoice", "la commande " + card.Number + " n'a pas été vendue sur facture"},
		{card.Number, pos.EmailReminder, "order " + card.Number + " was not sold on an invoice", ""},
		{inv.Number, pos.EmailInvoice, "the invoice was paid", "la facture a été payée"}, // the French was English
	} {
		_, err := r.svc.EmailPreview(tc.kind, tc.order)
		if err == nil || err.Error() != tc.want || tc.fr != "" && pos.Say(err, pos.French) != tc.fr {
			t.Errorf("preview %s of %s: %v, want %q", tc.kind, tc.order, err, tc.want)
		}
	}
}

// mimeDecoder decodes an encoded-word header (RFC 2047).
type mimeDecoder struct{}

func (mimeDecoder) decode(s string) (string, error) { return new(mime.WordDecoder).DecodeHeader(s) }

// TestMailGoroutine: with MailOptions not manual, the service sends what
// a till queues by itself.
func TestMailGoroutine(t *testing.T) {
	srv := mailtest.New(t)
	r := newMailRig(t, nil, nil)
	r.svc.Close()
	o := Options{Path: r.path, Register: "K01", Catalog: r.cat, Now: r.clk.Now, Lang: "fr",
		Mail: &MailOptions{SMTP: mail.Config{Host: srv.Host(), Port: srv.Port(), TLS: mail.TLSNone}, Interval: time.Hour}}
	svc, err := Open(o)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	till, err := svc.Unlock("claire", "1234")
	if err != nil {
		t.Fatal(err)
	}
	r.svc, r.till = svc, till
	order := r.sell("hamlet-01", 1, zoe)
	if _, err := till.SendTickets(order.Number, ""); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); len(srv.Messages()) == 0; {
		if time.Now().After(deadline) {
			t.Fatal("the sender did not send the tickets within 10 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestTheEmailBeforeTheShowIsNotSentAfterItStarted: the e-mail before a
// show that the mail server put off (a 451) until after the performance
// started is not sent late ("we look forward to seeing you" about a show
// that is over): the outbox says why it was not sent.
func TestTheEmailBeforeTheShowIsNotSentAfterItStarted(t *testing.T) {
	srv := mailtest.New(t)
	r := newMailRig(t, srv, func(c *pos.Catalog) {
		c.Emails.BeforeShow = pos.BeforeShow{Enabled: true, Days: 2}
	})
	o := r.sell("hamlet-01", 2, zoe)
	perf, _ := r.cat.PerformanceByID("hamlet-01")
	srv.Refuse(451)
	r.clk.Set(perf.Start.AddDate(0, 0, -2).Add(time.Minute))
	if p := r.pass(); len(p.Queued) != 1 || len(p.Retry) != 1 {
		t.Fatalf("the day it is due: %+v", p)
	}
	r.clk.Set(perf.Start.Add(time.Hour)) // the register was off until the show had started
	p := r.pass()
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("%d messages sent after the show started", n)
	}
	id := BeforeShowID(o.Number, "hamlet-01")
	ob, err := r.svc.Register().OutboxMessage(id)
	if err != nil {
		t.Fatal(err)
	}
	if ob.State != EmailRefused || !strings.Contains(ob.LastError, "started") || len(p.Refused) != 1 {
		t.Fatalf("the outbox says %s (%q), pass %+v", ob.State, ob.LastError, p)
	}
}

// TestDaysInAnEmailAreTheDaysItWasSetFor: {{.Days}} in a box office's
// own texts says the days the e-mail was set to go before: an invoice
// placed with 10 days to pay says 10, the e-mail 2 days before the show
// says 2, though the sender takes a moment after the hour it is due.
func TestDaysInAnEmailAreTheDaysItWasSetFor(t *testing.T) {
	srv := mailtest.New(t)
	r := newMailRig(t, srv, func(c *pos.Catalog) {
		c.Emails.BeforeShow = pos.BeforeShow{Enabled: true, Days: 2}
		m, _ := c.PaymentMethodByID("invoice")
		m.DeadlineDays, m.ReminderDays = 10, []int{}
		c.Emails.Templates = map[string]map[string]pos.EmailTemplate{
			pos.EmailInvoice:    {"fr": {Subject: "Facture {{.Order}}", Body: "À payer dans {{.Days}} jours."}},
			pos.EmailBeforeShow: {"fr": {Subject: "{{.Event}}", Body: "Le spectacle a lieu dans {{.Days}} jours."}},
		}
	})
	r.sell("hamlet-05", 3, zoe, pos.Tender{Method: "invoice"})
	r.clk.Add(time.Second) // the sender looks a moment after the sale
	r.pass()
	r.sell("hamlet-01", 1, zoe)
	perf, _ := r.cat.PerformanceByID("hamlet-01")
	r.clk.Set(perf.Start.AddDate(0, 0, -2).Add(time.Minute))
	r.pass()
	var texts []string
	for _, m := range srv.Messages() {
		p, err := mailtest.Parse(m.Data)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, strings.TrimSpace(p.Text))
	}
	want := []string{"À payer dans 10 jours.", "Le spectacle a lieu dans 2 jours."}
	if !slices.Equal(texts, want) {
		t.Fatalf("the e-mails say %q, want %q", texts, want)
	}
}

// TestNoOrganiserAddressKeepsTheOutboxWaiting: a catalog with no
// organiser e-mail has no address to send from; the outbox waits, with a
// sentence saying what to set, instead of refusing every message for good
// (they go once the address is set).
func TestNoOrganiserAddressKeepsTheOutboxWaiting(t *testing.T) {
	srv := mailtest.New(t)
	r := newMailRig(t, srv, func(c *pos.Catalog) { c.Organiser.Email = "" })
	o := r.sell("hamlet-01", 1, zoe)
	m, err := r.till.SendTickets(o.Number, "")
	if err != nil {
		t.Fatal(err)
	}
	p, err := r.svc.SendMail(context.Background())
	if err == nil || !strings.Contains(err.Error(), "organiser") {
		t.Fatalf("pass %+v, err %v: want a sentence about the organiser's e-mail", p, err)
	}
	if ob, _ := r.svc.Register().OutboxMessage(m.ID); ob.State != EmailWaiting {
		t.Fatalf("without a sender's address the message is %s (%q)", ob.State, ob.LastError)
	}
	r.svc.Close()
	r.cat.Organiser.Email = "billetterie@theatre-du-lac.ch"
	r.open(srv)
	r.pass()
	if ob, _ := r.svc.Register().OutboxMessage(m.ID); ob.State != EmailSent || len(srv.Messages()) != 1 {
		t.Fatalf("once the address is set: %s (%q), %d received", ob.State, ob.LastError, len(srv.Messages()))
	}
}

// TestARegisterWhoseJournalWentToACentralServerDoesNotSend: once a
// register's journal was pushed to a central server, guichetd sends its
// e-mails and schedules its reminders; started again without --central but
// with a mail server (GUICHET_SMTP left in its environment), the register
// must not send them a second time: it refuses to send, as guichet email
// send does.
func TestARegisterWhoseJournalWentToACentralServerDoesNotSend(t *testing.T) {
	srv := mailtest.New(t)
	r := newMailRig(t, nil, nil) // a register of a central server: it only queues
	o := r.sell("hamlet-01", 1, zoe)
	if _, err := r.till.SendTickets(o.Number, ""); err != nil {
		t.Fatal(err)
	}
	st, err := r.svc.Register().PushState()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.svc.Register().SetPushed(st.Last); err != nil { // guichetd has it, and sent it
		t.Fatal(err)
	}
	r.svc.Close()
	o2 := Options{Path: r.path, Register: "K01", Catalog: r.cat, Now: r.clk.Now, Lang: "fr",
		Mail: &MailOptions{SMTP: mail.Config{Host: srv.Host(), Port: srv.Port(), TLS: mail.TLSNone, Timeout: 5 * time.Second}, Manual: true}}
	svc, err := Open(o2)
	if err == nil {
		defer svc.Close()
		_, _ = svc.SendMail(context.Background())
	}
	if !errors.Is(err, ErrCentralSends) || len(srv.Messages()) != 0 {
		t.Fatalf("open: %v; %d messages sent again by the register", err, len(srv.Messages()))
	}
}

// TestTheEmailErrorsAPersonMeetsAreFrench: guichet email preview with a
// kind it does not write said `e-mail kind "bogus" is not one of ...` in
// English to a French box office (fmt.Errorf), and the sender's refusals
// (no mail server, started twice) were English too; so was the kind's
// refusal kept as the reason a message waits.
func TestTheEmailErrorsAPersonMeetsAreFrench(t *testing.T) {
	r := newMailRig(t, nil, nil)
	o := r.sell("hamlet-05", 1, zoe, pos.Tender{Method: "cash"})
	kinds := strings.Join(pos.EmailKinds, ", ")
	_, err := r.svc.EmailPreview("bogus", o.Number)
	if err == nil || pos.Say(err, pos.French) != "le type d'e-mail « bogus » n'est pas un de ceux-ci : "+kinds {
		t.Errorf("preview of a kind not written: %v, in French %q", err, pos.Say(err, pos.French))
	}
	// the reason a message waits is kept as English text, said in French
	kept := errors.New(err.Error())
	if fr := pos.Say(kept, pos.French); fr != "le type d'e-mail « bogus » n'est pas un de ceux-ci : "+kinds {
		t.Errorf("the kind's refusal kept as text, in French: %q", fr)
	}
	if _, err := r.svc.SendMail(context.Background()); err == nil || pos.Say(err, pos.French) != "l'e-mail n'est pas configuré sur cette caisse (pas de serveur SMTP)" {
		t.Errorf("sending with no mail server: %v, in French %q", err, pos.Say(err, pos.French))
	}
	smtp := mailtest.New(t)
	m := newMailRig(t, smtp, nil)
	if err := m.svc.StartMail(MailOptions{SMTP: mail.Config{Host: smtp.Host(), Port: smtp.Port(), TLS: mail.TLSNone}}); err == nil || pos.Say(err, pos.French) != "l'envoi des e-mails est déjà en marche" {
		t.Errorf("starting the sender twice: %v, in French %q", err, pos.Say(err, pos.French))
	}
}
