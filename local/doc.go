// Package local keeps the register's bbolt file: the journal and its views.
package local
