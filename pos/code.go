package pos

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"
)

// Code is a promo code that unlocks an offer (seed 000 "Add promotional
// codes"). MaxUses counts orders, not tickets (seed 002 "Quantity allowed");
// 0 means no limit.
type Code struct {
	Code     string `json:"code"`            // normalised: trimmed, upper case
	Offer    string `json:"offer,omitempty"` // offer id (implied inside a catalog offer)
	MaxUses  int    `json:"max_uses,omitempty"`
	Disabled bool   `json:"disabled,omitempty"`
}

// NormalizeCode is a code as the register compares it: what was typed,
// without control characters, trimmed, in upper case, so "  summer " finds
// SUMMER.
func NormalizeCode(typed string) string {
	return strings.ToUpper(strings.TrimSpace(Clean(typed, false)))
}

// Limits on code text: short enough to type at a counter, long enough to name.
const (
	MinCodeLength = 3
	MaxCodeLength = 32
	// MinRandomCodeLength keeps random codes hard to guess.
	MinRandomCodeLength = 8
)

// CheckCodeText checks a normalised code: letters, digits, '-' and '_'
// only, starting with a letter or a digit. A spreadsheet reads a cell that
// starts with = + - or @ as a formula, so such a code could not travel
// through an export and an import (nor run one when opened).
func CheckCodeText(code string) error {
	n := len([]rune(code))
	if n < MinCodeLength || n > MaxCodeLength {
		return Errorf("code %q: a code has %d to %d characters", CodeShown(code), MinCodeLength, MaxCodeLength)
	}
	for i, r := range code {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '_' {
			return Errorf("code %q: use letters, digits, '-' and '_' only", CodeShown(code))
		}
		if i == 0 && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return Errorf("code %q: a code starts with a letter or a digit (a spreadsheet reads %q as the start of a formula)", CodeShown(code), r)
		}
	}
	return nil
}

// CodeShown is a code as a message quotes it: at most its first 40
// characters, so a line of garbage is named, not echoed whole.
func CodeShown(code string) string {
	const most = 40
	if r := []rune(code); len(r) > most {
		return string(r[:most]) + "…"
	}
	return code
}

