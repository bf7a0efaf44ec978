package local

import (
	"bytes"
	"encoding/json"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"guichet/pos"
)

// marshalPayload is json.Marshal(payload), written by hand for the
// payloads every sale appends (its order, its payments, its tickets) and
// the shift's report and detail every commit writes again (a detail of 100
// lines: 8.7 kB, 40 µs a commit by encoding/json): encoding/json walked
// them by reflection, boxing each amount to call MarshalText. The bytes
// are encoding/json's
// (TestMarshalPayloadIsJSON): the journal and its hashes are the same.
// What this writer does not write as encoding/json does (an amount or a
// time that does not encode) goes through encoding/json, which says what
// is wrong.
func marshalPayload(payload any) ([]byte, error) {
	b, buf, err := payloadBytes(payload)
	if buf == nil {
		return b, err
	}
	out := bytes.Clone(b)
	releasePayload(buf, b)
	return out, nil
}

// payloadBytes is marshalPayload's bytes written in a buffer of the pool
// (buf), not copied out: the caller copies them where it keeps them, then
// hands buf back (releasePayload), after which they are not its own. The
// journal's append copies them into the entry's encoding, where the entry
// keeps them: a copy fewer for each entry. buf nil: the bytes are the
// caller's own (encoding/json's, or nothing on an error).
func payloadBytes(payload any) (b []byte, buf *[]byte, err error) {
	buf = payloadBufs.Get().(*[]byte)
	b, e := (*buf)[:0], payloadEnc{}
	if v := reflect.ValueOf(payload); !v.IsValid() || v.Kind() == reflect.Pointer && v.IsNil() {
		e.bad = true // nothing, or a nil pointer: encoding/json writes null
	} else {
		switch p := payload.(type) {
		case *orderPlaced:
			b = append(b, `{"order":`...)
			b = e.order(b, &p.Order)
			b = append(appendJSONText(append(b, `,"catalog":`...), p.Catalog), '}')
		case *paymentCaptured:
			b = appendJSONText(append(b, `{"order":`...), p.Order)
			b = append(e.payment(append(b, `,"payment":`...), &p.Payment), '}')
		case *ticketIssued:
			b = appendJSONText(append(b, `{"order":`...), p.Order)
			b = e.ticket(append(b, `,"ticket":`...), &p.Ticket)
			b = strIf(b, "qr", p.QR)
			b = append(b, '}')
		case *Report:
			b = e.report(b, p)
		case *ReportDetail:
			b = e.detail(b, p)
		default:
			e.bad = true
		}
	}
	if e.bad {
		releasePayload(buf, b)
		out, err := json.Marshal(payload)
		return out, nil, err
	}
	return b, buf, nil
}

// releasePayload hands back to the pool the buffer payloadBytes wrote b
// in (nil: none); a big one is left to the garbage collector.
func releasePayload(buf *[]byte, b []byte) {
	if buf != nil && cap(b) <= 1<<16 {
		*buf = b
		payloadBufs.Put(buf)
	}
}

// payloadBufs are marshalPayload's buffers: it writes into one, and
// returns a copy of the size written (as encoding/json does).
var payloadBufs = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// payloadEnc appends a payload's parts as encoding/json writes them,
// each to b and returning it (b stays in a register: no write barrier at
// each append). bad is set by a value it cannot write the same way (then
// the caller asks encoding/json).
type payloadEnc struct {
	bad bool
}

// field appends `,"name":` (the name is plain ASCII).
func field(b []byte, name string) []byte {
	return append(append(append(b, `,"`...), name...), `":`...)
}

// strIf appends a string field tagged omitempty.
func strIf(b []byte, name, s string) []byte {
	if s == "" {
		return b
	}
	return appendJSONText(field(b, name), s)
}

func intIf(b []byte, name string, n int64) []byte {
	if n == 0 {
		return b
	}
	return strconv.AppendInt(field(b, name), n, 10)
}

// money appends an amount as its MarshalText, a JSON string: the
// currency, a space and the amount in major units ("CHF 12.50"), without
// the allocation MarshalText makes (pos.Money.AppendText).
func (e *payloadEnc) money(b []byte, m pos.Money) []byte {
	if m.Amount == math.MinInt64 || !plainJSON(string(m.Currency)) {
		t, err := m.MarshalText()
		if err != nil {
			e.bad = true // no currency: an error encoding/json reports
			return b
		}
		return appendJSONText(b, string(t))
	}
	b, err := m.AppendText(append(b, '"'))
	if err != nil {
		e.bad = true
		return b
	}
	return append(b, '"')
}

