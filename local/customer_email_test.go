package local

import (
	"errors"
	"testing"

	"guichet/pos"
)

// TestACustomerWithAnotherOnesEmailIsAskedAbout: a new customer typed with
// the e-mail of one already recorded (in any case, with spaces) is not
// recorded: the error names the customer who has it, to be chosen (their
// orders make them a previous buyer; the CSV import takes the e-mail for
// their identity). Recorded anyway when the staff member says the address
// is shared (a family). Editing a customer who keeps their e-mail asks
// nothing; one who takes another's is asked about.
func TestACustomerWithAnotherOnesEmailIsAskedAbout(t *testing.T) {
	r, _ := openTest(t, "")
	zoe, err := r.SaveCustomer("claire", pos.Customer{FirstName: "Zoé", LastName: "Müller", Email: "zoe@example.ch"})
	must(t, err)
	luc := pos.Customer{FirstName: "Luc", LastName: "Müller", Email: " ZOE@Example.ch "}
	_, err = r.SaveCustomer("claire", luc)
	var inUse *EmailInUseError
	if !errors.As(err, &inUse) || inUse.Existing.ID != zoe.ID {
		t.Fatalf("a second customer with zoe's e-mail: %v", err)
	}
	if got := inUse.Say(pos.French); got != "le client Zoé Müller ("+zoe.ID+") a déjà l'adresse e-mail zoe@example.ch : choisissez-le, ou enregistrez ce client comme la partageant" {
		t.Errorf("in French: %q", got)
	}
	if found, err := r.SearchCustomers("luc", 0); err != nil || len(found) != 0 {
		t.Fatalf("luc recorded after the question: %v %v", found, err)
	}
	shared, err := r.SaveCustomerSharingEmail("claire", luc)
	must(t, err)
	if shared.ID == "" || shared.ID == zoe.ID || shared.Email != "zoe@example.ch" {
		t.Fatalf("luc sharing the address: %+v", shared)
	}
	zoe.Phone = "+41 79 000 00 00"
	_, err = r.SaveCustomer("claire", zoe) // her own e-mail, kept
	must(t, err)
	ann, err := r.SaveCustomer("claire", pos.Customer{Name: "Ann Brown", Email: "ann@example.ch"})
	must(t, err)
	ann.Email = "zoe@example.ch"
	if _, err := r.SaveCustomer("claire", ann); !errors.As(err, &inUse) {
		t.Fatalf("ann taking zoe's e-mail: %v", err)
	}
	checkJournal(t, r)
}

// TestAnImportUpdatesTheCustomerOfItsNameAmongThoseSharingAnEmail: Zoé and
// Luc share one address (recorded so after the question). A CSV row of
// Zoé's with that address updates Zoé, not the last of them recorded: the
// import renamed Luc "Zoé Müller" and gave him her phone.
func TestAnImportUpdatesTheCustomerOfItsNameAmongThoseSharingAnEmail(t *testing.T) {
	r, _ := openTest(t, "")
	zoe, err := r.SaveCustomer("claire", pos.Customer{FirstName: "Zoé", LastName: "Müller", Email: "zoe@example.ch"})
	must(t, err)
	luc, err := r.SaveCustomerSharingEmail("claire", pos.Customer{FirstName: "Luc", LastName: "Müller", Email: "zoe@example.ch"})
	must(t, err)
	for _, tc := range []struct {
		row  string
		want string // the id updated
	}{
		{"first_name,last_name,email,phone\nZoé,Müller,zoe@example.ch,+41 79 111 11 11\n", zoe.ID},
		{"first_name,last_name,email,phone\nLuc,Müller,ZOE@example.ch,+41 79 222 22 22\n", luc.ID},
		{"first_name,last_name,email,phone\nAnna,Müller,zoe@example.ch,+41 79 333 33 33\n", zoe.ID}, // no name matches: the first to have it
	} {
		got, err := r.ImportCustomers("claire", []byte(tc.row))
		must(t, err)
		if len(got) != 1 || got[0].ID != tc.want {
			t.Fatalf("%q updated %+v, want %s", tc.row, got, tc.want)
		}
	}
	found, err := r.SearchCustomers("luc", 0)
	must(t, err)
	if len(found) != 1 || found[0].ID != luc.ID || found[0].Phone != "+41 79 222 22 22" {
		t.Fatalf("Luc after the imports: %+v", found)
	}
	checkJournal(t, r)
}
