package pos

import (
	"sort"
	"strings"
)

// checkOfferLabels refuses a label control naming a label nothing
// carries: a typo ("semaiine") would load and the offer never apply. The
// refusal lists the labels that exist. The labels are gathered only for
// a control that names one: most offers name none, and a catalog's
// performances are thousands.
func (c *Catalog) checkOfferLabels(p *problems, o *Offer, where error) {
	for _, ctl := range []struct {
		name  string
		l     LabelControl
		known func(add func([]string))
	}{
		{"performance_control", o.PerformanceControl, func(add func([]string)) {
			for i := range c.Performances {
				add(c.Performances[i].Labels)
			}
			for i := range c.Events {
				add(c.Events[i].Labels)
			}
		}},
		{"price_list_control", o.PriceListControl, func(add func([]string)) {
			for i := range c.PriceLists {
				add(c.PriceLists[i].Labels)
			}
		}},
		{"category_control", o.CategoryControl, func(add func([]string)) {
			for i := range c.Categories {
				add(c.Categories[i].Labels)
			}
		}},
	} {
		var labels []string // gathered at the first label the control names
		for _, label := range []string{ctl.l.Containing, ctl.l.NotContaining} {
			if label == "" {
				continue
			}
			if labels == nil {
				labels = collectLabels(ctl.known)
			}
			if !hasLabel(label, labels) {
				p.add("%s: %s names the label %q, which nothing carries (known: %s)", where, ctl.name, label, strings.Join(labels, ", "))
			}
		}
	}
}

// collectLabels gives the labels each adds, once each (whatever their
// case), sorted; never nil.
func collectLabels(each func(add func([]string))) []string {
	seen := map[string]bool{}
	out := []string{}
	each(func(set []string) {
		for _, l := range set {
			if k := strings.ToLower(l); !seen[k] {
				seen[k] = true
				out = append(out, l)
			}
		}
	})
	sort.Strings(out)
	return out
}
