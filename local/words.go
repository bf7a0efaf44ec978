package local

import "guichet/pos"

// Words the register's sentences put inside other sentences, as pos.Text
// so a Problem writes them in the seller's language.

// orderStateText is an order's state in words.
func orderStateText(state string) pos.Text {
	en := state
	switch state {
	case pos.OrderPending:
		en = "waiting for payment"
	case pos.OrderPaid:
		en = "paid"
	case pos.OrderCanceled:
		en = "canceled"
	case pos.OrderLapsed:
		en = "lapsed (unpaid at its deadline)"
	}
	return words(en, frenchOrderStates)
}

// ticketStateText is a ticket's state in words.
func ticketStateText(state string) pos.Text {
	return words(state, frenchTicketStates) // the states are English words
}

func words(en string, fr map[string]string) pos.Text {
	t := pos.Text{"en": en}
	if w, ok := fr[en]; ok {
		t["fr"] = w
	}
	return t
}

// seatText is a seat as the counter says it: "Row F, seat 9".
func seatText(seat string) pos.Text {
	return pos.Text{"en": pos.SeatLabel(seat, "en"), "fr": pos.SeatLabel(seat, "fr")}
}

// zoneName is a zone's name in the catalog, or its id when the catalog
// does not know it.
func (r *Register) zoneName(perf, zone string) pos.Text {
	if p, ok := r.cat().PerformanceByID(perf); ok {
		if z, ok := r.cat().ZoneOf(p, zone); ok && len(z.Name) > 0 {
			return z.Name
		}
	}
	return pos.Text{"": zone}
}
