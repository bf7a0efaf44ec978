package printers

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestAFailureIsSaidInFrenchAndReadBack: a failed job's sentence
// (Failure.String) reached a French reader in English where no screen
// says it in its own words: guichet journal events (the printer.fault
// event keeps it as text) and a command that waits for its printing. In
// says it in French, the job as staff find it and the error's words said
// by the caller; FailureOf reads the event's English back.
func TestAFailureIsSaidInFrenchAndReadBack(t *testing.T) {
	ticket := JobRef{Kind: JobTicket, Ref: "K01-000001-01", ID: "4"}
	say := func(s string) string { return "«" + s + "»" } // the caller's words for the error
	for _, tc := range []struct {
		f      Failure
		en, fr string
	}{
		{Failure{Kind: FailSend, Job: ticket, Problem: ProblemWriteFailed, Again: true, Err: "writing the print job to /dev/full: no space left on device"},
			"ticket K01-000001-01 was not printed: writing the print job to /dev/full: no space left on device; it stays in the queue",
			"billet K01-000001-01 : envoi impossible («writing the print job to /dev/full: no space left on device») ; reste en attente"},
		{Failure{Kind: FailLayout, Job: JobRef{Kind: JobReceipt, Ref: "K01-000002"}, Err: "the QR code is too big"},
			"receipt K01-000002 cannot be printed: the QR code is too big",
			"reçu de la commande K01-000002 : mise en page impossible («the QR code is too big»)"},
		{Failure{Kind: FailUnconfirmed, Job: JobRef{Kind: JobZReport, Ref: "K01-S0002"}, Problem: ProblemCoverOpen, Again: true},
			"the printer stopped while Z closure K01-S0002 was sent (cover open); it stays in the queue and will print again",
			"clôture Z du service K01-S0002 : l'imprimante s'est arrêtée pendant l'envoi (capot ouvert) ; reste en attente et s'imprimera de nouveau"},
		{Failure{Kind: FailUnconfirmed, Job: JobRef{Kind: JobRefundSlip, ID: "9"}, Problem: ProblemUnreachable, Again: true, Err: "lost the printer tcp://p:9100 before it confirmed printing: EOF"},
			"refund slip (print job 9) may not have printed (lost the printer tcp://p:9100 before it confirmed printing: EOF); it stays in the queue and will print again",
			"bon de remboursement (tâche d'impression 9) : impression non confirmée («lost the printer tcp://p:9100 before it confirmed printing: EOF») ; reste en attente et s'imprimera de nouveau"},
		{Failure{Kind: FailStopped, Job: JobRef{Kind: JobXReport, Ref: "K01-S0001"}, Again: true},
			"stopped while X report K01-S0001 was printing; it stays in the queue",
			"rapport X du service K01-S0001 : impression interrompue par l'arrêt de la caisse ; reste en attente"},
		{Failure{Kind: FailRecord, Job: ticket, Others: 2, Err: "disk full"},
			"ticket K01-000001-01 and 2 more printed but could not be recorded as printed: disk full",
			"billet K01-000001-01 et 2 autres : impression faite, mais pas enregistrée («disk full»)"},
		{Failure{Kind: FailRecord, Job: JobRef{Kind: JobVoucherSlip, Ref: "AV-0001"}, Others: 1, Err: "disk full"},
			"credit voucher slip AV-0001 and 1 more printed but could not be recorded as printed: disk full",
			"bon d'avoir AV-0001 et 1 autre : impression faite, mais pas enregistrée («disk full»)"},
		{Failure{Kind: FailSend, Job: JobRef{Kind: JobDrawer, Ref: "K01-000003"}, Again: true, Err: "x"},
			"drawer kick K01-000003 was not printed: x; it stays in the queue",
			"ouverture du tiroir-caisse (commande K01-000003) : envoi impossible («x») ; reste en attente"},
		{Failure{Kind: FailSend, Job: JobRef{ID: "17"}, Again: true, Err: "x"},
			"job (print job 17) was not printed: x; it stays in the queue",
			"tâche d'impression 17 : envoi impossible («x») ; reste en attente"},
		{Failure{Kind: FailQueue, Err: "journal closed"},
			"cannot read the print queue: journal closed",
			"impossible de lire la file d'impression («journal closed»)"},
	} {
		if got := tc.f.String(); got != tc.en {
			t.Errorf("String:\n%s\nwant\n%s", got, tc.en)
		}
		if got := tc.f.In("en", nil); got != tc.en {
			t.Errorf("In en:\n%s\nwant\n%s", got, tc.en)
		}
		if got := tc.f.In("fr", say); got != tc.fr {
			t.Errorf("In fr:\n%s\nwant\n%s", got, tc.fr)
		}
		back, ok := FailureOf(tc.f.String())
		want := tc.f
		want.Job.ID = ""
		if tc.f.Job.Ref == "" {
			want.Job.ID = tc.f.Job.ID
		}
		if tc.f.Err != "" {
			want.Problem = ProblemNone // said by the error's words
		}
		if !ok || back != want {
			t.Errorf("FailureOf(%q) = %+v, %v; want %+v", tc.f.String(), back, ok, want)
		}
	}
	for _, s := range []string{"", "out of paper: load a new roll", "cannot reach the printer at p:9100: refused", "the ticket was printed: fine", "ticket two words: x"} {
		if f, ok := FailureOf(s); ok {
			t.Errorf("FailureOf(%q) read %+v", s, f)
		}
	}
	if (Failure{}).In("fr", say) != "" {
		t.Error("no failure is said")
	}
}

// TestEveryTransportErrorHasItsFrench: the errors printers writes for a
// printer it cannot reach or write to (SpoolerState.Reason, a failure's
// error) each have a French sentence.
func TestEveryTransportErrorHasItsFrench(t *testing.T) {
	src, err := os.ReadFile("transport.go")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range regexp.MustCompile(`(?:fmt\.Errorf|errors\.New)\("([^"]*)"`).FindAllStringSubmatch(string(src), -1) {
		en := m[1]
		if strings.HasPrefix(en, "cannot use printer %q") {
			continue // a spec refused: the command line's, with its French help (guichet's lang.go)
		}
		n++
		fr, ok := FrenchReasons[en]
		if !ok {
			t.Errorf("%q has no French", en)
			continue
		}
		if strings.Count(fr, "%s") != strings.Count(en, "%") || strings.Contains(fr, "%w") {
			t.Errorf("%q: its French %q takes another number of arguments (every one %%s)", en, fr)
		}
	}
	if n < 8 {
		t.Errorf("found %d sentences in transport.go: the test reads it wrong", n)
	}
}
