package pos

import (
	"encoding/json"
	"strings"
	"testing"
)

// editedCatalog is the test catalog with edit applied to its JSON.
func editedCatalog(t *testing.T, edit func(doc map[string]any)) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(testCatalogJSON), &doc); err != nil {
		t.Fatal(err)
	}
	// the event the limited profile names (as testCatalogWith adds it)
	doc["events"] = append(doc["events"].([]any), map[string]any{"id": "other", "name": "Other", "venue": "hall"})
	edit(doc)
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// methods sets a field of the payment methods keep picks.
func methods(doc map[string]any, keep func(m map[string]any) bool, field string, v any) {
	for _, m := range doc["payment_methods"].([]any) {
		if m := m.(map[string]any); keep(m) {
			m[field] = v
		}
	}
}

func every(map[string]any) bool { return true }

// TestCatalogRefusesACounterThatCanTakeNoSale: a catalog whose methods
// all lack "staff": true loaded silently, and every sale at the counter
// was then refused at payment. It is refused, naming the fix; so is a
// counter left only a voucher or a credit, and a profile whose methods
// are none open to staff.
func TestCatalogRefusesACounterThatCanTakeNoSale(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(doc map[string]any)
		want string // "" : loads
	}{
		{"as given", func(map[string]any) {}, ""},
		{"no method for staff", func(doc map[string]any) { methods(doc, every, "staff", false) },
			`payment_methods: none is offered at the counter, so every sale there would be refused; add "staff": true to the methods staff take (the catalog has cash, card, twint, invoice, free)`},
		{"staff left out", func(doc map[string]any) {
			for _, m := range doc["payment_methods"].([]any) {
				delete(m.(map[string]any), "staff")
			}
		}, `payment_methods: none is offered at the counter`},
		{"only the gift voucher for staff", func(doc map[string]any) {
			methods(doc, func(m map[string]any) bool { return m["kind"] != "voucher" }, "staff", false)
		}, `payment_methods: none is offered at the counter`},
		{"only cash for staff", func(doc map[string]any) {
			methods(doc, func(m map[string]any) bool { return m["id"] != "cash" }, "staff", false)
		}, ""},
		{"no method at all", func(doc map[string]any) { doc["payment_methods"] = []any{} },
			`payment_methods: there is none, so no sale can be paid`},
		{"a profile's only method not for staff", func(doc map[string]any) {
			methods(doc, func(m map[string]any) bool { return m["id"] == "cash" }, "staff", false)
		}, `profile "limited": none of its payment methods (cash) is offered at the counter, so its resellers could sell nothing; list one with "staff": true (the catalog has card, twint, invoice, free)`},
		{"the kiosk's profile names customers' methods", func(doc map[string]any) {
			methods(doc, func(m map[string]any) bool { return m["id"] == "card" }, "staff", false)
			doc["profiles"] = append(doc["profiles"].([]any), map[string]any{"id": "kiosk", "name": "Kiosk", "payment_methods": []any{"card"}})
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseCatalog("shows.json", editedCatalog(t, tc.edit), testToday)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want != "" && err == nil:
				t.Fatalf("accepted, want %q", tc.want)
			case tc.want != "" && !strings.Contains(err.Error(), tc.want):
				t.Fatalf("message %q should say %q", err, tc.want)
			}
		})
	}
}

// TestKioskPaysNamesTheMissingCustomerMethod: the kiosk pays on the card
// terminal with methods offered to customers; a catalog with none gives a
// sentence naming the fix.
func TestKioskPaysNamesTheMissingCustomerMethod(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(doc map[string]any)
		want string // "" : the kiosk can take payments
	}{
		{"as given", func(map[string]any) {}, ""},
		{"no method for customers", func(doc map[string]any) { methods(doc, every, "customer", false) },
			`no payment method of the catalog is offered on the kiosk, so no customer could pay there: add "customer": true to a card, postcard or twint method (the catalog has card, twint)`},
		{"only the gift voucher for customers", func(doc map[string]any) {
			methods(doc, func(m map[string]any) bool { return m["kind"] != "voucher" }, "customer", false)
		}, `no payment method of the catalog is offered on the kiosk`},
		{"cash for customers is not the terminal's", func(doc map[string]any) {
			methods(doc, every, "customer", false)
			methods(doc, func(m map[string]any) bool { return m["id"] == "cash" }, "customer", true)
		}, `no payment method of the catalog is offered on the kiosk`},
		{"only twint", func(doc map[string]any) {
			methods(doc, func(m map[string]any) bool { return m["id"] != "twint" }, "customer", false)
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseCatalog("shows.json", editedCatalog(t, tc.edit), testToday)
			if err != nil {
				t.Fatal(err)
			}
			err = c.KioskPays()
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
}
