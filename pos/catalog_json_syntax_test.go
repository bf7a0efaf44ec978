package pos

import (
	"strings"
	"testing"
)

// TestAJSONMistakeIsDescribedInFrench: the refusal of a file that is not
// JSON said, in French, "le fichier n'est pas du JSON valable ici
// (invalid character 'A' looking for beginning of value)": the decoder's
// English inside the French sentence. It says what was found and what
// was expected in French (the place, line and column, before it as
// ever), the character as the file has it (the decoder said 'Ã' for
// "É"); English keeps the decoder's own words.
func TestAJSONMistakeIsDescribedInFrench(t *testing.T) {
	for _, tc := range []struct {
		name   string
		edits  []string
		fr, en string // inside the parentheses
	}{
		{"a quote missing", []string{`"name": "Ann"`, `"name": Ann"`},
			"le caractère « A » au lieu d'une valeur : un texte entre guillemets, un nombre, true, false, null, { ou [ était attendu",
			"invalid character 'A' looking for beginning of value"},
		{"a quote missing before an accent", []string{`"name": "Ann"`, `"name": Élise"`},
			"le caractère « É » au lieu d'une valeur : un texte entre guillemets, un nombre, true, false, null, { ou [ était attendu",
			"invalid character 'Ã' looking for beginning of value"},
		{"a field's name without quotes", []string{`{"id": "rob"`, `{id: "rob"`},
			"le caractère « i » au lieu d'un nom de champ entre guillemets",
			"invalid character 'i' looking for beginning of object key string"},
		{"a colon missing", []string{`"name": "Ann"`, `"name" "Ann"`},
			"le caractère « \" » après un nom de champ, au lieu des deux-points :",
			`invalid character '"' after object key`},
		{"a tab in a text", []string{`"name": "Ann"`, "\"name\": \"A\tnn\""},
			`une tabulation dans un texte entre guillemets, où un tel caractère s'écrit échappé (\n, \t)`,
			`invalid character '\t' in string literal`},
		{"a misspelt literal", []string{`"customer": true`, `"customer": ture`},
			"le caractère « u » dans le mot true, au lieu de « r »",
			"invalid character 'u' in literal true (expecting 'r')"},
		{"a decimal point without digits", []string{`"capacity": 10}`, `"capacity": 10.}`},
			"le caractère « } » après le point décimal d'un nombre, au lieu d'un chiffre",
			"invalid character '}' after decimal point in numeric literal"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := refusedWithEdits(t, testCatalogJSON, tc.edits)
			fr, en := Say(err, French), Say(err, English)
			if want := "le fichier n'est pas du JSON valable ici (" + tc.fr + ") : une virgule"; !strings.Contains(fr, want) || !strings.Contains(fr, "ligne ") {
				t.Errorf("French:\n%s\nwant\n%s", fr, want)
			}
			if want := "the file is not valid JSON here (" + tc.en + "): a missing"; !strings.Contains(en, want) {
				t.Errorf("English:\n%s\nwant\n%s", en, want)
			}
		})
	}
	// words the decoder writes that are not known stay its own
	if got := syntaxFrench(nil, 0, "something new"); got != "something new" {
		t.Errorf("an unknown description: %q", got)
	}
}
