package pos

import (
	"fmt"
	"strings"
	"testing"
)

// placeOf is "line L, column C" of the first mark in src, counted here
// apart from jsonPlace.
func placeOf(t *testing.T, src, mark string) string {
	t.Helper()
	i := strings.Index(src, mark)
	if i < 0 {
		t.Fatalf("no %q in the catalog", mark)
	}
	lines := strings.Split(src[:i], "\n")
	return fmt.Sprintf("line %d, column %d", len(lines), len([]rune(lines[len(lines)-1]))+1)
}

// TestCatalogJSONMistakesSayWhere: a misspelt field said only `json:
// unknown field "duration"`, nowhere in a catalog of thousands of lines,
// and stopped the other checks; a wrong type or a stray comma said a line
// at best. Each says the line and column, the path to the item (and its
// id), and what to write; misspelt fields are listed with every other
// problem the checks find.
func TestCatalogJSONMistakesSayWhere(t *testing.T) {
	for _, tc := range []struct {
		name     string
		edits    []string // old, new, ...
		mark     string   // where the first problem is: its line and column are said
		want     []string
		problems int // 0: one sentence
	}{
		{name: "a misspelt field of a performance",
			edits: []string{`{"id": "p1", "event"`, `{"id": "p1", "duration": 90, "event"`},
			mark:  `"duration"`,
			want:  []string{`, in performances[0] (id "p1"): "duration" is not a field of a performance; check its spelling (the fields it takes: id, event, start, price_list`}},
		{name: "a close spelling is offered",
			edits: []string{`"price_list": "regular", "blocked"`, `"pricelist": "regular", "blocked"`},
			mark:  `"pricelist"`,
			want:  []string{`, in performances[0] (id "p1"): "pricelist" is not a field of a performance; check its spelling (did you mean "price_list"?)`},
			// the price list it names is then missing too
			problems: 2},
		{name: "nested in a venue's zone",
			edits: []string{`"capacity": 10}`, `"capacity": 10, "colour": "red"}`},
			mark:  `"colour"`,
			want:  []string{`, in venues[0].zones[1] (id "standing"): "colour" is not a field of a zone`}},
		{name: "at the top",
			edits:    []string{`"organiser": {`, `"organizer": {`},
			mark:     `"organizer"`,
			want:     []string{`, at the top of the catalog: "organizer" is not a field of the catalog; check its spelling (did you mean "organiser"?)`},
			problems: -1}, // and whatever the missing organiser makes
		{name: "every misspelt field and every other problem at once",
			edits: []string{`{"id": "p1", "event"`, `{"id": "p1", "duration": 90, "event"`,
				`"capacity": 10}`, `"capacity": 10, "colour": "red"}`,
				`"venue": "hall"}]`, `"venue": "hal"}]`},
			mark: `"colour"`, // the first in the file
			want: []string{`"colour" is not a field of a zone`, `"duration" is not a field of a performance`,
				`event "show": unknown venue "hal"`},
			problems: 3},
		{name: "a text for a number",
			edits: []string{`"capacity": 10}`, `"capacity": "10"}`},
			mark:  `"10"`,
			want:  []string{`, in venues[0].zones[1].capacity: a whole number, not a text`}},
		{name: "a number for an amount",
			edits: []string{`"price": "CHF 15.00"`, `"price": 15`},
			mark:  `15}`,
			want:  []string{`, in price_lists[0].prices[1].price: an amount in quotes, such as "CHF 15.00", not a number`}},
		{name: "a number for a name in languages",
			edits: []string{`"name": "Programme"`, `"name": 5`},
			mark:  `5, "price"`,
			want:  []string{`, in products[0].name: a text in quotes, or one per language: {"fr": "...", "en": "..."}, not a number`}},
		{name: "a comma after the last item",
			edits: []string{`"capacity": 10}`, `"capacity": 10,}`},
			mark:  `}`,
			want:  []string{`, in venues[0].zones[1]: a comma before '}': remove the comma after the last item`}},
		{name: "a comma missing between two items",
			edits: []string{`"role": "admin"},`, `"role": "admin"}`},
			mark:  `{"id": "rob"`,
			want:  []string{`, in staff[1]: a comma is missing before '{', after the item before it`}},
		{name: "a quote missing",
			edits: []string{`"name": "Ann"`, `"name": Ann"`},
			mark:  `Ann"`,
			want:  []string{`, in staff[0].name: the file is not valid JSON here`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// the event the limited profile names, as testCatalogWith adds it
			src := strings.Replace(testCatalogJSON, `"events": [{"id": "show"`, `"events": [{"id": "other", "name": "Other", "venue": "hall"}, {"id": "show"`, 1)
			for i := 0; i+1 < len(tc.edits); i += 2 {
				if !strings.Contains(src, tc.edits[i]) {
					t.Fatalf("test edit %q not found", tc.edits[i])
				}
				src = strings.Replace(src, tc.edits[i], tc.edits[i+1], 1)
			}
			_, err := ParseCatalog("shows.json", []byte(src), testToday)
			if err == nil {
				t.Fatal("accepted")
			}
			msg := err.Error()
			mark := tc.mark
			if tc.name == "a comma after the last item" {
				mark = "10,}" // the brace after the comma
				i := strings.Index(src, mark) + len("10,")
				mark = src[i:]
			}
			at := placeOf(t, src, mark)
			if !strings.Contains(msg, at) {
				t.Errorf("message %q should say %q", msg, at)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q should say %q", msg, w)
				}
			}
			if strings.Contains(strings.TrimPrefix(msg, "catalog shows.json: "), "json: ") {
				t.Errorf("message %q shows the decoder's words", msg)
			}
			switch n := tc.problems; {
			case n > 1 && !strings.Contains(msg, fmt.Sprintf("%d problems:", n)):
				t.Errorf("message %q should list %d problems", msg, n)
			case n == 0 && strings.Contains(msg, "problems:"):
				t.Errorf("message %q should be one sentence", msg)
			}
		})
	}
}

// TestCatalogCutShortSaysWhereAndNeverPanics: a file cut anywhere is
// refused with a line and column, never a crash.
func TestCatalogCutShortSaysWhereAndNeverPanics(t *testing.T) {
	for n := 1; n < len(testCatalogJSON)-1; n += 7 {
		_, err := ParseCatalog("shows.json", []byte(testCatalogJSON[:n]), testToday)
		if err == nil || !strings.Contains(err.Error(), ", column ") {
			t.Fatalf("cut at %d: %v", n, err)
		}
	}
}
