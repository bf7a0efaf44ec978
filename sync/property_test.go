package sync_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"pgregory.net/rapid"

	"guichet/local"
	"guichet/sync"
	"guichet/sync/api"
)

// TestPushIsIdempotentInAnyOrderAndBatching: the same entries pushed in
// any order, split in any batches, any number of times, through a proxy
// that drops, delays, duplicates and cuts, leave the server in one state:
// the one a clean push gives.
func TestPushIsIdempotentInAnyOrderAndBatching(t *testing.T) {
	ref := newCentral(t)
	src := newRegister(t, ref, "K01")
	src.sell(t, 12)
	must(t, sync.New(src, sync.Options{Central: ref.URL(), Token: src.token}).CatchUp(context.Background()))
	want := counts(t, ref)
	all, err := src.Entries(1, 1000)
	must(t, err)
	if want.entries != len(all) || want.orders != 12 {
		t.Fatalf("reference state %+v for %d entries", want, len(all))
	}
	rapid.Check(t, func(rt *rapid.T) {
		// What a case opens it closes as it ends (rt.Cleanup): a server (a
		// database and its connection pool) per case kept open until the
		// test's end, PostgreSQL refused more clients ("too many clients
		// already") after a few hundred cases.
		c := newCentralSchema(t, rt)
		token, err := c.store.AddRegister(context.Background(), "K01", src.PublicKey())
		must(t, err)
		proxy := newFaultProxyIn(t, rt, c.addr, nil, rapid.Uint64().Draw(rt, "seed"))
		proxy.set(0.2, 0.2, 0.2, 5*time.Millisecond)
		client := &http.Client{Timeout: 5 * time.Second}
		rt.Cleanup(client.CloseIdleConnections)
		// Batches drawn from the entries, in any order, repeated.
		rounds := rapid.IntRange(1, 6).Draw(rt, "rounds")
		for range rounds {
			perm := rapid.Permutation(all).Draw(rt, "order")
			for len(perm) > 0 {
				n := rapid.IntRange(1, len(perm)).Draw(rt, "batch")
				push(t, client, proxy.URL(), token, src, perm[:n])
				perm = perm[n:]
			}
		}
		// Then the register's pusher, through the same proxy, catches up.
		proxy.set(0.2, 0.2, 0.2, 0)
		p := sync.New(src, sync.Options{Central: proxy.URL(), Token: token, Batch: rapid.IntRange(1, 50).Draw(rt, "pusher batch"), Client: client})
		must(t, p.ResendFrom(1))
		deadline := time.Now().Add(time.Minute)
		for p.CatchUp(context.Background()) != nil {
			if time.Now().After(deadline) {
				rt.Fatalf("never caught up through the proxy: %+v", p.Status())
			}
		}
		if got := counts(t, c); got != want {
			rt.Fatalf("server state %+v, want %+v", got, want)
		}
		seq, hash, err := c.store.Where(context.Background(), "K01")
		must(t, err)
		if seq != uint64(len(all)) || !bytes.Equal(hash[:], all[len(all)-1][len(all[len(all)-1])-32:]) {
			rt.Fatalf("server ends at %d %s", seq, hash)
		}
	})
}

// push sends one batch as a register would, ignoring the answer (a gap is
// refused, a cut answer is lost: the pusher sorts it out afterwards).
func push(t testing.TB, client *http.Client, url, token string, j sync.Journal, entries [][]byte) {
	t.Helper()
	body, _ := json.Marshal(api.PushRequest{Entries: entries})
	req, _ := http.NewRequest(http.MethodPost, url+"/v1/push", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set(api.SignatureHeader, base64.RawURLEncoding.EncodeToString(j.SignPush(body)))
	if resp, err := client.Do(req); err == nil {
		resp.Body.Close()
	}
}

// tampered serves a register's journal with one entry changed after it
// was pushed.
type tampered struct {
	*register
	seq uint64
}

func (j tampered) Entries(from uint64, max int) ([][]byte, error) {
	es, err := j.register.Entries(from, max)
	for i, v := range es {
		e, derr := local.DecodeEntry(v)
		if derr == nil && e.Seq == j.seq {
			es[i] = bytes.Replace(v, []byte(`"CHF`), []byte(`"EUR`), 1)
		}
	}
	return es, err
}

func TestATamperedEntryIsRefusedAndTheStatusSaysSo(t *testing.T) {
	c := newCentral(t)
	r := newRegister(t, c, "K01")
	r.sell(t, 2)
	st, err := r.PushState()
	must(t, err)
	// An entry changed before it was ever pushed: its hash no longer
	// matches, and nothing of the batch is stored.
	j := tampered{r, st.Last - 1}
	p := sync.New(j, sync.Options{Central: c.URL(), Token: r.token})
	err = p.CatchUp(context.Background())
	if err == nil {
		t.Fatal("a changed entry was accepted")
	}
	got := p.Status()
	if got.Refused == "" || !got.Online || got.Unpushed == 0 {
		t.Fatalf("status after a refusal: %+v", got)
	}
	t.Logf("status: %s", got.Refused)
	if n := counts(t, c).entries; n != 0 {
		t.Fatalf("%d entries stored from a refused batch", n)
	}
	// Pushed honestly, then changed and resent: the server keeps its copy
	// and says the journal was changed.
	honest := sync.New(r, sync.Options{Central: c.URL(), Token: r.token})
	must(t, honest.CatchUp(context.Background()))
	before := counts(t, c)
	must(t, p.ResendFrom(1))
	if err := p.CatchUp(context.Background()); err == nil || p.Status().Refused == "" {
		t.Fatalf("a changed entry resent was accepted: %v %+v", err, p.Status())
	}
	if after := counts(t, c); after != before {
		t.Fatalf("a refused resend changed the server: %+v -> %+v", before, after)
	}
}
