package local

import (
	"bytes"
	"crypto/rand"
	"io"
	"sort"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// Journal entries of promo codes. The catalog's offers may define codes
// too; these entries add codes at the register and change the state of any
// code, the catalog's included.
const (
	TypeCodesAdded   = "codes.added"   // codesAdded: custom, random or imported codes
	TypeCodeDisabled = "code.disabled" // codeChanged
	TypeCodeEnabled  = "code.enabled"  // codeChanged
	TypeCodeDeleted  = "code.deleted"  // codeChanged: only a code no order used, canceled ones included
)

type codesAdded struct {
	Offer  string     `json:"offer"`
	Source string     `json:"source"` // custom, random, import
	Codes  []pos.Code `json:"codes"`
}

type codeChanged struct {
	Code string `json:"code"`
}

// catalogCodes indexes the codes a catalog's offers define, once per catalog.
var catalogCodes sync.Map // *pos.Catalog -> map[string]pos.Code

func codesOf(c *pos.Catalog) map[string]pos.Code {
	if m, ok := catalogCodes.Load(c); ok {
		return m.(map[string]pos.Code)
	}
	m := map[string]pos.Code{}
	for _, o := range c.Offers {
		for _, k := range o.Codes {
			k.Offer = o.ID
			m[k.Code] = k
		}
	}
	catalogCodes.Store(c, m)
	return m
}

// codeState is pricing's pos.PromoState read from the views in one
// transaction: codes added here or in the catalog, with their flags, and
// usage from the orders in this file.
type codeState struct {
	tx     *bolt.Tx
	cat    map[string]pos.Code
	held   map[[2]string]int // (offer, item) -> tickets in other tills' carts
	offers []*pos.Offer      // the offers pricing uses (offers.go)
	err    *error            // the first view that could not be read (pos.PromoState has no error to return)
	r      *Register         // its escrow: other registers' shares count as used
}

// codesIn is the codes as tx sees them.
func (r *Register) codesIn(tx *bolt.Tx) codeState {
	return codeState{tx: tx, cat: codesOf(r.cat()), err: new(error), offers: r.offersIn(tx), r: r}
}

// existingCode is a code the register has, as the codes' state st in tx
// gives it; an error when a view is damaged or there is no such code.
func (r *Register) existingCode(tx *bolt.Tx, code string) (st codeState, k pos.Code, err error) {
	st = r.codesIn(tx)
	k, ok := st.Code(code)
	if err := promoErr(st); err != nil {
		return st, k, err
	}
	if !ok {
		return st, k, pos.Errorf("there is no code %s", code)
	}
	return st, k, nil
}

// promoErr is the first damaged view read through ps (nil: none).
func promoErr(ps pos.PromoState) error {
	if s, ok := ps.(codeState); ok && s.err != nil {
		return *s.err
	}
	return nil
}

func (s codeState) Code(code string) (pos.Code, bool) {
	flag := string(view(s.tx, vCodeFlags).Get([]byte(code)))
	if flag == "deleted" {
		return pos.Code{}, false
	}
	var k pos.Code
	found, err := getJSON(view(s.tx, vCodes), []byte(code), &k)
	if err != nil {
		if *s.err == nil {
			*s.err = err
		}
		return pos.Code{}, false
	}
	if !found {
		var ok bool
		if k, ok = s.cat[code]; !ok {
			return pos.Code{}, false
		}
	} else if c, ok := s.cat[code]; ok && c.Offer == k.Offer {
		// a catalog code changed here (code.changed): what changed is its
		// quantity allowed; the catalog disabling it (a newer catalog,
		// guichetd codes disable) still holds, as SetCodeDisabled says
		k.Disabled = k.Disabled || c.Disabled
	}
	k.Disabled = k.Disabled || flag == "disabled"
	return k, true
}

// CodeUses is the orders of this file that used the code; in escrow, a
// code the central server grants uses of (limited in the catalog) also
// counts the uses other registers hold. A code added at the register, or
// limited only there, is its own alone: the server grants none of its uses.
func (s codeState) CodeUses(code string) int {
	n := codeUsage(s.tx, code)
	if served, ok := s.cat[code]; ok && served.MaxUses > 0 && s.r != nil && s.r.escrow {
		if k, ok := s.Code(code); ok {
			n += s.r.promoShortfall(s.tx, CodeResource(code), k.MaxUses)
		}
	}
	return n
}

func (s codeState) OfferTickets(offer, item string) int {
	held := s.held[[2]string{offer, item}]
	if item == "" {
		n := offerUsage(s.tx, offer) + held
		if limit, ok := s.grantedLimit(offer, item); ok {
			n += s.r.promoShortfall(s.tx, OfferResource(offer), limit)
		}
		return n
	}
	n := getInt(view(s.tx, vPromoItems), key(offer, item)) + held
	if limit, ok := s.grantedLimit(offer, item); ok {
		n += s.r.promoShortfall(s.tx, OfferItemResource(offer, item), limit)
	}
	return n
}

// grantedLimit is, in escrow, the quota pricing holds the offer's tickets
// (item "") or a scope item's to, when the central server grants shares
// of it (the catalog's offer limits it): the quota of the offer as the
// register has it, so that its shortfall (promoShortfall) stops pricing at
// the register's share even when the quota was changed at the register.
// false: not granted (no escrow, an offer or a quota made at the register).
func (s codeState) grantedLimit(offer, item string) (int, bool) {
	if s.r == nil || !s.r.escrow {
		return 0, false
	}
	served, ok := s.r.cat().OfferByID(offer)
	if !ok {
		return 0, false
	}
	quota := func(o *pos.Offer) int {
		if item == "" {
			return o.MaxTickets
		}
		it, _ := o.ScopeItemByKey(item)
		return it.Quota
	}
	if quota(served) == 0 {
		return 0, false
	}
	for _, o := range s.offers {
		if o.ID == offer {
			return quota(o), true
		}
	}
	return quota(served), true
}

// promoStateFor is pricing's state for till t: the file's codes and usage,
// plus the tickets benefiting from an offer in the carts of the other tills
// that still hold them (offerTicketsHeld). The caller holds r.mu.
func (r *Register) promoStateFor(tx *bolt.Tx, t *Till) pos.PromoState {
	st := r.codesIn(tx)
	st.held = r.offerTicketsHeld(t, r.now(), r.attemptOf(tx))
	return st
}

// offerTicketsHeld is the tickets benefiting from an offer, by (offer, item),
// in the carts of the tills other than t that still hold them (as they
// were last priced), so in-progress carts count against quotas (seed
// 000); nil: none. attempt is the commit attempt asking (0: a reader).
// The caller holds r.mu.
func (r *Register) offerTicketsHeld(t *Till, now time.Time, attempt uint64) map[[2]string]int {
	var held map[[2]string]int
	for u := range r.tills {
		if _, ok := u.held(now, attempt); u == t || !ok || u.priced == nil || u.priced.ver != u.cartVer || u.priced.pc.Offer == nil {
			continue
		}
		for item, n := range pos.OfferUsage(u.priced.pc.Lines) {
			if held == nil {
				held = map[[2]string]int{}
			}
			held[[2]string{u.priced.pc.Offer.ID, item}] += n
		}
	}
	return held
}

// CodeView is a code with its usage: orders that used it versus the number
// permitted (seed 002 "Usage / Permit").
type CodeView struct {
	pos.Code
	Uses    int  `json:"uses"`
	Catalog bool `json:"catalog,omitempty"` // defined by the catalog file
}

// Codes lists an offer's codes, the catalog's and those added here, in
// alphabetical order.
func (r *Register) Codes(offer string) ([]CodeView, error) {
	var out []CodeView
	err := r.read(func(tx *bolt.Tx) error {
		if _, ok := r.offerByID(tx, offer); !ok {
			return pos.Errorf("there is no offer %q in the catalog", offer)
		}
		st := r.codesIn(tx)
		seen := map[string]bool{}
		add := func(code string, catalog bool) {
			if seen[code] {
				return
			}
			seen[code] = true
			if k, ok := st.Code(code); ok && k.Offer == offer {
				out = append(out, CodeView{Code: k, Uses: st.CodeUses(code), Catalog: catalog})
			}
		}
		for code, k := range st.cat {
			if k.Offer == offer {
				add(code, true)
			}
		}
		if err := view(tx, vCodes).ForEach(func(k, _ []byte) error {
			add(string(k), false)
			return nil
		}); err != nil {
			return err
		}
		return promoErr(st)
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Code.Code < out[j].Code.Code })
	return out, err
}

// exists is a codeState's answer for pos's checks of new codes; a view
// that cannot be read is then promoErr's, which the caller returns.
func (s codeState) exists(code string) bool {
	_, ok := s.Code(code)
	return ok
}

// holder is exists naming the offer that holds the code.
func (s codeState) holder(code string) (string, bool) {
	k, ok := s.Code(code)
	return k.Offer, ok
}

// AddCodes adds custom codes to an offer (codes.added). All or nothing:
// one bad or existing code adds none. Durable when it returns nil.
func (r *Register) AddCodes(staff, offer string, codes []pos.Code) error {
	return r.addCodes(staff, offer, "custom", func(tx *bolt.Tx) ([]pos.Code, error) { return codes, nil })
}

// GenerateCodes adds n random unique codes (length characters, at least 8,
// no look-alike characters) to an offer, each allowed maxUses orders.
func (r *Register) GenerateCodes(staff, offer string, n, length, maxUses int) ([]pos.Code, error) {
	var out []pos.Code
	err := r.addCodes(staff, offer, "random", func(tx *bolt.Tx) ([]pos.Code, error) {
		st := r.codesIn(tx)
		texts, err := pos.GenerateCodes(n, length, st.exists, rand.Reader)
		if lerr := promoErr(st); lerr != nil {
			return nil, lerr
		}
		for _, s := range texts {
			out = append(out, pos.Code{Code: s, Offer: offer, MaxUses: maxUses})
		}
		return out, err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ImportCodes adds the codes of a CSV file (pos.ParseCodesCSV): at most 500,
// all or nothing; a *pos.CodesImportError lists every bad line.
func (r *Register) ImportCodes(staff, offer string, data []byte) ([]pos.Code, error) {
	var out []pos.Code
	err := r.addCodes(staff, offer, "import", func(tx *bolt.Tx) ([]pos.Code, error) {
		var err error
		st := r.codesIn(tx)
		out, err = pos.ParseCodesCSVAgainst(data, offer, st.holder)
		if lerr := promoErr(st); lerr != nil {
			return nil, lerr
		}
		return out, err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (r *Register) addCodes(staff, offer, source string, make func(tx *bolt.Tx) ([]pos.Code, error)) error {
	return r.update(r.now(), "", staff, func(w *writer) error {
		o, ok := r.offerByID(w.tx, offer)
		if !ok {
			return pos.Errorf("there is no offer %q in the catalog", offer)
		}
		if o.Automatic {
			return pos.Errorf("offer %q is automatic: it applies without a code", offer)
		}
		codes, err := make(w.tx)
		if err != nil {
			return err
		}
		for i := range codes {
			codes[i].Code = pos.NormalizeCode(codes[i].Code)
			codes[i].Offer = offer
		}
		st := r.codesIn(w.tx)
		err = pos.CheckNewCodesAgainst(codes, st.holder)
		if lerr := promoErr(st); lerr != nil {
			return lerr
		}
		if err != nil {
			return err
		}
		_, err = w.append(TypeCodesAdded, codesAdded{Offer: offer, Source: source, Codes: codes})
		return err
	})
}

// SetCodeDisabled disables a code (code.disabled) or enables it again
// (code.enabled). Durable when it returns nil.
func (r *Register) SetCodeDisabled(staff, code string, disabled bool) error {
	code = pos.NormalizeCode(code)
	return r.update(r.now(), "", staff, func(w *writer) error {
		_, k, err := r.existingCode(w.tx, code)
		if err != nil {
			return err
		}
		typ := TypeCodeEnabled
		if disabled {
			typ = TypeCodeDisabled
		}
		if k.Disabled == disabled {
			return nil // already so: nothing to record
		}
		if !disabled && string(view(w.tx, vCodeFlags).Get([]byte(code))) != "disabled" {
			// not disabled here: the catalog's code is, which the register does not override
			return pos.Errorf("code %s is disabled in the catalog: enable it there (the catalog file, or guichetd codes enable with a central server)", code)
		}
		_, err = w.append(typ, codeChanged{Code: code})
		return err
	})
}

// DeleteCode deletes a code no order used (code.deleted); a used code
// gives an error that wraps pos.ErrCodeUsed and says to disable it. An
// order canceled since still used it (seed 002: "if it has been used by
// customers it cannot be destroyed"): its use went back to the quantity
// allowed, not out of the journal.
func (r *Register) DeleteCode(staff, code string) error {
	code = pos.NormalizeCode(code)
	return r.update(r.now(), "", staff, func(w *writer) error {
		st, k, err := r.existingCode(w.tx, code)
		if err != nil {
			return err
		}
		// in escrow, CodeUses adds the uses other registers hold
		elsewhere := st.CodeUses(code) - codeUsage(w.tx, code)
		if err := pos.CheckDelete(k, codePlaced(w.tx, code)+elsewhere); err != nil {
			return err
		}
		_, err = w.append(TypeCodeDeleted, codeChanged{Code: code})
		return err
	})
}

// ExportCodes writes an offer's codes as CSV (pos.WriteCodesCSV), with uses.
func (r *Register) ExportCodes(offer string, w io.Writer) error {
	list, err := r.Codes(offer)
	if err != nil {
		return err
	}
	codes := make([]pos.Code, len(list))
	uses := map[string]int{}
	for i, v := range list {
		codes[i] = v.Code
		uses[v.Code.Code] = v.Uses
	}
	var buf bytes.Buffer
	if err := pos.WriteCodesCSV(&buf, codes, func(c string) int { return uses[c] }); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// Quote runs pos.Checkout as a till would, with the register's codes, their
// usage and its vouchers' balances (guichet quote --db with payments):
// nothing is held or written.
func (r *Register) Quote(cart pos.Cart, ctx pos.PricingContext, tenders []pos.Tender) (pos.Sale, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var sale pos.Sale
	err := r.read(func(tx *bolt.Tx) error {
		ctx.Promo = r.promoState(tx)
		balances, failed := r.voucherBalances(tx)
		var err error
		sale, err = pos.Checkout(r.cat(), cart, ctx, nil, tenders, balances)
		if lerr := promoErr(ctx.Promo); lerr != nil {
			return lerr
		}
		if ferr := failed(); ferr != nil {
			return ferr
		}
		return err
	})
	return sale, err
}

// Price prices a cart as the register would, with its codes and their
// usage (guichet quote --db): nothing is held or written.
func (r *Register) Price(cart pos.Cart, ctx pos.PricingContext) (pos.PricedCart, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var pc pos.PricedCart
	err := r.read(func(tx *bolt.Tx) error {
		ctx.Promo = r.promoState(tx)
		var err error
		pc, err = pos.Price(r.cat(), cart, ctx)
		if lerr := promoErr(ctx.Promo); lerr != nil {
			return lerr
		}
		return err
	})
	return pc, err
}
