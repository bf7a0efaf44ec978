package pos

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestCatalogCapacityCountsSeatsNotBlocked(t *testing.T) {
	c := testCatalog(t)
	for _, tc := range []struct {
		perf, zone string
		want       int
	}{
		{"p1", "stalls", 5},    // 4 + 3 seats, A-4 blocked in the venue, A-1 for p1
		{"p2", "stalls", 6},    // only the venue's blocked seat
		{"p1", "standing", 10}, // the venue's capacity
		{"p2", "standing", 4},  // lowered for that date
	} {
		if got := c.Capacity(tc.perf, tc.zone); got != tc.want {
			t.Errorf("capacity %s/%s = %d, want %d", tc.perf, tc.zone, got, tc.want)
		}
	}
	if !c.SeatBlocked("p1", "stalls", "A-1") || c.SeatBlocked("p2", "stalls", "A-1") {
		t.Error("A-1 is blocked for p1 only")
	}
}

func TestCatalogRelativeAndAbsoluteDates(t *testing.T) {
	c := testCatalog(t)
	p1, _ := c.PerformanceByID("p1")
	if want := time.Date(2026, 11, 25, 20, 0, 0, 0, c.Location()); !p1.Start.Equal(want) {
		t.Errorf("p1 starts %v, want %v", p1.Start, want)
	}
	p2, _ := c.PerformanceByID("p2")
	if want := time.Date(2026, 12, 24, 18, 0, 0, 0, c.Location()); !p2.Start.Equal(want) {
		t.Errorf("p2 starts %v, want %v", p2.Start, want)
	}
	loc := c.Location()
	sat, err := ParseWhen("+1w sat 20:00", testToday, loc) // today is Monday 23 Nov
	if err != nil || !sat.Equal(time.Date(2026, 12, 5, 20, 0, 0, 0, loc)) {
		t.Errorf("+1w sat 20:00 = %v, %v", sat, err)
	}
}

