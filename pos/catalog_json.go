package pos

import (
	"bytes"
	"cmp"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"guichet/internal/spelling"
)

// A catalog's JSON mistakes are said where they are: the line and column
// an editor shows, and the path through the catalog to the item
// (performances[3], venues[0].zones[1].rows[4]), so a technician finds a
// misspelt field or a missing comma in a file of thousands of lines.
//
// Walked here, not by a decoder's errors: encoding/json says an unknown
// field with neither offset nor path, and the decoders that give a JSON
// pointer (encoding/json/v2, an experiment in this Go; go-json-experiment)
// stop at the first mistake, where a technician wants every misspelt
// field listed at once. The walk only runs on a file that has a mistake.

// jsonPlace is where a byte of the file is: "line 12, column 7", said
// in the reader's language (a sentence's first words, put in it by Errorf).
func jsonPlace(data []byte, off int64) error {
	off = min(max(off, 0), int64(len(data)))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	col := utf8.RuneCount(data[start:off]) + 1
	return Errorf("line %d, column %d", lineOf(data, off), col)
}

// step is one step of a path into the catalog: a field or a list item.
type step struct {
	key   string
	index int // when key is ""
}

func pathString(path []step) string {
	var b strings.Builder
	for _, s := range path {
		if s.key == "" {
			fmt.Fprintf(&b, "[%d]", s.index)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.key)
	}
	return b.String()
}

// jsonWalk reads the file token by token along the catalog's types,
// keeping the path to where it is.
type jsonWalk struct {
	data    []byte
	dec     *json.Decoder
	path    []step
	stop    int64      // stop once the decoder has read this far (0: never)
	last    int64      // where the last token read starts
	stopped []step     // the path then
	unknown []jsonSlip // fields the types do not have
	fields  map[reflect.Type]map[string]reflect.Type
	seek    func(path []step, tok json.Token) bool // stop at the value it takes
}

// jsonSlip is a field the catalog does not have, where it was written.
type jsonSlip struct {
	off   int64
	path  []step // to the object holding it
	key   string
	owner reflect.Type
}

var errStop = errors.New("stop")

// start is the offset of the next token: past spaces, commas and colons.
func (w *jsonWalk) start() int64 {
	off := w.dec.InputOffset()
	for off < int64(len(w.data)) && strings.IndexByte(" \t\r\n,:", w.data[off]) >= 0 {
		off++
	}
	return off
}

func (w *jsonWalk) token() (json.Token, error) {
	w.last = w.start()
	tok, err := w.dec.Token()
	if err != nil || w.stop > 0 && w.dec.InputOffset() >= w.stop {
		// where the file breaks, or the value sought
		w.stopped = append([]step(nil), w.path...)
		return nil, cmp.Or(err, errStop)
	}
	return tok, nil
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// checked is the type whose fields a value's are checked against; nil for
// a type that reads its own JSON (Money, Text): its inside is walked
// without checking, as encoding/json's DisallowUnknownFields does.
func checked(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || reflect.PointerTo(t).Implements(jsonUnmarshaler) || reflect.PointerTo(t).Implements(textUnmarshaler) {
		return nil
	}
	return t
}

// value walks one value of type t (nil: any).
func (w *jsonWalk) value(t reflect.Type) error {
	t = checked(t)
	tok, err := w.token()
	if err != nil {
		return err
	}
	if w.seek != nil && w.seek(w.path, tok) {
		w.stopped = append([]step(nil), w.path...)
		return errStop
	}
	switch tok {
	case json.Delim('{'):
		var fields map[string]reflect.Type
		if t != nil && t.Kind() == reflect.Struct {
			if fields = w.fields[t]; fields == nil {
				fields = jsonFields(t) // once a type: a season has thousands of performances
				w.fields[t] = fields
			}
		}
		for w.dec.More() {
			at := w.start()
			k, err := w.token()
			if err != nil {
				return err
			}
			key, _ := k.(string)
			var ft reflect.Type
			switch {
			case fields != nil:
				var known bool
				if ft, known = fields[strings.ToLower(key)]; !known {
					w.unknown = append(w.unknown, jsonSlip{off: at, path: append([]step(nil), w.path...), key: key, owner: t})
				}
			case t != nil && t.Kind() == reflect.Map:
				ft = t.Elem()
			}
			w.path = append(w.path, step{key: key})
			err = w.value(ft)
			w.path = w.path[:len(w.path)-1]
			if err != nil {
				return err
			}
		}
		_, err = w.token()
		return err
	case json.Delim('['):
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for i := 0; w.dec.More(); i++ {
			w.path = append(w.path, step{index: i})
			err := w.value(elem)
			w.path = w.path[:len(w.path)-1]
			if err != nil {
				return err
			}
		}
		_, err = w.token()
		return err
	}
	return nil
}

// jsonFields are the names a struct takes, lower-cased as encoding/json
// matches them (any case), with their types; embedded structs' included.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	m := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			if et := checked(f.Type); et != nil && et.Kind() == reflect.Struct {
				for k, v := range jsonFields(et) {
					m[k] = v
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		m[strings.ToLower(name)] = f.Type
	}
	return m
}

