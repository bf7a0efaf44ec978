package pos

import "time"

// PerformanceByID and the lookups below are map reads, built once at load.
func (c *Catalog) PerformanceByID(id string) (*Performance, bool) {
	i, ok := c.idx.perf[id]
	if !ok {
		return nil, false
	}
	return &c.Performances[i], true
}

func (c *Catalog) EventByID(id string) (*Event, bool) {
	i, ok := c.idx.event[id]
	if !ok {
		return nil, false
	}
	return &c.Events[i], true
}

func (c *Catalog) VenueByID(id string) (*Venue, bool) {
	i, ok := c.idx.venue[id]
	if !ok {
		return nil, false
	}
	return &c.Venues[i], true
}

func (c *Catalog) CategoryByID(id string) (*Category, bool) {
	i, ok := c.idx.category[id]
	if !ok {
		return nil, false
	}
	return &c.Categories[i], true
}

func (c *Catalog) PriceListByID(id string) (*PriceList, bool) {
	i, ok := c.idx.priceList[id]
	if !ok {
		return nil, false
	}
	return &c.PriceLists[i], true
}

func (c *Catalog) PassByID(id string) (*Pass, bool) {
	i, ok := c.idx.pass[id]
	if !ok {
		return nil, false
	}
	return &c.Passes[i], true
}

func (c *Catalog) GiftVoucherByID(id string) (*GiftVoucher, bool) {
	i, ok := c.idx.voucher[id]
	if !ok {
		return nil, false
	}
	return &c.GiftVouchers[i], true
}

func (c *Catalog) ProductByID(id string) (*Product, bool) {
	i, ok := c.idx.product[id]
	if !ok {
		return nil, false
	}
	return &c.Products[i], true
}

func (c *Catalog) PaymentMethodByID(id string) (*PaymentMethod, bool) {
	i, ok := c.idx.method[id]
	if !ok {
		return nil, false
	}
	return &c.PaymentMethods[i], true
}

func (c *Catalog) ProfileByID(id string) (*Profile, bool) {
	i, ok := c.idx.profile[id]
	if !ok {
		return nil, false
	}
	return &c.Profiles[i], true
}

func (c *Catalog) StaffByID(id string) (*Staff, bool) {
	i, ok := c.idx.staff[id]
	if !ok {
		return nil, false
	}
	return &c.Staff[i], true
}

func (c *Catalog) OfferByID(id string) (*Offer, bool) {
	i, ok := c.idx.offer[id]
	if !ok {
		return nil, false
	}
	return &c.Offers[i], true
}

// ZoneOf finds a zone of the venue where a performance takes place.
func (c *Catalog) ZoneOf(perf *Performance, zoneID string) (*Zone, bool) {
	ev, ok := c.EventByID(perf.Event)
	if !ok {
		return nil, false
	}
	v, ok := c.VenueByID(ev.Venue)
	if !ok {
		return nil, false
	}
	for i := range v.Zones {
		if v.Zones[i].ID == zoneID {
			return &v.Zones[i], true
		}
	}
	return nil, false
}

// ZonesOf lists the zones of a performance's venue.
func (c *Catalog) ZonesOf(perf *Performance) []Zone {
	ev, ok := c.EventByID(perf.Event)
	if !ok {
		return nil
	}
	v, _ := c.VenueByID(ev.Venue)
	if v == nil {
		return nil
	}
	return v.Zones
}

// PriceFor is the price of a category in a zone on a price list: the entry
// for that zone, else the list's entry for every zone.
func (c *Catalog) PriceFor(list, category, zone string) (Money, bool) {
	if m, ok := c.idx.price[priceKey{list, category, zone}]; ok {
		return m, true
	}
	m, ok := c.idx.price[priceKey{list, category, ""}]
	return m, ok
}

// CategoriesOn lists the categories a price list offers in a zone, in
// catalog order.
func (c *Catalog) CategoriesOn(list, zone string) []*Category {
	var out []*Category
	for i := range c.Categories {
		if _, ok := c.PriceFor(list, c.Categories[i].ID, zone); ok {
			out = append(out, &c.Categories[i])
		}
	}
	return out
}

// Capacity is what a performance can hold in a zone: the seats that are
// not blocked, or the general-admission capacity (a date may lower it).
func (c *Catalog) Capacity(perfID, zoneID string) int {
	return c.idx.capacity[zoneKey{perfID, zoneID}]
}

// SeatBlocked reports whether a seat is never sold for a performance.
func (c *Catalog) SeatBlocked(perfID, zoneID, seat string) bool {
	if c.idx.blocked[seatKey{perfID, zoneID, seat}] {
		return true
	}
	zi := c.zoneInfoOf(perfID, zoneID)
	return zi != nil && zi.blocked[seat]
}

// zoneInfoOf finds the precomputed seats of the zone a performance uses.
func (c *Catalog) zoneInfoOf(perfID, zoneID string) *zoneInfo {
	perf, ok := c.PerformanceByID(perfID)
	if !ok {
		return nil
	}
	ev, ok := c.EventByID(perf.Event)
	if !ok {
		return nil
	}
	return c.idx.zone[ev.Venue+"/"+zoneID]
}

// SeatExists reports whether a zone has the seat.
func (c *Catalog) SeatExists(venueZone *Zone, seat string) bool {
	zi := c.idx.zoneOf[venueZone]
	return zi != nil && zi.seats[seat]
}

// PerformancesByStart lists performance indexes in start order (computed at load).
func (c *Catalog) PerformancesByStart() []*Performance {
	out := make([]*Performance, len(c.idx.byStart))
	for i, j := range c.idx.byStart {
		out[i] = &c.Performances[j]
	}
	return out
}

// zoneInfo is what a venue's zone holds, computed once at load.
type zoneInfo struct {
	zone     *Zone
	seats    map[string]bool
	blocked  map[string]bool // never sold, on any date
	capacity int             // seated: seats not blocked
}

type priceKey struct{ list, category, zone string }
type zoneKey struct{ perf, zone string }
type seatKey struct{ perf, zone, seat string }

type index struct {
	perf, event, venue, category, priceList, pass, voucher, product, method, profile, staff, offer map[string]int

	zone     map[string]*zoneInfo // "venue/zone"
	zoneOf   map[*Zone]*zoneInfo
	price    map[priceKey]Money
	capacity map[zoneKey]int
	blocked  map[seatKey]bool
	byStart  []int
}

// SalesClose is when sales of a performance stop: at its start, or as many
// minutes after it (before it, when negative) as its event says.
func (c *Catalog) SalesClose(p *Performance) time.Time {
	if ev, ok := c.EventByID(p.Event); ok && ev.SalesClose != nil {
		return p.Start.Add(time.Duration(*ev.SalesClose) * time.Minute)
	}
	return p.Start
}

// OnSale reports whether a performance may still be sold at now: not
// canceled, and its sales not closed.
func (c *Catalog) OnSale(p *Performance, now time.Time) bool {
	return !p.Canceled && now.Before(c.SalesClose(p))
}
