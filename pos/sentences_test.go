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
	n := 0
	eachFormat(t, func(fun ast.Expr) bool {
		id, ok := fun.(*ast.Ident)
		return ok && id.Name == "Errorf"
	}, func(at token.Position, format string) {
		n++
		sentencesMu.RLock()
		_, ok := sentences[French][format]
		sentencesMu.RUnlock()
		if !ok {
			t.Errorf("%s: %q has no French", at, format)
		}
	})
	if n < 50 {
		t.Errorf("found only %d Errorf sentences: is the test still reading pos's files?", n)
	}
}

// eachFormat calls found with every literal format that pos's own files
// (not its tests) pass first to a call whose function calls says is one
// (a format passed on from a variable is its callers' sentence).
func eachFormat(t *testing.T, calls func(fun ast.Expr) bool, found func(at token.Position, format string)) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
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
			if !ok || len(call.Args) == 0 || !calls(call.Fun) {
				return true
			}
			if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				format, _ := strconv.Unquote(lit.Value)
				found(fset.Position(call.Pos()), format)
			}
			return true
		})
	}
}
