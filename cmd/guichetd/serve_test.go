package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	netmail "net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"guichet/counter"
	"guichet/fixtures"
	"guichet/internal/syncbuf"
	"guichet/local"
	"guichet/mail"
	"guichet/mail/mailtest"
	"guichet/pos"
	"guichet/sync"
	"guichet/sync/server"
)

// runAsGuichetd in the environment makes the test binary run as guichetd
// (TestMain), so a test starts the server as a process of its own without
// building it.
const runAsGuichetd = "GUICHETD_TEST_RUN_MAIN"

// TestServeSendsARegistersTickets: `guichetd serve --smtp ...` started as
// a process, with a register enrolled that sells an order, queues its
// tickets' e-mail and pushes: the test SMTP server receives exactly one
// message for that order, to the customer; SIGTERM then stops the server,
// which exits 0 after it said it was shutting down.
func TestServeSendsARegistersTickets(t *testing.T) {
	ctx := context.Background()
	db, err := newMigratedDB()
	must(t, err)
	store, err := server.Open(ctx, db)
	must(t, err)
	defer store.Close()
	// The demo box office without the e-mail before the show (its first
	// show is today): the only message is the one the register queues.
	var doc map[string]any
	must(t, json.Unmarshal(fixtures.Demo, &doc))
	doc["emails"] = map[string]any{}
	data, err := json.Marshal(doc)
	must(t, err)
	_, err = store.LoadCatalog(ctx, "demo.json", data)
	must(t, err)

	// The register: its key, enrolled.
	cat, err := pos.ParseCatalog("demo.json", data, time.Now())
	must(t, err)
	path := filepath.Join(t.TempDir(), "K01.db")
	reg, err := local.Open(local.Options{Path: path, Register: "K01", Catalog: cat})
	must(t, err)
	pub := reg.PublicKey()
	must(t, reg.Close())
	token, err := store.AddRegister(ctx, "K01", pub)
	must(t, err)

	// guichetd serve, a process, sending through the test's SMTP server.
	smtp := mailtest.New(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	addr := ln.Addr().String()
	ln.Close()
	var stderr syncbuf.Buffer
	cmd := exec.Command(os.Args[0], "serve", "--listen", addr, "--db", db,
		"--smtp", smtp.Addr(), "--smtp-tls", "none", "--mail-interval", "100ms")
	cmd.Env = append(os.Environ(), runAsGuichetd+"=1", "GUICHET_SMTP_USER=", "GUICHET_SMTP_PASSWORD=")
	cmd.Stderr = &stderr
	must(t, cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	waited := false
	defer func() {
		if !waited {
			cmd.Process.Kill()
			<-exited
		}
	}()
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if i == 100 {
			t.Fatalf("guichetd serve does not listen on %s: %v\n%s", addr, err, stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}

	// The register sells, queues the tickets' e-mail and pushes.
	svc, err := counter.Open(counter.Options{Path: path, Register: "K01", Catalog: cat, Lang: "fr",
		Central: counter.Central{URL: "http://" + addr, Token: token, Interval: time.Hour}}) // the test pushes itself
	must(t, err)
	defer svc.Close()
	till, err := svc.Unlock("claire", "1234")
	must(t, err)
	_, err = till.OpenShift(pos.M(20000, "CHF"))
	must(t, err)
	c, err := svc.SaveCustomer("claire", pos.Customer{Name: "Zoé Müller", Email: "zoe@example.ch", Lang: "fr"})
	must(t, err)
	must(t, till.SetCustomer(c.ID))
	// the first Hamlet still on sale: the test runs on the real clock, and
	// tonight's closes at 20:00 in Zurich
	perf := ""
	for _, p := range cat.Performances {
		if p.Event == cat.Performances[0].Event && cat.OnSale(&p, time.Now()) {
			perf = p.ID
			break
		}
	}
	must(t, till.AddTickets(perf, "galerie", "adult", 2))
	sale, err := till.Checkout([]pos.Tender{{Method: "cash"}})
	must(t, err)
	m, err := till.SendTickets(sale.Order.Number, "")
	must(t, err)
	must(t, sync.New(svc.Register(), sync.Options{Central: "http://" + addr, Token: token}).CatchUp(ctx))

	// Exactly one message for the order, to its customer, and no other.
	want := "<" + mail.MessageID(m.ID, "")
	want = want[:strings.IndexByte(want, '@')+1]
	ours := func() (n int, all int) {
		for _, r := range smtp.Messages() {
			all++
			msg, err := netmail.ReadMessage(bytes.NewReader(r.Data))
			if err == nil && strings.HasPrefix(msg.Header.Get("Message-ID"), want) && len(r.To) == 1 && r.To[0] == "zoe@example.ch" {
				n++
			}
		}
		return n, all
	}
	deadline := time.Now().Add(10 * time.Second)
	for n, _ := ours(); n == 0; n, _ = ours() {
		if time.Now().After(deadline) {
			t.Fatalf("no message for order %s reached the SMTP server\n%s", sale.Order.Number, stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // three more passes: nothing sent again
	if n, all := ours(); n != 1 || all != 1 {
		t.Fatalf("%d messages for order %s among %d received, want 1\n%s", n, sale.Order.Number, all, stderr.String())
	}

	// SIGTERM: a clean exit.
	must(t, cmd.Process.Signal(syscall.SIGTERM))
	select {
	case err := <-exited:
		waited = true
		if err != nil { // an *exec.ExitError for a status other than 0
			t.Fatalf("guichetd serve after SIGTERM: %v\n%s", err, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("guichetd serve still runs 10 s after SIGTERM\n%s", stderr.String())
	}
	if !strings.Contains(stderr.String(), `"msg":"shutting down"`) {
		t.Fatalf("guichetd serve did not say it was shutting down:\n%s", stderr.String())
	}
}
