package local

import (
	"testing"

	"guichet/pos"
)

// TestCustomersWithoutEmailAreNotImportedTwice: importing the same file
// twice leaves one record per person: a row without an e-mail is the
// customer without one of the same name (and phone, when both have one),
// whose record it updates, as a row with an e-mail is the customer with
// it. Two people of one name with different phones stay two.
func TestCustomersWithoutEmailAreNotImportedTwice(t *testing.T) {
	r, _ := openTest(t, "")
	file := []byte("first_name,last_name,email,phone,notes\n" +
		"Jean,Martin,,021 000 00 01,loge\n" +
		"Jean,Martin,,021 000 00 02,\n" +
		"Anne,Roux,,,\n" +
		"Zoé,Müller,zoe@example.ch,,\n")
	first, err := r.ImportCustomers("claire", file)
	must(t, err)
	desk, err := r.SaveCustomer("claire", pos.Customer{Name: "Paul Blanc", Phone: "079 111 22 33"})
	must(t, err)
	file2 := []byte("first_name,last_name,email,phone,notes\n" +
		"Jean,Martin,,021 000 00 01,loge 12\n" +
		"Jean,Martin,,021 000 00 02,\n" +
		"anne,roux,,,\n" +
		"Zoé,Müller,zoe@example.ch,,\n" +
		"Paul,Blanc,,,abonné\n")
	second, err := r.ImportCustomers("claire", file2)
	must(t, err)
	all, err := r.SearchCustomers("", 0)
	must(t, err)
	if len(all) != 5 {
		t.Fatalf("%d customers after importing the file twice, want 5: %+v", len(all), all)
	}
	for i := range first {
		if second[i].ID != first[i].ID {
			t.Fatalf("row %d is %s the second time, %s the first", i+2, second[i].ID, first[i].ID)
		}
	}
	if second[0].Notes != "loge 12" || second[2].Name != "anne roux" {
		t.Fatalf("not updated: %+v", second)
	}
	if p := second[4]; p.ID != desk.ID || p.Notes != "abonné" {
		t.Fatalf("the desk's Paul Blanc: %+v, imported %+v", desk, p)
	}

	// one record without a phone is one row's: the file's two Luc Noir
	// with two phones are two people, the desk's record and a new one
	_, err = r.SaveCustomer("claire", pos.Customer{Name: "Luc Noir"})
	must(t, err)
	luc := []byte("name,phone\nLuc Noir,021 000 00 11\nLuc Noir,021 000 00 12\n")
	for range 2 {
		_, err = r.ImportCustomers("claire", luc)
		must(t, err)
		if found, _ := r.SearchCustomers("luc noir", 0); len(found) != 2 || found[0].Phone == found[1].Phone {
			t.Fatalf("Luc Noir: %+v", found)
		}
	}
}
