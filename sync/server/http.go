package server

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"guichet/sync/api"
)

// The wire types, in package api so a register does not link the server.
type (
	PushRequest = api.PushRequest
	ErrorBody   = api.ErrorBody
)

const (
	MaxBodyBytes    = api.MaxBodyBytes
	MaxBatch        = api.MaxBatch
	SignatureHeader = api.SignatureHeader
)

// API is the HTTP handler of guichetd.
type API struct {
	store   *Store
	log     *slog.Logger
	metrics *metrics
	mux     *http.ServeMux
}

// NewAPI builds the handler. Each API has its own Prometheus registry.
func NewAPI(store *Store, log *slog.Logger) *API {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	a := &API{store: store, log: log, metrics: newMetrics(store), mux: http.NewServeMux()}
	a.mux.HandleFunc("GET /healthz", a.healthz)
	a.mux.Handle("GET /metrics", promhttp.HandlerFor(a.metrics.reg, promhttp.HandlerOpts{}))
	a.mux.HandleFunc("POST /v1/push", a.auth(a.push))
	a.mux.HandleFunc("GET /v1/journal", a.auth(a.where))
	a.mux.HandleFunc("GET /v1/catalog", a.auth(a.catalog))
	a.mux.HandleFunc("GET /v1/closures", a.auth(a.closures))
	a.mux.HandleFunc("POST /v1/grants", a.auth(a.grants))
	a.mux.HandleFunc("GET /v1/outbox", a.auth(a.outbox))
	a.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", "no such path: the API is under /v1 (push, journal, catalog, grants, outbox)")
	})
	return a
}

// Registry is the API's metrics registry.
func (a *API) Registry() *prometheus.Registry { return a.metrics.reg }

func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if p := recover(); p != nil {
			a.log.Error("request panicked", "path", r.URL.Path, "panic", fmt.Sprint(p))
			writeError(w, http.StatusInternalServerError, "internal", "the server failed on this request; it is logged")
		}
	}()
	r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
	a.mux.ServeHTTP(w, r)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, ErrorBody{Error: msg, Code: code})
}

func (a *API) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := a.store.pool.Ping(ctx); err != nil {
		writeError(w, http.StatusServiceUnavailable, "database", "the database does not answer")
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (a *API) auth(next func(w http.ResponseWriter, r *http.Request, reg Register)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || token == "" {
			writeError(w, http.StatusUnauthorized, "unauthorized", "this request carries no register token (Authorization: Bearer ...)")
			return
		}
		reg, err := a.store.Authenticate(r.Context(), token)
		var retired *RetiredError
		if errors.As(err, &retired) {
			writeError(w, http.StatusForbidden, "retired", retired.Error())
			return
		}
		if errors.Is(err, ErrUnauthorized) {
			writeError(w, http.StatusUnauthorized, "unauthorized", api.TokenRefused)
			return
		}
		if err != nil {
			a.log.Error("authenticate", "err", err)
			writeError(w, http.StatusServiceUnavailable, "database", "the server cannot reach its database; try again")
			return
		}
		// Reached us: running, even with nothing to push (metrics). Not
		// written, the request is answered all the same.
		if err := a.store.Contacted(r.Context(), reg.Name); err != nil {
			a.log.Warn("record the register's contact", "register", reg.Name, "err", err)
		}
		next(w, r, reg)
	}
}

func (a *API) push(w http.ResponseWriter, r *http.Request, reg Register) {
	start := time.Now()
	body, err := readBody(r)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			a.metrics.refused.WithLabelValues("too_large").Inc()
			writeError(w, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("a push is at most %d bytes: send smaller batches", MaxBodyBytes))
			return
		}
		writeError(w, http.StatusBadRequest, "malformed", "the request body could not be read")
		return
	}
	sig, err := base64.RawURLEncoding.DecodeString(r.Header.Get(SignatureHeader))
	if err != nil || !ed25519.Verify(reg.PublicKey, body, sig) {
		a.metrics.refused.WithLabelValues("signature").Inc()
		writeError(w, http.StatusUnauthorized, "signature", "the batch is not signed with the key enrolled for register "+reg.Name)
		return
	}
	req, err := decodePush(body)
	if err != nil {
		a.metrics.refused.WithLabelValues("malformed").Inc()
		writeError(w, http.StatusBadRequest, "malformed", "the body is not a push request ({\"entries\": [...]})")
		return
	}
	if len(req.Entries) > MaxBatch {
		a.metrics.refused.WithLabelValues("too_large").Inc()
		writeError(w, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("a batch holds at most %d entries", MaxBatch))
		return
	}
	res, err := a.store.PushTickets(r.Context(), reg, req.Entries, req.Tickets)
	var refused *RefusedError
	switch {
	case errors.As(err, &refused):
		a.metrics.refused.WithLabelValues(refused.Code).Inc()
		a.log.Warn("push refused", "register", reg.Name, "code", refused.Code, "seq", refused.Seq, "reason", refused.Reason)
		status := http.StatusConflict
		if refused.Code != "gap" {
			status = http.StatusUnprocessableEntity
		}
		writeJSON(w, status, ErrorBody{Error: refused.Reason, Code: refused.Code, Seq: refused.Seq, ExpectedSeq: refused.Expected, ExpectedHash: refused.Hash.String()})
		return
	case errors.Is(err, ErrUnauthorized):
		// Revoked, or retired, since the token was read.
		if at, ok, rerr := a.store.Retired(r.Context(), reg.Name); rerr == nil && ok {
			a.metrics.refused.WithLabelValues("retired").Inc()
			writeError(w, http.StatusForbidden, "retired", (&RetiredError{Register: reg.Name, At: at}).Error())
			return
		}
		writeError(w, http.StatusUnauthorized, "unauthorized", "this register was revoked")
		return
	case err != nil:
		a.log.Error("push", "register", reg.Name, "err", err)
		writeError(w, http.StatusServiceUnavailable, "database", "the batch was not stored; send it again")
		return
	}
	a.metrics.batches.Inc()
	a.metrics.stored.Add(float64(res.Stored))
	a.metrics.duplicates.Add(float64(res.Duplicates))
	a.metrics.latency.Observe(time.Since(start).Seconds())
	a.log.Debug("push", "register", reg.Name, "stored", res.Stored, "duplicates", res.Duplicates, "next", res.Next)
	writeJSON(w, http.StatusOK, res)
}

