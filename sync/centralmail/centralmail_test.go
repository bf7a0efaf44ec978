package centralmail_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"guichet/counter"
	"guichet/fixtures"
	"guichet/internal/fakeclock"
	"guichet/local"
	"guichet/mail"
	"guichet/mail/mailtest"
	"guichet/pos"
	"guichet/sync"
	"guichet/sync/api"
	"guichet/sync/centralmail"
	"guichet/sync/server"
	"guichet/sync/server/pgtest"
)

var pg *pgtest.Server

func TestMain(m *testing.M) {
	os.Exit(pgtest.Run(m, &pg))
}

// newMigratedDB is a database of its own for a rig, as the server's
// migrations leave it: a copy of one database migrated once, made while
// the test before ran. A schema migrated at each rig (a millisecond to
// make, the thirteen migrations then) cost the test server more CPU time
// and the test more wall time.
func newMigratedDB() (string, error) { return migrated()() }

// migrated makes the copies; made at the first rig, once pg is started.
var migrated = gosync.OnceValue(func() func() (string, error) { return pg.MigratedCentral() })

var saleDay = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// rig is a guichetd (a fresh database, the API on 127.0.0.1, the catalog
// loaded) with one register K01 that pushes to it, and a test SMTP server.
type rig struct {
	t      *testing.T
	dbURL  string
	store  *server.Store
	url    string
	cat    *pos.Catalog
	svc    *counter.Service
	till   *counter.Till
	token  string
	pusher *sync.Pusher
	smtp   *mailtest.Server
	clk    *fakeclock.Clock // the sender's clock
}

// editCatalog changes the demo catalog file: the invoice method's
// deadline and reminders, the e-mail before the show.
func editCatalog(t *testing.T, deadline int, reminders []int, beforeShow int) []byte {
	var doc map[string]any
	if err := json.Unmarshal(fixtures.Demo, &doc); err != nil {
		t.Fatal(err)
	}
	for _, m := range doc["payment_methods"].([]any) {
		if m := m.(map[string]any); m["id"] == "invoice" && deadline > 0 {
			m["deadline_days"], m["reminder_days"] = deadline, reminders
		}
	}
	if beforeShow > 0 {
		doc["emails"] = map[string]any{"before_show": map[string]any{"enabled": true, "days": beforeShow}}
	} else {
		doc["emails"] = map[string]any{}
	}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func newRig(t *testing.T, smtp *mailtest.Server, catalog []byte) *rig {
	return openRig(t, smtp, catalog, true)
}

// openRig opens the rig; central false: the register does not push by
// itself (only the test's pushes reach the server).
func openRig(t *testing.T, smtp *mailtest.Server, catalog []byte, central bool) *rig {
	t.Helper()
	ctx := context.Background()
	if catalog == nil {
		catalog = editCatalog(t, 0, nil, 0)
	}
	url, err := newMigratedDB()
	if err != nil {
		t.Fatal(err)
	}
	store, err := server.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(store.Close)
	if _, err := store.LoadCatalog(ctx, "demo.json", catalog); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: server.NewAPI(store, nil)}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	cat, err := pos.ParseCatalog("demo.json", catalog, saleDay)
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{t: t, dbURL: url, store: store, url: "http://" + ln.Addr().String(), cat: cat, smtp: smtp, clk: fakeclock.New(saleDay)}

	// The register's key exists once its file does: enrol it, then open
	// it as a register of this central server.
	path := filepath.Join(t.TempDir(), "K01.db")
	reg, err := local.Open(local.Options{Path: path, Register: "K01", Catalog: cat, Now: func() time.Time { return saleDay }})
	if err != nil {
		t.Fatal(err)
	}
	pub := reg.PublicKey()
	reg.Close()
	if r.token, err = store.AddRegister(ctx, "K01", pub); err != nil {
		t.Fatal(err)
	}
	o := counter.Options{Path: path, Register: "K01", Catalog: cat, Now: func() time.Time { return saleDay }, Lang: "fr"}
	if central {
		// The test pushes and pulls itself: a pusher in the background
		// could pull the mail states before the test asks for them.
		o.Central = counter.Central{URL: r.url, Token: r.token, Manual: true}
	}
	if central && smtp != nil {
		// A register of a central server is refused a mail server.
		o.Mail = &counter.MailOptions{SMTP: smtpConfig(smtp), Manual: true}
		if _, err := counter.Open(o); !errors.Is(err, counter.ErrCentralSends) {
			t.Fatalf("a register of a central server opened with a mail server: %v", err)
		}
		o.Mail = nil
	}
	if r.svc, err = counter.Open(o); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.svc.Close() })
	if central && r.svc.MailRunning() {
		t.Fatal("a register of a central server sends e-mail")
	}
	if r.till, err = r.svc.Unlock("claire", "1234"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.till.OpenShift(pos.M(20000, "CHF")); err != nil {
		t.Fatal(err)
	}
	r.pusher = sync.New(r.svc.Register(), sync.Options{Central: r.url, Token: r.token})
	return r
}

func smtpConfig(s *mailtest.Server) mail.Config {
	return mail.Config{Host: s.Host(), Port: s.Port(), TLS: mail.TLSNone, Timeout: 5 * time.Second}
}

// sender is a guichetd's sender on the rig's database, with the rig's
// clock; instance names it.
func (r *rig) sender(instance string, store *server.Store) *centralmail.Sender {
	r.t.Helper()
	if store == nil {
		store = r.store
	}
	s, err := centralmail.New(store, centralmail.Options{SMTP: smtpConfig(r.smtp), Instance: instance, Now: r.clk.Now})
	if err != nil {
		r.t.Fatal(err)
	}
	return s
}

func (r *rig) push() {
	r.t.Helper()
	if err := r.pusher.CatchUp(context.Background()); err != nil {
		r.t.Fatal(err)
	}
}

func (r *rig) pass(s *centralmail.Sender) counter.MailPass {
	r.t.Helper()
	p, err := s.Pass(context.Background())
	if err != nil {
		r.t.Fatal(err)
	}
	return p
}

