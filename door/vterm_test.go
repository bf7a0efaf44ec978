package door

import termtest "guichet/internal/vterm"

// vterm is the tests' terminal, shared by the screens' packages.
type vterm = termtest.Term

func newVterm(w, h int) *vterm { return termtest.New(w, h) }
