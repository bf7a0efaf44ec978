package sync_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"guichet/local"
	"guichet/pos"
	"guichet/sync/api"
)

// TestARefusalOfAnEntryTheServerCannotReadSaysWhatToDoInFrench: guichetd
// refused an entry it could not decode ("entry 1 of the batch: …") or
// whose payload it could not take ("entry 3: …") with a sentence that
// ended with the decoder's or the check's own English words; the register
// shows guichetd's refusals translated (sentences_fr.go), but these two
// were left in English, and a French till showed "entry 1 of the batch:
// the stored entry is damaged (header)" with nothing to do. They say what
// to do after the detail, and a French till says it in French (the
// detail, in parentheses, stays the server's). The test failed before:
// the French was the English.
func TestARefusalOfAnEntryTheServerCannotReadSaysWhatToDoInFrench(t *testing.T) {
	c := newCentral(t)
	k1 := newRegister(t, c, "K01")
	k1.sell(t, 1)
	entries, err := k1.Entries(1, 1000)
	must(t, err)

	notEntry := pushBody(t, [][]byte{[]byte("not an entry")})
	undecoded := refusal(t, "a body that holds no entry", post(t, c, "/v1/push", k1.token, notEntry, k1.SignPush(notEntry)), http.StatusUnprocessableEntity, "tampered")

	// a ticket's signature that cannot be one: the payload check refuses it
	badSig, err := json.Marshal(api.PushRequest{Entries: entries, Tickets: []local.SignedTicket{{Number: "K01-000001-01", Sig: []byte{1, 2, 3}}}})
	must(t, err)
	unchecked := refusal(t, "a ticket's signature of 3 bytes", post(t, c, "/v1/push", k1.token, badSig, k1.SignPush(badSig)), http.StatusUnprocessableEntity, "ticket")

	for _, tc := range []struct {
		en         string
		enEnd      string
		frStart    string
		frEnd      string
		detailKept string
	}{
		{undecoded.Error, "check the register's journal with guichet journal verify; if it is intact, call for help and give them this sentence",
			"l'écriture 1 de l'envoi est illisible (", " : vérifiez le journal de la caisse avec guichet journal verify ; s'il est intact, appelez à l'aide et donnez-leur cette phrase",
			"the stored entry is damaged (header)"},
		{unchecked.Error, "update guichetd to the register's version or a newer one; if it is, call for help and give them this sentence",
			"l'écriture ", " : mettez guichetd à la version de la caisse ou à une plus récente ; s'il l'est déjà, appelez à l'aide et donnez-leur cette phrase",
			"the signature pushed for ticket K01-000001-01 is not an Ed25519 signature (3 bytes, not 64)"},
	} {
		if !strings.HasSuffix(tc.en, tc.enEnd) || !strings.Contains(tc.en, tc.detailKept) {
			t.Errorf("guichetd refused with %q, want it to end %q", tc.en, tc.enEnd)
		}
		fr := pos.Say(errors.New(tc.en), pos.French)
		if !strings.HasPrefix(fr, tc.frStart) || !strings.HasSuffix(fr, tc.frEnd) || !strings.Contains(fr, tc.detailKept) {
			t.Errorf("the refusal %q is said in French %q", tc.en, fr)
		}
	}
}