// walkCatalog walks the file along the catalog's types, to stop (0: the
// end).
func walkCatalog(data []byte, stop int64) *jsonWalk {
	w := &jsonWalk{data: data, dec: json.NewDecoder(bytes.NewReader(data)), stop: stop, fields: map[reflect.Type]map[string]reflect.Type{}}
	_ = w.value(reflect.TypeFor[Catalog]()) // a broken file ends the walk where it breaks
	if w.stopped == nil {
		w.stopped = w.path
	}
	return w
}

// slips lists the fields the catalog does not have, each where it was
// written and in which item, with the field of a close spelling. c is the
// catalog read without them: it names the items by their ids.
func (w *jsonWalk) slips(c *Catalog) []error {
	var out []error
	for _, s := range w.unknown {
		item := itemNamed(c, s.path)
		fields := jsonFields(s.owner)
		names := make([]string, 0, len(fields))
		for _, f := range reflect.VisibleFields(s.owner) {
			if n, _, _ := strings.Cut(f.Tag.Get("json"), ","); n != "" && n != "-" && !f.Anonymous {
				names = append(names, n)
			}
		}
		hint := Errorf("the fields it takes: %s", strings.Join(names, ", "))
		if near := spelling.Nearest(s.key, names); near != "" {
			hint = Errorf("did you mean %q?", near)
		}
		out = append(out, Errorf("%s%s: %q is not a field of %s; check its spelling (%w)",
			jsonPlace(w.data, s.off), item, s.key, typeWords(s.owner), hint))
	}
	return out
}

// itemNamed is ", in performances[3] (id "p1")": the path to an item and
// the id of the innermost list item that has one.
func itemNamed(c *Catalog, path []step) Text {
	if len(path) == 0 {
		return Text{"en": ", at the top of the catalog", "fr": ", au premier niveau du catalogue"}
	}
	id := ""
	v := reflect.ValueOf(c).Elem()
	for _, s := range path {
		for v.IsValid() && v.Kind() == reflect.Pointer {
			v = v.Elem()
		}
		switch {
		case !v.IsValid():
		case s.key == "" && (v.Kind() == reflect.Slice || v.Kind() == reflect.Array) && s.index < v.Len():
			v = v.Index(s.index)
			if v.Kind() == reflect.Struct {
				if f := v.FieldByName("ID"); f.IsValid() && f.Kind() == reflect.String && f.String() != "" {
					id = f.String()
				}
			}
		case s.key != "" && v.Kind() == reflect.Struct:
			v = fieldByJSON(v, s.key)
		default:
			v = reflect.Value{}
		}
	}
	if id != "" {
		return Text{"en": fmt.Sprintf(", in %s (id %q)", pathString(path), id), "fr": fmt.Sprintf(", dans %s (id « %s »)", pathString(path), id)}
	}
	return Text{"en": ", in " + pathString(path), "fr": ", dans " + pathString(path)}
}

func fieldByJSON(v reflect.Value, key string) reflect.Value {
	for _, f := range reflect.VisibleFields(v.Type()) {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" {
			name = f.Name
		}
		if strings.EqualFold(name, key) && !f.Anonymous {
			return v.FieldByIndex(f.Index)
		}
	}
	return reflect.Value{}
}

