package local

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"guichet/pos"
)

// TestMarshalPayloadIsJSON: marshalPayload writes the bytes encoding/json
// writes (the journal's bytes and hashes do not change), for sale payloads
// whose every field, found by reflection (a field added later included),
// takes values of every shape: strings to escape (quotes, HTML, controls,
// accents, invalid UTF-8, U+2028), amounts zero, negative, without a
// currency, times zero, in a zone, beyond year 9999, slices and maps nil,
// empty or not, pointers nil or not. Where encoding/json fails, so does
// marshalPayload.
func TestMarshalPayloadIsJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 14))
	f := &filler{rng: rng}
	failed := 0
	for i := range 6000 {
		var p any
		switch i % 5 {
		case 0:
			p = &orderPlaced{}
		case 1:
			p = &paymentCaptured{}
		case 2:
			p = &ticketIssued{}
		case 3:
			p = &Report{}
		default:
			p = &ReportDetail{}
		}
		f.fill(reflect.ValueOf(p).Elem(), 0)
		want, werr := json.Marshal(p)
		got, gerr := marshalPayload(p)
		if (werr != nil) != (gerr != nil) || !bytes.Equal(got, want) {
			t.Fatalf("marshalPayload(%+v) =\n%s, %v\nencoding/json:\n%s, %v", p, got, gerr, want, werr)
		}
		if werr != nil {
			failed++
		}
	}
	if failed == 0 || failed > 600 {
		t.Errorf("%d payloads of 6000 did not encode: the test must try both kinds, mostly encodable ones", failed)
	}
	// nil pointers (a shift's report the cache holds none of), and nothing
	for _, p := range []any{(*orderPlaced)(nil), (*paymentCaptured)(nil), (*ticketIssued)(nil), (*Report)(nil), (*ReportDetail)(nil), nil} {
		want, _ := json.Marshal(p)
		if got, err := marshalPayload(p); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("marshalPayload(%#v) = %s, %v; encoding/json: %s", p, got, err, want)
		}
	}
	// a sale as a till makes it
	r, _ := openTest(t, "")
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-01", "galerie", "adult", 2))
	must(t, till.AddItem(pos.LineProduct, "programme", 1))
	o, err := till.Checkout(cash())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []any{&orderPlaced{Order: o, Catalog: "x"}, &paymentCaptured{Order: o.Number, Payment: o.Payments[0]},
		&ticketIssued{Order: o.Number, Ticket: o.Tickets[0]}} {
		want, _ := json.Marshal(p)
		if got, err := marshalPayload(p); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("marshalPayload = %s, %v; encoding/json: %s", got, err, want)
		}
	}
}

// TestMarshalPayloadKnowsEveryField: marshalPayload writes these types'
// fields by name; a field added to one must be written there too (the
// random payloads of TestMarshalPayloadIsJSON fill it, and fail until it
// is), and named here.
func TestMarshalPayloadKnowsEveryField(t *testing.T) {
	for _, tc := range []struct {
		typ  reflect.Type
		want string
	}{
		{reflect.TypeFor[orderPlaced](), "order catalog"},
		{reflect.TypeFor[paymentCaptured](), "order payment"},
		{reflect.TypeFor[ticketIssued](), "order ticket qr,omitempty"},
		{reflect.TypeFor[pos.Order](), "number state placed register staff customer,omitempty lines offer,omitempty fees,omitempty total tickets payments deadline,omitzero vat,omitempty"},
		{reflect.TypeFor[pos.PricedLine](), " name detail,omitempty event,omitempty price_list,omitempty unit_regular regular charged discount offer,omitempty missing_answers,omitempty offer_item,omitempty vat_rate_bp,omitempty vat,omitzero expires,omitzero"},
		{reflect.TypeFor[pos.CartLine](), "kind performance,omitempty zone,omitempty category,omitempty seat,omitempty item,omitempty quantity answers,omitempty custom_text,omitempty amount,omitzero comp,omitempty"},
		{reflect.TypeFor[pos.AppliedOffer](), "id name description,omitempty code,omitempty automatic,omitempty "},
		{reflect.TypeFor[pos.Fee](), "method name amount vat_rate_bp,omitempty vat,omitzero"},
		{reflect.TypeFor[pos.VATTotal](), "rate_bp gross vat"},
		{reflect.TypeFor[pos.Ticket](), "number kind line performance,omitempty zone,omitempty seat,omitempty category,omitempty item,omitempty price regular offer,omitempty custom_text,omitempty expires,omitzero comp,omitempty"},
		{reflect.TypeFor[pos.Payment](), "method kind amount tendered,omitzero change,omitzero rounding,omitzero card,omitempty voucher,omitempty left,omitempty pending,omitempty reference,omitempty"},
		{reflect.TypeFor[pos.CardRef](), "terminal_ref approval,omitempty brand,omitempty last4,omitempty"},
		{reflect.TypeFor[pos.Money](), " "},
		{reflect.TypeFor[Report](), "shift staff opened at z float cash_in cash_out cash_sales cash_refunds expected counted,omitzero difference,omitzero by_method orders tickets canceled canceled_partly,omitempty cash_rounding,omitzero left,omitempty - detail,omitempty"},
		{reflect.TypeFor[MethodTotal](), "method kind count refunds,omitempty amount"},
		{reflect.TypeFor[ReportDetail](), "sales offers comps refunds refunds_amount invoices_validated invoices_validated_amount invoices_lapsed invoices_lapsed_amount vouchers_sold vouchers_sold_amount vouchers_spent exchange_fees exchanged exchange_credit credit_vouchers,omitempty credit_vouchers_amount,omitzero invoices_canceled,omitempty invoices_canceled_amount,omitzero products,omitempty fees,omitempty"},
		{reflect.TypeFor[SalesTotal](), "performance category tickets amount"},
		{reflect.TypeFor[OfferTotal](), "offer tickets discount code_uses"},
		{reflect.TypeFor[CompLine](), "order ticket product,omitempty reason"},
		{reflect.TypeFor[ProductTotal](), "item quantity amount"},
		{reflect.TypeFor[FeeTotal](), "method orders amount"},
	} {
		var tags []string
		for i := range tc.typ.NumField() {
			tags = append(tags, tc.typ.Field(i).Tag.Get("json"))
		}
		if got := strings.Join(tags, " "); got != tc.want {
			t.Errorf("%s's fields are %q, marshalPayload knows %q: write the new ones there", tc.typ, got, tc.want)
		}
	}
}

