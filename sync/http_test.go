package sync_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"guichet/sync/api"
)

// post sends body to path with token (none when "") and the signature sig
// (none when nil).
func post(t *testing.T, c *central, path, token string, body, sig []byte) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.URL()+path, bytes.NewReader(body))
	must(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if sig != nil {
		req.Header.Set(api.SignatureHeader, base64.RawURLEncoding.EncodeToString(sig))
	}
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	return resp
}

// refusal reads a JSON error and checks its status and code.
func refusal(t *testing.T, what string, resp *http.Response, status int, code string) api.ErrorBody {
	t.Helper()
	defer resp.Body.Close()
	var e api.ErrorBody
	data, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: Content-Type %q, body %q", what, ct, data)
	}
	if err := json.Unmarshal(data, &e); err != nil {
		t.Errorf("%s: not a JSON error: %q", what, data)
	}
	if resp.StatusCode != status || e.Code != code || e.Error == "" {
		t.Errorf("%s: %d %+v, want %d code %q with a sentence", what, resp.StatusCode, e, status, code)
	}
	return e
}

func pushBody(t *testing.T, entries [][]byte) []byte {
	t.Helper()
	body, err := json.Marshal(api.PushRequest{Entries: entries})
	must(t, err)
	return body
}

// TestTheAPIRefusesWhatItMustWithAJSONError: every request guichetd
// refuses gets a JSON error with its status and code (never a panic, a
// stored entry or an HTML page), /healthz answers, and /metrics carries
// the counters the operators watch.
func TestTheAPIRefusesWhatItMustWithAJSONError(t *testing.T) {
	c := newCentral(t)
	k1, k2, k3 := newRegister(t, c, "K01"), newRegister(t, c, "K02"), newRegister(t, c, "K03")
	k1.sell(t, 3)
	entries, err := k1.Entries(1, 1000)
	must(t, err)
	body := pushBody(t, entries)

	refusal(t, "no token", post(t, c, "/v1/push", "", body, k1.SignPush(body)), http.StatusUnauthorized, "unauthorized")
	refusal(t, "a bad token", post(t, c, "/v1/push", "not-a-token", body, k1.SignPush(body)), http.StatusUnauthorized, "unauthorized")
	must(t, c.store.RevokeRegister(context.Background(), "K03"))
	refusal(t, "a revoked register", post(t, c, "/v1/push", k3.token, body, k3.SignPush(body)), http.StatusUnauthorized, "unauthorized")
	refusal(t, "no signature", post(t, c, "/v1/push", k1.token, body, nil), http.StatusUnauthorized, "signature")
	refusal(t, "another register's signature", post(t, c, "/v1/push", k1.token, body, k2.SignPush(body)), http.StatusUnauthorized, "signature")
	junk := []byte(`{"entries": [`)
	refusal(t, "a malformed body", post(t, c, "/v1/push", k1.token, junk, k1.SignPush(junk)), http.StatusBadRequest, "malformed")
	notEntry := pushBody(t, [][]byte{[]byte("not an entry")})
	refusal(t, "a body that holds no entry", post(t, c, "/v1/push", k1.token, notEntry, k1.SignPush(notEntry)), http.StatusUnprocessableEntity, "tampered")
	huge := bytes.Repeat([]byte(" "), api.MaxBodyBytes+1)
	refusal(t, "a body too large", post(t, c, "/v1/push", k1.token, huge, k1.SignPush(huge)), http.StatusRequestEntityTooLarge, "too_large")
	many := make([][]byte, api.MaxBatch+1)
	for i := range many {
		many[i] = entries[0]
	}
	over := pushBody(t, many)
	refusal(t, "a batch over the limit", post(t, c, "/v1/push", k1.token, over, k1.SignPush(over)), http.StatusRequestEntityTooLarge, "too_large")
	refusal(t, "K02 pushing K01's journal", post(t, c, "/v1/push", k2.token, body, k2.SignPush(body)), http.StatusUnprocessableEntity, "register")
	resp, err := http.Get(c.URL() + "/v2/push")
	must(t, err)
	refusal(t, "an unknown path", resp, http.StatusNotFound, "not_found")
	if n, _, err := c.store.Where(context.Background(), "K01"); err != nil || n != 0 {
		t.Fatalf("after the refusals the server stored up to %d (%v), want nothing", n, err)
	}

	// Accepted, then sent again (duplicates), then a gap.
	for range 2 {
		resp := post(t, c, "/v1/push", k1.token, body, k1.SignPush(body))
		if resp.StatusCode != http.StatusOK {
			refusal(t, "K01's own journal", resp, http.StatusOK, "")
		}
		resp.Body.Close()
	}
	k1.sell(t, 1)
	more, err := k1.Entries(uint64(len(entries))+2, 10)
	must(t, err)
	gap := pushBody(t, more)
	e := refusal(t, "a batch with a gap", post(t, c, "/v1/push", k1.token, gap, k1.SignPush(gap)), http.StatusConflict, "gap")
	if e.ExpectedSeq != uint64(len(entries))+1 || e.ExpectedHash == "" {
		t.Errorf("the gap's refusal says to resend from %d (%s), want %d", e.ExpectedSeq, e.ExpectedHash, len(entries)+1)
	}

	resp, err = http.Get(c.URL() + "/healthz")
	must(t, err)
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(data), `"ok"`) {
		t.Errorf("/healthz: %d %s", resp.StatusCode, data)
	}
	resp, err = http.Get(c.URL() + "/metrics")
	must(t, err)
	data, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	n := len(entries)
	for _, want := range []string{
		"guichet_entries_stored_total " + itoa(n),
		"guichet_push_batches_total 2",
		"guichet_entries_duplicate_total " + itoa(n),
		`guichet_push_refused_total{reason="gap"} 1`,
		`guichet_push_refused_total{reason="signature"} 2`,
		`guichet_push_refused_total{reason="malformed"} 1`,
		`guichet_push_refused_total{reason="too_large"} 2`,
		`guichet_push_refused_total{reason="register"} 1`,
		"guichet_push_seconds_count 2",
		"guichet_registers_seen 1",
		`guichet_register_last_seq{register="K01"} ` + itoa(n),
		`guichet_register_lag_seconds{register="K01"}`,
	} {
		if !strings.Contains(string(data), want+"\n") && !strings.Contains(string(data), want+" ") {
			t.Errorf("/metrics has no %q", want)
		}
	}
	if t.Failed() {
		t.Logf("/metrics:\n%s", data)
	}
}