// A catalog with a mistake is refused at load with the file, the item and the problem.
func TestCatalogBadInputIsRefusedWithItsName(t *testing.T) {
	for _, tc := range []struct {
		name, from, to, want string
	}{
		{"unknown category in a price list", `{"category": "child", "price": "CHF 15.00"}`, `{"category": "kid", "price": "CHF 15.00"}`, `price list "regular": unknown category "kid"`},
		{"duplicate seat", `"numbers": [1, 3, 5]`, `"numbers": [1, 3, 3]`, `seat B-3 appears twice`},
		{"negative price", `"price": "CHF 15.00"`, `"price": "CHF -15.00"`, `negative amount CHF -15.00`},
		{"currency mismatch", `"price": "CHF 20.00"`, `"price": "EUR 20.00"`, `is not in the organiser's currency CHF`},
		{"unknown venue", `"venue": "hall"}]`, `"venue": "hal"}]`, `event "show": unknown venue "hal"`},
		{"unknown price list", `"price_list": "regular", "blocked"`, `"price_list": "reg", "blocked"`, `performance "p1": unknown price list "reg"`},
		{"bad date", `"+2d 20:00"`, `"next tuesday"`, `performance "p1": start "next tuesday"`},
		{"blocked seat not in hall", `"blocked": ["A-1"]`, `"blocked": ["Z-9"]`, `blocked seat "Z-9" is not a seat`},
		{"reseller without profile", `"profile": "limited"}`, `"profile": "nobody"}`, `staff "rob": a reseller needs a known profile`},
		{"unknown field", `"capacity": 10}`, `"capacity": 10, "colour": "red"}`, `"colour" is not a field of a zone`},
		{"syntax error names the line", `"role": "admin"},`, `"role": "admin"}`, `line `},
		// Limits and refusals (issue 11 point 7).
		{"negative seats", `{"name": "A", "seats": 4, "blocked": [4]}`, `{"name": "A", "seats": -1}`, `venue "hall" zone "stalls" row "A": -1 seats; a row has 1 to 1000`},
		{"a billion seats", `{"name": "A", "seats": 4, "blocked": [4]}`, `{"name": "A", "seats": 1000000000}`, `row "A": 1000000000 seats; a row has 1 to 1000`},
		{"seats from far away", `{"name": "A", "seats": 4, "blocked": [4]}`, `{"name": "A", "seats": 4, "from": 99999999}`, `row "A": seats numbered from 99999999`},
		{"negative seat number", `"numbers": [1, 3, 5]`, `"numbers": [1, -3, 5]`, `row "B": seat number -3`},
		{"too many rows", `{"name": "B", "numbers": [1, 3, 5]}`, `{"name": "B", "numbers": [1, 3, 5]}` + rows(499), `venue "hall" zone "stalls": 501 rows; a zone has at most 500`},
		{"too many zones", `{"id": "standing", "name": "Standing", "capacity": 10}`, `{"id": "standing", "name": "Standing", "capacity": 10}` + zones(100), `venue "hall": 102 zones; a venue has at most 100`},
		{"huge capacity", `"capacity": 10}`, `"capacity": 10000000}`, `zone "standing": capacity 10000000 is not between 1 and 1000000`},
		{"too many performances", `{"id": "p2"`, performances(20000) + `{"id": "p2"`, `20002 performances: a catalog holds at most 20000`},
		{"trailing garbage", `"profile": "limited"}]
}`, `"profile": "limited"}]
} {"more": 1}`, `something follows the catalog's closing brace; remove it`},
		{"a second pin", `"pin": "5678"`, `"pin": "5678", "pin": "0000"`, `line 31, column 48: "pin" is given twice in the same object`},
		{"the same key in another case", `"pin": "5678"`, `"pin": "5678", "PIN": "0000"`, `"PIN" is given twice`},
		{"negative VAT", `"time_zone": "Europe/Zurich"`, `"time_zone": "Europe/Zurich", "vat_rate_bp": -810`, `organiser: vat_rate_bp -810 is not a rate between 0 and 10000`},
		{"VAT above 100 %", `"price": "CHF 5.00"}`, `"price": "CHF 5.00", "vat_rate_bp": 10001}`, `product "prog": vat_rate_bp 10001 is not a rate`},
		{"PIN with letters", `"pin": "1234"`, `"pin": "12a4"`, `staff "ann": a PIN is digits only`},
		{"PIN with spaces", `"pin": "1234"`, `"pin": "1234 "`, `staff "ann": a PIN is digits only`},
		{"no languages", `"languages": ["fr", "en"]`, `"languages": []`, `organiser: languages is empty`},
		{"pipe in an id", `{"id": "p1", "event"`, `{"id": "p|1", "event"`, `performance "p|1": an id may not hold control characters or "|"`},
		{"control character in an id", `{"id": "adult"`, `{"id": "ad\u001bult"`, `category "ad\x1bult": an id may not hold control characters`},
		{"control character in a zone id", `{"id": "standing"`, `{"id": "stand\u0000ing"`, `an id may not hold control characters`},
		{"pipe in a row name", `{"name": "B", "numbers"`, `{"name": "B|", "numbers"`, `row "B|": a row name may not hold`},
		{"pipe in a question id", `{"id": "school"`, `{"id": "sch|ool"`, `category "student": a form question needs an id without control characters`},
		{"an absurd price", `"price": "CHF 30.00"`, `"price": "CHF 999999999999.00"`, `amount CHF 999999999999.00 is more than the register takes`},
		// A fee on free / invitation made every invitation impossible: the
		// fee made the order's total more than zero, which free refuses.
		{"a fee per order on free", `"kind": "free", "name": "Free", "minimum": "CHF 0", "customer": false, "staff": true, "fee_per_order": "CHF 0"`, `"kind": "free", "name": "Free", "minimum": "CHF 0", "customer": false, "staff": true, "fee_per_order": "CHF 1.00"`, `payment method "free": free / invitation records orders whose total is zero: it takes no fee`},
		{"a fee per ticket on free", `"kind": "free", "name": "Free", "minimum": "CHF 0", "customer": false, "staff": true, "fee_per_order": "CHF 0", "fee_per_ticket": "CHF 0"`, `"kind": "free", "name": "Free", "minimum": "CHF 0", "customer": false, "staff": true, "fee_per_order": "CHF 0", "fee_per_ticket": "CHF 0.20"`, `payment method "free": free / invitation records orders whose total is zero: it takes no fee`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(testCatalogJSON, tc.from, tc.to, 1)
			if src == testCatalogJSON {
				t.Fatalf("test edit %q not found", tc.from)
			}
			_, err := ParseCatalog("shows.json", []byte(src), testToday)
			if err == nil {
				t.Fatal("accepted")
			}
			if msg := err.Error(); !strings.Contains(msg, "catalog shows.json") || !strings.Contains(msg, tc.want) {
				t.Errorf("message %q should name the file and say %q", msg, tc.want)
			}
		})
	}
}

