package local

import (
	"bytes"
	"encoding/json"
	"slices"
	"sync"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// shiftCache holds the shift reports and details (views shifts and
// shift_detail, and their closed shifts' views) that a write transaction of the committer read, decoded,
// so a batch of sales decodes each once and encodes each once, when the
// batch ends (flush), instead of once per entry: a sale's payment and its
// order each changed the whole JSON value of its shift, read and written
// again, the biggest part of the committer's work per sale.
//
// The cache lives as long as its transaction (a batch run again is a new
// transaction with a new cache): nothing of it outlives a rollback. Every
// read of these two views inside such a transaction goes through it
// (loadReport, loadDetail), so it sees what the transaction wrote before.
// The bytes flushed are those a write per entry would have left: the same
// values, encoded by the same putJSON (journal rebuild, which folds
// without a cache, gives identical views: tested). Transactions without a
// cache (rebuild, tools) read and write the views directly, as before.
type shiftCache struct {
	reports map[string]*Report // nil value: the view has no report for the shift
	details map[string]*ReportDetail
	dirtyR  map[string]bool
	dirtyD  map[string]bool
	order   []cacheKey // the keys changed, in the order first changed
	memo    *shiftMemo
	// cursors are the transaction's cursors for get (views.go), one a
	// bucket, made at its first lookup.
	cursors map[*bolt.Bucket]*bolt.Cursor
}

type cacheKey struct {
	detail bool
	shift  string
}

// shiftCaches maps a write transaction (*bolt.Tx) to its *shiftCache.
var shiftCaches sync.Map

// shiftMemo remembers, across the committer's transactions, the last
// report and detail it decoded or wrote for each shift, with the bytes
// they were read from or encoded to: the next transaction that finds those
// very bytes in the view takes a copy instead of decoding them again (a
// till alone makes one sale a commit, and decoded its shift's report and
// detail every time). It maps bytes to the value they decode to, nothing
// else, so it holds true whether the transaction that wrote them
// committed or not: bytes not in the view are simply never asked for.
type shiftMemo struct {
	reports rawMemo[Report]
	details rawMemo[ReportDetail]
}

// rawMemo maps each shift to the bytes last seen in its view and a copy of
// what they decode to.
type rawMemo[T any] struct {
	mu sync.Mutex
	m  map[string]rawValue[T]
}

type rawValue[T any] struct {
	raw []byte
	v   T
}

// get is a copy of the value raw decodes to, if remembered.
func (m *rawMemo[T]) get(shift string, raw []byte, clone func(*T) T) (*T, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.m[shift]
	if !ok || !bytes.Equal(e.raw, raw) {
		return nil, false
	}
	v := clone(&e.v)
	return &v, true
}

func (m *rawMemo[T]) keep(shift string, raw []byte, v *T, clone func(*T) T) {
	m.own(shift, bytes.Clone(raw), clone(v))
}

// own keeps raw and v themselves: the caller gives them up (a flush, whose
// cache ends with its transaction, and whose bytes nobody changes).
func (m *rawMemo[T]) own(shift string, raw []byte, v T) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil || len(m.m) >= maxMemo {
		m.m = map[string]rawValue[T]{}
	}
	m.m[shift] = rawValue[T]{raw, v}
}

func cloneDetail(d *ReportDetail) ReportDetail { return d.clone() }

// report is a copy of the report raw decodes to, if remembered.
func (m *shiftMemo) report(shift string, raw []byte) (*Report, bool) {
	if m == nil {
		return nil, false
	}
	return m.reports.get(shift, raw, (*Report).clone)
}

func (m *shiftMemo) detail(shift string, raw []byte) (*ReportDetail, bool) {
	if m == nil {
		return nil, false
	}
	return m.details.get(shift, raw, cloneDetail)
}

func (m *shiftMemo) keepReport(shift string, raw []byte, rep *Report) {
	if m != nil && rep != nil {
		m.reports.keep(shift, raw, rep, (*Report).clone)
	}
}

func (m *shiftMemo) keepDetail(shift string, raw []byte, d *ReportDetail) {
	if m != nil && d != nil {
		m.details.keep(shift, raw, d, cloneDetail)
	}
}

// maxMemo bounds the shifts remembered (the open ones are a few).
const maxMemo = 16

// withShiftCache runs fn with a cache for tx, and writes what it changed
// back to the views when fn succeeded. memo (nil: none) is the committer's.
func withShiftCache(tx *bolt.Tx, memo *shiftMemo, fn func() error) error {
	c := &shiftCache{reports: map[string]*Report{}, details: map[string]*ReportDetail{},
		dirtyR: map[string]bool{}, dirtyD: map[string]bool{}, memo: memo}
	shiftCaches.Store(tx, c)
	defer shiftCaches.Delete(tx)
	if err := fn(); err != nil {
		return err
	}
	return c.flush(tx)
}

func cacheOf(tx *bolt.Tx) *shiftCache {
	if c, ok := shiftCaches.Load(tx); ok {
		return c.(*shiftCache)
	}
	return nil
}

func (c *shiftCache) flush(tx *bolt.Tx) error {
	for _, k := range c.order {
		var (
			v    any
			data []byte
			err  error
		)
		if k.detail {
			v = c.details[k.shift]
		} else {
			v = c.reports[k.shift]
		}
		if data, err = marshalPayload(v); err != nil { // as putReport and putDetail, by hand
			return err
		}
		if k.detail {
			err = putDetailData(tx, k.shift, data)
		} else {
			err = putReportData(tx, k.shift, c.reports[k.shift].Z, data)
		}
		if err != nil {
			return err
		}
		if k.detail && c.memo != nil {
			// the memo takes the detail and its bytes as they are, not
			// copies (100 lines: 15 kB a commit): the bytes are encoded
			// afresh, the detail is the cache's own (detailRef), and the
			// cache is not read after its flush
			c.memo.details.own(k.shift, data, *c.details[k.shift])
		} else if !k.detail {
			c.memo.keepReport(k.shift, data, c.reports[k.shift]) // an applier's value: copied
		}
	}
	c.order = nil
	clear(c.dirtyR)
	clear(c.dirtyD)
	return nil
}

