package pos

import (
	"fmt"
	"reflect"
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
			src, err := refusedWithEdits(t, src, tc.edits)
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

// TestCatalogFileMistakesInFrench: a French manager loading a catalog with
// a JSON mistake, a misspelt field, a date or an amount written wrong read
// it all in English ("line 3, column 5, in staff[0].name: the file is not
// valid JSON here"), though every other problem of the catalog was French.
func TestCatalogFileMistakesInFrench(t *testing.T) {
	for _, tc := range []struct {
		name  string
		src   string   // "" : testCatalogJSON with edits
		edits []string // old, new, ...
		want  []string
	}{
		{name: "a misspelt field", edits: []string{`{"id": "p1", "event"`, `{"id": "p1", "duration": 90, "event"`},
			want: []string{"catalogue shows.json : 2 problèmes :\n  ligne ", ", colonne ", `, dans performances[0] (id « p1 ») : « duration » n'est pas un champ d'une représentation ; vérifiez son orthographe (les champs admis : id, event,`}},
		{name: "a close spelling", edits: []string{`"organiser": {`, `"organizer": {`},
			want: []string{`, au premier niveau du catalogue : « organizer » n'est pas un champ du catalogue ; vérifiez son orthographe (vouliez-vous dire « organiser » ?)`}},
		{name: "a text for a number", edits: []string{`"capacity": 10}`, `"capacity": "10"}`},
			want: []string{`, dans venues[0].zones[1].capacity : un nombre entier, pas un texte`}},
		{name: "a number for an amount", edits: []string{`"price": "CHF 15.00"`, `"price": 15`},
			want: []string{`: un montant entre guillemets, comme "CHF 15.00", pas un nombre`}},
		{name: "a comma after the last item", edits: []string{`"capacity": 10}`, `"capacity": 10,}`},
			want: []string{`, dans venues[0].zones[1] : une virgule avant « } » : retirez la virgule après le dernier élément`}},
		{name: "a comma missing", edits: []string{`"role": "admin"},`, `"role": "admin"}`},
			want: []string{`, dans staff[1] : il manque une virgule avant « { », après l'élément qui le précède`}},
		{name: "a quote missing", edits: []string{`"name": "Ann"`, `"name": Ann"`},
			want: []string{`, dans staff[0].name : le fichier n'est pas du JSON valable ici (`}},
		{name: "cut short", src: testCatalogJSON[:40],
			want: []string{": le fichier s'arrête avant la fin du catalogue : il manque une accolade fermante } ou un crochet fermant ]"}},
		{name: "empty", src: " ",
			want: []string{"catalogue shows.json : le fichier est vide : un catalogue est un objet"}},
		{name: "something after it", src: testCatalogJSON + ` {"more": 1}`,
			want: []string{"catalogue shows.json : ligne ", " : quelque chose suit l'accolade fermante du catalogue ; retirez-le"}},
		{name: "a key twice", edits: []string{`"name": "Ann"`, `"name": "Ann", "name": "Anne"`},
			want: []string{"catalogue shows.json : ligne ", ` : « name » figure deux fois dans le même objet ; gardez-en un`}},
		{name: "a relative week", edits: []string{`"start": "+2d 20:00"`, `"start": "+2w someday 20:00"`},
			want: []string{`« +2w someday 20:00 » : une semaine relative s'écrit comme "+2w sat 20:00"`}},
		{name: "a relative date", edits: []string{`"start": "+2d 20:00"`, `"start": "+2x 20:00"`},
			want: []string{`« +2x 20:00 » : une date relative s'écrit comme "+3d 20:00"`}},
		{name: "a time of day", edits: []string{`"start": "+2d 20:00"`, `"start": "+2d 8pm"`},
			want: []string{`« +2d 8pm » : l'heure s'écrit comme 20:00`}},
		{name: "a date", edits: []string{`"start": "+2d 20:00"`, `"start": "12/12/2026"`},
			want: []string{`« 12/12/2026 » : écrivez une date comme "2026-12-12 20:00" ou "+3d 20:00"`}},
		{name: "an amount without currency", edits: []string{`"price": "CHF 15.00"`, `"price": "15.00"`},
			want: []string{`montant « 15.00 » : écrivez-le avec la monnaie et le nombre, par exemple "CHF 12.50"`}},
		{name: "an unknown currency", edits: []string{`"price": "CHF 15.00"`, `"price": "XYZ 15.00"`},
			want: []string{`montant « XYZ 15.00 » : monnaie « XYZ » inconnue`}},
		{name: "too many decimals", edits: []string{`"price": "CHF 15.00"`, `"price": "CHF 15.005"`},
			want: []string{`montant « CHF 15.005 » : plus de 2 décimales`}},
		{name: "not a number", edits: []string{`"price": "CHF 15.00"`, `"price": "CHF 1x"`},
			want: []string{`montant « CHF 1x » : « 1x » n'est pas un nombre`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.src
			if src == "" {
				src = testCatalogJSON
			}
			_, err := refusedWithEdits(t, src, tc.edits)
			fr := Say(err, French)
			for _, w := range tc.want {
				if !strings.Contains(fr, w) {
					t.Errorf("French %q should say %q", fr, w)
				}
			}
			for _, en := range []string{"line ", "column", ", in ", " is not ", "write ", "should be", "catalog "} {
				if strings.Contains(fr, en) {
					t.Errorf("French %q still says %q", fr, en)
				}
			}
		})
	}
}

// TestEveryCatalogTypeHasItsFrench: "%q is not a field of %s" names the
// object in French for every type of the catalog a field may be misspelt
// in (a new type without French would say "de cet objet").
func TestEveryCatalogTypeHasItsFrench(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var walk func(ty reflect.Type)
	walk = func(ty reflect.Type) {
		for ty.Kind() == reflect.Pointer || ty.Kind() == reflect.Slice || ty.Kind() == reflect.Array || ty.Kind() == reflect.Map {
			ty = ty.Elem()
		}
		if ty.Kind() != reflect.Struct || seen[ty] || checked(ty) == nil {
			return
		}
		seen[ty] = true
		if frenchTypeWords[ty.Name()] == "" {
			t.Errorf("%s (%s) has no French in frenchTypeWords", ty.Name(), typeWordsEnglish(ty))
		}
		for _, ft := range jsonFields(ty) {
			walk(ft)
		}
	}
	walk(reflect.TypeFor[Catalog]())
	if len(seen) < 20 {
		t.Errorf("walked only %d types", len(seen))
	}
}

// refusedWithEdits parses src with edits made (pairs: text, its
// replacement, each found once) and gives the edited text and its
// refusal; a catalog accepted fails the test.
func refusedWithEdits(t *testing.T, src string, edits []string) (string, error) {
	t.Helper()
	for i := 0; i+1 < len(edits); i += 2 {
		if !strings.Contains(src, edits[i]) {
			t.Fatalf("test edit %q not found", edits[i])
		}
		src = strings.Replace(src, edits[i], edits[i+1], 1)
	}
	_, err := ParseCatalog("shows.json", []byte(src), testToday)
	if err == nil {
		t.Fatal("accepted")
	}
	return src, err
}