// RandomCodeAlphabet has no look-alike characters: no 0/O, 1/I/L.
const RandomCodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// GenerateCodes makes n unique random codes of the given length (at least
// MinRandomCodeLength) from RandomCodeAlphabet. taken reports codes that
// already exist, which are never returned. random is the entropy source
// (crypto/rand.Reader at the register; a fixed stream in tests).
func GenerateCodes(n, length int, taken func(string) bool, random io.Reader) ([]string, error) {
	if n < 1 {
		return nil, errors.New("ask for at least one code")
	}
	if n > 100000 {
		return nil, errors.New("at most 100000 codes can be generated at once")
	}
	if length < MinRandomCodeLength || length > MaxCodeLength {
		return nil, fmt.Errorf("a random code has %d to %d characters", MinRandomCodeLength, MaxCodeLength)
	}
	seen := make(map[string]bool, n)
	out := make([]string, 0, n)
	buf := make([]byte, 64)
	var pool []byte
	next := func() (byte, error) {
		// Rejection sampling keeps every character equally likely.
		limit := byte(256 - 256%len(RandomCodeAlphabet))
		for {
			if len(pool) == 0 {
				if _, err := io.ReadFull(random, buf); err != nil {
					return 0, fmt.Errorf("cannot draw random codes: %w", err)
				}
				pool = buf
			}
			b := pool[0]
			pool = pool[1:]
			if b < limit {
				return RandomCodeAlphabet[int(b)%len(RandomCodeAlphabet)], nil
			}
		}
	}
	code := make([]byte, length)
	for tries := 0; len(out) < n; tries++ {
		if tries > 10*n+100 {
			return nil, errors.New("cannot find enough unused random codes: make them longer")
		}
		for i := range code {
			b, err := next()
			if err != nil {
				return nil, err
			}
			code[i] = b
		}
		s := string(code)
		if seen[s] || (taken != nil && taken(s)) {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out, nil
}

// CodeBook is an in-memory PromoState: codes by normalised text and usage
// counts. `guichet quote` builds one from the catalog; the register may keep
// one rebuilt from its views. It is not safe for concurrent writes.
type CodeBook struct {
	codes   map[string]Code
	uses    map[string]int      // code -> orders (not canceled)
	placed  map[string]int      // code -> orders ever placed with it, canceled ones too
	tickets map[offerItem]int   // (offer, item key) -> tickets; item "" is the whole offer
	byOffer map[string][]string // offer -> codes, for listing
	sorted  map[string]bool     // byOffer[offer] is sorted
}

type offerItem struct{ offer, item string }

// NewCodeBook is a code book holding the codes the catalog's offers define.
func NewCodeBook(c *Catalog) *CodeBook {
	b := &CodeBook{codes: map[string]Code{}, uses: map[string]int{}, placed: map[string]int{}, tickets: map[offerItem]int{},
		byOffer: map[string][]string{}, sorted: map[string]bool{}}
	if c != nil {
		for _, o := range c.Offers {
			for _, k := range o.Codes {
				k.Offer = o.ID
				b.put(k)
			}
		}
	}
	return b
}

func (b *CodeBook) put(k Code) {
	if _, ok := b.codes[k.Code]; !ok {
		b.byOffer[k.Offer] = append(b.byOffer[k.Offer], k.Code)
		b.sorted[k.Offer] = false
	}
	b.codes[k.Code] = k
}

// Code finds a code by its normalised text.
func (b *CodeBook) Code(code string) (Code, bool) { k, ok := b.codes[code]; return k, ok }

// CodeUses is how many orders used the code.
func (b *CodeBook) CodeUses(code string) int { return b.uses[code] }

// OfferTickets is how many tickets benefited from the offer (item "") or
// one of its scope items (ScopeItem.Key).
func (b *CodeBook) OfferTickets(offer, item string) int { return b.tickets[offerItem{offer, item}] }

// Len is the number of codes.
func (b *CodeBook) Len() int { return len(b.codes) }

// Codes lists an offer's codes in alphabetical order.
func (b *CodeBook) Codes(offer string) []Code {
	list := b.byOffer[offer]
	if !b.sorted[offer] {
		sort.Strings(list)
		b.sorted[offer] = true
	}
	out := make([]Code, 0, len(list))
	for _, k := range list {
		out = append(out, b.codes[k])
	}
	return out
}

// Add adds codes after CheckNewCodes; it refuses all of them if one exists.
func (b *CodeBook) Add(codes ...Code) error {
	if err := CheckNewCodesAgainst(codes, b.holder); err != nil {
		return err
	}
	for _, k := range codes {
		b.put(k)
	}
	return nil
}

func (b *CodeBook) holder(code string) (string, bool) { k, ok := b.codes[code]; return k.Offer, ok }

// SetDisabled disables or re-enables a code.
func (b *CodeBook) SetDisabled(code string, disabled bool) error {
	k, ok := b.codes[NormalizeCode(code)]
	if !ok {
		return fmt.Errorf("there is no code %q", CodeShown(code))
	}
	k.Disabled = disabled
	b.codes[k.Code] = k
	return nil
}

// Delete removes a code that no order used, canceled orders included.
func (b *CodeBook) Delete(code string) error {
	k, ok := b.codes[NormalizeCode(code)]
	if !ok {
		return fmt.Errorf("there is no code %q", CodeShown(code))
	}
	if err := CheckDelete(k, b.placed[k.Code]); err != nil {
		return err
	}
	delete(b.codes, k.Code)
	list := b.byOffer[k.Offer]
	for i, x := range list {
		if x == k.Code {
			b.byOffer[k.Offer] = append(list[:i:i], list[i+1:]...)
			break
		}
	}
	return nil
}

// Record counts an order that used an offer (sign +1) or its cancellation
// (sign -1): one use of its code, and its tickets per scope item as
// OfferUsage gives them. A cancellation gives the use back to the code's
// quantity allowed, but the code was used all the same: it still cannot be
// deleted (CheckDelete).
func (b *CodeBook) Record(applied *AppliedOffer, usage map[string]int, sign int) {
	if applied == nil {
		return
	}
	if applied.Code != "" {
		b.uses[applied.Code] += sign
		if sign > 0 {
			b.placed[applied.Code] += sign
		}
	}
	for item, n := range usage {
		b.tickets[offerItem{applied.ID, item}] += sign * n
	}
}

// CheckNewCodes checks codes about to be added: each valid, none twice, none
// already existing (exists reports codes the register already has). Every
// problem is reported.
func CheckNewCodes(codes []Code, exists func(string) bool) error {
	return CheckNewCodesAgainst(codes, heldBy(exists))
}

// CodeHolder says which offer holds a code already (held false: none; ""
// when it cannot say which): a code refused for existing names it, so a
// manager importing codes knows where to look.
type CodeHolder func(code string) (offer string, held bool)

// heldBy is a yes or no as a CodeHolder that names no offer (nil: none
// held).
func heldBy(exists func(string) bool) CodeHolder {
	if exists == nil {
		return nil
	}
	return func(code string) (string, bool) { return "", exists(code) }
}

func (h CodeHolder) of(code string) (string, bool) {
	if h == nil {
		return "", false
	}
	return h(code)
}

// codeExists is the refusal of a code that exists already, in offer when
// known.
func codeExists(code, offer string) error {
	if offer == "" {
		return Errorf("code %s already exists", code)
	}
	return Errorf("code %s already exists, in offer %s", code, offer)
}

// CheckNewCodesAgainst is CheckNewCodes with the offer that holds each
// code already, which its refusal names.
func CheckNewCodesAgainst(codes []Code, holder CodeHolder) error {
	var p problems
	seen := map[string]bool{}
	for _, k := range codes {
		if k.Code != NormalizeCode(k.Code) {
			p.add("code %q is not normalised (internal)", k.Code)
			continue
		}
		if err := CheckCodeText(k.Code); err != nil {
			p.add("%v", err)
		}
		if k.MaxUses < 0 {
			p.add("code %s: max uses cannot be negative", k.Code)
		}
		if k.Offer == "" {
			p.add("code %s: no offer", k.Code)
		}
		if seen[k.Code] {
			p.add("code %s is listed twice", k.Code)
		}
		seen[k.Code] = true
		if in, held := holder.of(k.Code); held {
			p = append(p, codeExists(k.Code, in))
		}
	}
	return p.err()
}

// ErrCodeUsed is why a used code cannot be deleted.
var ErrCodeUsed = errors.New("a code that was used cannot be deleted: disable it instead")

// CheckDelete refuses to delete a code some order used (seed 002: "if it has
// been used by customers it cannot be destroyed"). placed counts every order
// ever placed with the code, canceled and lapsed ones too: they were made
// with it, and the journal keeps them naming it, though a cancellation gave
// the use back to its quantity allowed. The refusal names k's offer, as the
// refusal of a code that exists does (codeExists): a manager deleting codes
// knows which offer holds it, to disable it there.
func CheckDelete(k Code, placed int) error {
	switch {
	case placed <= 0:
		return nil
	case k.Offer == "":
		return Errorf("code %s was used by %d order(s), canceled ones included: %w", k.Code, placed, ErrCodeUsed)
	}
	return Errorf("code %s, in offer %s, was used by %d order(s), canceled ones included: %w", k.Code, k.Offer, placed, ErrCodeUsed)
}

// UsageText is "3 / 10" or "3 / unlimited": orders that used a code versus
// the number permitted (seed 002 "Usage / Permit").
func UsageText(uses, max int) string {
	if max == 0 {
		return fmt.Sprintf("%d / unlimited", uses)
	}
	return fmt.Sprintf("%d / %d", uses, max)
}