func itoa(n int) string { return strings.TrimSpace(string(must1(json.Marshal(n)))) }

func must1[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// A register that has the catalog is answered 304 Not Modified; the
// document it gets is built once per version and still follows every
// change of a code (the version moves with it).
func TestTheCatalogIsSentAgainOnlyWhenItChanged(t *testing.T) {
	c, _ := escrowCentral(t)
	ctx := context.Background()
	pub, _, err := ed25519.GenerateKey(nil)
	must(t, err)
	token, err := c.store.AddRegister(ctx, "K01", pub)
	must(t, err)
	get := func(etag string) (int, string, []byte) {
		req, err := http.NewRequest(http.MethodGet, c.URL()+"/v1/catalog", nil)
		must(t, err)
		req.Header.Set("Authorization", "Bearer "+token)
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		defer resp.Body.Close()
		data, err := io.ReadAll(resp.Body)
		must(t, err)
		return resp.StatusCode, resp.Header.Get("ETag"), data
	}
	status, etag, first := get("")
	if status != http.StatusOK || etag == "" || !bytes.Contains(first, []byte(`"BIENVENUE"`)) {
		t.Fatalf("first pull: %d, ETag %q, %d bytes", status, etag, len(first))
	}
	if status, again, data := get(etag); status != http.StatusNotModified || again != etag || len(data) != 0 {
		t.Fatalf("pulled again with its ETag: %d, ETag %q, %d bytes; want 304 and nothing", status, again, len(data))
	}
	if status, _, data := get(""); status != http.StatusOK || !bytes.Equal(data, first) {
		t.Fatalf("pulled again without an ETag: %d, a different document", status)
	}
	must(t, c.store.SetCodeDisabled(ctx, "admin", "BIENVENUE", true))
	status, next, data := get(etag)
	if status != http.StatusOK || next == etag || bytes.Equal(data, first) {
		t.Fatalf("after a code was disabled: %d, ETag %q (was %q); want the changed document", status, next, etag)
	}
	var doc struct {
		Offers []struct {
			Codes []struct {
				Code     string `json:"code"`
				Disabled bool   `json:"disabled"`
			} `json:"codes"`
		} `json:"offers"`
	}
	must(t, json.Unmarshal(data, &doc))
	disabled := false
	for _, o := range doc.Offers {
		for _, k := range o.Codes {
			disabled = disabled || (k.Code == "BIENVENUE" && k.Disabled)
		}
	}
	if !disabled {
		t.Fatalf("the document after the change does not say BIENVENUE is disabled:\n%s", data)
	}
	if status, _, _ := get(next); status != http.StatusNotModified {
		t.Fatalf("pulled with the new ETag: %d, want 304", status)
	}
}
