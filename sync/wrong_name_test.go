package sync_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/local"
	"guichet/sync"
)

// A register started without --register is K01; enrolled as K02 (the name
// the box office meant for it), every push is refused. The refusal must
// say what to do, not only that the entries are another register's.
func TestARegisterEnrolledUnderAnotherNameIsRefusedSayingWhatToDo(t *testing.T) {
	c := newCentral(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "second.db")
	r, err := local.Open(local.Options{Path: path, Catalog: demoCatalog(t), Now: func() time.Time { return testToday }})
	must(t, err)
	defer r.Close()
	if r.ID() != "K01" {
		t.Fatalf("the premise: a register started without a name is K01, not %s", r.ID())
	}
	token, err := c.store.AddRegister(ctx, "K02", r.PublicKey())
	must(t, err)
	err = sync.New(r, sync.Options{Central: c.URL(), Token: token}).CatchUp(ctx)
	if !errors.Is(err, sync.ErrRefused) {
		t.Fatalf("the push: %v, want refused", err)
	}
	for _, say := range []string{"K01", "K02", "guichetd register add K01", "--register NAME"} {
		if !strings.Contains(err.Error(), say) {
			t.Fatalf("the refusal does not say %q: %v", say, err)
		}
	}
}
