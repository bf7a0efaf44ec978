package server

import (
	"encoding/binary"
	"fmt"
	"time"
)

// The parameters of a push's statement in PostgreSQL's binary format,
// encoded here without pgx's type plans: a push of 100 entries sends
// about fifty arrays, and choosing an encoder per value by reflection cost
// the ingest a fifth of its Go time. Each value is what pgx would send
// for the same Go value (array_recv's format; timestamptz as microseconds
// since 2000-01-01 UTC; bytea and text as their bytes; NULL for a nil
// slice element or a nil *time.Time).

// Element types of the arrays the ingest sends.
const (
	oidBytea       = 17
	oidInt8        = 20
	oidInt4        = 23
	oidText        = 25
	oidTimestamptz = 1184
	oidUUID        = 2950
)

// pgEpochMicros is 2000-01-01 00:00:00 UTC, PostgreSQL's epoch, in
// microseconds since the Unix epoch.
const pgEpochMicros = 946684800 * 1000000

func pgMicros(t time.Time) int64 {
	return t.Unix()*1000000 + int64(t.Nanosecond())/1000 - pgEpochMicros
}

// Array types of the statement's parameters (its description says which
// type each is).
const (
	oidByteaArray       = 1001
	oidInt4Array        = 1007
	oidTextArray        = 1009
	oidInt8Array        = 1016
	oidTimestamptzArray = 1185
	oidUUIDArray        = 2951
	oidJSONB            = 3802
	oidJSONBArray       = 3807
)

// binParam is v as a parameter of type oid, in binary format (nil: NULL,
// as for a nil slice); an error when this file does not encode that Go
// type as that PostgreSQL type.
func binParam(v any, oid uint32) ([]byte, error) {
	b, err := binValue(v, oid)
	if err == nil && nilSlice(v) {
		return nil, nil
	}
	return b, err
}

func binValue(v any, oid uint32) ([]byte, error) {
	switch v := v.(type) {
	case string:
		if oid == oidText {
			return []byte(v), nil
		}
	case []byte:
		if oid == oidBytea {
			return v, nil
		}
	case int64:
		if oid == oidInt8 {
			return binary.BigEndian.AppendUint64(nil, uint64(v)), nil
		}
	case time.Time:
		if oid == oidTimestamptz {
			return binary.BigEndian.AppendUint64(nil, uint64(pgMicros(v))), nil
		}
	case []string:
		switch oid {
		case oidTextArray:
			return binArray(oidText, len(v), textSize(v), func(b []byte, i int) ([]byte, bool) { return append(b, v[i]...), true }), nil
		case oidJSONBArray:
			// jsonb's binary form: version 1, then the text.
			return binArray(oidJSONB, len(v), textSize(v)+len(v), func(b []byte, i int) ([]byte, bool) { return append(append(b, 1), v[i]...), true }), nil
		}
	case []int64:
		if oid == oidInt8Array {
			return binArray(oidInt8, len(v), 8*len(v), func(b []byte, i int) ([]byte, bool) { return binary.BigEndian.AppendUint64(b, uint64(v[i])), true }), nil
		}
	case []int32:
		if oid == oidInt4Array {
			return binArray(oidInt4, len(v), 4*len(v), func(b []byte, i int) ([]byte, bool) { return binary.BigEndian.AppendUint32(b, uint32(v[i])), true }), nil
		}
	case [][16]byte:
		if oid == oidUUIDArray {
			return binArray(oidUUID, len(v), 16*len(v), func(b []byte, i int) ([]byte, bool) { return append(b, v[i][:]...), true }), nil
		}
	case [][]byte:
		if oid == oidByteaArray {
			return binArray(oidBytea, len(v), bytesSize(v), func(b []byte, i int) ([]byte, bool) { return append(b, v[i]...), v[i] != nil }), nil
		}
	case []time.Time:
		if oid == oidTimestamptzArray {
			return binArray(oidTimestamptz, len(v), 8*len(v), func(b []byte, i int) ([]byte, bool) {
				return binary.BigEndian.AppendUint64(b, uint64(pgMicros(v[i]))), true
			}), nil
		}
	case []*time.Time:
		if oid == oidTimestamptzArray {
			return binArray(oidTimestamptz, len(v), 8*len(v), func(b []byte, i int) ([]byte, bool) {
				if v[i] == nil {
					return b, false
				}
				return binary.BigEndian.AppendUint64(b, uint64(pgMicros(*v[i]))), true
			}), nil
		}
	}
	return nil, fmt.Errorf("no binary encoding of a %T as the type of oid %d", v, oid)
}

func textSize(v []string) (n int) {
	for _, s := range v {
		n += len(s)
	}
	return n
}

func bytesSize(v [][]byte) (n int) {
	for _, s := range v {
		n += len(s)
	}
	return n
}

func nilSlice(v any) bool {
	switch v := v.(type) {
	case []string:
		return v == nil
	case []int64:
		return v == nil
	case []int32:
		return v == nil
	case [][16]byte:
		return v == nil
	case [][]byte:
		return v == nil
	case []time.Time:
		return v == nil
	case []*time.Time:
		return v == nil
	}
	return false
}

// binArray is a one-dimensional array of n elements of type elem (lower
// bound 1) whose bytes add up to size at most; each appends element i's
// bytes to b, or reports it NULL.
func binArray(elem uint32, n, size int, each func(b []byte, i int) ([]byte, bool)) []byte {
	b := make([]byte, 20, 20+4*n+size)   // the array in one allocation
	binary.BigEndian.PutUint32(b[0:], 1) // dimensions
	binary.BigEndian.PutUint32(b[8:], elem)
	binary.BigEndian.PutUint32(b[12:], uint32(n))
	binary.BigEndian.PutUint32(b[16:], 1) // lower bound
	nulls := false
	for i := range n {
		at := len(b)
		b = append(b, 0, 0, 0, 0)
		var ok bool
		if b, ok = each(b, i); !ok {
			binary.BigEndian.PutUint32(b[at:], 0xFFFFFFFF) // -1: NULL
			nulls = true
			continue
		}
		binary.BigEndian.PutUint32(b[at:], uint32(len(b)-at-4))
	}
	if nulls {
		binary.BigEndian.PutUint32(b[4:], 1)
	}
	return b
}