var zoe = pos.Customer{Name: "Zoé Müller", Email: "zoe@example.ch", Lang: "fr", Civility: "Mme"}

func (r *rig) sell(perf string, n int, customer pos.Customer, tenders ...pos.Tender) pos.Order {
	r.t.Helper()
	c, err := r.svc.SaveCustomer("claire", customer)
	var inUse *counter.EmailInUseError
	if errors.As(err, &inUse) {
		c, err = inUse.Existing, nil // recorded by a sale before: chosen
	}
	if err != nil {
		r.t.Fatal(err)
	}
	if err := r.till.SetCustomer(c.ID); err != nil {
		r.t.Fatal(err)
	}
	if err := r.till.AddTickets(perf, "galerie", "adult", n); err != nil {
		r.t.Fatal(err)
	}
	if len(tenders) == 0 {
		tenders = []pos.Tender{{Method: "cash"}}
	}
	sale, err := r.till.Checkout(tenders)
	if err != nil {
		r.t.Fatal(err)
	}
	return sale.Order
}

func (r *rig) count(table string) int {
	r.t.Helper()
	var n int
	if err := r.store.Pool().QueryRow(context.Background(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		r.t.Fatal(err)
	}
	return n
}

func (r *rig) outbox(id string) server.MailMessage {
	r.t.Helper()
	list, err := r.store.MailOutbox(context.Background(), "", "")
	if err != nil {
		r.t.Fatal(err)
	}
	for _, m := range list {
		if m.ID == id {
			return m
		}
	}
	r.t.Fatalf("e-mail %s is not in the central outbox (%d there)", id, len(list))
	return server.MailMessage{}
}

// TestCentralSendsQueuedTickets: a register of a central server queues a
// tickets message and does not send it; its push carries the tickets'
// signed codes; guichetd sends the message once over a real SMTP
// exchange. The MIME is parsed, the PDF's text read with pdftotext and its
// QR codes decoded with zbarimg verify with the register's public key (as
// guichet ticket verify does) and are the register's own. Pushing again
// stores nothing twice and sends nothing again.
func TestCentralSendsQueuedTickets(t *testing.T) {
	srv := mailtest.New(t)
	r := newRig(t, srv, nil)
	o := r.sell("hamlet-01", 2, zoe)
	m, err := r.till.SendTickets(o.Number, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.svc.SendMail(context.Background()); err == nil {
		t.Fatal("a register of a central server sent its outbox")
	}
	r.push()
	if n := r.count(signed); n != 2 {
		t.Fatalf("%d signatures stored, want 2", n)
	}
	snd := r.sender("A", nil)
	if p := r.pass(snd); !slices.Equal(p.Sent, []string{m.ID}) {
		t.Fatalf("pass %+v", p)
	}
	if p := r.pass(snd); len(p.Sent)+len(p.Retry)+len(p.Refused) != 0 {
		t.Fatalf("second pass %+v", p)
	}
	got := srv.Messages()
	if len(got) != 1 || !slices.Equal(got[0].To, []string{"zoe@example.ch"}) || got[0].From != "billetterie@theatredulac.ch" {
		t.Fatalf("received %+v", got)
	}
	msg, err := mailtest.Parse(got[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	if want := "<" + o.Number + ".tickets-1@theatredulac.ch>"; msg.Header.Get("Message-Id") != want {
		t.Fatalf("Message-ID %q, want %q", msg.Header.Get("Message-Id"), want)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if !strings.Contains(subject, o.Number) || !strings.Contains(msg.Text, "Bonjour Mme Zoé Müller") {
		t.Fatalf("subject %q, text:\n%s", subject, msg.Text)
	}
	var pdf []byte
	for _, p := range msg.Parts {
		if p.Type == "application/pdf" {
			pdf = p.Data
		}
	}
	if pdf == nil {
		t.Fatalf("no PDF in %+v", msg.Parts)
	}
	text := mailtest.PDFText(t, pdf)
	for _, w := range []string{"Hamlet", "Quai du Lac 1", o.Tickets[0].Number, o.Tickets[1].Number} {
		if !strings.Contains(text, w) {
			t.Fatalf("the PDF does not say %q:\n%s", w, text)
		}
	}
	qrs := mailtest.PDFQRs(t, pdf)
	want, _ := r.svc.TicketQRs(o.Number)
	var wantQRs []string
	for _, q := range want {
		wantQRs = append(wantQRs, q)
	}
	slices.Sort(wantQRs)
	if !slices.Equal(qrs, wantQRs) {
		t.Fatalf("PDF QR codes %q, want the register's %q", qrs, wantQRs)
	}
	var numbers []string
	for _, q := range qrs {
		c, err := local.VerifyTicket(r.svc.Register().PublicKey(), q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		numbers = append(numbers, c.Number)
	}
	slices.Sort(numbers)
	if !slices.Equal(numbers, []string{o.Tickets[0].Number, o.Tickets[1].Number}) {
		t.Fatalf("the codes are for %v", numbers)
	}
	if ob := r.outbox(m.ID); ob.State != local.EmailSent || ob.Register != "K01" {
		t.Fatalf("central outbox %+v", ob)
	}
	if err := r.svc.PullMailStates(context.Background()); err != nil {
		t.Fatal(err)
	}
	if ob, _ := r.svc.Register().OutboxMessage(m.ID); ob.State != local.EmailSent || !strings.HasPrefix(ob.Reply, "guichetd: ") {
		t.Fatalf("the register's outbox after it asked: %+v", ob)
	}

	// The whole journal again: acknowledged, nothing stored twice.
	if err := r.pusher.ResendFrom(1); err != nil {
		t.Fatal(err)
	}
	r.push()
	if a, b := r.count(signed), r.count("outbox"); a != 2 || b != 1 {
		t.Fatalf("after a repeated push: %d codes, %d messages", a, b)
	}
	r.pass(snd)
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("%d messages after a repeated push", n)
	}

	// The register reads its messages' states.
	req, _ := http.NewRequest(http.MethodGet, r.url+"/v1/outbox", nil)
	req.Header.Set("Authorization", "Bearer "+r.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list []server.MailMessage
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil || len(list) != 1 || list[0].State != local.EmailSent {
		t.Fatalf("GET /v1/outbox: %+v %v", list, err)
	}
}

// rawPush posts a push request signed with the register's key, as the
// pusher does, and returns the status and the error body.
func (r *rig) rawPush(req api.PushRequest) (int, api.ErrorBody) {
	r.t.Helper()
	body, _ := json.Marshal(req)
	hr, _ := http.NewRequest(http.MethodPost, r.url+"/v1/push", bytes.NewReader(body))
	hr.Header.Set("Authorization", "Bearer "+r.token)
	hr.Header.Set("Content-Type", "application/json")
	hr.Header.Set(api.SignatureHeader, base64.RawURLEncoding.EncodeToString(r.svc.Register().SignPush(body)))
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var eb api.ErrorBody
	_ = json.Unmarshal(data, &eb)
	return resp.StatusCode, eb
}

// signed counts the tickets stored with their signature.
const signed = "tickets WHERE sig IS NOT NULL"

// TestForgedCodeRefused: a push carries each ticket's signature alone;
// one that cannot be an Ed25519 signature (not 64 bytes, or the whole code
// of an older register, damaged) refuses the push whole (422, code
// "ticket") and stores nothing. A signature of 64 bytes is taken (the push
// is signed as a whole with the register's key) and checked when the
// ticket is to be sent, against the code rebuilt from the ticket's fields:
// one made with another key, or the register's own signature of another
// ticket, is never sent (the order's view for e-mail has no code for it);
// the register's is, and the code rebuilt is the code the register prints.
func TestForgedCodeRefused(t *testing.T) {
	ctx := context.Background()
	r := openRig(t, nil, nil, false)
	o := r.sell("hamlet-01", 2, zoe)
	entries, err := r.svc.Register().Entries(1, 1000)
	if err != nil {
		t.Fatal(err)
	}
	sigs, err := r.svc.Register().SignedTickets(entries)
	if err != nil || len(sigs) != 2 || len(sigs[0].Sig) != ed25519.SignatureSize || sigs[0].QR != "" {
		t.Fatalf("signatures %+v %v", sigs, err)
	}
	rv, ok, err := r.svc.Register().Order(o.Number)
	if err != nil || !ok || len(rv.Tickets) != 2 {
		t.Fatalf("the register's order: %v %v", ok, err)
	}
	printed := []string{rv.Tickets[0].QR, rv.Tickets[1].QR}
	for name, bad := range map[string][]local.SignedTicket{
		"short":        {{Number: sigs[0].Number, Sig: sigs[0].Sig[:63]}, sigs[1]},
		"damaged code": {{Number: sigs[0].Number, QR: printed[0][:len(printed[0])-4]}, sigs[1]},
	} {
		status, eb := r.rawPush(api.PushRequest{Entries: entries, Tickets: bad})
		if status != http.StatusUnprocessableEntity || eb.Code != "ticket" || !strings.Contains(eb.Error, sigs[0].Number) {
			t.Fatalf("%s: %d %+v", name, status, eb)
		}
		if n := r.count("entries") + r.count(signed); n != 0 {
			t.Fatalf("%s: a refused push stored %d rows", name, n)
		}
	}
	_, other, _ := ed25519.GenerateKey(rand.Reader)
	forged, _ := local.SignTicket(other, o.Tickets[0])
	forgedSig, _ := local.CodeSignature(forged)
	for name, c := range map[string]struct {
		tickets []local.SignedTicket
		want    [2]string // the codes for e-mail
	}{
		"another key":    {[]local.SignedTicket{{Number: sigs[0].Number, Sig: forgedSig}, sigs[1]}, [2]string{"", printed[1]}},
		"swapped":        {[]local.SignedTicket{{Number: sigs[0].Number, Sig: sigs[1].Sig}, {Number: sigs[1].Number, Sig: sigs[0].Sig}}, [2]string{"", ""}},
		"the register's": {sigs, [2]string{printed[0], printed[1]}},
		// A register before signatures alone pushed the whole code.
		"whole codes": {[]local.SignedTicket{{Number: sigs[0].Number, QR: printed[0]}, {Number: sigs[1].Number, QR: printed[1]}}, [2]string{printed[0], printed[1]}},
	} {
		if _, err := r.store.Pool().Exec(ctx, `TRUNCATE entries, orders, tickets, payments, customers, outbox, shifts;
			UPDATE registers SET last_seq = 0, last_hash = DEFAULT`); err != nil {
			t.Fatal(err)
		}
		if status, eb := r.rawPush(api.PushRequest{Entries: entries, Tickets: c.tickets}); status != http.StatusOK {
			t.Fatalf("%s: %d %+v", name, status, eb)
		}
		if n := r.count(signed); n != 2 {
			t.Fatalf("%s: %d signatures stored", name, n)
		}
		ov, ok, err := r.store.MailOrder(ctx, o.Number)
		if err != nil || !ok || len(ov.Tickets) != 2 {
			t.Fatalf("%s: the order for e-mail: %v %v %+v", name, ok, err, ov.Tickets)
		}
		if got := [2]string{ov.Tickets[0].QR, ov.Tickets[1].QR}; got != c.want {
			t.Fatalf("%s: codes for e-mail %q, want %q", name, got, c.want)
		}
	}

	// Codes a server stored whole before 006_ticket_sigs.sql (ticket_codes)
	// are still read when a ticket has no signature, and verified.
	if _, err := r.store.Pool().Exec(ctx, `TRUNCATE entries, orders, tickets, payments, customers, outbox, shifts;
		UPDATE registers SET last_seq = 0, last_hash = DEFAULT`); err != nil {
		t.Fatal(err)
	}
	if status, eb := r.rawPush(api.PushRequest{Entries: entries}); status != http.StatusOK {
		t.Fatalf("a push without signatures: %d %+v", status, eb)
	}
	if _, err := r.store.Pool().Exec(ctx, `INSERT INTO ticket_codes (number, register, qr) VALUES ($1, 'K01', $2), ($3, 'K01', $4)`,
		sigs[0].Number, printed[0], sigs[1].Number, forged); err != nil {
		t.Fatal(err)
	}
	ov, ok, err := r.store.MailOrder(ctx, o.Number)
	if err != nil || !ok || len(ov.Tickets) != 2 || ov.Tickets[0].QR != printed[0] || ov.Tickets[1].QR != "" {
		t.Fatalf("codes stored whole before 006: %v %v %+v (want the register's, then none)", ok, err, ov.Tickets)
	}
}

// TestCentralFaults: the mail server down (the message waits, then goes
// once it is back and its next try has come), a 4xx twice then success
// (each wait longer), a 5xx (refused, recorded, never tried again).
func TestCentralFaults(t *testing.T) {
	queue := func(r *rig) string {
		o := r.sell("hamlet-01", 1, zoe)
		m, err := r.till.SendTickets(o.Number, "")
		if err != nil {
			t.Fatal(err)
		}
		r.push()
		return m.ID
	}
	t.Run("server down", func(t *testing.T) {
		srv := mailtest.Down(t)
		r := newRig(t, srv, nil)
		id := queue(r)
		snd := r.sender("A", nil)
		if p := r.pass(snd); !slices.Equal(p.Retry, []string{id}) {
			t.Fatalf("pass %+v", p)
		}
		ob := r.outbox(id)
		if ob.State != local.EmailWaiting || ob.Attempts != 1 || !ob.Next.After(r.clk.Now()) || ob.Next.After(r.clk.Now().Add(30*time.Second)) {
			t.Fatalf("after a refused connection %+v", ob)
		}
		srv.Start()
		if p := r.pass(snd); len(p.Sent)+len(p.Retry) != 0 {
			t.Fatalf("tried before its next try: %+v", p)
		}
		r.clk.Add(time.Minute)
		if p := r.pass(snd); len(p.Sent) != 1 || len(srv.Messages()) != 1 {
			t.Fatalf("after the server came back %+v", p)
		}
	})
	t.Run("4xx then success", func(t *testing.T) {
		srv := mailtest.New(t)
		r := newRig(t, srv, nil)
		id := queue(r)
		srv.Refuse(451, 451)
		snd := r.sender("A", nil)
		r.pass(snd)
		r.clk.Add(time.Minute)
		r.pass(snd)
		ob := r.outbox(id)
		if ob.Attempts != 2 || !strings.Contains(ob.LastError, "451") || ob.State != local.EmailWaiting {
			t.Fatalf("after two 451 %+v", ob)
		}
		if !ob.Next.After(r.clk.Now().Add(30 * time.Second)) {
			t.Fatalf("the second wait is not longer: next %v, now %v", ob.Next, r.clk.Now())
		}
		r.clk.Add(2 * time.Minute)
		if p := r.pass(snd); len(p.Sent) != 1 || len(srv.Messages()) != 1 || srv.Attempts() != 3 {
			t.Fatalf("pass %+v, %d received", p, len(srv.Messages()))
		}
	})
	t.Run("5xx", func(t *testing.T) {
		srv := mailtest.New(t)
		r := newRig(t, srv, nil)
		id := queue(r)
		srv.Refuse(550)
		snd := r.sender("A", nil)
		if p := r.pass(snd); !slices.Equal(p.Refused, []string{id}) {
			t.Fatalf("pass %+v", p)
		}
		r.clk.Add(24 * time.Hour)
		r.pass(snd)
		ob := r.outbox(id)
		if ob.State != local.EmailRefused || !strings.Contains(ob.LastError, "550") || srv.Attempts() != 1 || len(srv.Messages()) != 0 {
			t.Fatalf("refused %+v, %d attempts", ob, srv.Attempts())
		}
		refused, err := r.store.MailOutbox(context.Background(), "K01", local.EmailRefused)
		if err != nil || len(refused) != 1 || refused[0].ID != id {
			t.Fatalf("the register's refused messages: %+v %v", refused, err)
		}
		// The register reads the refusal back: its desk shows it.
		if ob, _ := r.svc.Register().OutboxMessage(id); ob.State != local.EmailWaiting {
			t.Fatalf("the register's outbox before it asked: %+v", ob)
		}
		if err := r.svc.PullMailStates(context.Background()); err != nil {
			t.Fatal(err)
		}
		if ob, _ := r.svc.Register().OutboxMessage(id); ob.State != local.EmailRefused || !strings.Contains(ob.LastError, "550") {
			t.Fatalf("the register's outbox after it asked: %+v", ob)
		}
		// Pushed back, the register's record changes nothing on the server.
		r.push()
		if ob := r.outbox(id); ob.State != local.EmailRefused || ob.Attempts != 1 {
			t.Fatalf("central outbox after the register's record came back: %+v", ob)
		}
	})
	t.Run("wrong password", func(t *testing.T) {
		// the account is refused, not the messages: they wait, the one
		// tried says what to mend, no other login is tried this pass, and
		// all go once the password is right
		srv, roots := mailtest.NewSecure(t, mailtest.Secure{User: "billetterie", Password: "s3cret"})
		r := newRig(t, nil, nil)
		ids := []string{queue(r), queue(r)}
		sender := func(password string) *centralmail.Sender {
			s, err := centralmail.New(r.store, centralmail.Options{Instance: "A", Now: r.clk.Now, SMTP: mail.Config{
				Host: srv.Host(), Port: srv.Port(), TLS: mail.TLSStartTLS, User: "billetterie", Password: password,
				Timeout: 5 * time.Second, TLSConfig: &tls.Config{RootCAs: roots}}})
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		snd := sender("wrong")
		for range 2 {
			p, err := snd.Pass(context.Background())
			var ref *mail.Refusal
			if !errors.As(err, &ref) || !ref.Account || !strings.Contains(err.Error(), "GUICHET_SMTP_PASSWORD") || len(p.Refused) != 0 {
				t.Fatalf("pass with a wrong password: %+v %v", p, err)
			}
		}
		tried := 0
		for _, id := range ids {
			ob := r.outbox(id)
			if ob.State != local.EmailWaiting {
				t.Fatalf("%s after a wrong password: %+v", id, ob)
			}
			if ob.Attempts > 0 {
				tried++
				if !strings.Contains(ob.LastError, "check --smtp-user and GUICHET_SMTP_PASSWORD") {
					t.Fatalf("%s says %q", id, ob.LastError)
				}
			}
		}
		if tried != 1 {
			t.Fatalf("%d messages tried with a refused login, want 1", tried)
		}
		r.clk.Add(2 * time.Hour)
		if p := r.pass(sender("s3cret")); len(p.Sent) != 2 || len(srv.Messages()) != 2 {
			t.Fatalf("after the password is mended: %+v, %d received", p, len(srv.Messages()))
		}
	})
}

// TestCentralReminders, with the sender's fake clock: two invoice orders
// with their deadline in 5 days and reminders at 3 and 1 days; the
// register queues each invoice, guichetd schedules the reminders: one
// order gets both, the other, paid (pushed) two days before its deadline,
// only the first.
func TestCentralReminders(t *testing.T) {
	srv := mailtest.New(t)
	r := newRig(t, srv, editCatalog(t, 5, []int{3, 1}, 0))
	o := r.sell("hamlet-05", 3, zoe, pos.Tender{Method: "invoice"})
	paid := r.sell("hamlet-05", 3, pos.Customer{Name: "Marc Favre", Email: "marc@example.ch"}, pos.Tender{Method: "invoice"})
	r.push()
	snd := r.sender("A", nil)
	r.pass(snd)
	if k := srv.MessageIDs(t); !slices.Equal(k["zoe@example.ch"], []string{o.Number + ".invoice"}) || len(k["marc@example.ch"]) != 1 {
		t.Fatalf("at placement %v", k)
	}
	y, mo, d := o.Deadline.In(r.cat.Location()).Date()
	lastDay := time.Date(y, mo, d, 0, 0, 0, 0, r.cat.Location())
	for day := 4; day >= 0; day-- { // from 4 days before the deadline to the day itself, every 6 hours
		for h := 0; h < 24; h += 6 {
			r.clk.Set(lastDay.AddDate(0, 0, -day).Add(time.Duration(h) * time.Hour))
			r.pass(snd)
		}
		if day == 2 {
			if err := r.till.ValidatePayment(paid.Number, pos.Tender{Reference: "VIR-1"}); err != nil {
				t.Fatal(err)
			}
			r.push()
		}
	}
	k := srv.MessageIDs(t)
	if want := []string{o.Number + ".invoice", o.Number + ".reminder-3d", o.Number + ".reminder-1d"}; !slices.Equal(k["zoe@example.ch"], want) {
		t.Fatalf("zoe got %v, want %v", k["zoe@example.ch"], want)
	}
	if want := []string{paid.Number + ".invoice", paid.Number + ".reminder-3d"}; !slices.Equal(k["marc@example.ch"], want) {
		t.Fatalf("marc (paid 2 days before) got %v, want %v", k["marc@example.ch"], want)
	}
	for _, m := range srv.Messages() {
		if p, _ := mailtest.Parse(m.Data); strings.Contains(p.Header.Get("Message-Id"), "reminder-1d") && !strings.Contains(p.Text, "1 jour(s)") {
			t.Fatalf("the last reminder says:\n%s", p.Text)
		}
	}
}

// TestCentralBeforeShow: the e-mail before the show goes D days before the
// performance, once per order, from the server's catalog, with the
// tickets; an event that turns it off gets none.
func TestCentralBeforeShow(t *testing.T) {
	for _, on := range []bool{true, false} {
		t.Run(fmt.Sprint(on), func(t *testing.T) {
			catalog := editCatalog(t, 0, nil, 3)
			if !on {
				var doc map[string]any
				_ = json.Unmarshal(catalog, &doc)
				for _, e := range doc["events"].([]any) {
					if e := e.(map[string]any); e["id"] == "hamlet" {
						e["before_show_email"] = false
					}
				}
				catalog, _ = json.Marshal(doc)
			}
			srv := mailtest.New(t)
			r := newRig(t, srv, catalog)
			o := r.sell("hamlet-01", 2, zoe)
			r.push()
			snd := r.sender("A", nil)
			perf, _ := r.cat.PerformanceByID("hamlet-01")
			msg := srv.BeforeShow(t, r.clk, func() { r.pass(snd) }, perf.Start, 3, on, "Quai du Lac 1", "20:00")
			if !on {
				return
			}
			if id := msg.Header.Get("Message-Id"); id != "<"+o.Number+".before-hamlet-01@theatredulac.ch>" {
				t.Fatalf("Message-ID %q", id)
			}
			for _, p := range msg.Parts {
				if p.Type == "application/pdf" && mailtest.PDFPages(t, p.Data) != 2 {
					t.Fatal("the PDF does not hold the two tickets")
				}
			}
		})
	}
}

// TestCentralBeforeShowWaitsForThePayment: guichetd does not send the
// e-mail before the show to an order whose invoice is not paid (the door
// refuses its tickets); once the register pushes the payment, it does.
func TestCentralBeforeShowWaitsForThePayment(t *testing.T) {
	srv := mailtest.New(t)
	r := newRig(t, srv, editCatalog(t, 0, nil, 3))
	o := r.sell("hamlet-01", 3, zoe, pos.Tender{Method: "invoice"})
	r.push()
	snd := r.sender("A", nil)
	perf, _ := r.cat.PerformanceByID("hamlet-01")
	r.clk.Set(perf.Start.AddDate(0, 0, -3).Add(time.Minute))
	id := counter.BeforeShowID(o.Number, "hamlet-01")
	if p := r.pass(snd); slices.Contains(p.Queued, id) {
		t.Fatalf("queued %v while the invoice waits", p.Queued)
	}
	if err := r.till.ValidatePayment(o.Number, pos.Tender{Reference: "VIR-1"}); err != nil {
		t.Fatal(err)
	}
	r.push()
	r.clk.Add(time.Hour)
	if p := r.pass(snd); !slices.Contains(p.Queued, id) || !slices.Contains(p.Sent, id) {
		t.Fatalf("after the payment: %+v", p)
	}
}

// TestTwoInstancesSendOnce: two guichetd on one database, each with its
// own connections, send the same outbox at once: every message goes once.
// A message one of them claimed is not taken by the other until the claim
// runs out (its sender died).
func TestTwoInstancesSendOnce(t *testing.T) {
	srv := mailtest.New(t)
	r := newRig(t, srv, nil)
	const orders = 12
	for i := range orders {
		o := r.sell("hamlet-01", 1, pos.Customer{Name: fmt.Sprintf("Client %d", i), Email: fmt.Sprintf("c%d@example.ch", i)})
		if _, err := r.till.SendTickets(o.Number, ""); err != nil {
			t.Fatal(err)
		}
	}
	r.push()
	other, err := server.Open(context.Background(), r.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	senders := []*centralmail.Sender{r.sender("A", nil), r.sender("B", other)}
	var wg gosync.WaitGroup
	for _, s := range senders {
		wg.Go(func() {
			if _, err := s.Pass(context.Background()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	seen := map[string]int{}
	for _, m := range srv.Messages() {
		p, _ := mailtest.Parse(m.Data)
		seen[p.Header.Get("Message-Id")]++
	}
	if len(seen) != orders || srv.Attempts() != orders {
		t.Fatalf("%d distinct messages in %d attempts, want %d once each", len(seen), srv.Attempts(), orders)
	}

	// A claim held by a sender that died.
	o := r.sell("hamlet-01", 1, zoe)
	m, _ := r.till.SendTickets(o.Number, "")
	r.push()
	if _, ok, err := r.store.ClaimMail(context.Background(), "dead", r.clk.Now(), 10*time.Minute); !ok || err != nil {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if p := r.pass(senders[1]); len(p.Sent) != 0 {
		t.Fatalf("a claimed message was sent by another: %+v", p)
	}
	r.clk.Add(11 * time.Minute)
	if p := r.pass(senders[1]); !slices.Equal(p.Sent, []string{m.ID}) {
		t.Fatalf("after the claim ran out %+v", p)
	}
	if err := r.store.MailSent(context.Background(), m.ID, "dead", "late", r.clk.Now()); !errors.Is(err, server.ErrMailClaimLost) {
		t.Fatalf("the dead sender recorded over the live one: %v", err)
	}
}

// TestCentralSendsValidTicketsOnly: a ticket refunded after the message
// was queued is not in it; an order cancelled whole sends nothing and is
// refused with the reason.
func TestCentralSendsValidTicketsOnly(t *testing.T) {
	srv := mailtest.New(t)
	r := newRig(t, srv, nil)
	o := r.sell("hamlet-01", 3, zoe)
	m, err := r.till.SendTickets(o.Number, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.till.CancelPart(o.Number, "changed plans", counter.CancelOptions{Tickets: []string{o.Tickets[1].Number}}); err != nil {
		t.Fatal(err)
	}
	gone := r.sell("hamlet-01", 1, zoe)
	m2, err := r.till.SendTickets(gone.Number, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.till.Cancel(gone.Number, "mistake"); err != nil {
		t.Fatal(err)
	}
	r.push()
	p := r.pass(r.sender("A", nil))
	if !slices.Equal(p.Sent, []string{m.ID}) || !slices.Equal(p.Refused, []string{m2.ID}) {
		t.Fatalf("pass %+v", p)
	}
	if ob := r.outbox(m2.ID); !strings.Contains(ob.LastError, "canceled") {
		t.Fatalf("the cancelled order's message: %+v", ob)
	}
	msg, _ := mailtest.Parse(srv.Messages()[0].Data)
	for _, part := range msg.Parts {
		if part.Type != "application/pdf" {
			continue
		}
		var numbers []string
		for _, q := range mailtest.PDFQRs(t, part.Data) {
			c, err := local.VerifyTicket(r.svc.Register().PublicKey(), q)
			if err != nil {
				t.Fatal(err)
			}
			numbers = append(numbers, c.Number)
		}
		slices.Sort(numbers)
		if want := []string{o.Tickets[0].Number, o.Tickets[2].Number}; !slices.Equal(numbers, want) {
			t.Fatalf("the PDF holds %v, want %v", numbers, want)
		}
	}
}

// TestSenderRuns: guichetd serve's goroutine (Run) sends what is queued
// without being asked, and stops with its context.
func TestSenderRuns(t *testing.T) {
	srv := mailtest.New(t)
	r := newRig(t, srv, nil)
	o := r.sell("hamlet-01", 1, zoe)
	if _, err := r.till.SendTickets(o.Number, ""); err != nil {
		t.Fatal(err)
	}
	r.push()
	s, err := centralmail.New(r.store, centralmail.Options{SMTP: smtpConfig(srv), Interval: 20 * time.Millisecond, Now: r.clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	for i := 0; len(srv.Messages()) == 0; i++ {
		if i == 500 {
			t.Fatal("the running sender sent nothing")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run returned %v", err)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("%d messages", n)
	}
}

// TestCentralWithoutOrganiserAddressWaits: a central catalog with no
// organiser e-mail has no address to send from: the outbox waits, with a
// sentence saying what to set, instead of refusing each message for good;
// once the catalog gives the address, they go.
func TestCentralWithoutOrganiserAddressWaits(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(editCatalog(t, 0, nil, 0), &doc); err != nil {
		t.Fatal(err)
	}
	doc["organiser"].(map[string]any)["email"] = ""
	noSender, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	srv := mailtest.New(t)
	r := newRig(t, srv, noSender)
	o := r.sell("hamlet-01", 1, zoe)
	m, err := r.till.SendTickets(o.Number, "")
	if err != nil {
		t.Fatal(err)
	}
	r.push()
	snd := r.sender("A", nil)
	if p, err := snd.Pass(context.Background()); !errors.Is(err, counter.ErrNoSender) || len(p.Refused) != 0 {
		t.Fatalf("pass %+v, %v: want nothing refused and counter.ErrNoSender", p, err)
	}
	if ob := r.outbox(m.ID); ob.State != local.EmailWaiting {
		t.Fatalf("without a sender's address: %+v", ob)
	}
	if _, err := r.store.LoadCatalog(context.Background(), "demo.json", editCatalog(t, 0, nil, 0)); err != nil {
		t.Fatal(err)
	}
	if p := r.pass(snd); !slices.Equal(p.Sent, []string{m.ID}) || len(srv.Messages()) != 1 {
		t.Fatalf("once the catalog gives the address: %+v", p)
	}
}

// TestCentralMessageThatCannotBeComposedWaits: the central catalog's text
// for the tickets e-mail names a field there is not (it parses, it fails
// only when written). guichetd does not refuse the message for good, as a
// mail server's 5xx: it waits with the reason, and goes once the catalog
// is mended.
func TestCentralMessageThatCannotBeComposedWaits(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(editCatalog(t, 0, nil, 0), &doc); err != nil {
		t.Fatal(err)
	}
	doc["emails"] = map[string]any{"templates": map[string]any{"tickets": map[string]any{"fr": map[string]any{"subject": "Vos billets {{.Nope}}", "body": "Voici vos billets."}}}}
	broken, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	srv := mailtest.New(t)
	r := newRig(t, srv, broken)
	o := r.sell("hamlet-01", 1, zoe)
	m, err := r.till.SendTickets(o.Number, "")
	if err != nil {
		t.Fatal(err)
	}
	r.push()
	snd := r.sender("A", nil)
	p := r.pass(snd)
	if ob := r.outbox(m.ID); ob.State != local.EmailWaiting || !strings.Contains(ob.LastError, "Nope") || len(p.Refused) != 0 {
		t.Fatalf("a text that cannot be written: %+v, pass %+v", ob, p)
	}
	if _, err := r.store.LoadCatalog(context.Background(), "demo.json", editCatalog(t, 0, nil, 0)); err != nil {
		t.Fatal(err)
	}
	r.clk.Add(time.Hour)
	if p := r.pass(snd); !slices.Equal(p.Sent, []string{m.ID}) || len(srv.Messages()) != 1 {
		t.Fatalf("once the catalog is mended: %+v", p)
	}
}

// TestTheDeskSaysWhyGuichetdHoldsAMessage: guichetd's mail server refuses
// its login (a wrong password): the message it tried waits, with a
// sentence saying what to mend. The register that queued it asks what
// became of it: the order's e-mails on its desk say it is not sent yet
// and why (as on a register that sends itself), not only "waiting".
func TestTheDeskSaysWhyGuichetdHoldsAMessage(t *testing.T) {
	srv, roots := mailtest.NewSecure(t, mailtest.Secure{User: "billetterie", Password: "s3cret"})
	r := newRig(t, nil, nil)
	o := r.sell("hamlet-01", 1, zoe)
	m, err := r.till.SendTickets(o.Number, "")
	if err != nil {
		t.Fatal(err)
	}
	r.push()
	snd, err := centralmail.New(r.store, centralmail.Options{Instance: "A", Now: r.clk.Now, SMTP: mail.Config{
		Host: srv.Host(), Port: srv.Port(), TLS: mail.TLSStartTLS, User: "billetterie", Password: "wrong",
		Timeout: 5 * time.Second, TLSConfig: &tls.Config{RootCAs: roots}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := snd.Pass(context.Background()); err == nil {
		t.Fatal("a wrong password passed")
	}
	if err := r.svc.PullMailStates(context.Background()); err != nil {
		t.Fatal(err)
	}
	box, err := r.svc.OutboxOf(o.Number)
	if err != nil {
		t.Fatal(err)
	}
	if len(box) != 1 || box[0].ID != m.ID || box[0].State != local.EmailWaiting || box[0].Attempts == 0 ||
		!strings.Contains(box[0].LastError, "GUICHET_SMTP_PASSWORD") {
		t.Fatalf("the desk's e-mails of the order: %+v", box)
	}
}

// TestCentralInvoiceGoesAgainOnceTheAddressIsCorrected: with guichetd
// sending, an invoice refused for a mistyped address (550) is read back by
// the register; the box office corrects the address and sends the order
// again from the desk: guichetd sends the invoice again (ORDER/invoice-2)
// with the tickets, to the corrected address.
func TestCentralInvoiceGoesAgainOnceTheAddressIsCorrected(t *testing.T) {
	srv := mailtest.New(t)
	r := newRig(t, srv, nil)
	o := r.sell("hamlet-05", 2, pos.Customer{Name: "Zoé Müller", Email: "zoe@exmaple.ch", Lang: "fr"}, pos.Tender{Method: "invoice"})
	r.push()
	snd := r.sender("A", nil)
	srv.Refuse(550)
	if p := r.pass(snd); !slices.Equal(p.Refused, []string{o.Number + "/invoice"}) {
		t.Fatalf("the mistyped invoice: %+v", p)
	}
	if err := r.svc.PullMailStates(context.Background()); err != nil {
		t.Fatal(err)
	}
	ov, _, err := r.svc.Order(o.Number)
	if err != nil {
		t.Fatal(err)
	}
	c := *ov.Customer
	c.Email = "zoe@example.ch"
	if _, err := r.svc.SaveCustomer("claire", c); err != nil {
		t.Fatal(err)
	}
	if _, err := r.till.SendTickets(o.Number, ""); err != nil {
		t.Fatal(err)
	}
	r.push()
	p := r.pass(snd)
	if !slices.Contains(p.Sent, o.Number+"/invoice-2") || len(p.Sent) != 2 {
		t.Fatalf("after the address was corrected: %+v", p)
	}
	for _, m := range srv.Messages() {
		if !slices.Equal(m.To, []string{"zoe@example.ch"}) {
			t.Fatalf("sent to %v", m.To)
		}
	}
}

// TestTheDeskSaysWhenGuichetdSentTheMessage: guichetd sends a register's
// message at its own time; the register learns it later (it was off, or
// offline, meanwhile). Its desk says the message was sent when guichetd
// sent it, not when the register learnt it.
func TestTheDeskSaysWhenGuichetdSentTheMessage(t *testing.T) {
	srv := mailtest.New(t)
	r := newRig(t, srv, nil)
	o := r.sell("hamlet-01", 1, zoe)
	m, err := r.till.SendTickets(o.Number, "")
	if err != nil {
		t.Fatal(err)
	}
	r.push()
	r.clk.Add(3 * time.Hour) // guichetd sends three hours after the register's clock
	snd := r.sender("A", nil)
	if p := r.pass(snd); len(p.Sent) != 1 {
		t.Fatalf("pass %+v", p)
	}
	sent := r.outbox(m.ID).Sent
	if err := r.svc.PullMailStates(context.Background()); err != nil {
		t.Fatal(err)
	}
	ob, err := r.svc.Register().OutboxMessage(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ob.State != local.EmailSent || !ob.Sent.Equal(sent) {
		t.Fatalf("the register's outbox says sent %v (%s), guichetd sent it %v", ob.Sent, ob.State, sent)
	}
}

// TestTheDeskLearnsOfMessagesPastTheFirstBatch: a register asks guichetd
// what became of the e-mails it still shows waiting, at most
// api.MaxMailStates ids a request. With more than that waiting, and the
// oldest held by guichetd for a later try (a 4xx: mailbox full, greylisted;
// tried again for ever), the register asked about the oldest ones only, at
// every round: a newer message guichetd sent showed "waiting" on its desk
// for good.
func TestTheDeskLearnsOfMessagesPastTheFirstBatch(t *testing.T) {
	srv := mailtest.New(t)
	r := newRig(t, srv, nil)
	var ids []string
	for i := range api.MaxMailStates + 1 {
		o := r.sell(fmt.Sprintf("hamlet-%02d", 1+i%12), 1, zoe)
		m, err := r.till.SendTickets(o.Number, "")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	r.push()
	// guichetd tries them all: the newest goes, the others are held (4xx).
	ctx := context.Background()
	now := r.clk.Now()
	for range ids {
		m, ok, err := r.store.ClaimMail(ctx, "A", now, time.Minute)
		if err != nil || !ok {
			t.Fatalf("claim: %v %v", ok, err)
		}
		if m.ID == ids[len(ids)-1] {
			err = r.store.MailSent(ctx, m.ID, "A", "250 ok", now)
		} else {
			err = r.store.MailFailed(ctx, m.ID, "A", "452 mailbox full", false, now.Add(time.Hour))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := r.svc.PullMailStates(ctx); err != nil {
		t.Fatal(err)
	}
	last, err := r.svc.Register().OutboxMessage(ids[len(ids)-1])
	if err != nil {
		t.Fatal(err)
	}
	if last.State != local.EmailSent {
		t.Fatalf("the message guichetd sent, behind %d it holds, is %q on the register", len(ids)-1, last.State)
	}
	first, err := r.svc.Register().OutboxMessage(ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if first.State != local.EmailWaiting {
		t.Fatalf("a message guichetd holds is %q on the register", first.State)
	}
	// and the desk still says why guichetd holds the oldest
	box, err := r.svc.OutboxOf(first.Order)
	if err != nil {
		t.Fatal(err)
	}
	if len(box) != 1 || box[0].Attempts == 0 || !strings.Contains(box[0].LastError, "mailbox full") {
		t.Fatalf("the desk's e-mails of order %s: %+v", first.Order, box)
	}
}

// TestAMessageHandedOverAsGuichetdStopsGoesOnce: guichetd is stopped
// (SIGTERM: the sender's context ends) while the mail server has a
// message and has not answered yet. The mail server takes it; guichetd
// recorded nothing, its database call made with the ended context, so
// the message stayed "sending" and, its claim run out, went to the
// customer a second time.
func TestAMessageHandedOverAsGuichetdStopsGoesOnce(t *testing.T) {
	srv := mailtest.New(t)
	r := newRig(t, srv, nil)
	o := r.sell("hamlet-01", 1, zoe)
	m, err := r.till.SendTickets(o.Number, "")
	if err != nil {
		t.Fatal(err)
	}
	r.push()
	held, release := srv.HoldMessages()
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := r.sender("A", nil).Pass(ctx); done <- err }()
	<-held
	stop() // guichetd is told to stop while the mail server reads the message
	release()
	<-done
	if got := r.outbox(m.ID); got.State != local.EmailSent {
		t.Fatalf("the message the mail server took is %q in the central outbox", got.State)
	}
	r.clk.Add(time.Hour) // past any claim
	r.pass(r.sender("B", nil))
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("the customer got the message %d times", n)
	}
}

// TestASlowPassClaimsEachMessageFromWhenItTakesIt: a pass sends the
// outbox message after message, and a mail server that answers slowly
// (or not: each try waits for its timeout) makes a pass last longer than
// a claim. Each claim ran from the pass's start, so the messages a long
// pass took last were claimed already run out: a second guichetd on the
// database took the message the first was handing over, and both sent it.
func TestASlowPassClaimsEachMessageFromWhenItTakesIt(t *testing.T) {
	srv := mailtest.New(t)
	r := newRig(t, srv, nil)
	var ids []string
	for _, perf := range []string{"hamlet-01", "hamlet-02"} {
		o := r.sell(perf, 1, zoe)
		m, err := r.till.SendTickets(o.Number, "")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	r.push()
	ctx := context.Background()
	held1, release1 := srv.HoldMessages()
	done := make(chan error, 1)
	go func() { _, err := r.sender("A", nil).Pass(ctx); done <- err }()
	<-held1                     // A hands the first message over
	r.clk.Add(11 * time.Minute) // and the mail server takes longer than a claim
	held2, release2 := srv.HoldMessages()
	release1()
	<-held2 // A hands the second one over
	m, ok, err := r.store.ClaimMail(ctx, "B", r.clk.Now(), 10*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if ok {
		t.Errorf("guichetd B took %s while A was handing it to the mail server", m.ID)
	}
	release2()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if got := r.outbox(id); got.State != local.EmailSent {
			t.Errorf("%s is %q after A's pass", id, got.State)
		}
	}
}