// readBody reads a request's body into one buffer of its announced
// length (io.ReadAll grows its buffer a dozen times for a push's 200 KB);
// a body longer or shorter than announced is read to its end all the same.
func readBody(r *http.Request) ([]byte, error) {
	n := r.ContentLength
	if n <= 0 || n > MaxBodyBytes {
		return io.ReadAll(r.Body)
	}
	buf := bytes.NewBuffer(make([]byte, 0, n+bytes.MinRead)) // room to see the end without growing
	_, err := buf.ReadFrom(r.Body)
	return buf.Bytes(), err
}

func (a *API) where(w http.ResponseWriter, r *http.Request, reg Register) {
	seq, h, err := a.store.Where(r.Context(), reg.Name)
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, "database", "the server cannot reach its database; try again")
		return
	}
	writeJSON(w, http.StatusOK, PushResult{Next: seq + 1, Hash: h})
}

// closures answers a register with its last closures of each kind (a
// register starting a new journal goes on from them).
func (a *API) closures(w http.ResponseWriter, r *http.Request, reg Register) {
	last, err := a.store.LastClosures(r.Context(), reg.Name)
	if err != nil {
		a.log.Error("closures", "register", reg.Name, "err", err)
		writeError(w, http.StatusServiceUnavailable, "database", "the server cannot reach its database; try again")
		return
	}
	writeJSON(w, http.StatusOK, api.LastClosures{Register: reg.Name, Closures: last})
}

func (a *API) catalog(w http.ResponseWriter, r *http.Request, reg Register) {
	// Registers ask every few seconds and nearly always have it: one
	// small query answers them.
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		v, err := a.store.CatalogVersion(r.Context())
		if err == nil && v > 0 && inm == fmt.Sprintf(`"%d"`, v) {
			w.Header().Set("ETag", inm)
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	doc, err := a.store.ServedCatalog(r.Context())
	if errors.Is(err, ErrNoCatalog) {
		writeError(w, http.StatusNotFound, "no_catalog", "no catalog was loaded on the server (guichetd catalog load FILE)")
		return
	}
	if err != nil {
		a.log.Error("catalog", "err", err)
		writeError(w, http.StatusServiceUnavailable, "database", "the server cannot reach its database; try again")
		return
	}
	etag := fmt.Sprintf(`"%d"`, doc.Version)
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(doc.Data)
}

func (a *API) grants(w http.ResponseWriter, r *http.Request, reg Register) {
	var req api.GrantRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "malformed", "the body is not a grant request ({\"id\": ..., \"asks\": [...]})")
		return
	}
	if len(req.Asks) > MaxBatch {
		writeError(w, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("a grant request asks for at most %d resources", MaxBatch))
		return
	}
	ans, err := a.store.Grant(r.Context(), reg, req)
	var refused *RefusedError
	switch {
	case errors.As(err, &refused):
		writeError(w, http.StatusBadRequest, refused.Code, refused.Reason)
		return
	case errors.Is(err, ErrNoCatalog):
		writeError(w, http.StatusNotFound, "no_catalog", "no catalog was loaded on the server (guichetd catalog load FILE): nothing to grant")
		return
	case err != nil:
		a.log.Error("grant", "register", reg.Name, "err", err)
		writeError(w, http.StatusServiceUnavailable, "database", "nothing was granted; ask again")
		return
	}
	a.metrics.grants.Inc()
	writeJSON(w, http.StatusOK, ans)
}

// outbox is GET /v1/outbox: the central outbox's messages of the
// register's orders (queued by it, or scheduled by the server), with
// their states, so its desk shows a refused one (?state=refused; ?id=...
// for the messages the register still has waiting).
func (a *API) outbox(w http.ResponseWriter, r *http.Request, reg Register) {
	ids := r.URL.Query()["id"]
	if len(ids) > api.MaxMailStates {
		writeError(w, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("ask about at most %d e-mails at a time", api.MaxMailStates))
		return
	}
	list, err := a.store.MailOutbox(r.Context(), reg.Name, r.URL.Query().Get("state"), ids...)
	if err != nil {
		a.log.Error("outbox", "register", reg.Name, "err", err)
		writeError(w, http.StatusServiceUnavailable, "database", "the server cannot reach its database; try again")
		return
	}
	if list == nil {
		list = []MailMessage{}
	}
	writeJSON(w, http.StatusOK, list)
}
