package flatjournal

import (
	"math/rand/v2"
	"testing"
)

// TestLastNonZeroFindsTheLastByte: one or two bytes set anywhere in
// buffers around the block size (at each block's edges too), and none.
func TestLastNonZeroFindsTheLastByte(t *testing.T) {
	naive := func(b []byte) int {
		for i := len(b) - 1; i >= 0; i-- {
			if b[i] != 0 {
				return i
			}
		}
		return -1
	}
	rng := rand.New(rand.NewPCG(3, 9))
	n := zeroRun
	found := 0
	for _, size := range []int{0, 1, 7, n - 1, n, n + 1, 3*n + 5, 64 << 10} {
		b := make([]byte, size)
		if got := lastNonZero(b); got != -1 {
			t.Fatalf("%d zeros: %d, want -1", size, got)
		}
		at := []int{0, size - 1, size / 2, n - 1, n, 2*n - 1, rng.IntN(size + 1)}
		for _, i := range at {
			for _, j := range at {
				if i < 0 || i >= size || j < 0 || j >= size {
					continue
				}
				clear(b)
				b[i], b[j] = 0x80, 1
				if got, want := lastNonZero(b), naive(b); got != want {
					t.Fatalf("%d bytes, set at %d and %d: %d, want %d", size, i, j, got, want)
				}
				found++
			}
		}
	}
	if found < 100 {
		t.Fatalf("only %d cases ran", found)
	}
}
