package server

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"pgregory.net/rapid"
)

// anyJSON is any JSON value: what a field the server does not read, or a
// field of the wrong type, may hold.
func anyJSON(depth int) *rapid.Generator[any] {
	return rapid.Custom(func(t *rapid.T) any {
		k := rapid.IntRange(0, 6).Draw(t, "json kind")
		if depth <= 0 && k >= 5 {
			k = 4
		}
		switch k {
		case 0:
			return nil
		case 1:
			return rapid.Bool().Draw(t, "bool")
		case 2:
			return json.Number(rapid.SampledFrom([]string{"0", "-0", "12", "-7", "1.5", "1e3", "2E-2", "9223372036854775808", "0.0"}).Draw(t, "number"))
		case 3:
			return tricky.Draw(t, "text")
		case 4:
			return rapid.String().Draw(t, "string")
		case 5:
			return rapid.SliceOfN(anyJSON(depth-1), 0, 3).Draw(t, "array")
		default:
			return rapid.MapOfN(rapid.SampledFrom([]string{"a", "name", "Number", "é", "vat"}), anyJSON(depth-1), 0, 3).Draw(t, "object")
		}
	})
}

// field is a payload's field and its value.
type field struct {
	key string
	gen *rapid.Generator[any]
}

// gens are the generators of payloads' values: clean ones write what a
// register writes (every field of its type, text without escapes);
// hostile ones put in fields of the wrong type, bad amounts, times and
// numbers, text JSON escapes, keys that differ only in case.
type gens struct{ hostile bool }

// odd: in a hostile payload, one time in four.
func (g gens) odd(t *rapid.T, label string) bool {
	return g.hostile && rapid.IntRange(0, 3).Draw(t, label) == 3
}

func (g gens) obj(fields ...field) *rapid.Generator[any] {
	return rapid.Custom(func(t *rapid.T) any {
		m := map[string]any{}
		for _, f := range fields {
			switch {
			case g.odd(t, "absent? "+f.key):
			case g.odd(t, "odd? "+f.key):
				m[f.key] = anyJSON(1).Draw(t, "odd "+f.key)
			default:
				m[f.key] = f.gen.Draw(t, f.key)
			}
		}
		extra := []string{"catalog", "placed", "name", "vat", "x"}
		if g.hostile {
			extra = append(extra, "NUMBER", "Number", "ſtate")
		}
		for range rapid.IntRange(0, 2).Draw(t, "extra fields") {
			m[rapid.SampledFrom(extra).Draw(t, "extra")] = anyJSON(2).Draw(t, "extra value")
		}
		return m
	})
}

func (g gens) list(elem *rapid.Generator[any]) *rapid.Generator[any] {
	return rapid.Custom(func(t *rapid.T) any { return rapid.SliceOfN(elem, 0, 3).Draw(t, "list") })
}

// one is one of good, or in a hostile payload sometimes one of bad:
// strings, or numbers if number.
func (g gens) one(good, bad []string, number bool) *rapid.Generator[any] {
	return rapid.Custom(func(t *rapid.T) any {
		v := rapid.SampledFrom(good).Draw(t, "good")
		if g.odd(t, "bad?") {
			v = rapid.SampledFrom(bad).Draw(t, "bad")
		}
		if number {
			return json.Number(v)
		}
		return v
	})
}

func (g gens) text() *rapid.Generator[any] {
	return rapid.Custom(func(t *rapid.T) any {
		if g.odd(t, "tricky?") {
			return tricky.Draw(t, "tricky")
		}
		return rapid.StringMatching(`[a-zé0-9-]{0,10}`).Draw(t, "s")
	})
}

func (g gens) money() *rapid.Generator[any] {
	return g.one([]string{"CHF 25.00", "EUR 0.05", "CHF -3.50", "0", ""}, []string{"CHF 25", "25.00", "CHF 2.5O", " CHF 1.00"}, false)
}

func (g gens) orderPlaced() *rapid.Generator[any] {
	text, money := g.text(), g.money()
	integer := g.one([]string{"0", "1", "-1", "-0", "3", "12"}, []string{"1.0", "1e1", "99999999999999999999", leadingZero}, true)
	when := g.one([]string{"2026-03-10T14:00:00Z", "2026-03-10T14:00:00.123456789+01:00", "0001-01-01T00:00:00Z"}, []string{"yesterday", ""}, false)
	return g.obj(field{"order", g.obj(
		field{"number", text}, field{"state", text}, field{"total", money}, field{"customer", text}, field{"deadline", when},
		field{"offer", g.obj(field{"id", text}, field{"code", text})},
		field{"lines", g.list(g.obj(field{"offer_item", text}, field{"kind", text}))},
		field{"tickets", g.list(g.obj(field{"number", text}, field{"kind", text}, field{"line", integer}, field{"performance", text},
			field{"zone", text}, field{"seat", text}, field{"category", text}, field{"item", text}, field{"offer", text},
			field{"price", money}, field{"regular", money}))},
		field{"payments", g.list(anyJSON(2))},
	)})
}

