package sync

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"guichet/local"
	"guichet/pos"
	"guichet/sync/api"
)

// LastClosures reads from the central server where the register's
// closures stood when its journal was last pushed (GET /v1/closures): a
// register whose journal was lost starts its new one from them (guichet
// --new-journal AFTER --central URL --token-file FILE). Each closure must
// carry the signature of pub, the register's key. A register that pushed
// no closure is refused: the figures are then typed.
func LastClosures(ctx context.Context, central, token string, pub ed25519.PublicKey, client *http.Client) (local.JournalFigures, error) {
	if client == nil {
		client = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, central+"/v1/closures", nil)
	if err != nil {
		return local.JournalFigures{}, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return local.JournalFigures{}, pos.Errorf("the central server %s does not answer (%w): start again when it does, or type the lost journal's figures (%v)", central, err, local.ErrNoJournalFigures)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var body api.ErrorBody
		_ = json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&body)
		why := pos.Text{"en": body.Error} // the server's, as it wrote it
		if resp.StatusCode == http.StatusNotFound {
			why = pos.Text{"en": "it is of a version without GET /v1/closures", "fr": "il est d'une version sans GET /v1/closures"}
		}
		return local.JournalFigures{}, pos.Errorf("the central server did not give the register's last closures (%s: %s): type the lost journal's figures instead (%v)", resp.Status, why, local.ErrNoJournalFigures)
	}
	var last api.LastClosures
	if err := json.NewDecoder(io.LimitReader(resp.Body, 16<<20)).Decode(&last); err != nil {
		return local.JournalFigures{}, pos.Errorf("the central server's answer is not readable: %w", err)
	}
	return figuresOf(last, pub)
}

// figuresOf are the figures the last closures give: the newest one's
// grand totals and each kind's last number.
func figuresOf(last api.LastClosures, pub ed25519.PublicKey) (local.JournalFigures, error) {
	if len(last.Closures) == 0 {
		return local.JournalFigures{}, pos.Errorf("the central server holds no closure of register %s (none was pushed): type the lost journal's figures (%w)", last.Register, local.ErrNoJournalFigures)
	}
	fig := local.JournalFigures{Closures: map[string]int{}}
	var newest uint64
	for _, sc := range last.Closures {
		var c local.Closure
		if err := json.Unmarshal(sc.Payload, &c); err != nil {
			return local.JournalFigures{}, pos.Errorf("the central server's closure at entry %d is not readable: %w", sc.Seq, err)
		}
		if !c.SignedBy(pub) {
			return local.JournalFigures{}, pos.Errorf("the central server's %s of register %s is not signed with this register's key: is --token-file this register's token? Otherwise type the lost journal's figures (%v)", closureName(&c), last.Register, local.ErrNoJournalFigures)
		}
		fig.Closures[c.Kind] = max(fig.Closures[c.Kind], c.Number)
		if sc.Seq > newest {
			newest = sc.Seq
			fig.Perpetual = c.PerpetualTotal
			y := c.YearTotal
			fig.YearTotal, fig.Year = &y, c.Period[:min(4, len(c.Period))]
		}
	}
	return fig, nil
}

// closureName is a closure's name (Closure.Name) in each language.
func closureName(c *local.Closure) pos.Text {
	fr := map[string]string{local.ClosureDay: "clôture journalière", local.ClosureMonth: "clôture mensuelle", local.ClosureYear: "clôture annuelle"}[c.Kind]
	if fr == "" {
		fr = "clôture " + c.Kind
	}
	return pos.Text{"en": c.Name(), "fr": fmt.Sprintf("%s %d (%s)", fr, c.Number, c.Period)}
}
