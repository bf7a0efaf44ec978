package door

import (
	"strings"
)

// The verdict is read from a few metres away, by someone holding a scanner
// and a ticket: it is drawn in letters five lines high, made of full
// blocks, which every terminal font has. Accents are dropped in big type
// (the line under it keeps them).
const glyphRows = 5

var font = map[rune][glyphRows]string{
	'A':  {".###.", "#...#", "#####", "#...#", "#...#"},
	'B':  {"####.", "#...#", "####.", "#...#", "####."},
	'C':  {".####", "#....", "#....", "#....", ".####"},
	'D':  {"####.", "#...#", "#...#", "#...#", "####."},
	'E':  {"#####", "#....", "####.", "#....", "#####"},
	'F':  {"#####", "#....", "####.", "#....", "#...."},
	'G':  {".####", "#....", "#..##", "#...#", ".###."},
	'H':  {"#...#", "#...#", "#####", "#...#", "#...#"},
	'I':  {"###", ".#.", ".#.", ".#.", "###"},
	'J':  {"..###", "...#.", "...#.", "#..#.", ".##.."},
	'K':  {"#...#", "#..#.", "###..", "#..#.", "#...#"},
	'L':  {"#....", "#....", "#....", "#....", "#####"},
	'M':  {"#...#", "##.##", "#.#.#", "#...#", "#...#"},
	'N':  {"#...#", "##..#", "#.#.#", "#..##", "#...#"},
	'O':  {".###.", "#...#", "#...#", "#...#", ".###."},
	'P':  {"####.", "#...#", "####.", "#....", "#...."},
	'Q':  {".###.", "#...#", "#.#.#", "#..#.", ".##.#"},
	'R':  {"####.", "#...#", "####.", "#..#.", "#...#"},
	'S':  {".####", "#....", ".###.", "....#", "####."},
	'T':  {"#####", "..#..", "..#..", "..#..", "..#.."},
	'U':  {"#...#", "#...#", "#...#", "#...#", ".###."},
	'V':  {"#...#", "#...#", "#...#", ".#.#.", "..#.."},
	'W':  {"#...#", "#...#", "#.#.#", "##.##", "#...#"},
	'X':  {"#...#", ".#.#.", "..#..", ".#.#.", "#...#"},
	'Y':  {"#...#", ".#.#.", "..#..", "..#..", "..#.."},
	'Z':  {"#####", "...#.", "..#..", ".#...", "#####"},
	'0':  {".###.", "#..##", "#.#.#", "##..#", ".###."},
	'1':  {".#.", "##.", ".#.", ".#.", "###"},
	'2':  {"####.", "....#", ".###.", "#....", "#####"},
	'3':  {"####.", "....#", ".###.", "....#", "####."},
	'4':  {"#...#", "#...#", "#####", "....#", "....#"},
	'5':  {"#####", "#....", "####.", "....#", "####."},
	'6':  {".###.", "#....", "####.", "#...#", ".###."},
	'7':  {"#####", "...#.", "..#..", ".#...", ".#..."},
	'8':  {".###.", "#...#", ".###.", "#...#", ".###."},
	'9':  {".###.", "#...#", ".####", "....#", ".###."},
	':':  {".", "#", ".", "#", "."},
	'!':  {"#", "#", "#", ".", "#"},
	'?':  {"###.", "...#", ".##.", "....", ".#.."},
	'-':  {"...", "...", "###", "...", "..."},
	'\'': {"#", "#", ".", ".", "."},
	'✔':  {"....#", "...#.", "#.#..", ".#...", "....."},
	'✖':  {"#...#", ".#.#.", "..#..", ".#.#.", "#...#"},
	'●':  {".....", ".###.", ".###.", ".###.", "....."},
}

// bigWord draws one word in big type: glyphRows lines, letters one column
// apart; a letter the font lacks is drawn as a block.
func bigWord(word string) [glyphRows]string {
	var rows [glyphRows]strings.Builder
	for i, r := range plain(word) {
		g, ok := font[r]
		if !ok {
			g = font['●']
		}
		for y := range glyphRows {
			if i > 0 {
				rows[y].WriteByte(' ')
			}
			rows[y].WriteString(strings.NewReplacer(".", " ", "#", "█").Replace(g[y]))
		}
	}
	var out [glyphRows]string
	for y := range out {
		out[y] = rows[y].String()
	}
	return out
}

// bigWidth is how many columns bigWord draws.
func bigWidth(word string) int {
	n := 0
	for i, r := range plain(word) {
		if i > 0 {
			n++
		}
		g, ok := font[r]
		if !ok {
			g = font['●']
		}
		n += len(g[0])
	}
	return n
}

// unaccented are the capitals of French and German the screens write.
var unaccented = strings.NewReplacer("À", "A", "Â", "A", "Ä", "A", "Ç", "C", "É", "E", "È", "E", "Ê", "E", "Ë", "E",
	"Î", "I", "Ï", "I", "Ô", "O", "Ö", "O", "Ù", "U", "Û", "U", "Ü", "U")

// plain is text in capitals without accents ("déjà" -> "DEJA"), as runes.
func plain(s string) []rune { return []rune(unaccented.Replace(strings.ToUpper(s))) }

// bigText lays words out in big type within width columns, a blank line
// between lines of words; ok is false when a word does not fit in width or
// the lines in height (the caller then writes the words in plain type).
func bigText(text string, width, height int) (lines []string, ok bool) {
	var rows [][]string // words per line
	used := 0
	for _, w := range strings.Fields(text) {
		ww := bigWidth(w)
		if ww > width {
			return nil, false
		}
		if len(rows) > 0 && used+3+ww <= width {
			rows[len(rows)-1] = append(rows[len(rows)-1], w)
			used += 3 + ww
			continue
		}
		rows = append(rows, []string{w})
		used = ww
	}
	if len(rows)*(glyphRows+1)-1 > height {
		return nil, false
	}
	for i, ws := range rows {
		if i > 0 {
			lines = append(lines, "")
		}
		var drawn [glyphRows]string
		for j, w := range ws {
			g := bigWord(w)
			for y := range drawn {
				if j > 0 {
					drawn[y] += "   "
				}
				drawn[y] += g[y]
			}
		}
		lines = append(lines, drawn[:]...)
	}
	return lines, true
}
