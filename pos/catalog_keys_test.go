package pos

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// duplicateKeyByTokens is duplicateKey as it was written first, on
// json.Decoder.Token: the reference the scanner must agree with.
func duplicateKeyByTokens(data []byte) error {
	type object struct {
		keys      map[string]bool
		expectKey bool
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var stack []*object // nil entries are arrays
	value := func() {
		if n := len(stack); n > 0 && stack[n-1] != nil {
			stack[n-1].expectKey = true
		}
	}
	for {
		at := dec.InputOffset() // the next token starts past spaces and a comma
		for at < int64(len(data)) && strings.IndexByte(" \t\r\n,", data[at]) >= 0 {
			at++
		}
		tok, err := dec.Token()
		if err != nil {
			return nil
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{':
				value()
				stack = append(stack, &object{keys: map[string]bool{}, expectKey: true})
			case '[':
				value()
				stack = append(stack, nil)
			default:
				stack = stack[:len(stack)-1]
			}
		case string:
			if n := len(stack); n > 0 && stack[n-1] != nil && stack[n-1].expectKey {
				top, k := stack[n-1], strings.ToLower(v)
				if top.keys[k] {
					return fmt.Errorf("%s: %q is given twice in the same object; keep one", jsonPlace(data, at), v)
				}
				top.keys[k], top.expectKey = true, false
				continue
			}
			value()
		default:
			value()
		}
	}
}

// jsonText draws a JSON text whose objects often repeat a key, in another
// case or escaped, and whose objects sometimes have many keys.
func jsonText(t *rapid.T, depth int) string {
	keys := []string{`"a"`, `"A"`, `"b"`, `"pin"`, `"PIN"`, `"\u0070in"`, `"k\"q"`, `"é"`, `"É"`}
	kind := rapid.IntRange(0, 9).Draw(t, "kind")
	if depth > 3 {
		kind = 9
	}
	switch {
	case kind < 4:
		n := rapid.IntRange(0, 5).Draw(t, "keys")
		var b strings.Builder
		b.WriteString("{")
		if rapid.IntRange(0, 7).Draw(t, "many") == 0 {
			for i := range 20 {
				fmt.Fprintf(&b, "\"k%d\": %d, ", i, i)
			}
		}
		for i := range n {
			if i > 0 {
				b.WriteString(",\n ")
			}
			b.WriteString(rapid.SampledFrom(keys).Draw(t, "key") + ": " + jsonText(t, depth+1))
		}
		b.WriteString("}")
		return strings.Replace(b.String(), ", }", "}", 1)
	case kind < 6:
		n := rapid.IntRange(0, 3).Draw(t, "items")
		items := make([]string, n)
		for i := range items {
			items[i] = jsonText(t, depth+1)
		}
		return "[" + strings.Join(items, ", ") + "]"
	default:
		return rapid.SampledFrom([]string{`1`, `-0.5e+3`, `"x"`, `true`, `null`, `"\\"`, `"pin"`, `01`, `tru`, `1.`}).Draw(t, "scalar")
	}
}

// TestDuplicateKeyAgreesWithTheDecoder: on any text, valid or cut short or
// with a byte changed, the scanner finds the duplicate the token walk
// finds, on the same line, and none where it finds none.
func TestDuplicateKeyAgreesWithTheDecoder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		data := []byte(jsonText(t, 0))
		switch rapid.IntRange(0, 3).Draw(t, "edit") {
		case 1:
			data = data[:rapid.IntRange(0, len(data)).Draw(t, "cut")]
		case 2:
			if len(data) > 0 {
				data[rapid.IntRange(0, len(data)-1).Draw(t, "at")] = rapid.SampledFrom([]byte(`{}[],:" 0a\`)).Draw(t, "byte")
			}
		}
		want, got := duplicateKeyByTokens(data), duplicateKey(data)
		if fmt.Sprint(want) != fmt.Sprint(got) {
			t.Fatalf("%s\nthe token walk: %v\nthe scanner:    %v", data, want, got)
		}
	})
}

// TestDuplicateKeyAllocatesLittle: reading the keys of 2,000
// performances costs a few allocations, not one a token.
func TestDuplicateKeyAllocatesLittle(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"organiser": {"name": "X", "currency": "CHF"}, "performances": [`)
	for i := range 2000 {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"id": "p%d", "event": "e", "start": "+%dd 20:00", "price_list": "std", "labels": ["week"], "capacity": {"floor": 100}, "canceled": false}`, i, i)
	}
	b.WriteString("]}")
	data := []byte(b.String())
	if err := duplicateKey(data); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(5, func() { _ = duplicateKey(data) }); n > 20 {
		t.Errorf("%.0f allocations to read the keys of 2,000 performances", n)
	}
}