// putReportData writes a shift's report, encoded: an open shift's in view
// shifts, a Z in shifts_closed (and no longer in shifts).
func putReportData(tx *bolt.Tx, shift string, z bool, data []byte) error {
	if !z {
		return view(tx, vShifts).Put([]byte(shift), data)
	}
	if err := view(tx, vShiftsDone).Put([]byte(shift), data); err != nil {
		return err
	}
	return view(tx, vShifts).Delete([]byte(shift))
}

// putDetailData writes a shift's detail, encoded: beside its report,
// among the open shifts' or the closed ones'.
func putDetailData(tx *bolt.Tx, shift string, data []byte) error {
	if _, closed := shiftWhere(tx, shift); !closed {
		return view(tx, vShiftDetail).Put(detailKey(shift), data)
	}
	if err := view(tx, vDetailDone).Put(detailKey(shift), data); err != nil {
		return err
	}
	return view(tx, vShiftDetail).Delete(detailKey(shift))
}

// shiftRaw is the value under k in the open shifts' view open, else in the
// closed shifts' view done (nil: none), with the view it is in.
func shiftRaw(tx *bolt.Tx, open, done string, k []byte) ([]byte, *bolt.Bucket) {
	b := view(tx, open)
	if raw := b.Get(k); raw != nil {
		return raw, b
	}
	b = view(tx, done)
	return b.Get(k), b
}

// reportRef is the shift's report as tx holds it, for an applier to change
// in place (then putReport); nil when there is none.
func reportRef(tx *bolt.Tx, shift string) (*Report, error) {
	c := cacheOf(tx)
	if c != nil {
		if rep, ok := c.reports[shift]; ok {
			return rep, nil
		}
	}
	raw, b := shiftRaw(tx, vShifts, vShiftsDone, []byte(shift))
	var memo *shiftMemo
	if c != nil {
		memo = c.memo
	}
	rep, ok := memo.report(shift, raw)
	if !ok && raw != nil {
		rep = new(Report)
		if _, err := getJSON(b, []byte(shift), rep); err != nil {
			return nil, err
		}
		memo.keepReport(shift, raw, rep)
	}
	if c != nil {
		c.reports[shift] = rep
	}
	return rep, nil
}

// putReport sets the shift's report: in the cache when tx has one (written
// at its flush), else in the view now.
func putReport(tx *bolt.Tx, shift string, rep *Report) error {
	c := cacheOf(tx)
	if c == nil {
		data, err := json.Marshal(rep)
		if err != nil {
			return err
		}
		return putReportData(tx, shift, rep.Z, data)
	}
	c.reports[shift] = rep
	if !c.dirtyR[shift] {
		c.dirtyR[shift] = true
		c.order = append(c.order, cacheKey{false, shift})
	}
	return nil
}

// reportExists says whether the shift has a report, without decoding it.
func reportExists(tx *bolt.Tx, shift string) bool {
	exists, _ := shiftWhere(tx, shift)
	return exists
}

// loadReport is a copy of the shift's report, for a reader that may change
// it; found is false when there is none.
func loadReport(tx *bolt.Tx, shift string) (Report, bool, error) {
	rep, err := reportRef(tx, shift)
	if err != nil || rep == nil {
		return Report{}, false, err
	}
	return rep.clone(), true, nil
}

// clone is a copy of the report that shares nothing it may change.
func (rep *Report) clone() Report {
	cp := *rep
	cp.ByMethod = slices.Clone(rep.ByMethod)
	if rep.Detail != nil {
		d := rep.Detail.clone()
		cp.Detail = &d
	}
	return cp
}

// detailRef is the shift's detail as tx holds it, for an applier to change
// in place (then putDetail); zero (amounts in cur) when there is none.
func detailRef(tx *bolt.Tx, shift string, cur pos.Currency) (*ReportDetail, error) {
	c := cacheOf(tx)
	if c != nil {
		if d, ok := c.details[shift]; ok {
			return d, nil
		}
	}
	var memo *shiftMemo
	if c != nil {
		memo = c.memo
	}
	raw, b := shiftRaw(tx, vShiftDetail, vDetailDone, detailKey(shift))
	if d, ok := memo.detail(shift, raw); ok { // (no memo without a cache)
		c.details[shift] = d
		return d, nil
	}
	d := zeroDetail(cur)
	if _, err := getJSON(b, detailKey(shift), &d); err != nil {
		return nil, err
	}
	if raw != nil {
		memo.keepDetail(shift, raw, &d)
	}
	if c != nil {
		c.details[shift] = &d
	}
	return &d, nil
}

func putDetail(tx *bolt.Tx, shift string, d *ReportDetail) error {
	c := cacheOf(tx)
	if c == nil {
		data, err := json.Marshal(d)
		if err != nil {
			return err
		}
		return putDetailData(tx, shift, data)
	}
	c.details[shift] = d
	if !c.dirtyD[shift] {
		c.dirtyD[shift] = true
		c.order = append(c.order, cacheKey{true, shift})
	}
	return nil
}

func (d ReportDetail) clone() ReportDetail {
	d.Sales = slices.Clone(d.Sales)
	d.Products = slices.Clone(d.Products)
	d.Fees = slices.Clone(d.Fees)
	d.Offers = slices.Clone(d.Offers)
	d.Comps = slices.Clone(d.Comps)
	return d
}
