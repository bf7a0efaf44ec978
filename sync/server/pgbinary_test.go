package server

import (
	"bytes"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"pgregory.net/rapid"
)

// TestBinParamIsPgx: each parameter a push sends is the bytes pgx sends
// for the same value and type, NULLs, empty arrays and times before 2000
// or with nanoseconds included.
func TestBinParamIsPgx(t *testing.T) {
	m := pgtype.NewMap()
	genTime := rapid.Custom(func(t *rapid.T) time.Time {
		return time.Unix(rapid.Int64Range(-4e9, 8e9).Draw(t, "s"), rapid.Int64Range(0, 999999999).Draw(t, "ns")).
			In(rapid.SampledFrom([]*time.Location{time.UTC, time.FixedZone("CET", 3600)}).Draw(t, "zone"))
	})
	genText := rapid.OneOf(rapid.String(), rapid.StringMatching(`[A-Z0-9-]{0,12}`))
	rapid.Check(t, func(t *rapid.T) {
		var v any
		var oid uint32
		switch rapid.IntRange(0, 12).Draw(t, "kind") {
		case 0:
			v, oid = genText.Draw(t, "text"), oidText
		case 1:
			v, oid = rapid.SliceOfN(rapid.Byte(), 0, 64).Draw(t, "bytea"), oidBytea
		case 2:
			v, oid = rapid.Int64().Draw(t, "int8"), oidInt8
		case 3:
			v, oid = genTime.Draw(t, "timestamptz"), oidTimestamptz
		case 4:
			v, oid = rapid.SliceOf(genText).Draw(t, "text[]"), oidTextArray
		case 5:
			v, oid = rapid.SliceOf(rapid.SampledFrom([]string{`{}`, `{"id":"m1","to":"a@b.ch"}`, `[1,2]`, `"x"`})).Draw(t, "jsonb[]"), oidJSONBArray
		case 6:
			v, oid = rapid.SliceOf(rapid.Int64()).Draw(t, "int8[]"), oidInt8Array
		case 7:
			v, oid = rapid.SliceOf(rapid.Int32()).Draw(t, "int4[]"), oidInt4Array
		case 8:
			v, oid = rapid.SliceOf(rapid.Custom(func(t *rapid.T) [16]byte {
				return [16]byte(rapid.SliceOfN(rapid.Byte(), 16, 16).Draw(t, "uuid"))
			})).Draw(t, "uuid[]"), oidUUIDArray
		case 9:
			v, oid = rapid.SliceOf(rapid.OneOf(rapid.Just([]byte(nil)), rapid.SliceOfN(rapid.Byte(), 0, 80))).Draw(t, "bytea[]"), oidByteaArray
		case 10:
			v, oid = rapid.SliceOf(genTime).Draw(t, "timestamptz[]"), oidTimestamptzArray
		case 11:
			v, oid = rapid.SliceOf(rapid.OneOf(rapid.Just((*time.Time)(nil)), rapid.Map(genTime, func(t time.Time) *time.Time { return &t }))).Draw(t, "deadlines"), oidTimestamptzArray
		case 12:
			v, oid = rapid.SliceOf(rapid.SampledFrom([]string{"", "K01-S0001", "paid"})).Draw(t, "text[] of a column"), oidTextArray
		}
		got, err := binParam(v, oid)
		if err != nil {
			t.Fatal(err)
		}
		want, err := m.Encode(oid, pgtype.BinaryFormatCode, v, nil)
		if err != nil {
			t.Fatalf("pgx cannot encode %#v: %v", v, err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("%#v as oid %d:\n binParam % x\n pgx      % x", v, oid, got, want)
		}
	})
}

// TestBinParamRefusesOtherTypes: a value whose type this file does not
// encode as the parameter's type is an error, never bytes of another type.
func TestBinParamRefusesOtherTypes(t *testing.T) {
	for _, c := range []struct {
		v   any
		oid uint32
	}{
		{"x", oidInt8}, {int64(1), oidText}, {[]string{"a"}, oidInt8Array}, {[]int32{1}, oidInt8Array},
		{[][]byte{{1}}, oidTextArray}, {[]time.Time{{}}, oidTimestamptz}, {3.5, oidInt8}, {int(1), oidInt8},
	} {
		if b, err := binParam(c.v, c.oid); err == nil {
			t.Errorf("%#v as oid %d: encoded % x, want an error", c.v, c.oid, b)
		}
	}
}
