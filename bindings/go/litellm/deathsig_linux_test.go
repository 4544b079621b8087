package litellm_test

import (
	"os/exec"
	"syscall"
)

// setDeathSignal makes the fake server get SIGTERM if the test binary dies first.
func setDeathSignal(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
