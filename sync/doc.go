// Package sync pushes a register's journal to the central server and holds
// its capacity grants. Nothing is built here yet: a register without a
// central server holds all capacity of its own catalog.
package sync
