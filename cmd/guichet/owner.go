package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"guichet/pos"
)

// saysWhoseFile completes a refusal to open a file another user owns (the
// register run as a service: its journal, key and directory are the
// service user's, mode 600) with whose it is and how to run the command as
// them. "open guichet.db: permission denied" left the technician to guess.
func saysWhoseFile(err error, command string) error {
	var pe *fs.PathError
	if !errors.As(err, &pe) || !errors.Is(err, fs.ErrPermission) {
		return err
	}
	owned, owner, ok := ownerOf(pe.Path)
	if !ok {
		return err
	}
	return pos.Errorf("%w: %s belongs to the user %s: run the command as that user (sudo -u %s guichet %s ...)", err, owned, owner, owner, command)
}

// registerFileThere says a register's file is missing as "no register
// file", and any other reason it cannot be looked at (a directory of
// another user) as it is: that was "no register file" too.
func registerFileThere(path string) error {
	_, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return pos.Errorf("no register file at %s: give it with --db FILE", path)
	}
	return err
}

// missingFile says a file given that is not there as what to check, its
// name and the folder it is looked for in, not the file system's "open x:
// no such file or directory"; any other error as it is.
func missingFile(err error, path string) error {
	if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if filepath.IsAbs(path) {
		return pos.Errorf("there is no file %s: check its name and its folder", path)
	}
	wd, _ := os.Getwd()
	return pos.Errorf("there is no file %s in %s: check its name, and give its path from this folder", path, wd)
}