// moneyIf appends an amount tagged omitzero (Money.IsZero).
func (e *payloadEnc) moneyIf(b []byte, name string, m pos.Money) []byte {
	if m.IsZero() {
		return b
	}
	return e.money(field(b, name), m)
}

func (e *payloadEnc) time(b []byte, t time.Time) []byte {
	j, err := t.MarshalJSON()
	if err != nil {
		e.bad = true // a year beyond 9999: encoding/json's error
		return b
	}
	return append(b, j...)
}

// timeIf appends a time tagged omitzero.
func (e *payloadEnc) timeIf(b []byte, name string, t time.Time) []byte {
	if t.IsZero() {
		return b
	}
	return e.time(field(b, name), t)
}

// list appends a slice: null when nil, as encoding/json.
func list[T any](b []byte, s []T, each func([]byte, *T) []byte) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range s {
		if i > 0 {
			b = append(b, ',')
		}
		b = each(b, &s[i])
	}
	return append(b, ']')
}

func (e *payloadEnc) order(b []byte, ord *pos.Order) []byte {
	b = appendJSONText(append(b, `{"number":`...), ord.Number)
	b = appendJSONText(append(b, `,"state":`...), ord.State)
	b = e.time(append(b, `,"placed":`...), ord.Placed)
	b = appendJSONText(append(b, `,"register":`...), ord.Register)
	b = appendJSONText(append(b, `,"staff":`...), ord.Staff)
	b = strIf(b, "customer", ord.Customer)
	b = list(append(b, `,"lines":`...), ord.Lines, e.line)
	if a := ord.Offer; a != nil {
		b = appendJSONText(append(b, `,"offer":{"id":`...), a.ID)
		b = appendJSONText(append(b, `,"name":`...), a.Name)
		b = strIf(b, "description", a.Description)
		b = strIf(b, "code", a.Code)
		if a.Automatic {
			b = append(b, `,"automatic":true`...)
		}
		b = append(b, '}')
	}
	if len(ord.Fees) > 0 {
		b = list(append(b, `,"fees":`...), ord.Fees, func(b []byte, f *pos.Fee) []byte {
			b = appendJSONText(append(b, `{"method":`...), f.Method)
			b = appendJSONText(append(b, `,"name":`...), f.Name)
			b = e.money(append(b, `,"amount":`...), f.Amount)
			b = intIf(b, "vat_rate_bp", f.VATRate)
			return append(e.moneyIf(b, "vat", f.VAT), '}')
		})
	}
	b = e.money(append(b, `,"total":`...), ord.Total)
	b = list(append(b, `,"tickets":`...), ord.Tickets, e.ticket)
	b = list(append(b, `,"payments":`...), ord.Payments, e.payment)
	b = e.timeIf(b, "deadline", ord.Deadline)
	if len(ord.VAT) > 0 {
		b = list(append(b, `,"vat":`...), ord.VAT, func(b []byte, v *pos.VATTotal) []byte {
			b = strconv.AppendInt(append(b, `{"rate_bp":`...), v.Rate, 10)
			b = e.money(append(b, `,"gross":`...), v.Gross)
			return append(e.money(append(b, `,"vat":`...), v.Amount), '}')
		})
	}
	return append(b, '}')
}

// line appends a priced line: its cart line's fields first (embedded).
func (e *payloadEnc) line(b []byte, l *pos.PricedLine) []byte {
	b = appendJSONText(append(b, `{"kind":`...), l.Kind)
	b = strIf(b, "performance", l.Performance)
	b = strIf(b, "zone", l.Zone)
	b = strIf(b, "category", l.Category)
	b = strIf(b, "seat", l.Seat)
	b = strIf(b, "item", l.Item)
	b = strconv.AppendInt(append(b, `,"quantity":`...), int64(l.Quantity), 10)
	if len(l.Answers) > 0 {
		b = append(b, `,"answers":{`...)
		for i, k := range slices.Sorted(maps.Keys(l.Answers)) {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONText(append(appendJSONText(b, k), ':'), l.Answers[k])
		}
		b = append(b, '}')
	}
	b = strIf(b, "custom_text", l.CustomText)
	b = e.moneyIf(b, "amount", l.Amount)
	b = strIf(b, "comp", l.Comp)
	b = appendJSONText(append(b, `,"name":`...), l.Name)
	b = strIf(b, "detail", l.Detail)
	b = strIf(b, "event", l.Event)
	b = strIf(b, "price_list", l.PriceList)
	b = e.money(append(b, `,"unit_regular":`...), l.Unit)
	b = e.money(append(b, `,"regular":`...), l.Regular)
	b = e.money(append(b, `,"charged":`...), l.Charged)
	b = e.money(append(b, `,"discount":`...), l.Discount)
	b = strIf(b, "offer", l.Offer)
	if len(l.Missing) > 0 {
		b = list(append(b, `,"missing_answers":`...), l.Missing, func(b []byte, s *string) []byte { return appendJSONText(b, *s) })
	}
	b = strIf(b, "offer_item", l.OfferItem)
	b = intIf(b, "vat_rate_bp", l.VATRate)
	b = e.moneyIf(b, "vat", l.VAT)
	b = e.timeIf(b, "expires", l.Expires)
	return append(b, '}')
}

