package pos

import (
	"sort"
	"strings"
)

// checkOfferLabels refuses a label control naming a label nothing
// carries: a typo ("semaiine") would load and the offer never apply. The
// refusal lists the labels that exist.
func (c *Catalog) checkOfferLabels(p *problems, o *Offer, where string) {
	collect := func(sets ...[]string) []string {
		seen := map[string]bool{}
		var out []string
		for _, set := range sets {
			for _, l := range set {
				if k := strings.ToLower(l); !seen[k] {
					seen[k] = true
					out = append(out, l)
				}
			}
		}
		sort.Strings(out)
		return out
	}
	var perf, lists, cats [][]string
	for i := range c.Performances {
		perf = append(perf, c.Performances[i].Labels)
	}
	for i := range c.Events {
		perf = append(perf, c.Events[i].Labels)
	}
	for i := range c.PriceLists {
		lists = append(lists, c.PriceLists[i].Labels)
	}
	for i := range c.Categories {
		cats = append(cats, c.Categories[i].Labels)
	}
	for _, ctl := range []struct {
		name   string
		l      LabelControl
		labels []string
	}{
		{"performance_control", o.PerformanceControl, collect(perf...)},
		{"price_list_control", o.PriceListControl, collect(lists...)},
		{"category_control", o.CategoryControl, collect(cats...)},
	} {
		for _, label := range []string{ctl.l.Containing, ctl.l.NotContaining} {
			if label != "" && !hasLabel(label, ctl.labels) {
				p.add("%s: %s names the label %q, which nothing carries (known: %s)", where, ctl.name, label, strings.Join(ctl.labels, ", "))
			}
		}
	}
}
