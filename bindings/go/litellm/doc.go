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
// # Static linking
//
// With the build tag litellm_static the package links liblitellm.a instead, through
// litellm-static.pc (the archive and the system libraries it needs), into one binary that
// needs no liblitellm.so at run time:
//
//	export PKG_CONFIG_PATH=/path/to/artifacts/lib/pkgconfig
//	go build -tags litellm_static ./...
//
// The program grows by about the size of the shared library (4 MB), and the limits of the
// shared library hold as well: one NativeAOT runtime per process, and OpenSSL (libssl.so.3
// or .so.1.1) is loaded at run time, for https only (docs/building.md).
//
// # Usage
//
//	import "github.com/liblitellm/litellm-go/litellm"
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
// one pool of keep-alive connections. Use one Client per process and endpoint.
//
// Go never gives an OS thread back once it has made one (it parks it), so a binding that
// held a thread per call would leave the process with as many threads as it ever had
// calls at once, and a program under debug.SetMaxThreads would die with "fatal error:
// thread exhaustion". This binding holds none while a call waits:
//
// Every call goes through the library's asynchronous interface (litellm_generate_async,
// litellm_run_async): the goroutine starts the call in a short cgo call and then parks
// on a channel until the library reports the end through its on_done callback. A
// waiting goroutine holds no OS thread, and the library drives all calls on a small
// fixed set of its own threads, so 10,000 goroutines waiting on calls keep the process
// at a few dozen threads. (Each call in flight needs one file descriptor: raise
// RLIMIT_NOFILE for more than about a thousand.) The short cgo calls that start,
// cancel and free calls are limited to a few at a time, so that a burst of thousands
// of calls does not make the Go scheduler add threads either. Measured on 2 cores, 200
// concurrent calls of 300 ms leave the process at 12 OS threads (6 before the first
// call: the library's threads start with it and stay), and 10,000 at 16, also under
// debug.SetMaxThreads(150), which counts only the threads Go made.
//
// On top of that, a client lets at most Options.MaxConcurrentCalls calls be in flight at
// once (DefaultMaxConcurrentCalls, 256, unless set; negative: no cap). The calls beyond
// it wait in their goroutines, holding no thread, and start as others end; their
// context still applies, and Close cancels them too. The cap bounds what one client
// holds open at once (sockets, server connections, memory), and at 256 every call
// finds a pooled keep-alive connection. The price is latency in a burst: 10,000
// one-second calls take about 40 s at the default cap, 4.7 s with no cap.
//
// The library's callbacks run on its threads, which drive every call of the process:
// the binding's own callbacks only copy the document, hand it to the waiting goroutine
// and return. The stream callback of GenerateStream therefore runs on the goroutine
// that called GenerateStream, one event at a time, in order. The log callback of
// SetLogCallback is the exception: it runs on the library's threads, several at once,
// inside the cgo callback, so it must be quick and must not block (no call of this
// package, no waiting on a lock a caller may hold): copy the event and hand it on.
//
// # Memory
//
// Every string crossing the C boundary is copied: inputs are copied into C memory and
// freed once the starting function has returned, every document the library returns or
// hands to a callback is copied into Go memory (and released with litellm_free when the
// library returned it). Nothing returned by this package points into C memory. No Go
// pointer is ever stored by the library: a call's user_data, like the log callback's,
// is a runtime/cgo.Handle value, deleted once the call has ended and its on_done has
// run; the client and call handles are opaque numbers kept in uintptr values.
// Strings containing NUL bytes cannot cross a C string boundary; they are rejected
// with a KindInvalidArgument *Error before C is called. (Inside typed requests, text is
// JSON-encoded, so a NUL in message content travels as the JSON escape \u0000.)
//
// Client.Close releases the native client. A runtime finalizer closes a Client that
// becomes unreachable, but that is a safety net only: call Close.
//
// # Cancellation
//
// Each call has its own handle in the library. When the call's context is done, the
// waiting goroutine calls litellm_call_cancel on it and then still waits for the call's
// end, which comes promptly: the call returns an *Error of KindCancelled that wraps
// ctx.Err(), so errors.Is(err, context.Canceled) and errors.Is(err,
// context.DeadlineExceeded) work. A context already done before the call returns
// ctx.Err() without calling C. A call that had already ended when the cancel arrived
// returns its real outcome. Nothing is added to the request: a request_id
// (GenerateRequest.RequestID, RunRequest.RequestID, "request_id" in a raw document) is
// only the caller's name for the call, for the logs, error documents and
// litellm_cancel.
//
// Closing a client cancels the calls in flight on it: they return an *Error of
// KindCancelled that wraps ErrClosed. Calls started after Close return an *Error of
// KindInvalidArgument that wraps ErrClosed. Close waits until the calls in flight have
// ended in the library (not for their goroutines).
//
// # Callbacks
//
// A stream callback that returns a non-nil error stops the stream (the call is
// cancelled and its connection closed), is not called again, and GenerateStream
// returns that error. A panic in the stream callback stops the stream the same way and
// goes on from GenerateStream once the call has ended; runtime.Goexit in it (t.FailNow
// in a test) ends the call too. Events that arrive while the callback is busy are kept
// in memory for it: the library never waits for the callback. Since it runs on the
// calling goroutine, the stream callback may do anything a goroutine may, Close
// included. The log callback must not call SetLogCallback; a panic in it is recovered
// and reported on standard error; it must not call runtime.Goexit (it would unwind
// through C frames).
//
// # Errors
//
// Every failure is an *Error (see its fields). Its text names the package, the kind and,
// for HTTP errors, the status once, then the message:
//
//	litellm: http_status 400: <the server's message>
//	litellm: timeout: request timed out after 200 ms
//	litellm: cancelled: the call was cancelled (context deadline exceeded)
//
// # Building without cgo
//
// With CGO_ENABLED=0 the package does not compile, and the compiler's error, for the
// package and for every program that imports it (go build and go vet alike), names the
// undefined identifier litellm_binding_requires_cgo__build_with_CGO_ENABLED_1_...,
// which says what is missing.
//
// # ABI
//
// The binding needs liblitellm of ABI 2 or later (AbiVersion). Building against an
// older litellm.h fails with an #error that says so, and NewClient refuses a loaded
// library whose litellm_abi_version is below 2 with a KindInvalidArgument *Error. (A
// library older than ABI 2 has no litellm_abi_version at all: the dynamic loader then
// stops the program, at start-up or at the first NewClient, with "undefined symbol:
// litellm_abi_version".)
//
// # Limits
//
// The library cannot be unloaded, and using it in a child process after fork without
// exec is unsupported (Go programs do not do that). The process-wide default client of
// the C ABI (a NULL litellm_client) is not exposed: NewClient(Options{}) reads the same
// environment variables.
package litellm
