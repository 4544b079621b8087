//go:build !race

package litellm_test

const raceEnabled = false
