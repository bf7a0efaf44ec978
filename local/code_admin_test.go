package local

import (
	"errors"
	"strings"
	"testing"
	"time"

	"guichet/pos"
)

// TestCodeChangedCopiedAndItsHistory: a catalog code's quantity allowed
// changes at the register (not below its uses), a copy takes its
// settings, and the history lists creation, uses with their orders and
// state changes, by whom; a rebuild gives the same views.
func TestCodeChangedCopiedAndItsHistory(t *testing.T) {
	r, clk := openTest(t, "")
	path := r.Path()
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "child", 2))
	_, err := till.ApplyCode("famille")
	must(t, err)
	o, err := till.Checkout(cash())
	must(t, err)
	clk.Add(1e9)
	must(t, r.SetCodeMaxUses("claire", "famille", 3))
	if err := r.SetCodeMaxUses("claire", "FAMILLE", -1); err == nil {
		t.Fatal("a negative quantity allowed")
	}
	must(t, r.SetCodeMaxUses("claire", "FAMILLE", 0))
	must(t, r.SetCodeMaxUses("claire", "FAMILLE", 2))
	k, err := r.CopyCode("marc", "famille", " famille2 ")
	must(t, err)
	if k.Code != "FAMILLE2" || k.MaxUses != 2 || k.Offer != "enfants" {
		t.Fatalf("copy: %+v", k)
	}
	must(t, r.SetCodeDisabled("claire", "FAMILLE2", true))
	list, err := r.Codes("enfants")
	must(t, err)
	for _, v := range list {
		if v.Code.Code == "FAMILLE" && (v.MaxUses != 2 || v.Uses != 1 || !v.Catalog) {
			t.Errorf("FAMILLE after the change: %+v", v)
		}
	}
	must(t, till.Cancel(o.Number, "mistake"))
	h, err := r.CodeHistory("famille")
	must(t, err)
	var what []string
	for _, e := range h {
		what = append(what, e.What+":"+e.Order+e.Staff)
	}
	if got, want := strings.Join(what, " "), "catalog: used:"+o.Number+"claire changed:claire changed:claire changed:claire unused:"+o.Number+"claire"; got != want {
		t.Errorf("history %q, want %q", got, want)
	}
	h, err = r.CodeHistory("FAMILLE2")
	must(t, err)
	if len(h) != 2 || h[0].What != "created" || h[0].From != "custom" || h[0].Staff != "marc" || h[1].What != "disabled" {
		t.Errorf("copy's history: %+v", h)
	}
	r.Close()
	res, err := Rebuild(path)
	must(t, err)
	if !res.Identical {
		t.Fatalf("rebuild: %+v", res)
	}
}

// An invoice that lapses at its deadline gives its code's use back, and the
// code's history says so as it does for a canceled order: the uses it
// lists then add up to the code's count.
func TestCodeHistoryShowsAUseGivenBackByALapsedInvoice(t *testing.T) {
	r, clk := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-04", "galerie", "adult", 4))
	_, err := till.ApplyCode("bienvenue")
	must(t, err)
	o, err := till.Checkout([]pos.Tender{{Method: "invoice"}})
	must(t, err)
	if o.State != pos.OrderPending || o.Offer == nil || o.Offer.Code != "BIENVENUE" {
		t.Fatalf("order %s: state %s, offer %+v", o.Number, o.State, o.Offer)
	}
	clk.Add(o.Deadline.Sub(clk.Now()) + time.Minute)
	if n, err := r.LapseDue(); err != nil || n != 1 {
		t.Fatalf("lapsed %d, %v", n, err)
	}
	list, err := r.Codes("bienvenue")
	must(t, err)
	if len(list) != 1 || list[0].Uses != 0 {
		t.Fatalf("after the lapse: %+v", list)
	}
	h, err := r.CodeHistory("BIENVENUE")
	must(t, err)
	var what []string
	for _, e := range h {
		what = append(what, e.What+":"+e.Order)
	}
	if got, want := strings.Join(what, " "), "catalog: used:"+o.Number+" unused:"+o.Number; got != want {
		t.Errorf("history %q, want %q", got, want)
	}
}

// TestACatalogCodeChangedHereKeepsTheCatalogsDisabled: changing the
// quantity allowed of a catalog code at the register does not make the
// register blind to the catalog disabling it (a newer catalog, or
// guichetd codes disable), nor enable a code the catalog has disabled.
func TestACatalogCodeChangedHereKeepsTheCatalogsDisabled(t *testing.T) {
	disabledIn := func(t *testing.T) *pos.Catalog {
		cat := demoCatalog(t)
		for i := range cat.Offers {
			for j := range cat.Offers[i].Codes {
				if cat.Offers[i].Codes[j].Code == "FAMILLE" {
					cat.Offers[i].Codes[j].Disabled = true
				}
			}
		}
		return cat
	}
	for _, tc := range []struct {
		name          string
		disabledFirst bool // the catalog disables it before the change here
		disabledAfter bool // after
	}{
		{"disabled by a newer catalog after the change", false, true},
		{"changed here while the catalog has it disabled", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := openTest(t, "")
			if tc.disabledFirst {
				must(t, r.SetCatalog(disabledIn(t)))
			}
			must(t, r.SetCodeMaxUses("claire", "FAMILLE", 5))
			if tc.disabledAfter {
				must(t, r.SetCatalog(disabledIn(t)))
			}
			till := openTill(t, r, "claire", "1234")
			must(t, till.AddTickets("hamlet-00", "galerie", "child", 2))
			var ref *pos.CodeRefusal
			if _, err := till.ApplyCode("famille"); !errors.As(err, &ref) || ref.Reason != pos.RefusedDisabled {
				t.Fatalf("FAMILLE, disabled in the catalog: %v", err)
			}
			list, err := r.Codes("enfants")
			must(t, err)
			for _, v := range list {
				if v.Code.Code == "FAMILLE" && (!v.Disabled || v.MaxUses != 5) {
					t.Errorf("FAMILLE listed as %+v, want disabled with 5 uses allowed", v)
				}
			}
		})
	}
}

// TestCodeHistoryOfACodeItDoesNotHave: the history of a code the catalog
// gives was empty (its creation is the catalog's, not the journal's), as
// was that of a mistyped code, and both read as "never used". A catalog
// code's history now begins with the catalog and its quantity allowed
// there; a code the register never had is an error naming it.
func TestCodeHistoryOfACodeItDoesNotHave(t *testing.T) {
	r, _ := openTest(t, "")
	h, err := r.CodeHistory("k7pxm3qh")
	must(t, err)
	if len(h) != 1 || h[0].What != "catalog" || h[0].Uses != 1 || !h[0].Time.IsZero() {
		t.Errorf("a catalog code's history: %+v; want the catalog, 1 order allowed", h)
	}
	for _, code := range []string{"K7PXM3QX", "NOPE"} {
		h, err := r.CodeHistory(code)
		if err == nil || !strings.Contains(err.Error(), "no code "+code) || pos.Say(err, pos.French) != "il n'y a pas de code "+code {
			t.Errorf("the history of %s, a code nobody made: %+v, %v", code, h, err)
		}
	}
}
