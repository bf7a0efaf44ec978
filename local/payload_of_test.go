package local

import (
	"testing"
)

// TestPayloadOfSharesTheDecodedPayload: the views folding a sale read its
// order.placed as append built it (one value, not a copy each: nine
// copies of a pos.Order a sale before), and an entry read from the file
// decodes its JSON.
func TestPayloadOfSharesTheDecodedPayload(t *testing.T) {
	built := &orderPlaced{Catalog: "built"}
	built.Order.Number = "K01-000007"
	for _, tc := range []struct {
		name   string
		e      Entry
		shared bool
		want   string
	}{
		{"as appended", Entry{decoded: built, Payload: []byte(`{"catalog":"stored"}`)}, true, "built"},
		{"read from the file", Entry{Payload: []byte(`{"order":{"number":"K01-000007"},"catalog":"stored"}`)}, false, "stored"},
		{"decoded as another type", Entry{decoded: &paymentCaptured{}, Payload: []byte(`{"catalog":"stored"}`)}, false, "stored"},
	} {
		p, err := payloadOf[orderPlaced](tc.e)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if (p == built) != tc.shared || p.Catalog != tc.want {
			t.Errorf("%s: payload %p (catalog %q), built %p: shared %v, want %v (%q)", tc.name, p, p.Catalog, built, p == built, tc.shared, tc.want)
		}
	}
	if _, err := payloadOf[orderPlaced](Entry{Payload: []byte(`{`)}); err == nil {
		t.Error("a payload that does not decode gave no error")
	}
}
