package server

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"guichet/pos"
)

// Every field of the payload structs the fast readers fill is read by
// them: a payload with every field set (by reflection, so a field added
// to orderPlaced, paymentCaptured, ticketIssued or what they hold is set
// too) is read on the fast path, not handed to json.Unmarshal, and gives
// the struct back whole. A field added to a struct and not to its reader
// fails here instead of being skipped silently at every push.
func TestFastReadersReadEveryField(t *testing.T) {
	check := func(name string, filled any, read func(data []byte) (any, bool)) {
		t.Helper()
		data, err := json.Marshal(filled)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := read(data)
		if !ok {
			t.Errorf("%s: the fast reader gave up on a payload as a register writes it:\n%s", name, data)
			return
		}
		if !reflect.DeepEqual(got, filled) {
			t.Errorf("%s: the fast reader left fields out:\nread  %+v\nwant %+v\nfrom %s", name, got, filled, data)
		}
	}
	var op orderPlaced
	fillAll(reflect.ValueOf(&op).Elem())
	check("order.placed", op, func(b []byte) (any, bool) {
		var v orderPlaced
		r := jsonReader{b: b}
		return v, readOrderPlaced(&r, &v) && r.end()
	})
	var pc paymentCaptured
	fillAll(reflect.ValueOf(&pc).Elem())
	check("payment.captured", pc, func(b []byte) (any, bool) {
		var v paymentCaptured
		r := jsonReader{b: b}
		return v, readPaymentCaptured(&r, &v) && r.end()
	})
	var ti ticketIssued
	fillAll(reflect.ValueOf(&ti).Elem())
	check("ticket.issued", ti, func(b []byte) (any, bool) {
		var v ticketIssued
		r := jsonReader{b: b}
		return v, readTicketIssued(&r, &v) && r.end()
	})
}

var (
	moneyType = reflect.TypeFor[pos.Money]()
	timeType  = reflect.TypeFor[time.Time]()
)

// fillAll sets every exported field of v to a value a register could
// write: plain text, an amount in francs, a time in UTC, one element in
// each slice, a value behind each pointer.
func fillAll(v reflect.Value) {
	switch {
	case v.Type() == moneyType:
		v.Set(reflect.ValueOf(pos.M(1250, "CHF")))
		return
	case v.Type() == timeType:
		v.Set(reflect.ValueOf(time.Date(2026, 12, 2, 20, 0, 0, 0, time.UTC)))
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillAll(v.Field(i))
			}
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fillAll(v.Index(0))
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fillAll(v.Elem())
	case reflect.String:
		v.SetString("x")
	case reflect.Int, reflect.Int64:
		v.SetInt(3)
	case reflect.Bool:
		v.SetBool(true)
	}
}