func (g gens) paymentCaptured() *rapid.Generator[any] {
	text, money := g.text(), g.money()
	return g.obj(field{"order", text}, field{"payment", g.obj(
		field{"method", text}, field{"kind", text}, field{"amount", money}, field{"tendered", money}, field{"change", money},
		field{"rounding", money}, field{"voucher", text}, field{"pending", rapid.Map(rapid.Bool(), func(b bool) any { return b })},
		field{"reference", text},
		field{"card", g.obj(field{"terminal_ref", text}, field{"approval", text}, field{"brand", text}, field{"last4", text})},
	)})
}

func (g gens) ticketIssued() *rapid.Generator[any] {
	text := g.text()
	return g.obj(field{"order", text}, field{"ticket", g.obj(field{"number", text}, field{"kind", text})}, field{"qr", text})
}

// leadingZero marks where a number with a leading zero (not JSON) goes:
// json.Marshal writes none.
const leadingZero = "777777"

// damage changes a payload as a hand or a bug might: a byte, a cut, an
// insertion (spaces, a repeated key, a key in other case, an escape).
func damage(t *rapid.T, b []byte) []byte {
	switch rapid.IntRange(0, 4).Draw(t, "damage") {
	case 4: // a number with a leading zero, which JSON has not
		var at []int
		for i := 0; i+1 < len(b); i++ {
			if b[i] == ':' && (b[i+1] == '-' || b[i+1] >= '0' && b[i+1] <= '9') {
				at = append(at, i+1)
			}
		}
		if len(at) > 0 {
			i := rapid.SampledFrom(at).Draw(t, "number at")
			if b[i] == '-' {
				i++
			}
			b = append(b[:i:i], append([]byte("0"), b[i:]...)...)
		}
	case 1:
		if len(b) > 0 {
			b[rapid.IntRange(0, len(b)-1).Draw(t, "at")] = rapid.SampledFrom([]byte(`{}[],:" \\0-.eE1tnu`)).Draw(t, "byte")
		}
	case 2:
		b = b[:rapid.IntRange(0, len(b)).Draw(t, "cut")]
	case 3:
		at := rapid.IntRange(0, len(b)).Draw(t, "insert at")
		add := rapid.SampledFrom([]string{" ", "\n\t", `"a\u00e9b"`, `null`, `,`, `\u0041`, "\x01", "\xff", "é"}).Draw(t, "insert")
		if rapid.Bool().Draw(t, "a key?") {
			// A key, where keys go: a repeated one, one in other case
			// (ASCII or Unicode folding), one the reader skips.
			first := rapid.Bool().Draw(t, "first key?")
			var objs []int
			for i, c := range b {
				if first && c == '{' && i+1 < len(b) && b[i+1] == '"' {
					objs = append(objs, i+1) // before the first key
				}
				if !first && c == '}' && i > 0 && b[i-1] != '{' {
					objs = append(objs, i) // after the last value
				}
			}
			if len(objs) == 0 {
				return b
			}
			at = rapid.SampledFrom(objs).Draw(t, "object at")
			add = rapid.SampledFrom([]string{`"number":"x"`, `"Number":"x"`, `"ſtate":"x"`, `"Kind":"k"`, `"order":null`, `"offer":{}`,
				`"lines":[]`, `"line":2`, `"price":"CHF 1.00"`, `"nuMber":"y"`, `"zz":[{"a":1}]`, `"offer":{"id":"o"}`}).Draw(t, "key")
			if first {
				add += ","
			} else {
				add = "," + add
			}
		}
		b = append(b[:at:at], append([]byte(add), b[at:]...)...)
	}
	return b
}

