package sync_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guichet/local"
	"guichet/pos"
	"guichet/sync"
	"guichet/sync/api"
	"guichet/sync/server"
)

// A refusal of the journal is the sentence the status line shows: on a
// French till it was in English, the pusher's own sentences and
// guichetd's alike. Each refusal here is made as it happens (a real server,
// or a server answering what the register cannot believe), and said in
// French.
func TestAJournalRefusalIsSaidInTheTillsLanguage(t *testing.T) {
	for _, tc := range []struct {
		name   string
		enrol  string          // the name the key is enrolled under
		retire bool            // retired on the server after a first push
		answer *api.PushResult // a server answering this to every push
		fr     string          // the French sentence starts so
	}{
		{name: "enrolled under another name", enrol: "K02", fr: "l'écriture 1 appartient à la caisse « K01 », et ce jeton est celui de la caisse K02 : "},
		{name: "retired", enrol: "K01", retire: true, fr: "la caisse K01 a été radiée le "},
		{name: "the server holds more", enrol: "K01", answer: &api.PushResult{Next: 100}, fr: "le serveur central a des écritures de la caisse K01 jusqu'à 99, mais ce fichier s'arrête à "},
		{name: "the journals diverged", enrol: "K01", answer: &api.PushResult{Next: 2}, fr: "l'écriture 1 du serveur central diffère de celle de ce fichier : "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newCentral(t)
			ctx := context.Background()
			r, err := local.Open(local.Options{Path: filepath.Join(t.TempDir(), "K01.db"), Register: "K01", Catalog: demoCatalog(t), Now: func() time.Time { return testToday }})
			must(t, err)
			defer r.Close()
			token, err := c.store.AddRegister(ctx, tc.enrol, r.PublicKey())
			must(t, err)
			url := c.URL()
			if tc.retire {
				must(t, sync.New(r, sync.Options{Central: url, Token: token}).CatchUp(ctx))
				_, err := c.store.RetireRegister(ctx, "K01", server.RetireOptions{Force: true})
				must(t, err)
				(&register{Register: r}).sell(t, 1)
			}
			if tc.answer != nil {
				stub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
					w.Header().Set("Content-Type", "application/json")
					_ = json.NewEncoder(w).Encode(tc.answer)
				}))
				defer stub.Close()
				url = stub.URL
			}
			p := sync.New(r, sync.Options{Central: url, Token: token})
			if err := p.CatchUp(ctx); !errors.Is(err, sync.ErrRefused) {
				t.Fatalf("the push: %v, want the journal refused", err)
			}
			en := p.Status().Refused
			if fr := pos.Say(errors.New(en), pos.French); !strings.HasPrefix(fr, tc.fr) {
				t.Fatalf("the refusal %q is said in French %q, want it to start %q", en, fr, tc.fr)
			}
		})
	}
}
