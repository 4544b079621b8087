package litellm

/*
#cgo !litellm_static pkg-config: litellm
#cgo litellm_static pkg-config: litellm-static
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "litellm.h"

#if !defined(LITELLM_ABI_VERSION) || LITELLM_ABI_VERSION < 2
#error "the Go binding of liblitellm needs litellm.h of ABI 2 or later (litellm_generate_async): pkg-config found an older liblitellm"
#endif

// Implemented in Go (callback.go).
extern int litellmGoCallEvent(uintptr_t handle, char *event_json);
extern void litellmGoCallDone(uintptr_t handle, int status, char *json);
extern void litellmGoLogEvent(uintptr_t handle, int level, char *event_json);

// Adapters from the C ABI's callback signatures to the exported Go functions. The
// user_data pointer carries a runtime/cgo.Handle value, never a Go pointer.
static int litellm_go_event_fn(void *user_data, const char *event_json) {
	return litellmGoCallEvent((uintptr_t)user_data, (char *)event_json);
}

static void litellm_go_done_fn(void *user_data, int status, const char *json) {
	litellmGoCallDone((uintptr_t)user_data, status, (char *)json);
}

static void litellm_go_log_fn(void *user_data, int level, const char *event_json) {
	litellmGoLogEvent((uintptr_t)user_data, level, (char *)event_json);
}

// The client and call handles are opaque numbers, not addresses: Go keeps them as
// uintptr_t so that they never sit in a Go pointer variable.
static int litellm_go_client_new(const char *options_json, uintptr_t *out_client, char **out_error_json) {
	litellm_client *client = NULL;
	int status = litellm_client_new(options_json, &client, out_error_json);
	*out_client = (uintptr_t)client;
	return status;
}

static void litellm_go_client_free(uintptr_t client) {
	litellm_client_free((litellm_client *)client);
}

// Starts an asynchronous call: kind 0 generate, 1 generate streamed (events through
// litellm_go_event_fn), 2 run, 3 embed, 4 models, 5 health (no request). Its end comes
// through litellm_go_done_fn.
static int litellm_go_start(int kind, uintptr_t client, const char *request_json, uintptr_t handle, uintptr_t *out_call) {
	litellm_call *call = NULL;
	int status;
	if (kind == 2)
		status = litellm_run_async((litellm_client *)client, request_json, litellm_go_done_fn, (void *)handle, &call);
	else if (kind == 3)
		status = litellm_embed_async((litellm_client *)client, request_json, litellm_go_done_fn, (void *)handle, &call);
	else if (kind == 4)
		status = litellm_models_async((litellm_client *)client, request_json, litellm_go_done_fn, (void *)handle, &call);
	else if (kind == 5)
		status = litellm_health_async((litellm_client *)client, litellm_go_done_fn, (void *)handle, &call);
	else
		status = litellm_generate_async((litellm_client *)client, request_json,
		                                kind == 1 ? litellm_go_event_fn : NULL,
		                                litellm_go_done_fn, (void *)handle, &call);
	*out_call = (uintptr_t)call;
	return status;
}

static int litellm_go_call_cancel(uintptr_t call) {
	return litellm_call_cancel((litellm_call *)call);
}

static void litellm_go_call_free(uintptr_t call) {
	litellm_call_free((litellm_call *)call);
}

static int litellm_go_set_log_callback(int enabled, uintptr_t handle, int min_level) {
	return litellm_set_log_callback(enabled ? litellm_go_log_fn : NULL, (void *)handle, min_level);
}
*/
import "C"

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/cgo"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Log levels of SetLogCallback.
const (
	LogDebug = 0
	LogInfo  = 1
	LogWarn  = 2
	LogError = 3
)

// Version returns the version of the loaded liblitellm, e.g. "0.1.0".
func Version() string {
	return C.GoString(C.litellm_version()) // static: never freed
}

// AbiVersion returns the ABI version of the loaded liblitellm (litellm_abi_version),
// which the library bumps on every incompatible change of its C interface. The binding
// needs ABI 2 or later (the asynchronous calls); NewClient checks it.
func AbiVersion() int {
	return int(C.litellm_abi_version())
}

// minAbiVersion is the oldest ABI the binding works with: ABI 2 brought
// litellm_generate_async, litellm_run_async, litellm_call_cancel and litellm_call_free.
const minAbiVersion = 2

