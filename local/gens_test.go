package local

import (
	"math/rand/v2"
	"testing"
)

// gens reuses the older generation's map for the next one: what it finds
// is what two generations of fresh maps found, over random puts and
// lookups (keys from a small range, so a key is put again, found in the
// older generation, and dropped), and a value found stays as it was when
// its map is emptied for reuse.
func TestGensAsTwoFreshGenerations(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, size := range []int{1, 2, 5, 64} {
		g := gens[int, []int]{size: size}
		var cur, old map[int][]int // the reference: a new map each generation
		var found [][]int
		var was []int
		for i := range 5000 {
			k := rng.IntN(3 * size)
			if rng.IntN(3) == 0 {
				v := []int{i, k}
				g.put(k, v)
				if cur == nil || len(cur) >= size {
					old, cur = cur, map[int][]int{}
				}
				cur[k] = v
				continue
			}
			got, ok := g.lookup(k)
			want, wok := cur[k]
			if !wok {
				want, wok = old[k]
			}
			if ok != wok || ok && (got[0] != want[0] || got[1] != want[1]) {
				t.Fatalf("size %d, step %d: lookup(%d) = %v %v, want %v %v", size, i, k, got, ok, want, wok)
			}
			if ok {
				found, was = append(found, got), append(was, got[0])
			}
		}
		for i, v := range found {
			if v[0] != was[i] {
				t.Fatalf("size %d: a value found changed after its generation was dropped", size)
			}
		}
		g.forget()
		if _, ok := g.lookup(0); ok {
			t.Fatal("found after forget")
		}
	}
}
