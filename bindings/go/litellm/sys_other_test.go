//go:build !unix

package litellm_test

import "errors"

func raiseFileLimit() (uint64, error) { return 0, errors.New("no RLIMIT_NOFILE here") }
