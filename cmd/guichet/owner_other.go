//go:build !unix

package main

// ownerOf: files have no owning user to name here.
func ownerOf(string) (owned, owner string, ok bool) { return "", "", false }