func (e *payloadEnc) ticket(b []byte, t *pos.Ticket) []byte {
	b = appendJSONText(append(b, `{"number":`...), t.Number)
	b = appendJSONText(append(b, `,"kind":`...), t.Kind)
	b = strconv.AppendInt(append(b, `,"line":`...), int64(t.Line), 10)
	b = strIf(b, "performance", t.Performance)
	b = strIf(b, "zone", t.Zone)
	b = strIf(b, "seat", t.Seat)
	b = strIf(b, "category", t.Category)
	b = strIf(b, "item", t.Item)
	b = e.money(append(b, `,"price":`...), t.Price)
	b = e.money(append(b, `,"regular":`...), t.Regular)
	b = strIf(b, "offer", t.Offer)
	b = strIf(b, "custom_text", t.CustomText)
	b = e.timeIf(b, "expires", t.Expires)
	b = strIf(b, "comp", t.Comp)
	return append(b, '}')
}

func (e *payloadEnc) payment(b []byte, p *pos.Payment) []byte {
	b = appendJSONText(append(b, `{"method":`...), p.Method)
	b = appendJSONText(append(b, `,"kind":`...), p.Kind)
	b = e.money(append(b, `,"amount":`...), p.Amount)
	b = e.moneyIf(b, "tendered", p.Tendered)
	b = e.moneyIf(b, "change", p.Change)
	b = e.moneyIf(b, "rounding", p.Rounding)
	if c := p.Card; c != nil {
		b = appendJSONText(append(b, `,"card":{"terminal_ref":`...), c.Terminal)
		b = strIf(b, "approval", c.Approval)
		b = strIf(b, "brand", c.Brand)
		b = strIf(b, "last4", c.Last4)
		b = append(b, '}')
	}
	b = strIf(b, "voucher", p.Voucher)
	if p.Left != nil {
		b = e.money(append(b, `,"left":`...), *p.Left)
	}
	if p.Pending {
		b = append(b, `,"pending":true`...)
	}
	return append(strIf(b, "reference", p.Reference), '}')
}

func (e *payloadEnc) report(b []byte, r *Report) []byte {
	b = appendJSONText(append(b, `{"shift":`...), r.Shift)
	b = appendJSONText(append(b, `,"staff":`...), r.Staff)
	b = e.time(append(b, `,"opened":`...), r.Opened)
	b = e.time(append(b, `,"at":`...), r.At)
	b = strconv.AppendBool(append(b, `,"z":`...), r.Z)
	b = e.money(append(b, `,"float":`...), r.Float)
	b = e.money(append(b, `,"cash_in":`...), r.CashIn)
	b = e.money(append(b, `,"cash_out":`...), r.CashOut)
	b = e.money(append(b, `,"cash_sales":`...), r.CashSales)
	b = e.money(append(b, `,"cash_refunds":`...), r.CashRefunds)
	b = e.money(append(b, `,"expected":`...), r.Expected)
	b = e.moneyIf(b, "counted", r.Counted)
	b = e.moneyIf(b, "difference", r.Difference)
	b = list(append(b, `,"by_method":`...), r.ByMethod, e.methodTotal)
	b = strconv.AppendInt(append(b, `,"orders":`...), int64(r.Orders), 10)
	b = strconv.AppendInt(append(b, `,"tickets":`...), int64(r.Tickets), 10)
	b = strconv.AppendInt(append(b, `,"canceled":`...), int64(r.Canceled), 10)
	b = intIf(b, "canceled_partly", int64(r.PartCanceled))
	b = e.moneyIf(b, "cash_rounding", r.CashRounding)
	if len(r.Left) > 0 {
		b = list(append(b, `,"left":`...), r.Left, e.methodTotal)
	}
	if r.Detail != nil {
		b = e.detail(append(b, `,"detail":`...), r.Detail)
	}
	return append(b, '}')
}

