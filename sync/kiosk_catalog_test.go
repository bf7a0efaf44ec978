package sync_test

import (
	"bytes"
	"context"
	"guichet/internal/syncbuf"
	"log/slog"
	"path/filepath"
	"strings"

	"testing"
	"time"

	"guichet/counter"
	"guichet/fixtures"
	"guichet/kiosk"
	"guichet/local"
)

// A kiosk is not given a catalog from the central server that offers its
// customers no method of the terminal: it sells on with the one it has,
// and its log and the register's status say why. Before, guichet kiosk
// refused such a catalog at start only: pulled later, it was applied
// silently and every customer's cart was then told no payment is possible.
func TestAKioskKeepsItsCatalogWhenTheCentralOneCannotBePaidAtIt(t *testing.T) {
	c := newCentral(t)
	ctx := context.Background()
	// the box office's next catalog, its card and twint methods left for
	// the counter alone
	noKiosk := bytes.ReplaceAll(fixtures.Demo, []byte(`"customer": true`), []byte(`"customer": false`))
	if bytes.Equal(noKiosk, fixtures.Demo) {
		t.Fatal("the demo offers customers no method: the test shows nothing")
	}
	_, err := c.store.LoadCatalog(ctx, "no-kiosk.json", noKiosk)
	must(t, err)
	start := time.Now()
	clock := func() time.Time { return testToday.Add(time.Since(start)) }
	reg, err := local.Open(local.Options{Path: filepath.Join(t.TempDir(), "K01.db"), Register: "K01", Catalog: demoCatalog(t), Now: clock})
	must(t, err)
	defer reg.Close()
	token, err := c.store.AddRegister(ctx, "K01", reg.PublicKey())
	must(t, err)
	own := reg.Catalog()
	var logged syncbuf.Buffer
	svc, err := counter.New(reg, counter.Options{Now: clock,
		Central: counter.Central{URL: c.URL(), Token: token, Interval: 20 * time.Millisecond,
			Accept: kiosk.AcceptCatalog(slog.New(slog.NewTextHandler(&logged, nil)))}})
	must(t, err)
	defer svc.Close()
	waitFor(t, "the catalog to be refused", func() bool { return svc.Sync().CatalogRefused != "" })
	if svc.Catalog() != own {
		t.Fatal("the catalog no customer could pay with was applied")
	}
	const why = "the central server's new catalog was not applied, the kiosk sells on with the one it has: no payment method of the catalog is offered on the kiosk"
	if st := svc.Sync(); !strings.HasPrefix(st.CatalogRefused, why) || !st.Alert {
		t.Errorf("status %+v, want an alert saying %q", st, why)
	}
	// the pusher's next rounds do not pull it again (nothing changed at
	// the server): one line in the kiosk's log
	time.Sleep(100 * time.Millisecond)
	lines := strings.Split(strings.TrimSuffix(logged.String(), "\n"), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], `level=WARN msg="the central server's new catalog was not applied, the kiosk sells on with the one it has" err="no payment method of the catalog is offered on the kiosk`) {
		t.Fatalf("the kiosk's log:\n%s", logged.String())
	}
}
