package pos

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// Clone shares nothing a reader could change: every slice, map and pointer
// reachable from an order whose every field is filled (by reflection, so a
// field added to Order or to what it holds is filled too) is another one in
// the clone, and the clone is equal to the order.
func TestOrderCloneSharesNothing(t *testing.T) {
	var o Order
	fill(reflect.ValueOf(&o).Elem())
	c := o.Clone()
	if !reflect.DeepEqual(c, o) {
		t.Fatalf("the clone differs from the order:\n%+v\n%+v", c, o)
	}
	shared(t, "Order", reflect.ValueOf(o), reflect.ValueOf(c))
}

var timeType = reflect.TypeFor[time.Time]()

// fill gives every exported field of v a value: slices and maps one
// element, pointers a filled value, strings and numbers something.
func fill(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == timeType {
			v.Set(reflect.ValueOf(time.Date(2026, 12, 2, 20, 0, 0, 0, time.UTC)))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i))
			}
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0))
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k)
		fill(e)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem())
		v.Set(p)
	case reflect.String:
		v.SetString("x")
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(7)
	case reflect.Bool:
		v.SetBool(true)
	}
}

// shared fails where a and b (same type) hold the same slice, map or
// pointer, at path.
func shared(t *testing.T, path string, a, b reflect.Value) {
	t.Helper()
	switch a.Kind() {
	case reflect.Struct:
		if a.Type() == timeType {
			return
		}
		for i := range a.NumField() {
			if a.Type().Field(i).IsExported() {
				shared(t, path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i))
			}
		}
	case reflect.Slice:
		if a.Len() > 0 && a.Pointer() == b.Pointer() {
			t.Errorf("%s: the clone shares the slice", path)
		}
		for i := range min(a.Len(), b.Len()) {
			shared(t, path+"[]", a.Index(i), b.Index(i))
		}
	case reflect.Map:
		if a.Len() > 0 && a.Pointer() == b.Pointer() {
			t.Errorf("%s: the clone shares the map", path)
		}
	case reflect.Pointer:
		if !a.IsNil() && a.Pointer() == b.Pointer() {
			t.Errorf("%s: the clone shares the pointer", path)
		}
		if !a.IsNil() && !b.IsNil() {
			shared(t, path, a.Elem(), b.Elem())
		}
	}
}

// AsDecoded leaves out the offer pricing applied (not in the JSON): an
// order priced with an offer made at the register reads back without it.
func TestOrderAsDecodedLeavesTheOfferOut(t *testing.T) {
	o := Order{Number: "K01-000001", Offer: &AppliedOffer{ID: "duo", Name: "Duo", offer: &Offer{}}}
	got, ok := o.AsDecoded()
	data, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	var want Order
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if !ok || !reflect.DeepEqual(got, want) {
		t.Fatalf("AsDecoded = %+v, %v; JSON gives %+v", got.Offer, ok, want.Offer)
	}
	if o.Offer.offer == nil {
		t.Fatal("AsDecoded changed the order it was given")
	}
}
