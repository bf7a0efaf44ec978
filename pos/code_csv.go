package pos

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxCodesPerImport is the most codes one CSV import may add (seed 000).
const MaxCodesPerImport = 500

// CodesCSVExample is the example file `guichet codes example` prints: the
// shape an import accepts. max_uses counts orders; empty or 0 is unlimited.
const CodesCSVExample = `code,max_uses,disabled
SUMMER2026,100,no
VIP-ANNA,1,no
K7PXM3QH,1,no
`

// WriteCodesCSV writes codes as a CSV file with a header row: code,
// max_uses, disabled and uses (orders so far, for reading; an import
// ignores it). uses may be nil.
func WriteCodesCSV(w io.Writer, codes []Code, uses func(code string) int) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"code", "max_uses", "disabled", "uses"}); err != nil {
		return err
	}
	for _, k := range codes {
		n := 0
		if uses != nil {
			n = uses(k.Code)
		}
		dis := "no"
		if k.Disabled {
			dis = "yes"
		}
		if err := cw.Write([]string{k.Code, strconv.Itoa(k.MaxUses), dis, strconv.Itoa(n)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// CSVProblem is one bad line of an import file (Line counts from 1, the
// header being line 1).
type CSVProblem struct {
	Line    int
	Problem string // in English (said's, in a language by Say)

	said error // the problem, as a sentence Say writes in each language
}

// csvProblem is the problem err on line (0: the file's).
func csvProblem(line int, err error) CSVProblem {
	return CSVProblem{Line: line, Problem: err.Error(), said: err}
}

// Say is the problem in lang: an import refused is told to a French
// manager in French.
func (p CSVProblem) Say(lang Lang) string {
	if p.said == nil { // made elsewhere: its text as it is
		return Say(errors.New(p.Problem), lang)
	}
	return Say(p.said, lang)
}

// CodesImportError lists every problem of a refused import; nothing was
// imported.
type CodesImportError struct {
	Problems []CSVProblem
}

func (e *CodesImportError) Error() string { return refusedImport(e.Problems, English) }

// Say is the refusal in lang, every problem in it.
func (e *CodesImportError) Say(lang Lang) string { return refusedImport(e.Problems, lang) }

// refusedImport is a refused import's message in lang: every problem, one
// a line.
func refusedImport(problems []CSVProblem, lang Lang) string {
	var b strings.Builder
	count := Errorf("%d problems", len(problems))
	if len(problems) == 1 {
		count = Errorf("1 problem")
	}
	b.WriteString(Say(Errorf("nothing was imported: fix the file and import it again (%s)", count), lang))
	for _, p := range problems {
		if p.Line > 0 {
			b.WriteString("\n  " + fmt.Sprintf(sentence(lang, "line %d: %s"), p.Line, p.Say(lang)))
		} else {
			b.WriteString("\n  " + p.Say(lang))
		}
	}
	return b.String()
}

// ParseCodesCSV reads an import file for an offer: a header row with a
// "code" column and optionally max_uses, disabled and uses (ignored); UTF-8,
// with or without a byte-order mark; separated by commas or semicolons, as
// spreadsheets export it. exists reports codes the register already has.
// The import is all or nothing: on any problem it returns a
// *CodesImportError naming every bad line, and no codes.
func ParseCodesCSV(data []byte, offer string, exists func(code string) bool) ([]Code, error) {
	return ParseCodesCSVAgainst(data, offer, heldBy(exists))
}

// ParseCodesCSVAgainst is ParseCodesCSV with the offer that holds each
// code already, which the refusal of that code's line names.
func ParseCodesCSVAgainst(data []byte, offer string, holder CodeHolder) ([]Code, error) {
	// "uses" is read back from an export and ignored
	r, col, probs := openCSV(data, []string{"code", "max_uses", "disabled", "uses"}, "code, max_uses, disabled", "guichet codes example")
	if r == nil {
		return nil, &CodesImportError{Problems: probs}
	}
	if _, ok := col["code"]; !ok {
		probs = append(probs, csvProblem(1, Errorf("the header row has no \"code\" column (see guichet codes example)")))
	}
	if len(probs) > 0 {
		return nil, &CodesImportError{Problems: probs}
	}
	var codes []Code
	firstLine := map[string]int{}
	rows := 0
	for row := range csvRows(r, col, &probs) {
		rows++
		k := Code{Code: NormalizeCode(row.field("code")), Offer: offer}
		bad, line := row.bad, row.line
		switch prev, dup := firstLine[k.Code]; {
		case k.Code == "":
			bad("no code")
		case dup:
			bad("code %s is a duplicate of line %d", CodeShown(k.Code), prev)
		default:
			firstLine[k.Code] = line
			if err := CheckCodeText(k.Code); err != nil {
				bad("%v", err)
			} else if in, held := holder.of(k.Code); held {
				bad("%s", codeExists(CodeShown(k.Code), in))
			}
		}
		if s := row.field("max_uses"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				bad("max_uses %q should be a whole number of orders (0 or empty: unlimited)", s)
			}
			k.MaxUses = n
		}
		switch s := strings.ToLower(row.field("disabled")); s {
		case "", "no", "non", "false", "0":
		case "yes", "oui", "true", "1":
			k.Disabled = true
		default:
			bad("disabled %q should be yes or no", s)
		}
		codes = append(codes, k)
	}
	if rows > MaxCodesPerImport {
		return nil, &CodesImportError{Problems: []CSVProblem{csvProblem(0, Errorf("the file has %d codes: at most %d can be imported at once; split it into several files", rows, MaxCodesPerImport))}}
	}
	if len(probs) > 0 {
		return nil, &CodesImportError{Problems: probs}
	}
	if rows == 0 {
		return nil, &CodesImportError{Problems: []CSVProblem{csvProblem(0, Errorf("the file has a header row but no codes"))}}
	}
	return codes, nil
}

// separator guesses the separator from the header row: a semicolon when it
// has more semicolons than commas (French-language spreadsheets), else a comma.
func separator(data []byte) rune {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		return ';'
	}
	return ','
}

// csvRow is one data row of an import.
type csvRow struct {
	line  int
	rec   []string
	col   map[string]int
	probs *[]CSVProblem
}

// field is the row's text in the named column, trimmed; "" when the file
// has no such column or the row stops before it.
func (w csvRow) field(name string) string {
	i, ok := w.col[name]
	if !ok || i >= len(w.rec) {
		return ""
	}
	return strings.TrimSpace(w.rec[i])
}

// bad adds a problem on the row's line.
func (w csvRow) bad(format string, args ...any) {
	*w.probs = append(*w.probs, csvProblem(w.line, Errorf(format, args...)))
}

// csvRows yields the rows that follow openCSV's header, passing over blank
// ones, until the end of the file or a row it cannot read, which it adds
// to *probs.
func csvRows(r *csv.Reader, col map[string]int, probs *[]CSVProblem) iter.Seq[csvRow] {
	return func(yield func(csvRow) bool) {
		for {
			rec, err := r.Read()
			if err == io.EOF {
				return
			}
			if err != nil {
				*probs = append(*probs, csvProblem(csvLine(err), csvCause(err)))
				return
			}
			line, _ := r.FieldPos(0)
			if blank(rec) {
				continue
			}
			if !yield(csvRow{line: line, rec: rec, col: col, probs: probs}) {
				return
			}
		}
	}
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func csvLine(err error) int {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Line
	}
	return 0
}

func csvCause(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// openCSV opens an import file as the importers read it: UTF-8 with or
// without a byte-order mark, commas or semicolons as spreadsheets export
// them, a header row naming known columns (shown in the refusal; example
// is the command that prints a model file). It gives the reader at the
// first data row and where each column is, with the header's problems; a
// nil reader means the file cannot be read at all (probs says why).
func openCSV(data []byte, known []string, shown, example string) (*csv.Reader, map[string]int, []CSVProblem) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, nil, []CSVProblem{csvProblem(0, Errorf("the file is not UTF-8 text: save it as \"CSV UTF-8\""))}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = separator(data)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err == io.EOF {
		return nil, nil, []CSVProblem{csvProblem(0, Errorf("the file is empty: it needs a header row (see %s)", example))}
	}
	if err != nil {
		return nil, nil, []CSVProblem{csvProblem(csvLine(err), csvCause(err))}
	}
	col := map[string]int{}
	var probs []CSVProblem
	for i, h := range header {
		name := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(h)), " ", "_")
		switch {
		case name == "":
		case has(known, name):
			col[name] = i
		default:
			probs = append(probs, csvProblem(1, Errorf("unknown column %q: the columns are %s (see %s)", h, shown, example)))
		}
	}
	return r, col, probs
}
