package sync

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// leftInEnglish are guichetd's refusal formats with no French twin, and
// why: the status line shows them as the server wrote them.
var leftInEnglish = map[string]string{
	"the batch leaves a gap: the server has entries up to %d and the batch goes on at %d; send from %d": "the pusher resends from the entry the server expects: never shown",
	"a grant request needs its id (a UUID)": "a grant request's, not a push's: the register always sends one",
}

// TestEveryRefusalOfTheServerHasItsFrenchTwin: the French of guichetd's
// refusals (guichetdFR) is copied from the server's formats, which the
// register does not link. Each refusal the server's source writes (a
// RefusedError's Reason, a refuse helper's format, RetiredError's text)
// has its French twin, or is left in English for a reason; and each
// French twin has its refusal on the server: an English sentence changed
// on either side alone fails here. So do the pusher's own (pusher.go).
func TestEveryRefusalOfTheServerHasItsFrenchTwin(t *testing.T) {
	server := refusalFormats(t, "server", false)
	if len(server) < len(guichetdFR) {
		t.Fatalf("the server's source gives %d refusals, fewer than the %d French ones: is it still read?", len(server), len(guichetdFR))
	}
	for _, en := range server {
		_, fr := guichetdFR[en]
		_, left := leftInEnglish[en]
		switch {
		case fr && left:
			t.Errorf("the refusal %q is both translated and left in English", en)
		case !fr && !left:
			t.Errorf("the server's refusal %q has no French twin in sentences_fr.go (guichetdFR): a French till would show it in English", en)
		}
	}
	for en := range guichetdFR {
		if !contains(server, en) {
			t.Errorf("the French twin of %q translates a refusal the server no longer writes: its English changed there, change it here too", en)
		}
	}
	for en := range leftInEnglish {
		if !contains(server, en) {
			t.Errorf("%q is left in English, but the server no longer writes it", en)
		}
	}

	pusher := refusalFormats(t, ".", true)
	for _, en := range pusher {
		if _, ok := pusherFR[en]; !ok {
			t.Errorf("the pusher's refusal %q has no French twin in sentences_fr.go (pusherFR)", en)
		}
	}
	for en := range pusherFR {
		if !contains(pusher, en) {
			t.Errorf("the French twin of %q translates a refusal the pusher no longer writes", en)
		}
	}

	// AddStoredSentences: the translation's verbs are all %s, one for
	// each verb of the English
	for _, m := range []map[string]string{guichetdFR, pusherFR} {
		for en, fr := range m {
			if n, k := verbs(en), strings.Count(fr, "%s"); n != k || strings.Count(fr, "%")-strings.Count(fr, "%%")*2 != k {
				t.Errorf("the French of %q has %d verbs %%s, want %d (and no other): %q", en, k, n, fr)
			}
		}
	}
}

// refusalFormats reads the formats of the refusals written in the Go
// files of dir (tests left out). pusher: the pusher's (p.refuse of a
// fmt.Sprintf); else the server's.
func refusalFormats(t *testing.T, dir string, pusher bool) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	fset := token.NewFileSet()
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		add := func(e ast.Expr) {
			s, ok := constString(e)
			if !ok {
				if id, isID := e.(*ast.Ident); isID && id.Name == "format" {
					return // the refuse helper's: its callers give the formats
				}
				t.Errorf("%s: a refusal whose words are not a constant the test can read", fset.Position(e.Pos()))
				return
			}
			out = append(out, s)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if pusher {
					if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "refuse" && len(n.Args) == 1 {
						if format, ok := sprintfFormat(n.Args[0]); ok {
							add(format)
						}
					}
					return true
				}
				if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "refuse" && len(n.Args) >= 3 {
					add(n.Args[2])
				}
			case *ast.CompositeLit:
				if id, ok := n.Type.(*ast.Ident); pusher || !ok || id.Name != "RefusedError" {
					return true
				}
				for _, el := range n.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok && isIdent(kv.Key, "Reason") {
						if format, ok := sprintfFormat(kv.Value); ok {
							add(format)
						} else {
							add(kv.Value)
						}
					}
				}
			case *ast.FuncDecl:
				if pusher || n.Name.Name != "Error" || n.Recv == nil || len(n.Recv.List) != 1 {
					return true
				}
				if star, ok := n.Recv.List[0].Type.(*ast.StarExpr); !ok || !isIdent(star.X, "RetiredError") {
					return true
				}
				ast.Inspect(n.Body, func(m ast.Node) bool {
					if c, ok := m.(*ast.CallExpr); ok {
						if format, ok := sprintfFormat(c); ok {
							add(format)
						}
					}
					return true
				})
				return false
			}
			return true
		})
	}
	sort.Strings(out)
	return out
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// sprintfFormat is the format given to fmt.Sprintf when e is such a call.
func sprintfFormat(e ast.Expr) (ast.Expr, bool) {
	c, ok := e.(*ast.CallExpr)
	if !ok || len(c.Args) == 0 {
		return nil, false
	}
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || !isIdent(sel.X, "fmt") || sel.Sel.Name != "Sprintf" {
		return nil, false
	}
	return c.Args[0], true
}

// constString is the value of a string literal, or of literals added.
func constString(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		x, ok := constString(e.X)
		y, ok2 := constString(e.Y)
		return x + y, ok && ok2
	case *ast.ParenExpr:
		return constString(e.X)
	}
	return "", false
}

// verbs counts a format's verbs (%% is none).
func verbs(format string) int {
	n := 0
	for i := 0; i < len(format)-1; i++ {
		if format[i] == '%' {
			if format[i+1] != '%' {
				n++
			}
			i++
		}
	}
	return n
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
