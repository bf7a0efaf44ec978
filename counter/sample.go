package counter

import (
	"errors"
	"time"

	"guichet/pos"
	"guichet/printers"
)

// SampleReceipt is a receipt for `guichet print-test`, made the way every
// receipt is: a cart of the catalog's own items (two tickets for the first
// performance on sale in a general-admission zone, and a product when there
// is one), priced and settled by pos with cash, laid out by ReceiptLayout.
// Its figures add up because they are the register's, not typed by hand.
func SampleReceipt(cat *pos.Catalog, now time.Time, lang pos.Lang) (printers.Receipt, error) {
	var cart pos.Cart
	for _, p := range cat.PerformancesByStart() {
		if !cat.OnSale(p, now) {
			continue
		}
		for _, z := range cat.ZonesOf(p) {
			if len(z.Rows) > 0 {
				continue // seats would need a free one: a quantity is enough
			}
			if cats := cat.CategoriesOn(p.PriceList, z.ID); len(cats) > 0 {
				cart.Lines = append(cart.Lines, pos.CartLine{Kind: pos.LineTicket, Performance: p.ID, Zone: z.ID, Category: cats[0].ID, Quantity: 2})
				break
			}
		}
		if len(cart.Lines) > 0 {
			break
		}
	}
	if len(cat.Products) > 0 {
		cart.Lines = append(cart.Lines, pos.CartLine{Kind: pos.LineProduct, Item: cat.Products[0].ID, Quantity: 1})
	}
	if len(cart.Lines) == 0 {
		return printers.Receipt{}, errors.New("the catalog has nothing on sale to make a sample receipt of")
	}
	var cash *pos.PaymentMethod
	for i := range cat.PaymentMethods {
		if cat.PaymentMethods[i].Kind == pos.KindCash {
			cash = &cat.PaymentMethods[i]
			break
		}
	}
	if cash == nil {
		return printers.Receipt{}, errors.New("the catalog has no cash payment method for a sample receipt")
	}
	ctx := pos.PricingContext{Now: now, Lang: lang, Seller: pos.Seller{Staff: &pos.Staff{ID: "sample", Name: "Sample", Role: pos.RoleAdmin}}}
	priced, err := pos.Price(cat, cart, ctx)
	if err != nil {
		return printers.Receipt{}, err
	}
	// Cash handed over: the total rounded up to the next 10, so the
	// sample shows change.
	unit := int64(1000)
	tendered := pos.M((priced.Total.Amount/unit+1)*unit, priced.Total.Currency)
	sale, err := pos.Checkout(cat, cart, ctx, nil, []pos.Tender{{Method: cash.ID, Tendered: tendered}}, nil)
	if err != nil {
		return printers.Receipt{}, err
	}
	o := pos.NewOrder("K01-000000", "K01", "sample", "", sale.Cart, sale.Settlement, now)
	r := ReceiptLayout(cat, o, lang)
	r.OpenDrawer = true
	return r, nil
}