// checkAbi returns the error of NewClient for a loaded library of ABI version v.
func checkAbi(v int) error {
	if v >= minAbiVersion {
		return nil
	}
	return &Error{Kind: KindInvalidArgument, Status: int(KindInvalidArgument),
		Message: fmt.Sprintf("the loaded liblitellm (version %s) has ABI %d, but this binding needs ABI %d or later "+
			"(the asynchronous calls): install a newer liblitellm", Version(), v, minAbiVersion)}
}

// Client is a liblitellm client: a base URL, credentials, defaults and a pool of
// keep-alive connections. It is safe for concurrent use. Create it with NewClient and
// release it with Close.
type Client struct {
	handle uintptr // the litellm_client handle; 0 once closed (accessed atomically)

	// slots holds one token per call in flight (Options.MaxConcurrentCalls); nil when
	// there is no cap. closed is closed by Close, waking the calls waiting for a slot.
	slots  chan struct{}
	closed chan struct{}
}

// NewClient creates a client. No network traffic happens here. Invalid options (a bad
// URL, a header value with CR or LF, a negative timeout...) give an *Error of
// KindInvalidArgument, and so does a loaded liblitellm older than ABI 2 (see
// AbiVersion).
func NewClient(opts Options) (*Client, error) {
	if err := checkAbi(AbiVersion()); err != nil {
		return nil, err
	}
	doc, err := json.Marshal(opts)
	if err != nil {
		return nil, invalidArgument("options: %v", err)
	}
	if bytes.IndexByte(doc, 0) >= 0 {
		return nil, invalidArgument("options: contains a NUL byte")
	}
	copts := cString(doc)
	defer C.free(unsafe.Pointer(copts))

	var handle C.uintptr_t
	var errDoc *C.char
	status := int(C.litellm_go_client_new(copts, &handle, &errDoc))
	doc = takeDocument(errDoc)
	if status != 0 {
		if handle != 0 { // never expected: the library sets it only on success
			C.litellm_go_client_free(handle)
		}
		return nil, newError(status, doc)
	}
	if handle == 0 {
		return nil, &Error{Kind: KindInternal, Status: int(KindInternal), Message: "litellm_client_new returned OK without a client"}
	}
	c := &Client{handle: uintptr(handle), closed: make(chan struct{})}
	switch n := opts.MaxConcurrentCalls; {
	case n == 0:
		c.slots = make(chan struct{}, DefaultMaxConcurrentCalls)
	case n > 0:
		c.slots = make(chan struct{}, n)
	}
	runtime.SetFinalizer(c, (*Client).Close)
	return c, nil
}

// Close releases the client. Calls in flight on it are cancelled (they return an
// *Error of KindCancelled wrapping ErrClosed), and so are the calls waiting for a slot
// (Options.MaxConcurrentCalls); Close returns once each call in flight has ended in
// the library. Close is idempotent and safe to call concurrently with
// anything, a stream callback of this client included; it always returns nil.
func (c *Client) Close() error {
	if c == nil {
		return nil
	}
	h := atomic.SwapUintptr(&c.handle, 0)
	if h == 0 {
		return nil
	}
	runtime.SetFinalizer(c, nil)
	close(c.closed)
	C.litellm_go_client_free(C.uintptr_t(h))
	return nil
}

// The kinds of call of litellm_go_start.
const (
	callGenerate = 0
	callStream   = 1
	callRun      = 2
	callEmbed    = 3
	callModels   = 4
	callHealth   = 5
)

// Generate makes one chat completion and waits for it, retries included.
func (c *Client) Generate(ctx context.Context, req *GenerateRequest) (*Response, error) {
	body, err := prepareGenerate(req)
	if err != nil {
		return nil, err
	}
	doc, err := c.call(ctx, callGenerate, body, nil)
	if err != nil {
		return nil, err
	}
	return decodeResponse(doc)
}