// checkPayload: for any payload, decodePayload answers what json.Unmarshal
// answers (the same value, or an error where it errs); and what the fast
// reader accepts, json.Unmarshal reads to the same value.
func checkPayload[T any](t *rapid.T, gen func(gens) *rapid.Generator[any], read func(*jsonReader, *T) bool) {
	// A payload as a register writes it, the same with one damage, or a
	// hostile one (damaged or not).
	mode := rapid.IntRange(0, 2).Draw(t, "mode")
	g := gens{hostile: mode == 2}
	body, err := json.Marshal(gen(g).Draw(t, "payload"))
	if err != nil {
		t.Fatal(err)
	}
	body = bytes.ReplaceAll(body, []byte(leadingZero), []byte(rapid.SampledFrom([]string{"01", "-01", "00"}).Draw(t, "leading zero")))
	if mode > 0 {
		body = damage(t, body)
	}
	var want, got, fast T
	wantErr := json.Unmarshal(body, &want)
	gotErr := decodePayload(body, &got, read)
	if (wantErr == nil) != (gotErr == nil) {
		t.Fatalf("payload %s: json.Unmarshal says %v, decodePayload %v", body, wantErr, gotErr)
	}
	if wantErr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("payload %s:\n json.Unmarshal %+v\n decodePayload  %+v", body, want, got)
	}
	r := jsonReader{b: body}
	ok := read(&r, &fast) && r.end()
	if !ok && mode == 0 {
		t.Fatalf("payload %s, as a register writes one, was left to json.Unmarshal", body)
	}
	if ok {
		if wantErr != nil {
			t.Fatalf("payload %s: the fast reader accepts what json.Unmarshal refuses (%v)", body, wantErr)
		}
		if !reflect.DeepEqual(fast, want) {
			t.Fatalf("payload %s:\n json.Unmarshal %+v\n fast reader    %+v", body, want, fast)
		}
	}
}

func TestReadOrderPlacedIsUnmarshal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) { checkPayload(t, gens.orderPlaced, readOrderPlaced) })
}

func TestReadPaymentCapturedIsUnmarshal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) { checkPayload(t, gens.paymentCaptured, readPaymentCaptured) })
}

func TestReadTicketIssuedIsUnmarshal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) { checkPayload(t, gens.ticketIssued, readTicketIssued) })
}

// TestReadPayloadsTakeRegisterEntries: the payloads of a sale as a
// register writes them are read by the fast readers, not left to
// json.Unmarshal, and read as json.Unmarshal reads them.
func TestReadPayloadsTakeRegisterEntries(t *testing.T) {
	for _, c := range []struct {
		payload string
		read    func([]byte) (fast, slow any, ok bool)
	}{
		{`{"order":{"number":"K01-000001","state":"paid","placed":"2026-03-10T14:00:00Z","register":"K01","staff":"claire","lines":[{"kind":"ticket","performance":"hamlet-00","zone":"galerie","category":"adult","quantity":1,"name":"Hamlet · Adulte","detail":"mar. 10 mars 20:00 · Galerie debout","event":"hamlet","price_list":"theatre-week","unit_regular":"CHF 25.00","regular":"CHF 25.00","charged":"CHF 25.00","discount":"CHF 0.00","vat_rate_bp":810,"vat":"CHF 1.87","offer_item":"perf=hamlet-00"}],"offer":{"id":"bienvenue","code":"SUMMER","name":{"fr":"Été"}},"total":"CHF 25.00","tickets":[{"number":"K01-000001-01","kind":"ticket","line":0,"performance":"hamlet-00","zone":"galerie","category":"adult","price":"CHF 25.00","regular":"CHF 25.00","offer":"bienvenue"}],"payments":[{"method":"cash","kind":"cash","amount":"CHF 25.00","tendered":"CHF 25.00"}],"deadline":"2026-03-12T23:59:59+01:00","vat":[{"rate_bp":810,"gross":"CHF 25.00","vat":"CHF 1.87"}]},"catalog":"c843d533f5cab757fb41bd3bb6f285e57c686cbe56f922367219c40097dfe51a"}`,
			readWith(readOrderPlaced)},
		{`{"order":"K01-000001","payment":{"method":"card","kind":"card","amount":"CHF 25.00","card":{"terminal_ref":"T1","approval":"A1","brand":"visa","last4":"4242"},"pending":false}}`,
			readWith(readPaymentCaptured)},
		{`{"order":"K01-000001","ticket":{"number":"K01-000001-01","kind":"ticket","line":0,"performance":"hamlet-00","zone":"galerie","category":"adult","price":"CHF 25.00","regular":"CHF 25.00"}}`,
			readWith(readTicketIssued)},
	} {
		fast, slow, ok := c.read([]byte(c.payload))
		if !ok {
			t.Errorf("payload %s was left to json.Unmarshal", c.payload)
			continue
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Errorf("payload %s:\n fast reader    %+v\n json.Unmarshal %+v", c.payload, fast, slow)
		}
	}
}

func readWith[T any](read func(*jsonReader, *T) bool) func([]byte) (any, any, bool) {
	return func(b []byte) (any, any, bool) {
		var fast, slow T
		r := jsonReader{b: b}
		ok := read(&r, &fast) && r.end()
		if err := json.Unmarshal(b, &slow); err != nil {
			panic(err)
		}
		return fast, slow, ok
	}
}
