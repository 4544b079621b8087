// Command litellm-go-example shows the Go binding of liblitellm: one chat completion,
// the same completion streamed, and one executor run.
//
// Build and run (from examples/go, after ./build.sh has filled artifacts/):
//
//	export PKG_CONFIG_PATH=$PWD/../../artifacts/lib/pkgconfig
//	export CGO_LDFLAGS="-Wl,-rpath,$PWD/../../artifacts/lib"
//	LITELLM_BASE_URL=http://localhost:4000 LITELLM_API_KEY=sk-... LITELLM_MODEL=gpt-4o-mini go run .
//
// With -tags litellm_static (go build -tags litellm_static .) liblitellm.a is linked in: one
// binary that needs no liblitellm.so, and so no CGO_LDFLAGS rpath.
//
// Ctrl-C cancels the call in progress.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/liblitellm/litellm-go/litellm"
)

func main() {
	// Ctrl-C (or SIGTERM) cancels ctx, and with it the call in flight.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		var e *litellm.Error
		if errors.As(err, &e) && e.HTTPStatus != 0 {
			fmt.Fprintf(os.Stderr, "  HTTP %d, body: %s\n", e.HTTPStatus, e.Body)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	model := os.Getenv("LITELLM_MODEL")
	if model == "" {
		model = "gpt-4o-mini"
	}
	fmt.Printf("liblitellm %s (ABI %d), model %s\n\n", litellm.Version(), litellm.AbiVersion(), model)

	// One client per process and endpoint. Empty fields fall back to the library's
	// defaults (which read the same environment variables).
	client, err := litellm.NewClient(litellm.Options{
		BaseURL: os.Getenv("LITELLM_BASE_URL"),
		APIKey:  os.Getenv("LITELLM_API_KEY"),
	})
	if err != nil {
		return err
	}
	defer client.Close()

	// 1. The provider: messages in, one chat completion out.
	resp, err := client.Generate(ctx, &litellm.GenerateRequest{
		Model:     model,
		MaxTokens: 64,
		Messages:  []litellm.Message{litellm.UserMessage("Say hello to a Go program.")},
	})
	if err != nil {
		return err
	}
	fmt.Printf("generate: %s\n  (%d+%d tokens, stop %s", resp.Content, resp.InputTokens, resp.OutputTokens, resp.StopReason)
	if resp.CostUSD != nil {
		fmt.Printf(", $%.6f", *resp.CostUSD)
	}
	fmt.Print(")\n\n")

	// 2. The same, streamed: deltas are printed as they arrive.
	fmt.Print("stream: ")
	resp, err = client.GenerateStream(ctx, &litellm.GenerateRequest{
		Model:    model,
		Messages: []litellm.Message{litellm.UserMessage("Count from one to five, in words.")},
	}, func(ev litellm.Event) error {
		if ev.Type == litellm.EventDelta {
			fmt.Print(ev.Content)
		}
		return nil // a non-nil error would stop the stream
	})
	fmt.Println()
	if err != nil {
		return err
	}
	fmt.Printf("  (%d output tokens)\n\n", resp.OutputTokens)

	// 3. The executor: a skill and a task in, a JSON result checked against the default
	// Result schema out. With several models, a failing one escalates to the next.
	res, err := client.Run(ctx, &litellm.RunRequest{
		Models: []string{model},
		SkillPrompt: `You route support tickets. Answer with a Result object: ` +
			`{"status": "success", "output": {"queue": "..."}, "confidence": 0..1}`,
		TaskPrompt: "Ticket: my invoice is wrong",
		JSONMode:   litellm.JSONObject,
	})
	if err != nil {
		return err
	}
	fmt.Printf("run: %s\n  (model %s, %d escalations)\n", res.Result, res.Model, len(res.Escalations))
	return nil
}
