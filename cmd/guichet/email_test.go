package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"guichet/counter"
	"guichet/local"
	"guichet/mail/mailtest"
)

// guichet runs a command line in-process and gives its output and status.
func guichet(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// placeCash places an order for n tickets paid in cash in the register at
// db, by guichet order place run in-process.
func placeCash(t *testing.T, db string, n int) orderOut {
	t.Helper()
	out, stderr, code := guichet(t, placeReq(n, "", "cash"), "order", "place", "--db", db, "--staff", "claire", "--pin", "1234", "--float", "0")
	if code != 0 {
		t.Fatalf("order place: exit %d\n%s%s", code, out, stderr)
	}
	var o orderOut
	if err := json.Unmarshal([]byte(out), &o); err != nil {
		t.Fatal(err)
	}
	return o
}

// TestOrderSendByEmail: guichet order send mails an order's tickets over
// SMTP; the QR codes read back from the PDF (pdftoppm, zbarimg) verify
// with guichet ticket verify against the register's journal; the outbox
// says it was sent; a preview prints the text and writes the PDF without
// changing the register's file.
func TestOrderSendByEmail(t *testing.T) {
	srv := mailtest.New(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	o := placeCash(t, db, 2)
	if _, stderr, code := guichet(t, "", "order", "send", o.Order, "--db", db, "--staff", "claire", "--pin", "1234", "--to", "zoe@example\r\n.ch", "--lang", "en"); code != 1 || !strings.Contains(stderr, "does not look right") {
		t.Fatalf("a bad address: exit %d %s", code, stderr)
	}
	out, stderr, code := guichet(t, "", "order", "send", "--lang", "en", o.Order, "--db", db, "--staff", "claire", "--pin", "1234",
		"--to", "zoe@example.ch", "--smtp", srv.Addr(), "--smtp-tls", "none")
	if code != 0 || !strings.Contains(out, "2 tickets sent to zoe@example.ch") {
		t.Fatalf("order send: exit %d\n%s%s", code, out, stderr)
	}
	got := srv.Messages()
	if len(got) != 1 {
		t.Fatalf("%d messages received", len(got))
	}
	msg, err := mailtest.Parse(got[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	var qrs []string
	for _, p := range msg.Parts {
		if p.Type == "application/pdf" {
			qrs = mailtest.PDFQRs(t, p.Data)
		}
	}
	if len(qrs) != 2 {
		t.Fatalf("QR codes in the PDF: %q", qrs)
	}
	for _, q := range qrs {
		out, stderr, code := guichet(t, "", "ticket", "verify", "--lang", "en", q, "--db", db)
		if code != 0 || !strings.Contains(out, "valid") {
			t.Fatalf("ticket verify %s: exit %d\n%s%s", q, code, out, stderr)
		}
	}
	out, _, code = guichet(t, "", "email", "outbox", "--lang", "en", "--db", db)
	if code != 0 || !strings.Contains(out, o.Order+"/tickets-1") || !strings.Contains(out, "sent") {
		t.Fatalf("outbox: %s", out)
	}

	// Resent without a mail server: it waits in the outbox, as a copy.
	out, _, code = guichet(t, "", "order", "send", "--lang", "en", o.Order, "--db", db, "--to", "zoe@example.ch", "--staff", "claire", "--pin", "1234")
	if code != 0 || !strings.Contains(out, "(copy) queued") {
		t.Fatalf("resend: exit %d %s", code, out)
	}
	out, _, _ = guichet(t, "", "email", "outbox", "--lang", "en", "--db", db, "--state", "waiting", "--json")
	var waiting []struct{ ID, State string }
	if err := json.Unmarshal([]byte(out), &waiting); err != nil || len(waiting) != 1 || waiting[0].ID != o.Order+"/tickets-2" {
		t.Fatalf("waiting %s %v", out, err)
	}
	out, stderr, code = guichet(t, "", "email", "send", "--lang", "en", "--db", db, "--smtp", srv.Addr(), "--smtp-tls", "none")
	if code != 0 || !strings.Contains(out, "sent 1") || len(srv.Messages()) != 2 {
		t.Fatalf("email send: exit %d %s%s", code, out, stderr)
	}

	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(dir, "preview.pdf")
	out, stderr, code = guichet(t, "", "email", "preview", "--lang", "en", "before_show", "--order", o.Order, "--db", db, "--pdf", pdf)
	if code != 0 || !strings.Contains(out, "Subject: Hamlet") || !strings.Contains(out, "Quai du Lac 1") {
		t.Fatalf("preview: exit %d\n%s%s", code, out, stderr)
	}
	data, err := os.ReadFile(pdf)
	if err != nil || mailtest.PDFPages(t, data) != 2 {
		t.Fatalf("preview PDF: %v", err)
	}
	if _, _, code := guichet(t, "", "email", "outbox", "--lang", "en", "--db", db); code != 0 {
		t.Fatal("outbox")
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Fatal("a preview or the outbox changed the register's file")
	}
	// paid in cash at the sale: it never had an invoice ("the invoice was
	// paid" said before)
	if _, stderr, code := guichet(t, "", "email", "preview", "invoice", "--order", o.Order, "--db", db, "--lang", "en"); code != 1 || !strings.Contains(stderr, "was not sold on an invoice") {
		t.Fatalf("invoice preview of an order paid at the sale: exit %d %s", code, stderr)
	}
}

// TestKilledWhileSending: a register process killed while it hands a
// queued message to the mail server (SIGKILL, nothing written after the
// queue) sends it once when it runs again, and never again after.
func TestKilledWhileSending(t *testing.T) {
	srv := mailtest.New(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	o := placeCash(t, db, 1)
	if out, stderr, code := guichet(t, "", "order", "send", "--lang", "en", o.Order, "--db", db, "--to", "zoe@example.ch", "--staff", "claire", "--pin", "1234"); code != 0 {
		t.Fatalf("order send: exit %d\n%s%s", code, out, stderr)
	}
	held, release := srv.HoldRecipients()
	defer release()
	cmd := exec.Command(guichetBin, "email", "send", "--lang", "en", "--db", db, "--smtp", srv.Addr(), "--smtp-tls", "none")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-held:
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("guichet email send never reached the server")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	release()
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("%d messages before the restart", n)
	}
	for i, want := range []string{"sent 1", "sent 0"} {
		out, stderr, code := guichet(t, "", "email", "send", "--lang", "en", "--db", db, "--smtp", srv.Addr(), "--smtp-tls", "none")
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("send %d after the kill: exit %d, %s%s", i+1, code, out, stderr)
		}
	}
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("%d messages received, want 1", n)
	}
}

// TestCentralRegisterOnlyQueues: a register of a central server does not
// send: the counter with --central refuses --smtp, and on a journal that
// was pushed guichet order send queues without sending and guichet email
// send refuses (guichetd sends).
func TestCentralRegisterOnlyQueues(t *testing.T) {
	srv := mailtest.New(t)
	dir := t.TempDir()
	token := filepath.Join(dir, "token")
	if err := os.WriteFile(token, []byte("gct_x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	fs := newFlags("counter", "", io.Discard, io.Discard)
	f := addServiceFlags(fs)
	if _, err := fs.ParseAll([]string{"--db", filepath.Join(dir, "c.db"), "--central", "http://127.0.0.1:1", "--token-file", token, "--smtp", srv.Addr(), "--smtp-tls", "none"}); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := f.open("counter"); !errors.Is(err, counter.ErrCentralSends) {
		t.Fatalf("--central with --smtp: %v", err)
	}

	db := filepath.Join(dir, "r.db")
	o := placeCash(t, db, 1)
	pf, err := local.OpenPushFile(db)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := pf.PushState()
	if err := pf.SetPushed(st.Last); err != nil { // as if guichetd had acknowledged it
		t.Fatal(err)
	}
	pf.Close()
	out, stderr, code := guichet(t, "", "order", "send", "--lang", "en", o.Order, "--db", db, "--staff", "claire", "--pin", "1234",
		"--to", "zoe@example.ch", "--smtp", srv.Addr(), "--smtp-tls", "none")
	if code != 0 || !strings.Contains(out, "1 ticket queued for zoe@example.ch") || !strings.Contains(out, "the central server sends it") {
		t.Fatalf("order send: exit %d\n%s%s", code, out, stderr)
	}
	files := filesIn(t, dir)
	if _, stderr, code := guichet(t, "", "email", "send", "--db", db, "--smtp", srv.Addr(), "--smtp-tls", "none", "--lang", "en"); code != 1 || !strings.Contains(stderr, "central server") {
		t.Fatalf("email send: exit %d %s", code, stderr)
	}
	// refused, it wrote nothing (no register.started and register.stopped)
	if changed := changedFiles(files, filesIn(t, dir)); len(changed) > 0 {
		t.Errorf("a refused email send changed %v", changed)
	}
	if srv.Attempts() != 0 {
		t.Fatalf("a register of a central server offered %d messages", srv.Attempts())
	}
}

// TestEmailOutboxRefusesAStateItDoesNotKnow: guichet email outbox --state
// failed (or pending, or Refused) listed nothing and exited 0, as if no
// e-mail had failed; the refused ones stayed out of sight. A state that is
// not waiting, sent or refused is now said, with the ones there are (in
// any case).
func TestEmailOutboxRefusesAStateItDoesNotKnow(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	placeCash(t, db, 1)
	for _, state := range []string{"failed", "pending"} {
		out, stderr, code := guichet(t, "", "email", "outbox", "--db", db, "--state", state, "--lang", "en")
		if code == 0 || !strings.Contains(stderr, "waiting, sent or refused") {
			t.Errorf("--state %s: exit %d\n%s%s", state, code, out, stderr)
		}
	}
	out, stderr, code := guichet(t, "", "email", "outbox", "--lang", "en", "--db", db, "--state", "Waiting", "--json")
	var waiting []struct{ ID, State string }
	if err := json.Unmarshal([]byte(out), &waiting); code != 0 || err != nil || len(waiting) != 0 {
		t.Errorf("--state Waiting: exit %d %v\n%s%s", code, err, out, stderr)
	}
}

// TestEmailSendSaysWhatWaitsForALaterTry: tickets e-mailed while the mail
// server was down wait for their next try; the person who mended the
// server and ran guichet email send read "queued 0, sent 0, to try again
// 0, refused 0" and nothing about the tickets still waiting, nor when
// they go.
func TestEmailSendSaysWhatWaitsForALaterTry(t *testing.T) {
	srv := mailtest.New(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	o := placeCash(t, db, 1)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := l.Addr().String()
	_ = l.Close()
	out, stderr, code := guichet(t, "", "order", "send", "--lang", "en", o.Order, "--db", db, "--staff", "claire", "--pin", "1234",
		"--to", "zoe@example.ch", "--smtp", down, "--smtp-tls", "none")
	if code != 0 || !strings.Contains(out, "in the outbox") {
		t.Fatalf("order send with the server down: exit %d\n%s%s", code, out, stderr)
	}
	out, stderr, code = guichet(t, "", "email", "send", "--lang", "en", "--db", db, "--smtp", srv.Addr(), "--smtp-tls", "none")
	if code != 0 || !strings.Contains(out, "sent 0") {
		t.Fatalf("email send: exit %d\n%s%s", code, out, stderr)
	}
	if !strings.Contains(out, "1 waits for its next try") || !strings.Contains(out, o.Order+"/tickets-1") {
		t.Fatalf("email send says nothing of the message waiting:\n%s", out)
	}
}

// TestOneTicketSentSaysTicket: guichet order send of a one-ticket order
// said "1 tickets sent to …" (and "1 tickets for … wait in the outbox");
// the outbox "1 failed tries".
func TestOneTicketSentSaysTicket(t *testing.T) {
	srv := mailtest.New(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	o := placeCash(t, db, 1)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := l.Addr().String()
	_ = l.Close()
	out, stderr, code := guichet(t, "", "order", "send", "--lang", "en", o.Order, "--db", db, "--staff", "claire", "--pin", "1234",
		"--to", "zoe@example.ch", "--smtp", down, "--smtp-tls", "none")
	if code != 0 || !strings.Contains(out, "1 ticket for zoe@example.ch waits in the outbox") {
		t.Fatalf("order send with the server down: exit %d\n%s%s", code, out, stderr)
	}
	out, _, _ = guichet(t, "", "email", "outbox", "--lang", "en", "--db", db)
	if !strings.Contains(out, "1 failed try (") {
		t.Fatalf("outbox: %s", out)
	}
	o2 := placeCash(t, db, 1)
	out, stderr, code = guichet(t, "", "order", "send", "--lang", "en", o2.Order, "--db", db, "--staff", "claire", "--pin", "1234",
		"--to", "zoe@example.ch", "--smtp", srv.Addr(), "--smtp-tls", "none")
	if code != 0 || !strings.Contains(out, "1 ticket sent to zoe@example.ch") {
		t.Fatalf("order send: exit %d\n%s%s", code, out, stderr)
	}
}

// TestEmailSendSaysWhyNothingWent: with the mail server down, guichet
// email send printed "queued 0, sent 0, to try again 1, refused 0" and
// exited 0: nothing said that the server did not answer, nor when the
// message would be tried again, and a cron job saw success. It names each
// message that could not go with why and its next try, and exits 1.
func TestEmailSendSaysWhyNothingWent(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	o := placeCash(t, db, 1)
	if _, stderr, code := guichet(t, "", "order", "send", "--lang", "en", o.Order, "--db", db, "--staff", "claire", "--pin", "1234", "--to", "zoe@example.ch"); code != 0 {
		t.Fatalf("order send without a server: exit %d\n%s", code, stderr)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := l.Addr().String()
	_ = l.Close()
	out, stderr, code := guichet(t, "", "email", "send", "--lang", "en", "--db", db, "--smtp", down, "--smtp-tls", "none")
	if code != 1 || !strings.Contains(out, "sent 0, to try again 1") ||
		!regexp.MustCompile(`(?m)^  `+regexp.QuoteMeta(o.Order)+`/tickets-1 to zoe@example\.ch: the connection to the mail server 127\.0\.0\.1 failed \(.*connection refused\): .*; next try \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`).MatchString(stderr) ||
		!strings.Contains(stderr, "1 e-mail could not go now") || !strings.Contains(stderr, "check --smtp") {
		t.Fatalf("email send with the server down: exit %d\n%s%s", code, out, stderr)
	}
}