// typeWords is a Go type in the catalog's words: PaymentMethod is "a
// payment method" ("d'un moyen de paiement": "%q is not a field of %s").
func typeWords(t reflect.Type) Text {
	return Text{"en": typeWordsEnglish(t), "fr": cmp.Or(frenchTypeWords[t.Name()], "de cet objet")}
}

// frenchTypeWords are the catalog's types in French, after "un champ"
// (TestEveryCatalogTypeHasItsFrench lists them all).
var frenchTypeWords = map[string]string{
	"BeforeShow":     "d'un réglage before_show",
	"Catalog":        "du catalogue",
	"Category":       "d'une catégorie",
	"Code":           "d'un code",
	"CustomerTarget": "d'une cible de clients",
	"EmailTemplate":  "d'un modèle d'e-mail",
	"Emails":         "des réglages des e-mails",
	"Event":          "d'un événement",
	"ExchangeRules":  "des règles d'échange",
	"GiftVoucher":    "d'un bon cadeau",
	"LabelControl":   "d'un contrôle d'étiquette",
	"ListPrice":      "d'un prix de liste",
	"Offer":          "d'une offre",
	"Organiser":      "de l'organisateur",
	"Pass":           "d'un pass",
	"PaymentMethod":  "d'un moyen de paiement",
	"Performance":    "d'une représentation",
	"PriceList":      "d'une liste de prix",
	"Product":        "d'un produit",
	"Profile":        "d'un profil",
	"Question":       "d'une question",
	"Row":            "d'un rang",
	"ScopeItem":      "d'un élément de portée",
	"Staff":          "d'un membre du personnel",
	"Venue":          "d'un lieu",
	"Zone":           "d'une zone",
}

func typeWordsEnglish(t reflect.Type) string {
	if t == reflect.TypeFor[Catalog]() {
		return "the catalog"
	}
	var b strings.Builder
	for i, r := range t.Name() {
		if unicode.IsUpper(r) && i > 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	w := b.String()
	if w == "" {
		return "this object"
	}
	if strings.ContainsRune("aeiou", rune(w[0])) {
		return "an " + w
	}
	return "a " + w
}

// isUnknownField: encoding/json's refusal of a field the type does not
// have (DisallowUnknownFields), which has no type of its own.
func isUnknownField(err error) bool {
	return strings.HasPrefix(err.Error(), "json: unknown field ")
}

// jsonProblem turns a decoder error into a sentence saying where the file
// is wrong and what to write there, in the reader's language (Say).
func jsonProblem(data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return Errorf("the file is empty: a catalog is an object, {\"organiser\": ..., \"events\": ...}")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return Errorf("%s%s: the file ends before the catalog does: a closing } or ] is missing, or the file was cut short", jsonPlace(data, int64(len(data))), pathAt(data, int64(len(data))+1))
	case errors.As(err, &se):
		off := max(se.Offset-1, 0) // the byte that broke it
		place, in := jsonPlace(data, off), pathAt(data, se.Offset)
		prev := bytes.TrimRight(data[:max(off, 0)], " \t\r\n")
		if len(prev) > 0 && prev[len(prev)-1] == ',' && off >= 0 && (data[off] == '}' || data[off] == ']') {
			return Errorf("%s%s: a comma before %s: remove the comma after the last item", place, in, quotedByte(data[off]))
		}
		if msg := se.Error(); strings.HasSuffix(msg, "after array element") || strings.HasSuffix(msg, "after object key:value pair") {
			return Errorf("%s%s: a comma is missing before %s, after the item before it", place, in, quotedByte(data[off]))
		}
		return Errorf("%s%s: the file is not valid JSON here (%s): a missing comma or quote, or one too many?", place, in, syntaxWords(data, off, se))
	case errors.As(err, &te):
		w := walkCatalog(data, te.Offset)
		want := te.Type
		if te.Field != "" && fieldPath(w.stopped) != te.Field {
			// raised inside a type that reads its own JSON (Text): the
			// offset is in that value's bytes; the first value of the
			// field's path and the refused kind is the one
			kind := strings.Fields(te.Value + " ")[0]
			w = &jsonWalk{data: data, dec: json.NewDecoder(bytes.NewReader(data)), fields: map[reflect.Type]map[string]reflect.Type{},
				seek: func(path []step, tok json.Token) bool { return fieldPath(path) == te.Field && tokenKind(tok) == kind }}
			_ = w.value(nil)
			if ft := typeAt(te.Field); ft != nil {
				want = ft
			}
		}
		return Errorf("%s, in %s: %s, not %s", jsonPlace(data, w.last), pathString(w.stopped), wantWords(want), gotWords(te.Value))
	}
	return err // an amount's or a date's own sentence (ParseMoney), or the decoder's
}