// GenerateStream makes one chat completion and delivers it as it is produced: fn is
// called on the calling goroutine for each Event, in order, the done event last
// (its Response is also what GenerateStream returns). If fn returns a non-nil error,
// the stream stops at once (the call is cancelled and its connection closed), fn is
// not called again, and GenerateStream returns (nil, that error) — also when fn
// returned it for the done event. A panic in fn (or runtime.Goexit) stops the stream
// the same way; the panic goes on from GenerateStream once the call has ended in the
// library.
//
// The library hands the events over as they arrive and never waits for fn: events
// that arrive while fn is busy are queued in memory for it.
func (c *Client) GenerateStream(ctx context.Context, req *GenerateRequest, fn func(Event) error) (*Response, error) {
	if fn == nil {
		return nil, invalidArgument("GenerateStream: the callback is nil")
	}
	body, err := prepareGenerate(req)
	if err != nil {
		return nil, err
	}
	doc, err := c.call(ctx, callStream, body, func(raw []byte) error {
		var ev Event
		if err := json.Unmarshal(raw, &ev); err != nil {
			return badDocument("stream event", raw, err)
		}
		if ev.Response != nil {
			if resp, err := decodeDoneResponse(raw); err == nil {
				ev.Response.Raw = resp
			}
		}
		ev.Raw = raw
		return fn(ev)
	})
	if err != nil {
		return nil, err
	}
	return decodeResponse(doc)
}

// Run runs the executor: the skill prompt and the task prompt go to each model of the
// ladder in turn until one answers a JSON object that passes the result schema.
// When every model fails, the *Error is that of the last failure and its Escalations
// list every model's failure.
func (c *Client) Run(ctx context.Context, req *RunRequest) (*RunResult, error) {
	if req == nil {
		return nil, invalidArgument("Run: the request is nil")
	}
	if err := checkRequestID(req.RequestID); err != nil {
		return nil, err
	}
	body, err := json.Marshal(req)
	if err != nil {
		return nil, invalidArgument("request: %v", err)
	}
	doc, err := c.call(ctx, callRun, body, nil)
	if err != nil {
		return nil, err
	}
	var res RunResult
	if err := json.Unmarshal(doc, &res); err != nil {
		return nil, badDocument("run result", doc, err)
	}
	res.Raw = doc
	return &res, nil
}

// GenerateJSON is Generate on raw documents: request is a litellm_generate request
// document, passed to the library unchanged, and the result the response document. On
// failure the error is an *Error whose Document is the error document.
func (c *Client) GenerateJSON(ctx context.Context, request []byte) ([]byte, error) {
	return c.call(ctx, callGenerate, request, nil)
}

// RunJSON is Run on raw documents, as GenerateJSON is Generate.
func (c *Client) RunJSON(ctx context.Context, request []byte) ([]byte, error) {
	return c.call(ctx, callRun, request, nil)
}

func prepareGenerate(req *GenerateRequest) ([]byte, error) {
	if req == nil {
		return nil, invalidArgument("the request is nil")
	}
	if err := checkRequestID(req.RequestID); err != nil {
		return nil, err
	}
	body, err := json.Marshal(req)
	if err != nil {
		return nil, invalidArgument("request: %v", err)
	}
	return body, nil
}

// checkRequestID refuses a request_id that could not be passed to litellm_cancel as a
// C string.
func checkRequestID(id string) error {
	if strings.IndexByte(id, 0) >= 0 {
		return invalidArgument("request_id: contains a NUL byte")
	}
	return nil
}

