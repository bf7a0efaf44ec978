// Package spelling suggests the name a person most likely meant when they
// mistyped one (a flag, a catalog's field): "did you mean --catalog?".
package spelling

import "strings"

// Nearest is the name of names closest to word, within two letters typed
// wrong, missing or extra (one for words of four letters or fewer, where
// two would suggest almost anything), or "". Names are compared as given;
// word in lower case. The first of equally close names wins.
func Nearest(word string, names []string) string {
	best, bestD := "", 3
	if len(word) <= 4 {
		bestD = 2
	}
	word = strings.ToLower(word)
	for _, n := range names {
		if d := distance(word, n); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b, in bytes (flag
// and field names are ASCII).
func distance(a, b string) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
