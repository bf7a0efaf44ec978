package pos

// PromoState is what pricing needs to know about codes and offer usage,
// kept by the register's views. The promotions work (issue 4) defines it.
type PromoState interface{}

// applyPromotions is step 2 of pricing: the automatic offer, or the offer of
// the typed code. The promotions work (issue 4) fills it in.
func applyPromotions(c *Catalog, cart Cart, ctx PricingContext, pc *PricedCart) error {
	return nil
}
