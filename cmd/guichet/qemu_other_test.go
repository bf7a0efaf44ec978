//go:build !unix

package main

import "os/exec"

// inItsOwnGroup: no process groups here.
func inItsOwnGroup(cmd *exec.Cmd) {}

// killGroup kills cmd's process (the processes it started go on).
func killGroup(cmd *exec.Cmd) {
	_ = cmd.Process.Kill()
}