// quotedByte is a character of the file, quoted as each language quotes
// it: '}', « } ».
func quotedByte(b byte) Text {
	return Text{"en": strconv.QuoteRune(rune(b)), "fr": "« " + string(rune(b)) + " »"}
}

// fieldPath is a path without its list items, as encoding/json names a
// field ("venues.zones.capacity").
func fieldPath(path []step) string {
	var keys []string
	for _, s := range path {
		if s.key != "" {
			keys = append(keys, s.key)
		}
	}
	return strings.Join(keys, ".")
}

// tokenKind is a token's kind in encoding/json's words ("number").
func tokenKind(tok json.Token) string {
	switch tok := tok.(type) {
	case float64, json.Number:
		return "number"
	case string:
		return "string"
	case bool:
		return "bool"
	case json.Delim:
		if tok == '[' {
			return "array"
		}
		return "object"
	}
	return "null"
}

// typeAt is the type of the catalog's field at a dotted path, or nil.
func typeAt(field string) reflect.Type {
	t := reflect.TypeFor[Catalog]()
	for _, k := range strings.Split(field, ".") {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return nil
		}
		ft, ok := jsonFields(t)[strings.ToLower(k)]
		if !ok {
			return nil
		}
		t = ft
	}
	return t
}

// pathAt is ", in venues[0].zones[1]": where a broken file breaks.
func pathAt(data []byte, off int64) Text {
	w := walkCatalog(data, off)
	if len(w.stopped) == 0 {
		return Text{}
	}
	return Text{"en": ", in " + pathString(w.stopped), "fr": ", dans " + pathString(w.stopped)}
}

// wantWords is what a field of type t takes, in the reader's language.
func wantWords(t reflect.Type) Text {
	switch t {
	case reflect.TypeFor[Money]():
		return Text{"en": `an amount in quotes, such as "CHF 15.00"`, "fr": `un montant entre guillemets, comme "CHF 15.00"`}
	case reflect.TypeFor[Text]():
		return Text{"en": `a text in quotes, or one per language: {"fr": "...", "en": "..."}`, "fr": `un texte entre guillemets, ou un par langue : {"fr": "...", "en": "..."}`}
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return Text{"en": "a whole number", "fr": "un nombre entier"}
	case reflect.Float32, reflect.Float64:
		return Text{"en": "a number", "fr": "un nombre"}
	case reflect.String:
		return Text{"en": "a text in quotes", "fr": "un texte entre guillemets"}
	case reflect.Bool:
		return Text{"en": "true or false", "fr": "true ou false"}
	case reflect.Slice, reflect.Array:
		return Text{"en": "a list in [ ]", "fr": "une liste entre [ ]"}
	case reflect.Struct, reflect.Map:
		return Text{"en": "an object in { }", "fr": "un objet entre { }"}
	}
	return Text{"en": t.String()}
}

// gotWords is the kind of value the file holds (encoding/json's word),
// in the reader's language: a number is said as it is written.
func gotWords(v string) Text {
	switch {
	case v == "string":
		return Text{"en": "a text", "fr": "un texte"}
	case v == "number":
		return Text{"en": "a number", "fr": "un nombre"}
	case v == "bool":
		return Text{"en": "true or false", "fr": "true ou false"}
	case v == "array":
		return Text{"en": "a list", "fr": "une liste"}
	case v == "object":
		return Text{"en": "an object", "fr": "un objet"}
	case strings.HasPrefix(v, "number "):
		if _, err := strconv.ParseFloat(strings.TrimPrefix(v, "number "), 64); err == nil {
			return Text{"en": strings.TrimPrefix(v, "number ")}
		}
	}
	return Text{"en": v}
}
