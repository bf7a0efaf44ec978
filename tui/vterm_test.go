package tui

import (
	tea "charm.land/bubbletea/v2"

	termtest "guichet/internal/vterm"
)

// vterm is the tests' terminal, shared by the screens' packages.
type vterm = termtest.Term

func newVterm(w, h int) *vterm { return termtest.New(w, h) }

// windowSize is the terminal's size as a message: the screen drawn again.
func windowSize(t *vterm) tea.WindowSizeMsg {
	w, h := t.Size()
	return tea.WindowSizeMsg{Width: w, Height: h}
}
