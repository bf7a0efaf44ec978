// Package sync is the register's side of the central server (guichetd):
// a Pusher sends the journal, from the last sequence the server
// acknowledged (kept in the register's file), in batches, and pulls the
// organiser's catalog when it changed. It never blocks selling: it reads
// the journal in its own read transactions and writes only its cursor.
//
// The server side (HTTP API, PostgreSQL) is package sync/server.
package sync