// filler gives every settable field of a value a random value of a shape
// encoding/json treats apart.
type filler struct{ rng *rand.Rand }

var (
	fillTexts = []string{"", "", "paid", "K01-000001", "CHF", `a "quoted" \ one`, "<b>&amp;</b>", "tab\there", "nul\x00",
		"Zoé Müller", "\xff\xfe", "line\u2028sep", "para\u2029", "del\x7f", "日本", "\b\f\n\r\x1f", "mar. 10 mars · 20:00 — galerie"}
	fillMoney = []pos.Money{{}, {}, pos.M(0, "CHF"), pos.M(1250, "CHF"), pos.M(-5, "EUR"), pos.M(1<<40, "CHF"),
		pos.M(7, "JPY"), pos.M(1, "CHF"), pos.M(-1, "CHF"), pos.M(99, "EUR"), pos.M(100, "USD"), pos.M(-100, "GBP"),
		pos.M(-12345, "JPY"), pos.M(5, "XYZ"), pos.M(5, "C<F"), pos.M(math.MinInt64, "CHF"), pos.M(math.MaxInt64, "EUR")}
	fillTimes = []time.Time{{}, {}, time.Date(2026, 12, 4, 18, 30, 0, 0, time.UTC), time.Date(2026, 3, 10, 14, 0, 0, 123456789, time.UTC),
		time.Date(2026, 7, 1, 20, 0, 0, 0, time.FixedZone("CEST", 7200))}
	// values encoding/json refuses: rare, so most payloads encode
	badMoney = pos.Money{Amount: 3}
	badTime  = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	moneyT   = reflect.TypeFor[pos.Money]()
	timeT    = reflect.TypeFor[time.Time]()
)

func (f *filler) fill(v reflect.Value, depth int) {
	pick := func(n int) int { return f.rng.IntN(n) }
	switch {
	case v.Type() == moneyT && pick(500) == 0:
		v.Set(reflect.ValueOf(badMoney))
		return
	case v.Type() == moneyT:
		v.Set(reflect.ValueOf(fillMoney[pick(len(fillMoney))]))
		return
	case v.Type() == timeT && pick(200) == 0:
		v.Set(reflect.ValueOf(badTime))
		return
	case v.Type() == timeT:
		v.Set(reflect.ValueOf(fillTimes[pick(len(fillTimes))]))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(fillTexts[pick(len(fillTexts))])
	case reflect.Int, reflect.Int64:
		v.SetInt([]int64{0, 0, 1, 2, -1, 810, 1 << 40}[pick(7)])
	case reflect.Bool:
		v.SetBool(pick(2) == 0)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Field(i).CanSet() {
				f.fill(v.Field(i), depth)
			}
		}
	case reflect.Pointer:
		if pick(2) == 0 {
			v.SetZero()
			return
		}
		p := reflect.New(v.Type().Elem())
		f.fill(p.Elem(), depth+1)
		v.Set(p)
	case reflect.Slice:
		switch pick(4) {
		case 0:
			v.SetZero()
		case 1:
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		default:
			n := 1 + pick(3)
			if depth > 1 {
				n = 1
			}
			s := reflect.MakeSlice(v.Type(), n, n)
			for i := range n {
				f.fill(s.Index(i), depth+1)
			}
			v.Set(s)
		}
	case reflect.Map:
		switch pick(3) {
		case 0:
			v.SetZero()
		case 1:
			v.Set(reflect.MakeMap(v.Type()))
		default:
			m := reflect.MakeMap(v.Type())
			for range 1 + pick(3) {
				k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
				f.fill(k, depth+1)
				f.fill(e, depth+1)
				m.SetMapIndex(k, e)
			}
			v.Set(m)
		}
	default:
		panic("filler: no values for " + v.Type().String())
	}
}

// BenchmarkMarshalPayload: a 4-ticket sale's order.placed payload, by
// hand and by encoding/json.
func BenchmarkMarshalPayload(b *testing.B) {
	r, _ := openTest(b, "")
	till := openTill(b, r, "claire", "1234")
	must(b, till.AddTickets("hamlet-01", "galerie", "adult", 4))
	o, err := till.Checkout(cash())
	if err != nil {
		b.Fatal(err)
	}
	p := &orderPlaced{Order: o, Catalog: "digest"}
	b.Run("hand", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = marshalPayload(p)
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = json.Marshal(p)
		}
	})
}
