package local

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"guichet/pos"
)

// TestMarshalRecIsJSON: marshalRec writes the bytes encoding/json writes,
// for records of every shape: tickets nil, empty or not, each field set or
// not, strings to escape (quotes, HTML, controls, accents, invalid UTF-8,
// U+2028), a customer taken off (""), payments validated and refunds.
func TestMarshalRecIsJSON(t *testing.T) {
	texts := []string{"", "paid", "valid", "printed", "canceled", "K01-000001", `a "quoted" \\ one`,
		"<b>&amp;</b>", "R&D", "a>b", "tab\there", "nul\x00", "Zoé Müller", "\xff\xfe", "line\u2028sep", "del\x7f", "日本"}
	rng := rand.New(rand.NewPCG(7, 14))
	pick := func() string { return texts[rng.IntN(len(texts))] }
	num := func() int { return []int{0, 0, 1, 2, -1, 1 << 40}[rng.IntN(6)] }
	for i := range 20000 {
		rec := orderRec{Placed: uint64(rng.IntN(3)) * uint64(rng.Int64()), State: pick(), CancelReason: pick(), ExchangedInto: pick(), Receipts: num()}
		switch rng.IntN(3) {
		case 0:
		case 1:
			rec.Tickets = []ticketRec{}
		default:
			for range 1 + rng.IntN(5) {
				rec.Tickets = append(rec.Tickets, ticketRec{State: pick(), Issued: uint64(num() & 0xffff), Printed: num(), Reprints: num()})
				if rng.IntN(20) == 0 {
					rec.Tickets[len(rec.Tickets)-1].PrintedJobs = []uint64{uint64(num() & 0xffff)}
				}
			}
		}
		if rng.IntN(3) == 0 {
			c := pick()
			rec.Customer = &c
		}
		if i%10 == 0 {
			switch rng.IntN(3) {
			case 0:
				rec.Validated = time.Date(2026, 12, 3, 18, 0, 0, 0, time.UTC)
			case 1:
				rec.Validation = &pos.Payment{Method: "cash", Amount: pos.M(100, "CHF")}
			default:
				rec.Refunds = []pos.Payment{}
			}
			if rng.IntN(2) == 0 {
				rec.Cancellations = []CancelRef{{Entry: uint64(num() & 0xffff), Slips: num()}}
			}
		}
		want, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		got, err := marshalRec(rec)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("marshalRec(%+v) = %s, %v; encoding/json: %s", rec, got, err, want)
		}
	}
}

// TestMarshalRecKnowsEveryField: marshalRec writes orderRec's and
// ticketRec's fields by name; a field added to either must be written
// there too (or make the record go through encoding/json), and added to
// TestMarshalRecIsJSON's records: this test names the fields it knows.
func TestMarshalRecKnowsEveryField(t *testing.T) {
	for _, tc := range []struct {
		typ  reflect.Type
		want string
	}{
		{reflect.TypeFor[orderRec](), "placed state tickets cancel_reason,omitempty validated,omitzero validation,omitempty exchanged_into,omitempty refunds,omitempty customer,omitempty receipts,omitempty cancellations,omitempty"},
		// printed_jobs: a record holding some is written by encoding/json (reprinted)
		{reflect.TypeFor[ticketRec](), "state,omitempty issued,omitempty printed,omitempty reprints,omitempty printed_jobs,omitempty"},
	} {
		var tags []string
		for i := range tc.typ.NumField() {
			tags = append(tags, tc.typ.Field(i).Tag.Get("json"))
		}
		if got := strings.Join(tags, " "); got != tc.want {
			t.Errorf("%s's fields are %q, marshalRec knows %q: write the new ones there", tc.typ, got, tc.want)
		}
	}
}

// BenchmarkMarshalRec: a 4-ticket sale's record, printed, by hand and by
// encoding/json.
func BenchmarkMarshalRec(b *testing.B) {
	rec := orderRec{Placed: 1200, State: pos.OrderPaid, Tickets: []ticketRec{{Issued: 1203, Printed: 1}, {Issued: 1204, Printed: 1}, {Issued: 1205, Printed: 1}, {Issued: 1206}}, Receipts: 1}
	b.Run("hand", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = marshalRec(rec)
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = json.Marshal(rec)
		}
	})
}