// rows is n more rows of one seat, for the limits' tests.
func rows(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `, {"name": "X%d", "seats": 1}`, i)
	}
	return b.String()
}

// zones is n more general-admission zones, for the limits' tests.
func zones(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `, {"id": "z%d", "name": "Z", "capacity": 1}`, i)
	}
	return b.String()
}

// performances is n more performances of the show, for the limits' tests.
func performances(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{"id": "x%d", "event": "show", "start": "+2d 20:00", "price_list": "regular"}, `, i)
	}
	return b.String()
}

// A byte-order mark is accepted; a payment method that leaves out its
// minimum and fees has none (not "amount 0.00 is not in the currency").
func TestCatalogAcceptsABOMAndMethodsWithoutFees(t *testing.T) {
	src := strings.Replace(testCatalogJSON, `"events": [{"id": "show"`, `"events": [{"id": "other", "name": "Other", "venue": "hall"}, {"id": "show"`, 1)
	src = strings.Replace(src, `{"id": "cash", "kind": "cash", "name": "Cash", "minimum": "CHF 0", "customer": false, "staff": true, "fee_per_order": "CHF 0", "fee_per_ticket": "CHF 0"}`,
		`{"id": "cash", "kind": "cash", "name": "Cash", "staff": true}`, 1)
	c, err := ParseCatalog("bom.json", []byte("\xef\xbb\xbf"+src), testToday)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := c.PaymentMethodByID("cash")
	if m.Minimum != chf(0) || m.FeePerOrder != chf(0) || m.FeePerTicket != chf(0) {
		t.Errorf("cash without minimum or fees: %+v", m)
	}
	if _, err := c.Settle(admin(t, c), chf(1250), []Tender{{Method: "cash"}}, nil, testToday); err != nil {
		t.Errorf("cash without minimum or fees cannot pay: %v", err)
	}
}

func TestCatalogReportsEveryProblemAtOnce(t *testing.T) {
	src := strings.Replace(testCatalogJSON, `"category": "child"`, `"category": "kid"`, 1)
	src = strings.Replace(src, `"venue": "hall"}]`, `"venue": "hal"}]`, 1)
	_, err := ParseCatalog("x.json", []byte(src), testToday)
	if err == nil || !strings.Contains(err.Error(), `unknown category "kid"`) || !strings.Contains(err.Error(), `unknown venue "hal"`) {
		t.Fatalf("want both problems reported, got %v", err)
	}
}

func TestFoldIsCaseAndAccentInsensitive(t *testing.T) {
	for in, want := range map[string]string{
		"Zoé": "zoe", "ZOÉ  Müller": "zoe muller", "Opéra": "opera", "Œuvre": "oeuvre",
		"Straße": "strasse", "Ça va": "ca va", "Zoe\u0301": "zoe",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanRemovesControlCharacters(t *testing.T) {
	for in, want := range map[string]string{
		"Anna\x1b[31m": "Anna[31m", "a\x00b": "ab", "tab\there": "tab here", "del\x7f": "del",
		"c1\u0085x": "c1x", "bidi\u202eevil": "bidievil", "ok é": "ok é",
	} {
		if got := Clean(in, false); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Clean("two\nlines\x1b", true); got != "two\nlines" {
		t.Errorf("Clean keeping newlines = %q", got)
	}
}

// Names typed into a catalog reach screens and printers without control
// characters, whatever the file holds.
func TestCatalogTextIsCleanedOfControlCharacters(t *testing.T) {
	src := strings.Replace(testCatalogJSON, `"name": {"fr": "Le Spectacle", "en": "The Show"}`, `"name": {"fr": "Le \u001b[2JSpectacle", "en": "The\u0007 Show\u009b"}`, 1)
	src = strings.Replace(src, `"name": "Ann"`, `"name": "Ann\u001b]0;pwned\u0007"`, 1)
	src = strings.Replace(src, `"events": ["other"]`, `"events": ["show"]`, 1)
	c, err := ParseCatalog("x.json", []byte(src), testToday)
	if err != nil {
		t.Fatal(err)
	}
	ev, _ := c.EventByID("show")
	if got := ev.Name.In("fr") + "|" + ev.Name.In("en"); got != "Le [2JSpectacle|The Show" {
		t.Errorf("event name %q", got)
	}
	if s, _ := c.StaffByID("ann"); s.Name != "Ann]0;pwned" {
		t.Errorf("staff name %q", s.Name)
	}
}
