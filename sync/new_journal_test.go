package sync_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"guichet/local"
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
	again, err := local.Open(local.Options{Path: r.path, Register: "K01", Catalog: demoCatalog(t), NewJournalAfter: 2, Now: func() time.Time { return testToday }})
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
