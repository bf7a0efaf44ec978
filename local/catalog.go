package local

import (
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// ErrSaleInProgress: the catalog is not swapped while a till has a cart or
// an exchange credit (it would be priced and checked out against two
// catalogs); it is applied once every sale is done.
var ErrSaleInProgress = errors.New("a sale is in progress at a till: the new catalog waits until it is done")

// restaff gives an open till what its member of staff may do under the
// new catalog c: their new role and profile, or, when c no longer lists
// them, a closed till (their next action is refused; they cannot unlock
// again). Tills not of old's staff (the kiosk, the administrator of a
// catalog without staff) stay as they are. The caller holds r.mu.
func (r *Register) restaff(t *Till, old, c *pos.Catalog) {
	if _, was := old.StaffByID(t.staff.ID); !was {
		return
	}
	s, ok := c.StaffByID(t.staff.ID)
	if !ok {
		delete(r.tills, t)
		t.closed.Store(true)
		t.cart, t.credit = pos.Cart{}, nil
		return
	}
	seller, _ := c.SellerFor(s.ID)
	t.who.Store(&tillWho{s, seller})
}

// ErrCatalogChanging refuses a second SetCatalog while a new catalog is
// being recorded (a cart that starts meanwhile waits: waitCatalog).
var ErrCatalogChanging = errors.New("the box office's catalog is being updated: try again in a moment")

// waitCatalog waits while a new catalog is being recorded (SetCatalog
// commits its grant first; it takes a commit's time): a cart that starts
// then starts on the new catalog, not refused. The caller holds r.mu,
// which the wait lets go of meanwhile, so it waits before reading the
// till's cart.
func (r *Register) waitCatalog() {
	for r.switching {
		r.switched.Wait()
	}
}

// cat is the catalog the register sells from now. A sale reads it once
// under r.mu, and SetCatalog swaps it only under r.mu with no cart open,
// so a sale never sees two catalogs.
func (r *Register) cat() *pos.Catalog { return r.catalog.Load() }

// SetCatalog makes c the catalog the register sells from (a newer one
// pulled from the central server), between sales: it is refused with
// ErrSaleInProgress while any open till has a cart that still holds, an
// exchange credit or a payment under way.
// The capacity it gives this register is recorded in the journal
// (capacity.granted) in the same step, as Open does; a catalog in
// another currency than the register's, or another organiser's, is
// refused.
func (r *Register) SetCatalog(c *pos.Catalog) error {
	if c == nil {
		return errors.New("local: SetCatalog needs a catalog")
	}
	if r.readOnly {
		return ErrReadOnly
	}
	r.mu.Lock()
	old := r.cat()
	if c.Currency() != old.Currency() {
		r.mu.Unlock()
		return pos.Errorf("the new catalog is in %s and this register sells in %s: it was not applied", c.Currency(), old.Currency())
	}
	if !sameOrganiser(c.Organiser.Name, old.Organiser.Name) {
		r.mu.Unlock()
		// either the central server was given another box office's
		// catalog, or this box office was renamed (or changed hands):
		// only a stopped register's file is re-pointed (RepointOrganiser)
		return pos.Errorf("the new catalog is %s's and this register sells for %s: it was not applied; if it is another box office's, give the central server %s's catalog; if this box office is now %s, stop the register and re-point its file to the catalog the central server was given (guichet journal organiser --db %s --catalog FILE), then start it again",
			shownOrganiser(c.Organiser.Name), shownOrganiser(old.Organiser.Name), shownOrganiser(old.Organiser.Name), shownOrganiser(c.Organiser.Name), r.path)
	}
	if r.switching {
		r.mu.Unlock()
		return ErrCatalogChanging
	}
	now := r.now()
	for t := range r.tills {
		// A cart whose hold ran out holds nothing (a till left on it): it
		// is priced and checked against the new catalog at its next
		// change or payment (setCart, HoldAgain, Checkout), as any cart is.
		cart := (len(t.cart.Lines) > 0 || t.cart.Code != "") && t.holding(now)
		if cart || t.credit != nil || t.selling != nil {
			r.mu.Unlock()
			return ErrSaleInProgress
		}
	}
	r.switching = true // no cart starts until the new catalog is the register's
	r.mu.Unlock()
	// The new catalog's grant is committed first; it becomes the
	// register's as that commit becomes durable, under r.mu (not held
	// while the commit waits for the disk).
	err := r.commit(func(tx *bolt.Tx) error {
		if err := rememberOrganiser(tx, c, true); err != nil { // its name as this catalog spells it
			return err
		}
		if err := rememberLanguages(tx, c, true); err != nil {
			return err
		}
		return r.grantCatalogOf(tx, c)
	}, func() {
		r.catalog.Store(c)
		for t := range r.tills {
			t.priced = nil // priced with the old catalog
			r.restaff(t, old, c)
		}
	})
	r.mu.Lock()
	r.switching = false
	r.switched.Broadcast()
	r.mu.Unlock()
	if err != nil {
		return fmt.Errorf("apply the new catalog: %w", err)
	}
	r.changed()
	return nil
}