// call makes one asynchronous call (kind callGenerate, callStream or callRun) and waits
// for its end without holding an OS thread: the goroutine parks on the call's channels
// while the library drives the call on its own threads. ctx done cancels the call
// through its handle (litellm_call_cancel). For callStream, onEvent receives each event
// on this goroutine; its error stops the call and is returned as it is.
func (c *Client) call(ctx context.Context, kind int, body []byte, onEvent func(raw []byte) error) ([]byte, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if bytes.IndexByte(body, 0) >= 0 {
		return nil, invalidArgument("request: contains a NUL byte")
	}
	if c == nil {
		return nil, invalidArgument("the client is nil")
	}
	if atomic.LoadUintptr(&c.handle) == 0 {
		return nil, closedError()
	}
	defer runtime.KeepAlive(c) // no finalizer may free the client while the call runs
	queued, err := c.acquireSlot(ctx)
	if err != nil {
		return nil, err
	}
	defer c.releaseSlot()
	h := atomic.LoadUintptr(&c.handle)
	if h == 0 {
		if queued {
			return nil, closedWhileQueued()
		}
		return nil, closedError()
	}

	st, handle := newCallState()
	creq := cString(body)
	status, call := startCall(kind, h, creq, handle)
	C.free(unsafe.Pointer(creq))
	if status != 0 {
		// Nothing was started and on_done will not run.
		if call != 0 { // never expected
			freeCall(call)
		}
		st.release(handle)
		if Kind(status) == KindInvalidArgument && atomic.LoadUintptr(&c.handle) == 0 {
			return nil, closedError() // closed between our read of the handle and the start
		}
		return nil, &Error{Kind: Kind(status), Status: status,
			Message: fmt.Sprintf("starting the call failed: %s", C.GoString(C.litellm_status_str(C.int(status))))}
	}

	res, cbErr := st.wait(ctx, call, handle, onEvent)
	if cbErr != nil {
		return nil, cbErr
	}
	if res.status == 0 {
		if res.doc == nil {
			return nil, &Error{Kind: KindInternal, Status: int(KindInternal), Message: "the library reported OK without a document"}
		}
		return res.doc, nil
	}
	e := newError(res.status, res.doc)
	if Kind(res.status) == KindCancelled {
		switch {
		case ctx.Err() != nil:
			e.ctxErr = ctx.Err()
		case atomic.LoadUintptr(&c.handle) == 0:
			e.ctxErr = ErrClosed // cancelled by litellm_client_free
		}
	}
	return nil, e
}

// acquireSlot takes one of the client's slots for a call (Options.MaxConcurrentCalls),
// waiting while all are taken, and reports whether it had to wait. A context done or a
// Close while it waits gives the call's error (KindCancelled).
func (c *Client) acquireSlot(ctx context.Context) (queued bool, err error) {
	if c.slots == nil {
		return false, nil
	}
	select {
	case c.slots <- struct{}{}:
		return false, nil
	default:
	}
	select {
	case c.slots <- struct{}{}:
		return true, nil
	case <-ctx.Done():
		return true, &Error{Kind: KindCancelled, Status: int(KindCancelled), ctxErr: ctx.Err(),
			Message: fmt.Sprintf("the call was cancelled while it waited for one of the client's %d calls in flight "+
				"to end (Options.MaxConcurrentCalls)", cap(c.slots))}
	case <-c.closed:
		return true, closedWhileQueued()
	}
}

func (c *Client) releaseSlot() {
	if c.slots != nil {
		<-c.slots
	}
}

func closedWhileQueued() *Error {
	return &Error{Kind: KindCancelled, Status: int(KindCancelled), ctxErr: ErrClosed,
		Message: "the client was closed while the call waited for a free slot (Options.MaxConcurrentCalls)"}
}

func closedError() *Error {
	e := invalidArgument("the client is closed")
	e.ctxErr = ErrClosed
	return e
}

// libSlots bounds how many goroutines are inside a non-blocking library function
// (starting, cancelling or freeing a call) at once. Each of these returns within
// microseconds, but a goroutine in a cgo call holds its OS thread, and when thousands
// of goroutines start (or end) calls at the same moment, the scheduler would hand
// their processors to new threads for the others, growing the process by a hundred
// threads or more that stay parked afterwards. With the slots, a goroutine waiting for
// one parks without a thread.
var libSlots = make(chan struct{}, libSlotCount())

func libSlotCount() int {
	n := runtime.GOMAXPROCS(0)
	if n < 2 {
		n = 2
	}
	if n > 16 {
		n = 16
	}
	return n
}

func startCall(kind int, client uintptr, creq *C.char, handle cgo.Handle) (int, C.uintptr_t) {
	var call C.uintptr_t
	libSlots <- struct{}{}
	status := int(C.litellm_go_start(C.int(kind), C.uintptr_t(client), creq, C.uintptr_t(handle), &call))
	<-libSlots
	return status, call
}

func cancelCall(call C.uintptr_t) {
	libSlots <- struct{}{}
	C.litellm_go_call_cancel(call)
	<-libSlots
}

func freeCall(call C.uintptr_t) {
	libSlots <- struct{}{}
	C.litellm_go_call_free(call)
	<-libSlots
}

