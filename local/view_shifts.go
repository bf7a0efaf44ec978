package local

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"

	"guichet/pos"
)

// --- cash drawer per shift ---

// A shift's orders and tickets sold are counted under a key of their own
// beside its report, so a sale's order.placed changes two small numbers
// instead of decoding and encoding the whole report (report() adds them).
func salesKey(shift string) []byte { return key(shift, "sales") }

// The open shifts' reports, sales counts (view shifts) and details
// (shift_detail) are kept apart from the closed shifts' (shifts_closed,
// shift_detail_closed): a shift's three records move there when it closes
// (the shift.closed entry's report is its Z). Every sale changes its
// shift's records: its views then hold only the few shifts open, small
// enough to sit inline in their parent page, instead of every shift ever
// closed, whose pages a sale wrote again (a sale in a register's seventh
// shift wrote 16.8 pages, 12.8 when all its sales were in one shift:
// TestShiftsClosedPagesASale). A reader looks a shift
// up in the open views, then in the closed ones (reportRef, detailRef,
// shiftSales).
const (
	vShiftsDone = "shifts_closed"       // closed shift id -> its Z; shift id \x00 "sales" -> "orders tickets"
	vDetailDone = "shift_detail_closed" // closed shift id -> ReportDetail
)

// shiftSales is a shift's orders and tickets sold so far.
func shiftSales(tx *bolt.Tx, shift string) (orders, tickets int) {
	v := view(tx, vShifts).Get(salesKey(shift))
	if v == nil {
		v = view(tx, vShiftsDone).Get(salesKey(shift))
	}
	// "orders tickets", read at every sale: strconv, not fmt.Sscan (half
	// the shift view's work a sale in a profile)
	o, t, _ := strings.Cut(string(v), " ")
	orders, _ = strconv.Atoi(o)
	tickets, _ = strconv.Atoi(t)
	return orders, tickets
}

// shiftWhere says whether tx holds a report of the shift (exists), and
// whether the shift is closed: its records are then in the closed views.
// A report read (or put) in a transaction's cache counts as the view's.
func shiftWhere(tx *bolt.Tx, shift string) (exists, closed bool) {
	if c := cacheOf(tx); c != nil {
		if rep, ok := c.reports[shift]; ok {
			return rep != nil, rep != nil && rep.Z
		}
	}
	if view(tx, vShifts).Get([]byte(shift)) != nil {
		return true, false
	}
	return view(tx, vShiftsDone).Get([]byte(shift)) != nil, true
}

// moveRaw moves the value under k from the view from to the view to, as
// it is (nothing when from has none).
func moveRaw(tx *bolt.Tx, from, to string, k []byte) error {
	b := view(tx, from)
	v := b.Get(k)
	if v == nil {
		return nil
	}
	if err := view(tx, to).Put(k, bytes.Clone(v)); err != nil {
		return err
	}
	return b.Delete(k)
}

// applyShiftsClosed moves a closing shift's sales count to the closed
// shifts' view; its report, the Z, went there as applyShifts put it
// (putReport puts a Z among the closed shifts).
func applyShiftsClosed(tx *bolt.Tx, e Entry) error {
	if e.Type != TypeShiftClosed || e.Shift == "" {
		return nil
	}
	return moveRaw(tx, vShifts, vShiftsDone, salesKey(e.Shift))
}

// applyShiftDetailClosed moves a closing shift's detail to the closed
// shifts' details. A detail the transaction changed and has not written
// yet (its cache's) goes there when it is written: its shift's report is
// a Z by then.
func applyShiftDetailClosed(tx *bolt.Tx, e Entry) error {
	if e.Type != TypeShiftClosed || e.Shift == "" {
		return nil
	}
	if c := cacheOf(tx); c != nil && c.dirtyD[e.Shift] {
		return nil
	}
	return moveRaw(tx, vShiftDetail, vDetailDone, detailKey(e.Shift))
}

