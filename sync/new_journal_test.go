package sync_test

import (
	"context"
	"crypto/ed25519"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"guichet/fixtures"
	"guichet/local"
	"guichet/pos"
	"guichet/sync"
)

// A register whose journal was lost starts a new one with its key and its
// name (guichet --new-journal AFTER). The server holds the lost journal's
// entries under that name, so the new journal's are refused at every
// push: the refusal must say what happened and what to do, not only that
// the journal "was changed after it was pushed".
func TestANewJournalUnderAnEnrolledNameIsRefusedSayingWhatToDo(t *testing.T) {
	c := newCentral(t)
	_, err := c.store.LoadCatalog(context.Background(), "fleet.json", fleetCatalog(t))
	must(t, err)
	ctx := context.Background()
	r := newRegister(t, c, "K01")
	r.sell(t, 2)
	must(t, sync.New(r.Register, sync.Options{Central: c.URL(), Token: r.token}).CatchUp(ctx))
	must(t, r.Close())
	// The journal is lost (its flat file too); the key stays.
	must(t, os.Remove(r.path))
	must(t, os.Remove(r.path+".journal"))
	again, err := local.Open(local.Options{Path: r.path, Register: "K01", Catalog: demoCatalog(t), NewJournalAfter: 2, NewJournalFrom: local.GivenFigures(local.JournalFigures{Perpetual: pos.Zero("CHF")}), Now: func() time.Time { return testToday }})
	must(t, err)
	defer again.Close()
	for _, batch := range []int{500, 1} {
		err = sync.New(again, sync.Options{Central: c.URL(), Token: r.token, Batch: batch}).CatchUp(ctx)
		if !errors.Is(err, sync.ErrRefused) {
			t.Fatalf("batch %d: the new journal's push: %v, want refused", batch, err)
		}
		for _, say := range []string{"new journal", "K01", "guichetd register retire K01", "a new name"} {
			if !strings.Contains(err.Error(), say) {
				t.Fatalf("batch %d: the refusal does not say %q: %v", batch, say, err)
			}
		}
	}
}

// A register whose journal was lost starts a new one from the last
// closures the central server holds of it (guichet --new-journal with
// --central): GET /v1/closures gives them, signed with its key; the new
// journal's first daily closure goes on with their number and perpetual
// grand total, and journal verify accepts it. A server's closure not
// signed with the register's key, and a server holding no closure of the
// register, are refused saying to type the figures.
func TestANewJournalGoesOnFromTheClosuresTheServerHolds(t *testing.T) {
	c := newCentral(t)
	ctx := context.Background()
	_, err := c.store.LoadCatalog(ctx, "fleet.json", fleetCatalog(t))
	must(t, err)
	r := newRegister(t, c, "K01")
	r.sell(t, 2)
	must(t, r.Close())
	day2 := testToday.Add(24 * time.Hour)
	lost, err := local.Open(local.Options{Path: r.path, Register: "K01", Catalog: demoCatalog(t), Now: func() time.Time { return day2 }})
	must(t, err) // its start closes the 10th
	closures, err := lost.Closures(local.ClosureDay)
	must(t, err)
	if len(closures) != 1 || closures[0].PerpetualTotal.IsZero() {
		t.Fatalf("the lost journal's daily closures: %+v", closures)
	}
	last := closures[0]
	must(t, sync.New(lost, sync.Options{Central: c.URL(), Token: r.token}).CatchUp(ctx))
	pub := lost.PublicKey()
	must(t, lost.Close())
	must(t, os.Remove(r.path))
	must(t, os.Remove(r.path+".journal"))

	fig, err := sync.LastClosures(ctx, c.URL(), r.token, pub, nil)
	must(t, err)
	if fig.Perpetual != last.PerpetualTotal || fig.YearTotal == nil || *fig.YearTotal != last.YearTotal || fig.Year != "2026" ||
		len(fig.Closures) != 1 || fig.Closures[local.ClosureDay] != 1 {
		t.Fatalf("the server's figures: %s (year %s), want those of %s: perpetual %s", fig, fig.Year, last.Name(), last.PerpetualTotal)
	}
	other, _, _ := ed25519.GenerateKey(nil)
	if _, err := sync.LastClosures(ctx, c.URL(), r.token, other, nil); err == nil || !strings.Contains(err.Error(), "not signed with this register's key") {
		t.Fatalf("closures checked against another key: %v, want refused", err)
	} else if fr := pos.Say(err, pos.French); !strings.HasPrefix(fr, "la clôture journalière 1 (") || !strings.Contains(fr, "n'est pas signée avec la clé de cette caisse") ||
		!strings.Contains(fr, "(un nouveau journal doit reprendre la dernière clôture du journal perdu") {
		// the refusals of --new-journal were English to a French operator
		t.Errorf("closures checked against another key, in French: %s", fr)
	}
	k02 := newRegister(t, c, "K02")
	if _, err := sync.LastClosures(ctx, c.URL(), k02.token, k02.PublicKey(), nil); !errors.Is(err, local.ErrNoJournalFigures) || !strings.Contains(err.Error(), "holds no closure of register K02") {
		t.Fatalf("a register that pushed no closure: %v, want the figures asked for", err)
	} else if fr := pos.Say(err, pos.French); !strings.HasPrefix(fr, "le serveur central n'a aucune clôture de la caisse K02 (aucune n'a été envoyée) : tapez les chiffres du journal perdu (un nouveau journal doit") {
		t.Errorf("a register that pushed no closure, in French: %s", fr)
	}
	if _, err := sync.LastClosures(ctx, "http://127.0.0.1:1", r.token, pub, nil); err == nil {
		t.Errorf("a central server that does not answer gave figures")
	} else if fr := pos.Say(err, pos.French); !strings.HasPrefix(fr, "le serveur central http://127.0.0.1:1 ne répond pas (") || !strings.Contains(fr, ") : redémarrez quand il répondra, ou tapez les chiffres du journal perdu (un nouveau journal") {
		t.Errorf("a central server that does not answer, in French: %s", fr)
	}

	cat2, err := fixtures.DemoCatalog(day2) // performances of the 11th on sale
	must(t, err)
	nj, err := local.Open(local.Options{Path: r.path, Register: "K01", Catalog: cat2, Now: func() time.Time { return day2 }, NewJournalAfter: 2,
		NewJournalFrom: func(pub ed25519.PublicKey) (local.JournalFigures, error) {
			return sync.LastClosures(ctx, c.URL(), r.token, pub, nil)
		}})
	must(t, err)
	again := &register{Register: nj, path: r.path, token: r.token}
	again.sell(t, 1)
	must(t, nj.Close())
	day3 := day2.Add(24 * time.Hour)
	nj, err = local.Open(local.Options{Path: r.path, Register: "K01", Catalog: cat2, Now: func() time.Time { return day3 }})
	must(t, err)
	closures, err = nj.Closures(local.ClosureDay)
	must(t, err)
	must(t, nj.Close())
	if len(closures) != 1 || closures[0].Number != 2 || closures[0].PerpetualTotal != last.PerpetualTotal.Plus(closures[0].Totals.Net) ||
		closures[0].YearTotal != last.YearTotal.Plus(closures[0].Totals.Net) || closures[0].Totals.Net.IsZero() {
		t.Fatalf("the new journal's daily closures: %+v", closures)
	}
	if _, err := local.Verify(r.path); err != nil {
		t.Fatalf("verify the new journal: %v", err)
	}
}
