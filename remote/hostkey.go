package remote

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// HostKeyPath is where the server keeps its host key: beside the journal,
// so a backup of the register's directory keeps the identity clients know.
func HostKeyPath(journal string) string { return journal + ".ssh_host_ed25519_key" }

// loadHostKey reads the server's Ed25519 host key, creating it (mode 0600,
// written whole then renamed) on first start.
func loadHostKey(path string) (gossh.Signer, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		if data, err = newHostKey(path); err != nil {
			return nil, fmt.Errorf("create the host key %s: %w", path, err)
		}
	} else if err != nil {
		return nil, fmt.Errorf("read the host key: %w", err)
	} else if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		// anyone who reads it can pose as this register to the cashiers
		return nil, fmt.Errorf("the host key %s can be read by others (mode %v): chmod 600 %s", path, fi.Mode().Perm(), path)
	}
	s, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, fmt.Errorf("read the host key %s: %w", path, err)
	}
	return s, nil
}

func newHostKey(path string) ([]byte, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "guichet host key")
	if err != nil {
		return nil, err
	}
	data := pem.EncodeToMemory(block)
	tmp, err := os.CreateTemp(filepath.Dir(path), ".hostkey-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return nil, err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return nil, err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		return nil, err
	}
	// Link, not rename: two servers starting at once keep the first key.
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, os.ErrExist) {
			return os.ReadFile(path)
		}
		return nil, err
	}
	return data, nil
}
