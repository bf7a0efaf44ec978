//go:build unix

package main

import (
	"os/exec"
	"syscall"
)

// inItsOwnGroup makes cmd's process lead a process group of its own, for
// killGroup.
func inItsOwnGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// killGroup kills cmd's process and every process it started (the go
// command's compilers and linker).
func killGroup(cmd *exec.Cmd) {
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
}