func applyShifts(tx *bolt.Tx, e Entry) error {
	if e.Type == TypeShiftOpened {
		var p shiftOpened
		if err := e.decode(&p); err != nil {
			return err
		}
		z := pos.Zero(p.Float.Currency)
		rep := Report{Shift: p.Shift, Staff: p.Staff, Opened: e.Time, Float: p.Float,
			CashIn: z, CashOut: z, CashSales: z, CashRefunds: z, Expected: p.Float}
		return putReport(tx, p.Shift, &rep)
	}
	if e.Type == TypeTillSession {
		return applyPaymentsLeft(tx, e)
	}
	switch e.Type {
	case TypeCashMoved, TypeOrderPlaced, TypePaymentCaptured, TypePaymentValidated, TypeOrderCanceled, TypeShiftClosed:
	case TypeOrderLapsed:
		return applyLapseRefunds(tx, e)
	default:
		return nil // read the shift's report only for what changes it
	}
	if e.Shift == "" {
		return nil
	}
	if e.Type == TypeOrderPlaced {
		exists, closed := shiftWhere(tx, e.Shift)
		if !exists {
			return nil
		}
		p, err := payloadOf[orderPlaced](e)
		if err != nil {
			return err
		}
		b := view(tx, vShifts)
		if closed {
			b = view(tx, vShiftsDone)
		}
		orders, tickets := shiftSales(tx, e.Shift)
		orders++
		for _, t := range p.Order.Tickets {
			if t.Kind == pos.LineTicket || t.Kind == pos.LinePass {
				tickets++
			}
		}
		return b.Put(salesKey(e.Shift), []byte(strconv.Itoa(orders)+" "+strconv.Itoa(tickets)))
	}
	rep, err := reportRef(tx, e.Shift)
	if err != nil {
		return err
	} else if rep == nil {
		return fmt.Errorf("entry %d: shift %s was never opened", e.Seq, e.Shift)
	}
	// method counts a payment (sign 1) or a refund (-1) apart: a sale
	// and its refund read "1×, 1 refund", not "2×" beside CHF 0.00
	method := func(p pos.Payment, sign int) {
		m := methodTotal(&rep.ByMethod, p.Method, p.Kind, p.Amount.Currency)
		if sign > 0 {
			m.Count++
		} else {
			m.Refunds++
		}
		m.Amount = m.Amount.Plus(p.Amount.Times(sign))
	}
	switch e.Type {
	case TypeCashMoved:
		var p cashMoved
		if err := e.decode(&p); err != nil {
			return err
		}
		if p.Amount.IsNegative() {
			rep.CashOut = rep.CashOut.Plus(p.Amount.Neg())
		} else {
			rep.CashIn = rep.CashIn.Plus(p.Amount)
		}
	case TypePaymentCaptured, TypePaymentValidated:
		p, err := payloadOf[paymentCaptured](e)
		if err != nil {
			return err
		}
		method(p.Payment, 1)
		rep.CashSales = rep.CashSales.Plus(p.Payment.Cash())
		rep.CashRounding = rounding(rep.CashRounding, p.Payment, 1)
	case TypeOrderCanceled:
		var p orderCanceled
		if err := e.decode(&p); err != nil {
			return err
		}
		if p.Partial {
			rep.PartCanceled++
		} else {
			rep.Canceled++
		}
		for _, r := range p.Refunds {
			method(r, -1)
			rep.CashRefunds = rep.CashRefunds.Plus(r.Cash())
			rep.CashRounding = rounding(rep.CashRounding, r, -1)
		}
	case TypeShiftClosed:
		var p shiftClosed
		if err := e.decode(&p); err != nil {
			return err
		}
		// A Z never changes: the closed shift's report is the one
		// journaled (and printed) at its closure, not the shift added up
		// again by the rules of whichever version rebuilds the views.
		z := p.Report
		z.Shift, z.Z, z.At, z.Head = e.Shift, true, e.Time, ""
		return putReport(tx, e.Shift, &z)
	default:
		return nil
	}
	rep.Expected = rep.Float.Plus(rep.CashIn).Minus(rep.CashOut).Plus(rep.CashSales).Minus(rep.CashRefunds)
	return putReport(tx, e.Shift, rep)
}

// applyLapseRefunds counts what a lapsed invoice gave back (a gift
// voucher's deposit to its voucher, a cash or card deposit as credit) in
// the report of the shift that placed it, while that shift is open, as
// its detail counts the lapse: the refunds of its methods, as a
// cancellation's are. No cash leaves the drawer: a lapse gives none back.
func applyLapseRefunds(tx *bolt.Tx, e Entry) error {
	var p orderCanceled
	if err := e.decode(&p); err != nil || len(p.Refunds) == 0 {
		return err
	}
	placed, ok, err := placedEntryOf(tx, p.Order)
	if err != nil || !ok {
		return err
	}
	shift := placed.Shift
	if shift == "" || string(view(tx, vOpenShifts).Get([]byte(placed.Staff))) != shift {
		return nil // closed since: a Z never changes
	}
	rep, err := reportRef(tx, shift)
	if err != nil || rep == nil {
		return err
	}
	for _, r := range p.Refunds {
		m := methodTotal(&rep.ByMethod, r.Method, r.Kind, r.Amount.Currency)
		m.Refunds++
		m.Amount = m.Amount.Minus(r.Amount)
	}
	return putReport(tx, shift, rep)
}

// applyPaymentsLeft counts a till's payments left (payments.left) in the
// report of the shift its staff member had open then, apart from the
// drawer's expected cash.
func applyPaymentsLeft(tx *bolt.Tx, e Entry) error {
	var s TillSession
	if err := e.decode(&s); err != nil {
		return err
	}
	if s.Event != EventPaymentsLeft || len(s.Payments) == 0 {
		return nil
	}
	sh, ok, err := openShift(tx, s.Staff)
	if err != nil || !ok {
		return err
	}
	rep, err := reportRef(tx, sh.ID)
	if err != nil || rep == nil {
		return err
	}
	for _, p := range s.Payments {
		amount := p.Amount
		if amount.IsZero() && !p.Tendered.IsZero() {
			amount = p.Tendered // cash typed as handed over
		}
		m := methodTotal(&rep.Left, p.Method, "", amount.Currency)
		m.Count++
		m.Amount = m.Amount.Plus(amount)
	}
	return putReport(tx, sh.ID, rep)
}

// methodTotal is method's row in a report's list by method, added (zero,
// in the list's order: by method id) when it has none yet.
func methodTotal(list *[]MethodTotal, method, kind string, cur pos.Currency) *MethodTotal {
	i, found := slices.BinarySearchFunc(*list, method, func(m MethodTotal, id string) int { return strings.Compare(m.Method, id) })
	if !found {
		*list = slices.Insert(*list, i, MethodTotal{Method: method, Kind: kind, Amount: pos.Zero(cur)})
	}
	return &(*list)[i]
}

// rounding adds a cash payment's (sign 1) or refund's (-1) rounding to
// the shift's cash rounding: what the drawer took or gave besides the
// orders' amounts.
func rounding(sum pos.Money, p pos.Payment, sign int) pos.Money {
	if p.Kind != pos.KindCash || p.Rounding.IsZero() {
		return sum
	}
	if sum.Currency == "" {
		sum = pos.Zero(p.Rounding.Currency)
	}
	return sum.Plus(p.Rounding.Times(sign))
}
