package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// guichetOK runs the binary in dir and fails unless it exits 0.
func guichetOK(t *testing.T, dir, stdin string, args ...string) string {
	t.Helper()
	out, stderr, code := runGuichet(t, dir, stdin, args...)
	if code != 0 {
		t.Fatalf("guichet %s: exit %d\n%s%s", strings.Join(args, " "), code, out, stderr)
	}
	return out
}

func placeJSON(t *testing.T, dir, req string) orderOut {
	t.Helper()
	o, e, code := placed(t, dir, req)
	if code != 0 {
		t.Fatalf("order place: %s", e.Error)
	}
	return o
}

// After the sale from the command line: a partial cancellation refunded in
// cash, an invoice printed and validated in cash, a voucher at a free
// amount spent in two sales until empty, a comp with its reason, and the
// X report read without changing the file; the journal verifies.
func TestOrderAndVoucherCommandsAfterTheSale(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	auth := []string{"--db", "r.db", "--staff", "claire", "--pin", "1234"}

	// 2 of 4 tickets canceled, refunded in cash
	four := placeJSON(t, dir, placeReq(4, "", "cash"))
	out := guichetOK(t, dir, "", append([]string{"order", "cancel", four.Order, "--reason", "two cannot come",
		"--tickets", four.Tickets[0].Number + "," + four.Tickets[1].Number, "--refund", "cash"}, auth...)...)
	var after orderOut
	must(t, json.Unmarshal([]byte(out), &after))
	if after.State != "paid" || after.Tickets[0].State != "canceled" || after.Tickets[3].State != "valid" ||
		len(after.Refunds) != 1 || after.Refunds[0].Method != "cash" || after.Refunds[0].Amount != four.Tickets[0].Price.Times(2) {
		t.Fatalf("after cancelling 2 of 4: %+v", after)
	}

	// an invoice: its document, then paid in cash at the counter
	inv := placeJSON(t, dir, placeReq(3, "", "invoice"))
	text := guichetOK(t, dir, "", "order", "invoice", inv.Order, "--db", "r.db", "--lang", "en")
	for _, want := range []string{"INVOICE", "To pay by", "Thank you for your order."} {
		if !strings.Contains(text, want) {
			t.Errorf("the invoice lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Paid") {
		t.Errorf("a pending invoice reads Paid:\n%s", text)
	}
	var doc struct {
		Deadline string `json:"deadline"`
		Closing  string `json:"closing_message"`
		Total    string `json:"total"`
	}
	must(t, json.Unmarshal([]byte(guichetOK(t, dir, "", "order", "invoice", inv.Order, "--db", "r.db", "--json")), &doc))
	if doc.Deadline == "" || doc.Closing == "" || doc.Total == "" {
		t.Fatalf("invoice JSON: %+v", doc)
	}
	guichetOK(t, dir, "", append([]string{"order", "validate", inv.Order, "--method", "cash", "--tendered", "200.00"}, auth...)...)

	// a voucher at a free amount, spent in two sales until empty
	vreq := `{"lang": "en", "cart": {"lines": [{"kind": "gift_voucher", "item": "bon-libre", "quantity": 1, "amount": "CHF 40.00"}]},
	  "payments": [{"method": "cash"}]}`
	v := placeJSON(t, dir, vreq).Tickets[0]
	if v.Price.Amount != 4000 || v.Expires.IsZero() {
		t.Fatalf("voucher sold: %+v", v)
	}
	spend := `{"lang": "en", "cart": {"lines": [
	  {"kind": "ticket", "performance": "hamlet-01", "zone": "galerie", "category": "adult", "quantity": 1}]},
	  "payments": [{"method": "gift", "voucher": "` + strings.ToLower(v.Number) + `"}, {"method": "cash", "tendered": "CHF 50.00"}]}`
	placeJSON(t, dir, strings.Replace(spend, `, {"method": "cash", "tendered": "CHF 50.00"}`, "", 1)) // 25.00 of 40.00
	placeJSON(t, dir, strings.Replace(spend, `"quantity": 1`, `"quantity": 2`, 1))                    // the 15.00 left, and cash
	var info struct {
		Balance string `json:"balance"`
		Spent   string `json:"spent"`
		History []any  `json:"history"`
	}
	must(t, json.Unmarshal([]byte(guichetOK(t, dir, "", "voucher", "show", v.Number, "--db", "r.db")), &info))
	if info.Balance != "CHF 0.00" || info.Spent != "CHF 40.00" || len(info.History) != 2 {
		t.Fatalf("voucher after two sales: %+v", info)
	}

	// a comp with its reason
	comp := `{"lang": "en", "cart": {"lines": [{"kind": "ticket", "performance": "hamlet-01", "zone": "galerie", "category": "adult",
	  "quantity": 1, "comp": "press: Le Temps"}]}, "payments": [{"method": "free"}]}`
	if c := placeJSON(t, dir, comp); c.Tickets[0].Comp != "press: Le Temps" || c.Total.Amount != 0 {
		t.Fatalf("comp: %+v", c)
	}

	// the X report, read-only
	before, err := os.ReadFile(db)
	must(t, err)
	var rep struct {
		Expected string `json:"expected"`
		Detail   struct {
			Comps []struct {
				Reason string `json:"reason"`
			} `json:"comps"`
			Refunds           int    `json:"refunds"`
			InvoicesValidated int    `json:"invoices_validated"`
			VouchersSold      int    `json:"vouchers_sold"`
			VouchersSpent     string `json:"vouchers_spent"`
			Sales             []any  `json:"sales"`
		} `json:"detail"`
	}
	must(t, json.Unmarshal([]byte(guichetOK(t, dir, "", "report", "x", "--db", "r.db", "--json")), &rep))
	d := rep.Detail
	if len(d.Comps) != 1 || d.Comps[0].Reason != "press: Le Temps" || d.Refunds != 1 || d.InvoicesValidated != 1 ||
		d.VouchersSold != 1 || d.VouchersSpent != "CHF 40.00" || len(d.Sales) == 0 {
		t.Fatalf("X report detail: %+v", d)
	}
	if text := guichetOK(t, dir, "", "report", "x", "--db", "r.db", "--lang", "en"); !strings.Contains(text, "Comps: 1") {
		t.Errorf("X report text:\n%s", text)
	}
	if _, _, code := runGuichet(t, dir, "", "report", "z", "--db", "r.db"); code != 1 {
		t.Errorf("report z of an open shift: exit %d, want 1", code)
	}
	afterBytes, err := os.ReadFile(db)
	must(t, err)
	if !bytes.Equal(before, afterBytes) {
		t.Fatal("guichet report changed the register's file")
	}
	if out := guichetOK(t, dir, "", "journal", "verify", "--lang", "en", "--db", "r.db"); !strings.Contains(out, "gapless") {
		t.Fatalf("journal verify: %s", out)
	}
}

// TestOrderCancelGivesAnInvoicesVoucherBackItsMoney: a gift voucher pays
// CHF 20 of an order whose invoice is for the rest; `guichet order cancel`
// before the invoice is paid gives the CHF 20 back to the voucher (it kept
// nothing of it before), and says so in its answer.
func TestOrderCancelGivesAnInvoicesVoucherBackItsMoney(t *testing.T) {
	dir := t.TempDir()
	auth := []string{"--db", "r.db", "--staff", "claire", "--pin", "1234"}
	vreq := `{"lang": "en", "cart": {"lines": [{"kind": "gift_voucher", "item": "bon-libre", "quantity": 1, "amount": "CHF 40.00"}]},
	  "payments": [{"method": "cash"}]}`
	v := placeJSON(t, dir, vreq).Tickets[0]
	req := strings.Replace(placeReq(3, "", "invoice"), `"payments": [`, `"payments": [{"method": "gift", "voucher": "`+v.Number+`", "amount": "CHF 20.00"}, `, 1)
	inv := placeJSON(t, dir, req)
	if inv.State != "pending_payment" {
		t.Fatalf("order %s is %s, want pending_payment", inv.Order, inv.State)
	}
	out := guichetOK(t, dir, "", append([]string{"order", "cancel", inv.Order, "--reason", "not coming"}, auth...)...)
	var after orderOut
	must(t, json.Unmarshal([]byte(out), &after))
	if after.State != "canceled" || len(after.Refunds) != 1 || after.Refunds[0].Voucher != v.Number || after.Refunds[0].Amount.Amount != 2000 {
		t.Fatalf("after the cancellation: %+v", after)
	}
	var info struct {
		Balance string `json:"balance"`
	}
	must(t, json.Unmarshal([]byte(guichetOK(t, dir, "", "voucher", "show", v.Number, "--db", "r.db")), &info))
	if info.Balance != "CHF 40.00" {
		t.Fatalf("the voucher holds %s after the cancellation, want CHF 40.00", info.Balance)
	}
}
