package pos

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestCustomersImportIsAllOrNothingWithLineNumbers(t *testing.T) {
	known := func(row Customer) (Customer, bool) {
		if row.Email == "zoe.muller@example.org" {
			return Customer{ID: "K01-C00001", Name: "Zoe M", Email: row.Email}, true
		}
		return Customer{}, false
	}
	got, err := ParseCustomersCSV([]byte(CustomersCSVExample), known)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "K01-C00001" || got[0].Name != "Zoé Müller" || !got[0].Newsletter || got[0].Phone != "+41 79 123 45 67" ||
		got[1].ID != "" || got[1].Lang != English || got[1].Newsletter {
		t.Fatalf("example: %+v", got)
	}
	bad := "first_name;last_name;email;newsletter;phone\n" +
		"Ann;Lee;ann@example.ch;oui;021 000 00 00\n" +
		";;;;\n" +
		"Bob;;bob@example;no;\n" +
		"Cy;Doe;ANN@example.ch;no;\n" +
		"Di;Roe;di@example.ch;perhaps;\n" +
		"Ed;Poe;ed@example.ch;no;call me\n"
	_, err = ParseCustomersCSV([]byte(bad), nil)
	var ie *CustomersImportError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v", err)
	}
	var lines []int
	for _, p := range ie.Problems {
		lines = append(lines, p.Line)
	}
	if got := fmt.Sprint(lines); got != "[4 5 6 7]" {
		t.Fatalf("bad lines %v:\n%v", lines, err)
	}
	for _, want := range []string{"line 4: the e-mail address", "line 5: ann@example.ch is a duplicate of line 2", "line 6: newsletter is yes or no", "line 7: the phone number"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("report lacks %q:\n%v", want, err)
		}
	}
	if _, err := ParseCustomersCSV([]byte("email,nom\nx@example.ch,X\n"), nil); err == nil || !strings.Contains(err.Error(), `unknown column "nom"`) {
		t.Errorf("unknown column: %v", err)
	}
}
