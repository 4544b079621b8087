package litellm_test

import (
	"bytes"
	"os"
	"strconv"
	"strings"
)

// osThreads returns the number of OS threads of this process ("Threads:" of
// /proc/self/status), or -1 when it cannot be read.
func osThreads() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range bytes.Split(b, []byte("\n")) {
		if bytes.HasPrefix(line, []byte("Threads:")) {
			n, err := strconv.Atoi(string(bytes.TrimSpace(line[len("Threads:"):])))
			if err != nil {
				return -1
			}
			return n
		}
	}
	return -1
}

// threadNames summarises the process's threads by name (/proc/self/task/*/comm), e.g.
// "litellm.test:8 .NET TP Worker:11".
func threadNames() string {
	dirs, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return ""
	}
	counts := map[string]int{}
	var order []string
	for _, d := range dirs {
		b, err := os.ReadFile("/proc/self/task/" + d.Name() + "/comm")
		if err != nil {
			continue
		}
		name := string(bytes.TrimSpace(b))
		if counts[name] == 0 {
			order = append(order, name)
		}
		counts[name]++
	}
	var out []string
	for _, name := range order {
		out = append(out, name+":"+strconv.Itoa(counts[name]))
	}
	return strings.Join(out, ", ")
}
