package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"guichet/local"
	"guichet/pos"
	"guichet/sync/server"
)

// TestEmailList: guichetd email list shows the central outbox with what
// became of each message; --state keeps one state; a wrong state or SMTP
// setting is a sentence.
func TestEmailList(t *testing.T) {
	db, err := pg.NewSchema()
	must(t, err)
	defer pg.DropSchema(db)
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
	db, err := pg.NewSchema()
	must(t, err)
	defer pg.DropSchema(db)
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
