package tui

import tea "charm.land/bubbletea/v2"

// freshCatalog takes the service's catalog when it changed (a newer one
// pulled from the central server, applied between sales) and this till has
// no sale in progress: the screens read c.cat, and the sales list, which
// builds its rows once, is built anew and shown. A till in the middle of a
// sale goes on with the catalog it started with until the sale ends.
func (a *App) freshCatalog() tea.Cmd {
	c := a.c
	cat := c.svc.Catalog()
	if cat == c.cat || len(c.sale.priced.Lines) > 0 || !c.sale.credit.IsZero() {
		return nil
	}
	c.cat = cat
	if c.till == nil || len(a.stack) < 2 {
		return nil // the unlock screen reads c.cat as it draws
	}
	if _, ok := a.stack[1].(*pickScreen); !ok {
		return nil // the float is asked first: the list is built after it, from c.cat
	}
	a.stack = a.stack[:1]
	return a.navigate(pushMsg{newPick(c)})
}
