// Package litellm is the Go binding of liblitellm, a native library (NativeAOT-compiled
// C#) with a plain C ABI for calling LiteLLM proxies and any OpenAI-compatible
// /v1/chat/completions endpoint.
//
// # Building and linking
//
// The package links against liblitellm through pkg-config ("#cgo pkg-config: litellm"),
// so cgo must be enabled and pkg-config must find litellm.pc:
//
//	export PKG_CONFIG_PATH=/path/to/artifacts/lib/pkgconfig
//	export CGO_LDFLAGS="-Wl,-rpath,/path/to/artifacts/lib"   # or install the library where ld.so finds it
//	go build ./...
//
// The package adds no rpath of its own: where the shared library lives at run time is
// the program's decision (an rpath through CGO_LDFLAGS, LD_LIBRARY_PATH, or a system
// library directory).
//
// # Usage
//
//	client, err := litellm.NewClient(litellm.Options{BaseURL: "http://localhost:4000", APIKey: key})
//	if err != nil { ... }
//	defer client.Close()
//	resp, err := client.Generate(ctx, &litellm.GenerateRequest{
//		Model:    "gpt-4o-mini",
//		Messages: []litellm.Message{litellm.UserMessage("Hello")},
//	})
//
// Client.Generate and Client.GenerateStream are the provider (messages in, one chat
// completion out); Client.Run is the executor (a skill prompt and a task prompt in, a
// JSON result validated against a schema out, escalating along a ladder of models).
// GenerateJSON and RunJSON take and return the raw JSON documents of the C ABI.
//
// # Threads
//
// A *Client is safe for concurrent use by any number of goroutines; all its calls share
// one pool of keep-alive connections. Use one Client per process and endpoint. Every
// call blocks its goroutine (and the OS thread running it) until the call ends,
// retries included, like any cgo call. The stream callback of GenerateStream runs on
// the calling goroutine, between events; the log callback of SetLogCallback may run on
// any goroutine or thread, several at once.
//
// # Memory
//
// Every string crossing the C boundary is copied: inputs are copied into C memory and
// freed when the call returns, every document the library returns is copied into Go
// memory and released with litellm_free exactly once. Nothing returned by this
// package points into C memory. No Go pointer is ever stored by the library: the
// stream and log callbacks reach their Go state through runtime/cgo.Handle values.
// Strings containing NUL bytes cannot cross a C string boundary; they are rejected
// with a KindInvalidArgument *Error before C is called. (Inside typed requests, text is
// JSON-encoded, so a NUL in message content travels as the JSON escape \u0000.)
//
// Client.Close releases the native client. A runtime finalizer closes a Client that
// becomes unreachable, but that is a safety net only: call Close.
//
// # Cancellation
//
// Every call carries a request_id: the caller's (GenerateRequest.RequestID,
// RunRequest.RequestID, or "request_id" in a raw document), or a generated unique one
// ("go-<n>"). When the call's context is done, a watcher goroutine calls
// litellm_cancel(client, request_id); the call then returns an *Error of
// KindCancelled that wraps ctx.Err(), so errors.Is(err, context.Canceled) and
// errors.Is(err, context.DeadlineExceeded) work. A context already done before the call
// returns ctx.Err() without calling C. Calls sharing one caller-chosen request_id on one
// client are cancelled together.
//
// Closing a client cancels the calls in flight on it: they return an *Error of
// KindCancelled that wraps ErrClosed. Calls started after Close return an *Error of
// KindInvalidArgument that wraps ErrClosed. Close waits until the calls in flight have
// returned, so it must not be called from inside a stream callback of the same client.
//
// # Callbacks
//
// A stream callback that returns a non-nil error stops the stream (the connection is
// closed) and GenerateStream returns that error. A panic in the stream callback stops
// the stream and is re-raised in the calling goroutine once the C call has returned.
// Callbacks must not call runtime.Goexit (for example t.FailNow in a test): it would
// unwind through C frames. The log callback must not call SetLogCallback; a panic in
// it is recovered and reported on standard error.
//
// # Limits
//
// The library cannot be unloaded, and using it in a child process after fork without
// exec is unsupported (Go programs do not do that). The process-wide default client of
// the C ABI (a NULL litellm_client) is not exposed: NewClient(Options{}) reads the same
// environment variables.
package litellm
