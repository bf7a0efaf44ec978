package tui

import (
	"guichet/local"
	"guichet/pos"
)

// FromLocal is the Service of a register on this machine. The adapter only
// converts types; every rule stays in local and pos.
//
// local's queries return their errors (a damaged view); Service has no
// error to return yet, so the adapter shows nothing then (no order, no
// zones): the counter service (issue 9) replaces it and surfaces them.
func FromLocal(r *local.Register) Service { return localService{r} }

type localService struct{ r *local.Register }

type localTill struct{ *local.Till }

func (s localService) Catalog() *pos.Catalog { return s.r.Catalog() }
func (s localService) ID() string            { return s.r.ID() }
func (s localService) Version() uint64       { return s.r.Version() }

func (s localService) Unlock(staffID, pin string) (Till, error) {
	t, err := s.r.Unlock(staffID, pin)
	if err != nil {
		return nil, err
	}
	return localTill{t}, nil
}

func (s localService) Availability(perf string) []ZoneAvailability {
	av, _ := s.r.Availability(perf)
	out := make([]ZoneAvailability, len(av))
	for i, a := range av {
		out[i] = ZoneAvailability{Zone: a.Zone, Capacity: a.Capacity, Sold: a.Sold, Held: a.Held, Available: a.Available}
	}
	return out
}

func (s localService) SeatMap(perf, zone string, t Till) map[string]SeatState {
	var lt *local.Till
	if x, ok := t.(localTill); ok {
		lt = x.Till
	}
	m, _ := s.r.SeatMap(perf, zone, lt)
	out := make(map[string]SeatState, len(m))
	for seat, st := range m {
		switch st {
		case local.SeatSold:
			out[seat] = SeatSold
		case local.SeatHeldByOther:
			out[seat] = SeatHeldByOther
		case local.SeatHeldByMe:
			out[seat] = SeatHeldByMe
		case local.SeatBlocked:
			out[seat] = SeatBlocked
		}
	}
	return out
}

func (s localService) SaveCustomer(staffID string, c pos.Customer) (pos.Customer, error) {
	return s.r.SaveCustomer(staffID, c)
}

func (s localService) SearchCustomers(q string, limit int) []pos.Customer {
	out, _ := s.r.SearchCustomers(q, limit)
	return out
}

func (s localService) FindOrders(q string, limit int) []OrderView {
	out, _ := s.r.FindOrders(q, limit)
	return out
}

func (s localService) VoucherBalance(n string) (pos.Money, bool) {
	m, ok, err := s.r.VoucherBalance(n)
	return m, ok && err == nil
}

func (s localService) Order(number string) (OrderView, bool) {
	ov, ok, err := s.r.Order(number)
	return ov, ok && err == nil
}

// TicketQRs gives the signed QR payload of each ticket of an order.
func (s localService) TicketQRs(order string) map[string]string {
	ov, ok, err := s.r.Order(order)
	if !ok || err != nil {
		return nil
	}
	out := make(map[string]string, len(ov.Tickets))
	for _, t := range ov.Tickets {
		out[t.Number] = t.QR
	}
	return out
}

func (t localTill) Shift() (Shift, bool) {
	sh, ok, err := t.Till.Shift()
	return Shift{ID: sh.ID, Opened: sh.Opened, Float: sh.Float}, ok && err == nil
}

func (t localTill) OpenShift(float pos.Money) (Shift, error) {
	sh, err := t.Till.OpenShift(float)
	return Shift{ID: sh.ID, Opened: sh.Opened, Float: sh.Float}, err
}

func (t localTill) Close() error      { t.Till.Close(); return nil }
func (t localTill) RemoveCode() error { t.Till.RemoveCode(); return nil }
func (t localTill) ClearCart() error  { t.Till.ClearCart(); return nil }