// wait waits for the end of a started call, delivering its events to onEvent (when not
// nil) on the way, and cancels the call once ctx is done or onEvent has failed. It
// returns only after on_done has run, and then releases the call handle and the
// cgo.Handle: also when onEvent panics or calls runtime.Goexit, so that nothing of
// the call outlives it.
func (st *callState) wait(ctx context.Context, call C.uintptr_t, handle cgo.Handle,
	onEvent func(raw []byte) error) (res callResult, cbErr error) {
	ended := false
	defer func() {
		if !ended { // onEvent panicked or called runtime.Goexit
			st.stop()
			cancelCall(call)
			res = <-st.done
		}
		freeCall(call)
		st.release(handle)
	}()
	ctxDone := ctx.Done()
	for !ended {
		select {
		case res = <-st.done:
			ended = true // every event was queued before on_done: the drain below gets the last ones
		case <-st.wake:
		case <-ctxDone:
			ctxDone = nil
			cancelCall(call) // on_done follows, promptly, with LITELLM_ERR_CANCELLED
		}
		if onEvent == nil {
			continue
		}
		for _, raw := range st.take() {
			if ctxDone != nil && ctx.Err() != nil { // ended while onEvent ran
				ctxDone = nil
				cancelCall(call)
			}
			if err := onEvent(raw); err != nil {
				cbErr = err
				st.stop() // later events are answered "stop" and dropped
				if !ended {
					cancelCall(call)
				}
				break
			}
		}
	}
	return res, cbErr
}

// cString copies b into C memory with a terminating NUL; free it with C.free.
func cString(b []byte) *C.char {
	p := C.malloc(C.size_t(len(b) + 1)) // cgo's malloc never returns nil
	buf := unsafe.Slice((*byte)(p), len(b)+1)
	copy(buf, b)
	buf[len(b)] = 0
	return (*C.char)(p)
}

// takeDocument copies a string returned by the library and releases it (NULL-safe).
func takeDocument(p *C.char) []byte {
	if p == nil {
		return nil
	}
	defer C.litellm_free(p)
	return C.GoBytes(unsafe.Pointer(p), C.int(C.strlen(p)))
}

func decodeResponse(doc []byte) (*Response, error) {
	var resp Response
	if err := json.Unmarshal(doc, &resp); err != nil {
		return nil, badDocument("response", doc, err)
	}
	resp.Raw = doc
	return &resp, nil
}

func badDocument(what string, doc []byte, err error) *Error {
	return &Error{Kind: KindInternal, Status: int(KindInternal),
		Message: "cannot decode the library's " + what + " document: " + err.Error(), Document: doc}
}

var (
	logMu     sync.Mutex // serialises SetLogCallback
	logHandle cgo.Handle // the handle given to the library; 0 when none
)

// SetLogCallback routes the library's log events (one JSON object each, docs/documents.md#log-events) to
// fn, for events at minLevel (LogDebug..LogError) and above. Every finished HTTP
// attempt is logged at LogInfo with OpenTelemetry GenAI attribute names
// ("gen_ai.system", "gen_ai.usage.input_tokens", ...), retries and escalations at
// LogWarn, failed calls at LogError. fn nil turns the callback off (the environment
// variable LITELLM_LOG then applies again).
//
// The setting is process-wide. fn runs on the library's threads (inside a cgo
// callback), several at once, and those threads drive every call of the process: fn
// must be quick and must not block (no call of this package, no waiting on a lock
// that a caller may hold; send the event to a buffered channel or a logger instead),
// and must not call SetLogCallback. event is a copy that fn may keep. Once
// SetLogCallback returns, the previous fn is never called again. A panic in fn is
// recovered and reported on standard error. A minLevel outside 0..3 gives an *Error
// of KindInvalidArgument.
func SetLogCallback(fn func(level int, event []byte), minLevel int) error {
	if minLevel < LogDebug || minLevel > LogError {
		return invalidArgument("SetLogCallback: min_level %d is outside 0..3", minLevel)
	}
	logMu.Lock()
	defer logMu.Unlock()
	var h cgo.Handle
	enabled := C.int(0)
	if fn != nil {
		h = cgo.NewHandle(fn)
		enabled = 1
	}
	status := int(C.litellm_go_set_log_callback(enabled, C.uintptr_t(h), C.int(minLevel)))
	if status != 0 {
		if h != 0 {
			h.Delete()
		}
		e := newError(status, nil)
		e.Message = fmt.Sprintf("litellm_set_log_callback returned status %d", status)
		return e
	}
	old := logHandle
	logHandle = h
	if old != 0 {
		old.Delete() // the library no longer calls it
	}
	return nil
}
