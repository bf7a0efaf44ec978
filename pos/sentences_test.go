package pos

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Every sentence pos writes with Errorf reaches a cashier through Say, so
// each has its French: a sentence without one showed English on a French
// counter ("quantity 61: too many for one line").
func TestEveryErrorfSentenceHasItsFrench(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	n := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(node ast.Node) bool {
			call, ok := node.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "Errorf" {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok {
				return true // a format passed on (Errorf's callers' own sentences)
			}
			format, _ := strconv.Unquote(lit.Value)
			n++
			sentencesMu.RLock()
			_, ok = sentences[French][format]
			sentencesMu.RUnlock()
			if !ok {
				t.Errorf("%s: %q has no French", fset.Position(call.Pos()), format)
			}
			return true
		})
	}
	if n < 50 {
		t.Errorf("found only %d Errorf sentences: is the test still reading pos's files?", n)
	}
}
