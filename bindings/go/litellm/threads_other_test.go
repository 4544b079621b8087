//go:build !linux

package litellm_test

// osThreads cannot count the process's threads here.
func osThreads() int { return -1 }

func threadNames() string { return "" }
