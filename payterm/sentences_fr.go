package payterm

import "guichet/pos"

// French for what the terminal simulator says to the person running it
// (guichet terminal-sim --lang fr): its charge log and its refusals.
func init() {
	pos.AddSentences(pos.French, frenchSentences)
}

var frenchSentences = map[string]string{
	"the terminal simulator listens on this machine only (127.0.0.1), not %s":                   "le simulateur de terminal n'écoute que sur cette machine (127.0.0.1), pas sur %s",
	"the simulator answers approved, declined, cancelled, timeout or lost, not %q":              "le simulateur répond approved, declined, cancelled, timeout ou lost, pas « %s »",
	"%s: already approved, answered again":                                                      "%s : déjà approuvé, réponse donnée à nouveau",
	"%s %s: %s":                                                                                 "%s %s : %s",
	"--terminal must be tcp://HOST:PORT (the terminal simulator: guichet terminal-sim), not %q": "--terminal doit être tcp://HÔTE:PORT (le simulateur de terminal : guichet terminal-sim), pas « %s »",
	"--terminal %q: %w":                                                                         "--terminal « %s » : %w",
}

// outcomeWords is what a charge came to, in the log's language.
func outcomeWords(o Outcome) pos.Text {
	fr, ok := map[Outcome]string{
		Approved:  "approuvé",
		Declined:  "refusé",
		Cancelled: "annulé",
		TimedOut:  "délai dépassé",
		Lost:      "approuvé, réponse jamais envoyée",
	}[o]
	if !ok {
		return pos.Text{"en": string(o)}
	}
	return pos.Text{"en": string(o), "fr": fr}
}
