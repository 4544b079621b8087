package litellm_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

const defaultFakeServerDLL = "/work/main/tests/FakeServer/bin/Release/net10.0/FakeServer.dll"

// baseURL is the fake server's root, set by TestMain.
var baseURL string

// TestMain starts the project's fake OpenAI-compatible server (tests/FakeServer) in
// process mode, runs the tests against it and stops it.
func TestMain(m *testing.M) {
	os.Exit(runWithFakeServer(m))
}

func runWithFakeServer(m *testing.M) int {
	// Many calls in flight need many sockets, here and in the fake server, which
	// inherits the limit.
	if _, err := raiseFileLimit(); err != nil {
		fmt.Fprintln(os.Stderr, "litellm tests: cannot raise RLIMIT_NOFILE:", err)
	}
	// A child test process (TestThreadsUnderSetMaxThreads) uses its parent's server.
	if url := os.Getenv("LITELLM_TEST_BASE_URL"); url != "" {
		baseURL = url
		return m.Run()
	}
	dll := os.Getenv("LITELLM_FAKE_SERVER_DLL")
	if dll == "" {
		dll = defaultFakeServerDLL
	}
	if _, err := os.Stat(dll); err != nil {
		fmt.Fprintf(os.Stderr, "litellm tests: fake server not found (set LITELLM_FAKE_SERVER_DLL): %v\n", err)
		return 1
	}
	dir, err := os.MkdirTemp("", "litellm-go-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "litellm tests:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	portFile := filepath.Join(dir, "port")

	cmd := exec.Command("dotnet", dll, "--port-file", portFile, "--ignore-stdin")
	cmd.Stdout = io.Discard
	cmd.Stderr = os.Stderr
	setDeathSignal(cmd)
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "litellm tests: cannot start the fake server:", err)
		return 1
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer stopServer(cmd, exited)

	deadline := time.Now().Add(60 * time.Second)
	for {
		b, err := os.ReadFile(portFile)
		if err == nil && len(bytes.TrimSpace(b)) > 0 {
			baseURL = "http://127.0.0.1:" + strings.TrimSpace(string(b))
			break
		}
		select {
		case err := <-exited:
			exited <- err
			fmt.Fprintln(os.Stderr, "litellm tests: the fake server exited early:", err)
			return 1
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			fmt.Fprintln(os.Stderr, "litellm tests: the fake server did not write its port file in 60 s")
			return 1
		}
	}
	return m.Run()
}

func stopServer(cmd *exec.Cmd, exited chan error) {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		<-exited
	}
}
