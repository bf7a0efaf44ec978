package local

import (
	"encoding/json"
	"sort"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// Offers created or changed at the register (seed 000): offer.saved
// carries the offer as typed; it overrides the catalog's offer of the
// same id or adds one. The catalog stays the starting point: the offers
// pricing uses are the catalog's, with these laid over them, each checked
// as a catalog offer is at load.
const TypeOfferSaved = "offer.saved" // offerSaved

type offerSaved struct {
	Offer pos.Offer `json:"offer"`
}

// vOffers: offer id -> pos.Offer (JSON, as typed), the last saved.
const vOffers = "offers"

func applyOffers(tx *bolt.Tx, e Entry) error {
	if e.Type != TypeOfferSaved {
		return nil
	}
	var p offerSaved
	if err := e.decode(&p); err != nil {
		return err
	}
	b := view(tx, vOffers)
	if _, err := b.NextSequence(); err != nil { // the view's version: offersIn's cache follows it
		return err
	}
	return putJSON(b, []byte(p.Offer.ID), p.Offer)
}

// offerCache is the offers pricing uses, built from the view at its
// version (the bucket's sequence, one more per offer.saved).
type offerCache struct {
	seq  uint64
	list []*pos.Offer
}

// offersIn is the offers pricing uses as tx sees them: built from the
// view when its version moved, kept while it does not. A transaction older
// than the cache builds its own list and leaves the newer cache alone.
func (r *Register) offersIn(tx *bolt.Tx) []*pos.Offer {
	var seq uint64
	b := view(tx, vOffers)
	if b != nil {
		seq = b.Sequence()
	}
	c := r.offers.Load()
	if c != nil && c.seq == seq {
		return c.list
	}
	list := make([]*pos.Offer, len(r.cat().Offers))
	for i := range r.cat().Offers {
		list[i] = &r.cat().Offers[i]
	}
	if b == nil {
		return list
	}
	var saved []pos.Offer
	_ = b.ForEach(func(k, v []byte) error {
		var o pos.Offer
		if json.Unmarshal(v, &o) == nil {
			saved = append(saved, o)
		}
		return nil
	})
	sort.Slice(saved, func(i, j int) bool { return saved[i].ID < saved[j].ID })
	now := r.now()
	for _, o := range saved {
		resolved, err := r.cat().CheckOffer(o, now, list)
		if err != nil {
			continue // no longer fits the catalog: the catalog's own stays
		}
		replaced := false
		for i, x := range list {
			if x.ID == resolved.ID {
				resolved.Position, resolved.Codes = i, x.Codes
				list[i], replaced = &resolved, true
			}
		}
		if !replaced {
			resolved.Position = len(list)
			list = append(list, &resolved)
		}
	}
	if c == nil || c.seq < seq {
		r.offers.CompareAndSwap(c, &offerCache{seq, list})
	}
	return list
}

// Offers is every offer pricing uses: the catalog's, as changed here,
// then those added here.
func (r *Register) Offers() ([]*pos.Offer, error) {
	var out []*pos.Offer
	err := r.read(func(tx *bolt.Tx) error { out = r.offersIn(tx); return nil })
	return out, err
}

// offerByID finds an offer among those pricing uses.
func (r *Register) offerByID(tx *bolt.Tx, id string) (*pos.Offer, bool) {
	for _, o := range r.offersIn(tx) {
		if o.ID == id {
			return o, true
		}
	}
	return nil, false
}

// SaveOffer records an offer created or changed at the register
// (offer.saved), checked as the catalog's offers are (a label control
// naming a label nothing carries is refused). Its codes are managed apart
// (codes.added): any codes on o are left out. Durable when it returns.
func (r *Register) SaveOffer(staff string, o pos.Offer) (pos.Offer, error) {
	o.Codes = nil
	now := r.now()
	var resolved pos.Offer
	err := r.update(now, "", staff, func(w *writer) error {
		var err error
		if resolved, err = r.cat().CheckOffer(o, now, r.offersIn(w.tx)); err != nil {
			return err
		}
		// the validity as resolved today: "+7d" is the day it means now
		o.ID, o.ValidFrom, o.ValidUntil = resolved.ID, resolved.ValidFrom, resolved.ValidUntil
		_, err = w.append(TypeOfferSaved, offerSaved{Offer: o})
		return err
	})
	return resolved, err
}

// Offers implements pos.OfferBook: pricing uses the register's offers.
func (s codeState) Offers() []*pos.Offer { return s.offers }