func (e *payloadEnc) methodTotal(b []byte, m *MethodTotal) []byte {
	b = appendJSONText(append(b, `{"method":`...), m.Method)
	b = appendJSONText(append(b, `,"kind":`...), m.Kind)
	b = strconv.AppendInt(append(b, `,"count":`...), int64(m.Count), 10)
	b = intIf(b, "refunds", int64(m.Refunds))
	return append(e.money(append(b, `,"amount":`...), m.Amount), '}')
}

func (e *payloadEnc) detail(b []byte, d *ReportDetail) []byte {
	b = list(append(b, `{"sales":`...), d.Sales, func(b []byte, s *SalesTotal) []byte {
		b = appendJSONText(append(b, `{"performance":`...), s.Performance)
		b = appendJSONText(append(b, `,"category":`...), s.Category)
		b = strconv.AppendInt(append(b, `,"tickets":`...), int64(s.Tickets), 10)
		return append(e.money(append(b, `,"amount":`...), s.Amount), '}')
	})
	b = list(append(b, `,"offers":`...), d.Offers, func(b []byte, o *OfferTotal) []byte {
		b = appendJSONText(append(b, `{"offer":`...), o.Offer)
		b = strconv.AppendInt(append(b, `,"tickets":`...), int64(o.Tickets), 10)
		b = e.money(append(b, `,"discount":`...), o.Discount)
		return append(strconv.AppendInt(append(b, `,"code_uses":`...), int64(o.CodeUses), 10), '}')
	})
	b = list(append(b, `,"comps":`...), d.Comps, func(b []byte, c *CompLine) []byte {
		b = appendJSONText(append(b, `{"order":`...), c.Order)
		b = appendJSONText(append(b, `,"ticket":`...), c.Ticket)
		b = strIf(b, "product", c.Product)
		return append(appendJSONText(append(b, `,"reason":`...), c.Reason), '}')
	})
	b = strconv.AppendInt(append(b, `,"refunds":`...), int64(d.Refunds), 10)
	b = e.money(append(b, `,"refunds_amount":`...), d.RefundsAmount)
	b = strconv.AppendInt(append(b, `,"invoices_validated":`...), int64(d.InvoicesValidated), 10)
	b = e.money(append(b, `,"invoices_validated_amount":`...), d.ValidatedAmount)
	b = strconv.AppendInt(append(b, `,"invoices_lapsed":`...), int64(d.InvoicesLapsed), 10)
	b = e.money(append(b, `,"invoices_lapsed_amount":`...), d.LapsedAmount)
	b = strconv.AppendInt(append(b, `,"vouchers_sold":`...), int64(d.VouchersSold), 10)
	b = e.money(append(b, `,"vouchers_sold_amount":`...), d.VouchersSoldValue)
	b = e.money(append(b, `,"vouchers_spent":`...), d.VouchersSpent)
	b = e.money(append(b, `,"exchange_fees":`...), d.ExchangeFees)
	b = strconv.AppendInt(append(b, `,"exchanged":`...), int64(d.Exchanged), 10)
	b = e.money(append(b, `,"exchange_credit":`...), d.ExchangeCredit)
	b = intIf(b, "credit_vouchers", int64(d.CreditVouchers))
	b = e.moneyIf(b, "credit_vouchers_amount", d.CreditVouchersAmount)
	b = intIf(b, "invoices_canceled", int64(d.InvoicesCanceled))
	b = e.moneyIf(b, "invoices_canceled_amount", d.CanceledAmount)
	if len(d.Products) > 0 {
		b = list(append(b, `,"products":`...), d.Products, func(b []byte, p *ProductTotal) []byte {
			b = appendJSONText(append(b, `{"item":`...), p.Item)
			b = strconv.AppendInt(append(b, `,"quantity":`...), int64(p.Quantity), 10)
			return append(e.money(append(b, `,"amount":`...), p.Amount), '}')
		})
	}
	if len(d.Fees) > 0 {
		b = list(append(b, `,"fees":`...), d.Fees, func(b []byte, f *FeeTotal) []byte {
			b = appendJSONText(append(b, `{"method":`...), f.Method)
			b = strconv.AppendInt(append(b, `,"orders":`...), int64(f.Orders), 10)
			return append(e.money(append(b, `,"amount":`...), f.Amount), '}')
		})
	}
	return append(b, '}')
}

// plainJSON says whether encoding/json writes s as it is, between quotes.
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7F || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// appendJSONText appends s as encoding/json writes it (its appendString,
// HTML escaped): quotes, backslashes, control characters, <, > and & escaped,
// invalid UTF-8 as \ufffd, U+2028 and U+2029 escaped, the rest as it is.
func appendJSONText(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
