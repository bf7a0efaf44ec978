package local

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"guichet/pos"
)

// journalTypes is the type of every entry of the journal at path.
func journalTypes(t *testing.T, path string) []string {
	t.Helper()
	var buf bytes.Buffer
	if _, err := Export(path, 0, &buf); err != nil {
		t.Fatal(err)
	}
	var types []string
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var e struct {
			Type string `json:"type"`
		}
		must(t, json.Unmarshal(sc.Bytes(), &e))
		types = append(types, e.Type)
	}
	return types
}

// eventKindsOf is the kind of every event of the event log at path.
func eventKindsOf(t *testing.T, path string) []string {
	t.Helper()
	list, err := Events(path)
	must(t, err)
	var kinds []string
	for _, e := range list {
		kinds = append(kinds, e.Kind)
	}
	return kinds
}

// TestARefusedUnlockWritesNoStartUp: a command-line tool's wrong PIN
// (RecordRefusedUnlock) records what a till's records, pin.failed in the
// journal and unlock.failed in the event log, and none of a start's
// writes: a catalog whose capacity changed is not granted (a till's
// register granted it when it started, not when a PIN was wrong). An
// unknown member of staff adds no entry. The register opened after it
// grants the capacity as every start does.
func TestARefusedUnlockWritesNoStartUp(t *testing.T) {
	r, clk := openTest(t, "")
	path := r.Path()
	till := openTill(t, r, "claire", "1234")
	must(t, till.AddTickets("hamlet-00", "galerie", "child", 1))
	if _, err := till.Checkout(cash()); err != nil {
		t.Fatal(err)
	}
	r.Close()

	newer := newerCatalog(t) // galerie of hamlet-00: 80 seats, not 60
	entries, events := journalTypes(t, path), eventKindsOf(t, path)
	err := RecordRefusedUnlock(Options{Path: path, Catalog: newer, Now: clk.Now}, "claire", "0000")
	if !errors.Is(err, ErrWrongPIN) {
		t.Fatalf("a wrong PIN: %v, want ErrWrongPIN", err)
	}
	newEntries, newEvents := journalTypes(t, path)[len(entries):], eventKindsOf(t, path)[len(events):]
	if !slices.Equal(newEntries, []string{TypePINFailed}) || !slices.Equal(newEvents, []string{EventUnlockFailed}) {
		t.Errorf("a wrong PIN added %v to the journal and %v to the event log, want [%s] and [%s]",
			newEntries, newEvents, TypePINFailed, EventUnlockFailed)
	}

	entries, events = journalTypes(t, path), eventKindsOf(t, path)
	err = RecordRefusedUnlock(Options{Path: path, Catalog: newer, Now: clk.Now}, "nobody", "0000")
	if !errors.Is(err, ErrWrongPIN) {
		t.Fatalf("an unknown member of staff: %v, want ErrWrongPIN", err)
	}
	newEntries, newEvents = journalTypes(t, path)[len(entries):], eventKindsOf(t, path)[len(events):]
	if len(newEntries) > 0 || !slices.Equal(newEvents, []string{EventUnlockFailed}) {
		t.Errorf("an unknown member of staff added %v to the journal and %v to the event log, want none and [%s]",
			newEntries, newEvents, EventUnlockFailed)
	}

	// the register's start grants the newer catalog
	clk.Add(time.Minute)
	entries = journalTypes(t, path)
	r, err = Open(Options{Path: path, Catalog: newer, Now: clk.Now})
	must(t, err)
	if z := galerie(t, r); z.Capacity != 80 {
		t.Errorf("galerie's capacity after the start: %d, want 80", z.Capacity)
	}
	r.Close()
	if got := journalTypes(t, path)[len(entries):]; !slices.Contains(got, TypeCapacityGranted) {
		t.Errorf("the start after the wrong PINs wrote %v, want a %s", got, TypeCapacityGranted)
	}
	verifiesWithTheViewsItGives(t, path)
}

// TestATrialWritesNothing: a register opened for a trial (Options.Trial)
// says what its commands refuse, returns nil for those it would record,
// and leaves the file byte for byte as it was; a member of staff with no
// open shift is taken to have one. A catalog whose capacity the start
// would grant makes every command pass: the trial cannot tell.
func TestATrialWritesNothing(t *testing.T) {
	r, clk := openTest(t, "")
	path := r.Path()
	openTill(t, r, "claire", "1234").Close()
	r.Close()
	before, err := os.ReadFile(path)
	must(t, err)
	flat, err := os.ReadFile(path + ".journal")
	must(t, err)

	tr, err := Open(Options{Path: path, Catalog: demoCatalog(t), Now: clk.Now, ReadOnly: true, Trial: true})
	must(t, err)
	if err := tr.AddCodes("claire", "nope", []pos.Code{{Code: "NEWCODE1"}}); err == nil || !strings.Contains(err.Error(), "no offer") {
		t.Errorf("codes added to an offer not there: %v", err)
	}
	must(t, tr.AddCodes("claire", "cadeau", []pos.Code{{Code: "NEWCODE1"}}))
	marc, err := tr.Unlock("marc", "5678") // no shift open
	must(t, err)
	must(t, marc.AddSeats("voyage-01", "salle", "adult", "E-5"))
	if _, err := marc.Checkout([]pos.Tender{{Method: "postcard"}}); !errors.Is(err, pos.ErrMethodNotForSeller) {
		t.Errorf("marc paid by postcard: %v, want ErrMethodNotForSeller", err)
	}
	if _, err := marc.Checkout(cash()); err != nil {
		t.Errorf("marc paid cash: %v", err)
	}
	tr.Close()
	after, err := os.ReadFile(path)
	must(t, err)
	flatAfter, err := os.ReadFile(path + ".journal")
	must(t, err)
	if !bytes.Equal(before, after) || !bytes.Equal(flat, flatAfter) {
		t.Error("the trial changed the file or its flat file")
	}

	tr, err = Open(Options{Path: path, Catalog: newerCatalog(t), Now: clk.Now, ReadOnly: true, Trial: true})
	must(t, err)
	defer tr.Close()
	if err := tr.AddCodes("claire", "nope", nil); err != nil {
		t.Errorf("a trial with a capacity to grant refused %v", err)
	}
}
