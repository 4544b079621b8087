//go:build !linux

package litellm_test

import "os/exec"

func setDeathSignal(cmd *exec.Cmd) {}
