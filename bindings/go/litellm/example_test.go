package litellm_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/liblitellm/litellm-go/litellm"
)

// These examples are compiled, not run: they need a LiteLLM proxy.

func ExampleClient_Generate() {
	client, err := litellm.NewClient(litellm.Options{BaseURL: "http://localhost:4000", APIKey: "sk-..."})
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, err := client.Generate(ctx, &litellm.GenerateRequest{
		Model:       "gpt-4o-mini",
		System:      "You are terse.",
		Messages:    []litellm.Message{litellm.UserMessage("Hello")},
		Temperature: litellm.Float64(0.2),
	})
	var lerr *litellm.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		log.Fatal("too slow")
	case errors.As(err, &lerr) && lerr.Kind == litellm.KindHTTPStatus:
		log.Fatalf("HTTP %d: %s", lerr.HTTPStatus, lerr.Message)
	case err != nil:
		log.Fatal(err)
	}
	fmt.Println(resp.Content, resp.InputTokens, resp.OutputTokens)
}

func ExampleClient_GenerateStream() {
	client, err := litellm.NewClient(litellm.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	req := &litellm.GenerateRequest{Model: "gpt-4o-mini", Messages: []litellm.Message{litellm.UserMessage("Tell me a story")}}
	_, err = client.GenerateStream(context.Background(), req, func(ev litellm.Event) error {
		if ev.Type == litellm.EventDelta {
			fmt.Print(ev.Content)
		}
		return nil // return an error to stop the stream
	})
	if err != nil {
		log.Fatal(err)
	}
}

func ExampleClient_Run() {
	client, err := litellm.NewClient(litellm.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	res, err := client.Run(context.Background(), &litellm.RunRequest{
		Models:        []string{"local-llama", "gpt-4o-mini"},
		SkillPrompt:   "You classify support tickets. Answer with a Result object.",
		TaskPrompt:    "Ticket: my invoice is wrong",
		MinConfidence: litellm.Float64(0.6),
		JSONMode:      litellm.JSONAuto,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s from %s after %d escalations\n", res.Result, res.Model, len(res.Escalations))
}

func ExampleSetLogCallback() {
	err := litellm.SetLogCallback(func(level int, event []byte) {
		log.Printf("litellm[%d] %s", level, event)
	}, litellm.LogInfo)
	if err != nil {
		log.Fatal(err)
	}
	defer litellm.SetLogCallback(nil, litellm.LogInfo)
}
