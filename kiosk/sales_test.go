package kiosk

import (
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"guichet/pos"
)

// TestTheStaffMenuSaysSalesArePaused: after a sale that could not print,
// staff loaded paper, saw "Printer: ready" on their menu and went back to
// the customer; the kiosk still refused every sale ("Sales are paused"),
// as they had not chosen "Reopen sales", and the menu had said nothing of
// sales. It says whether sales are open, paused until staff reopen them,
// or paused until the printer can print.
func TestTheStaffMenuSaysSalesArePaused(t *testing.T) {
	r := newRig(t, rigOpts{printInterval: time.Hour})
	r.openStaffMenu()
	r.waitFor("Sales: open")
	r.keys("down", "enter")
	r.waitFor("Sales are open.") // nothing to reopen
	r.keys("esc")

	r.takeTwo()
	r.focusCart(2, cartPay)
	r.keys("enter")
	r.waitPay("HOW WOULD YOU LIKE TO PAY?")
	r.printer.SetPaperOut(true)
	r.keys("enter")
	r.waitFor("Your tickets are safe: order K01-000001.")
	r.openStaffMenu()
	r.waitFor("Sales: paused (a sale did not print): fix the printer, then reopen them")
	r.printer.SetPaperOut(false)
	r.svc.WakePrinter()
	r.waitFor("Printer: ready", "Sales: paused (a sale did not print): reopen them below")
	// back to the customer without reopening: still paused, as the menu said
	r.keys("esc")
	r.waitFor("Sales are paused")
	r.openStaffMenu()
	r.keys("down", "enter")
	r.waitFor("Sales are open again.", "Sales: open")
	r.keys("esc")
	r.waitFor("Press any key to buy tickets")
}

// TestTheSalesLineFitsTheMenu: each state of sales in both languages fits
// the staff menu at 80 columns.
func TestTheSalesLineFitsTheMenu(t *testing.T) {
	for _, lang := range []pos.Lang{pos.French, pos.English} {
		seen := map[string]bool{}
		for _, paused := range []bool{false, true} {
			for _, canPrint := range []bool{false, true} {
				s := "  " + staffSales(lang, paused, canPrint)
				if w := ansi.StringWidth(s); w > 78 {
					t.Errorf("%q is %d columns: wider than the menu at 80", s, w)
				}
				seen[s] = true
			}
		}
		if len(seen) != 4 {
			t.Errorf("%s: %d different lines for 4 states of sales", lang, len(seen))
		}
	}
}

// TestTheCustomersLanguageComesBackAfterTheStaffMenu: staff read their
// menu in French (F2) on a kiosk whose customer was choosing in English,
// and went back: the customer's screen came back in French, and the
// attract screen stayed in it for the next customers (it has no idle
// time-out to bring the kiosk's language back). The customer's language
// comes back with their screen.
func TestTheCustomersLanguageComesBackAfterTheStaffMenu(t *testing.T) {
	r := newRig(t, rigOpts{})
	// from the attract screen, left by Back to the customer
	r.waitFor("Press any key to buy tickets")
	r.openStaffMenu()
	r.keys("f2")
	r.waitFor("MENU DU PERSONNEL", "Retour au client")
	r.keys("down", "down", "down", "enter")
	r.waitFor("Press any key to buy tickets")
	// from a customer's screen, left by Esc
	r.keys("x")
	r.waitFor("CHOOSE A SHOW")
	r.openStaffMenu()
	r.keys("f2")
	r.waitFor("MENU DU PERSONNEL", "Retour au client")
	r.keys("esc")
	r.waitFor("CHOOSE A SHOW")
}

// TestReprintWithNoOrderSaysSo: on a kiosk that had sold nothing, Enter
// on "Reprint the last order (none)" did nothing at all; staff pressed it
// again, wondering. It says there is nothing to reprint.
func TestReprintWithNoOrderSaysSo(t *testing.T) {
	r := newRig(t, rigOpts{})
	r.openStaffMenu()
	r.waitFor("Reprint the last order (none)")
	r.keys("enter")
	r.waitFor("This kiosk has sold nothing yet: no order to reprint.")
}
