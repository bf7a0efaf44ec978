package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
	"guichet/sync/api"
	"guichet/sync/server"
)

// TestEmailList: guichetd email list shows the central outbox with what
// became of each message; --state keeps one state; a wrong state or SMTP
// setting is a sentence.
func TestEmailList(t *testing.T) {
	db, err := newMigratedDB()
	must(t, err)
	ctx := context.Background()
	store, err := server.Open(ctx, db)
	must(t, err)
	defer store.Close()
	for _, id := range []string{"K01-000001/reminder-3d", "K01-000002/reminder-3d"} {
		if ok, err := store.QueueMail(ctx, local.OutboxMessage{ID: id, Kind: pos.EmailReminder, Order: strings.Split(id, "/")[0], To: "zoe@example.ch"}, saleDay); !ok || err != nil {
			t.Fatalf("queue %s: %v %v", id, ok, err)
		}
	}
	m, ok, err := store.ClaimMail(ctx, "test", saleDay, time.Minute)
	if !ok || err != nil {
		t.Fatalf("claim: %v %v", ok, err)
	}
	must(t, store.MailFailed(ctx, m.ID, "test", "550 5.1.1 no such mailbox", true, saleDay))

	code, out, errs := guichetd("email", "list", "--state", "refused", "--db", db)
	if code != 0 || strings.Count(out, "\n") != 2 || !strings.Contains(out, m.ID) || !strings.Contains(out, "refused: 550 5.1.1 no such mailbox") || !strings.Contains(out, "schedule") {
		t.Fatalf("email list --state refused: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = guichetd("email", "list", "--json", "--db", db)
	var list []server.MailMessage
	if code != 0 || json.Unmarshal([]byte(out), &list) != nil || len(list) != 2 || list[1].State != local.EmailWaiting && list[0].State != local.EmailWaiting {
		t.Fatalf("email list --json: exit %d %s", code, out)
	}
	if code, _, errs := guichetd("email", "list", "--state", "lost", "--db", db); code == 0 || !strings.Contains(errs, "waiting, sending, sent or refused") {
		t.Fatalf("a wrong state: exit %d %q", code, errs)
	}
	if code, _, errs := guichetd("serve", "--db", db, "--smtp", "127.0.0.1:1", "--smtp-tls", "ssl"); code == 0 || !strings.Contains(errs, "starttls, tls or none") {
		t.Fatalf("serve with a wrong TLS mode: exit %d %q", code, errs)
	}
}

// TestEmailListSaysOneFailedTry: a message tried once and waiting for its
// next try says "1 failed try", as guichet's outbox does (it said "1
// failed tries").
func TestEmailListSaysOneFailedTry(t *testing.T) {
	db, err := newMigratedDB()
	must(t, err)
	ctx := context.Background()
	store, err := server.Open(ctx, db)
	must(t, err)
	defer store.Close()
	if ok, err := store.QueueMail(ctx, local.OutboxMessage{ID: "K01-000001/reminder-3d", Kind: pos.EmailReminder, Order: "K01-000001", To: "zoe@example.ch"}, saleDay); !ok || err != nil {
		t.Fatalf("queue: %v %v", ok, err)
	}
	m, ok, err := store.ClaimMail(ctx, "test", saleDay, time.Minute)
	if !ok || err != nil {
		t.Fatalf("claim: %v %v", ok, err)
	}
	must(t, store.MailFailed(ctx, m.ID, "test", "421 4.3.0 try again later", false, saleDay))
	code, out, errs := guichetd("email", "list", "--state", "waiting", "--db", db)
	if code != 0 || !strings.Contains(out, "1 failed try (421 4.3.0 try again later)") {
		t.Fatalf("email list --state waiting: exit %d\n%s%s", code, out, errs)
	}
}

// TestListingsSayTimesInTheBoxOfficesZone: on a server machine whose
// clock is not the box office's, email list, register list and grants
// wrote times in the machine's zone, while the registers and report sales
// use the catalog's: the same e-mail read "queued 17:29" here and "18:29"
// on the register. They use the catalog's zone (Europe/Zurich); with no
// catalog loaded, UTC, said beside each time.
func TestListingsSayTimesInTheBoxOfficesZone(t *testing.T) {
	was := time.Local
	time.Local = time.FixedZone("server", -5*3600) // neither UTC nor Zurich
	defer func() { time.Local = was }()
	db, store := freshStore(t)
	ctx := context.Background()
	dir := t.TempDir()
	zurich, err := time.LoadLocation("Europe/Zurich")
	must(t, err)

	if ok, err := store.QueueMail(ctx, local.OutboxMessage{ID: "K01-000001/reminder-3d", Kind: pos.EmailReminder, Order: "K01-000001", To: "zoe@example.ch"}, saleDay); !ok || err != nil {
		t.Fatalf("queue: %v %v", ok, err)
	}
	cat, err := fixtures.DemoCatalog(saleDay)
	must(t, err)
	path := filepath.Join(dir, "K01.db")
	reg, err := local.Open(local.Options{Path: path, Register: "K01", Catalog: cat, Now: func() time.Time { return saleDay }})
	must(t, err)
	defer reg.Close()
	code, token, errs := guichetd("register", "add", "K01", "--key", path+".pub", "--db", db)
	if code != 0 {
		t.Fatalf("register add: %s", errs)
	}
	r, err := store.Authenticate(ctx, strings.TrimSpace(token))
	must(t, err)
	entries, err := reg.Entries(1, 1000)
	must(t, err)
	if _, err := store.Push(ctx, r, entries); err != nil {
		t.Fatal(err)
	}
	regs, err := store.Registers(ctx)
	must(t, err)
	if len(regs) != 1 || !regs[0].LastTime.Equal(saleDay) {
		t.Fatalf("the register's last entry: %+v, want at %s", regs, saleDay)
	}
	list := func(args ...string) string {
		t.Helper()
		code, out, errs := guichetd(append(args, "--db", db)...)
		if code != 0 {
			t.Fatalf("%s: exit %d %s", strings.Join(args, " "), code, errs)
		}
		return out
	}

	// No catalog: UTC, said.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"email", "list"}, "2026-03-10 14:00 UTC"},
		{[]string{"register", "list"}, "2026-03-10 14:00:00 UTC"},
	} {
		if out := list(tc.args...); !strings.Contains(out, tc.want) || strings.Contains(out, " 09:00") {
			t.Errorf("%s with no catalog: want %q\n%s", strings.Join(tc.args, " "), tc.want, out)
		}
	}

	// The catalog loaded: the box office's time, 15:00 in Zurich.
	good := filepath.Join(dir, "demo.json")
	must(t, os.WriteFile(good, fixtures.Demo, 0o644))
	if code, _, errs := guichetd("catalog", "load", good, "--db", db); code != 0 {
		t.Fatalf("catalog load: %s", errs)
	}
	if _, err := store.Grant(ctx, r, api.GrantRequest{ID: "6f1c2a9e-0c1b-4d59-9d3e-6b0f8e1a2b3c", Asks: []api.Ask{{Resource: local.ZoneResource("hamlet-01", "galerie"), Want: 4}}}); err != nil {
		t.Fatal(err)
	}
	grants, err := store.Grants(ctx)
	must(t, err)
	if len(grants) != 1 {
		t.Fatalf("grants: %+v", grants)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"email", "list"}, "2026-03-10 15:00"},
		{[]string{"register", "list"}, "2026-03-10 15:00:00"},
		{[]string{"grants"}, grants[0].Expires.In(zurich).Format("2006-01-02 15:04:05")},
	} {
		if out := list(tc.args...); !strings.Contains(out, tc.want) || strings.Contains(out, "UTC") {
			t.Errorf("%s with the catalog: want %q, no UTC\n%s", strings.Join(tc.args, " "), tc.want, out)
		}
	}
}
