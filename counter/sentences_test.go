package counter

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"

	"guichet/pos"
)

// Every reason Compose gives for sending nothing (the desk shows it beside
// a refused e-mail) and every e-mail error a screen may show has its
// French: the French desk does not show them in English.
func TestEveryEmailSentenceHasItsFrench(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "email.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	ast.Inspect(f, func(node ast.Node) bool {
		fn, ok := node.(*ast.FuncDecl)
		// Compose's reasons, and invoiceNotDue's (an invoice no longer
		// due: Compose and the order's outbox say it)
		results, at := 3, 1
		switch {
		case !ok:
			return true
		case fn.Name.Name == "invoiceNotDue":
			results, at = 1, 0
		case fn.Name.Name != "Compose":
			return true
		}
		ast.Inspect(fn.Body, func(node ast.Node) bool {
			ret, ok := node.(*ast.ReturnStmt)
			if !ok || len(ret.Results) != results {
				return true
			}
			lit, ok := ret.Results[at].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			skip, _ := strconv.Unquote(lit.Value)
			if skip == "" {
				return true
			}
			n++
			if pos.Say(errors.New(skip), pos.French) == skip {
				t.Errorf("%s: %q has no French", fset.Position(lit.Pos()), skip)
			}
			return true
		})
		return false
	})
	if n < 5 {
		t.Errorf("found only %d reasons in Compose: is the test still reading it?", n)
	}
	for _, err := range []error{ErrNoAddress, ErrNoSender, ErrCentralSends} {
		if pos.Say(err, pos.French) == err.Error() {
			t.Errorf("%q has no French", err)
		}
	}
}

// TestErrNoPrinterHasItsFrench: a reprint or a receipt asked of a register
// with no printer is refused in the desk's language, saying what to do.
func TestErrNoPrinterHasItsFrench(t *testing.T) {
	fr := pos.Say(ErrNoPrinter, pos.French)
	if fr == ErrNoPrinter.Error() || !strings.Contains(fr, "--printer") {
		t.Errorf("ErrNoPrinter in French: %q", fr)
	}
	if !strings.Contains(ErrNoPrinter.Error(), "--printer") {
		t.Errorf("ErrNoPrinter does not say what to do: %q", ErrNoPrinter)
	}
}

// Every refusal of the door (door.go's pos.Errorf sentences) has its
// French: guichet door says it in the box office's language. They were
// fmt.Errorf, English on a French register's door.
func TestEveryDoorRefusalHasItsFrench(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "door.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	ast.Inspect(f, func(node ast.Node) bool {
		call, ok := node.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Errorf" || len(call.Args) == 0 {
			return true
		}
		if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "pos" {
			t.Errorf("%s: a door refusal made with %s.Errorf, which no language says", fset.Position(call.Pos()), x.Name)
			return true
		}
		lit, ok := call.Args[0].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		format, _ := strconv.Unquote(lit.Value)
		n++
		args := make([]any, strings.Count(format, "%")-2*strings.Count(format, "%%"))
		for i := range args {
			args[i] = "x"
		}
		if en := pos.Errorf(format, args...); pos.Say(en, pos.French) == en.Error() {
			t.Errorf("%s: %q has no French", fset.Position(lit.Pos()), format)
		}
		return true
	})
	if n < 6 {
		t.Errorf("found only %d refusals in door.go: is the test still reading it?", n)
	}
}
