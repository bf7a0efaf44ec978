// Package tui holds the register's Bubble Tea screens. Nothing here decides
// a price or writes a file: screens send intents to the register service.
package tui
