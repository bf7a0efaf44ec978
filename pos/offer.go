package pos

import "time"

// Offer is a promotional offer. The promotions work (issue 4) gives it its
// effect, limits, scope, targeting, label controls and codes.
type Offer struct {
	ID          string `json:"id"`
	Name        Text   `json:"name"`
	Description Text   `json:"description,omitempty"`
}

// resolveOffers checks the offers of a catalog at load.
func (c *Catalog) resolveOffers(p *problems, money func(string, Money, bool), today time.Time) {}
