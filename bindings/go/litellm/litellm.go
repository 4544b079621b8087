package litellm

/*
#cgo pkg-config: litellm
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "litellm.h"

// Implemented in Go (callback.go).
extern int litellmGoStreamEvent(uintptr_t handle, char *event_json);
extern void litellmGoLogEvent(uintptr_t handle, int level, char *event_json);

// Adapters from the C ABI's callback signatures to the exported Go functions. The
// user_data pointer carries a runtime/cgo.Handle value, never a Go pointer.
static int litellm_go_stream_fn(void *user_data, const char *event_json) {
	return litellmGoStreamEvent((uintptr_t)user_data, (char *)event_json);
}

static void litellm_go_log_fn(void *user_data, int level, const char *event_json) {
	litellmGoLogEvent((uintptr_t)user_data, level, (char *)event_json);
}

// The client handle is an opaque number, not an address: Go keeps it as a uintptr_t
// so that it never sits in a Go pointer variable.
static int litellm_go_client_new(const char *options_json, uintptr_t *out_client, char **out_error_json) {
	litellm_client *client = NULL;
	int status = litellm_client_new(options_json, &client, out_error_json);
	*out_client = (uintptr_t)client;
	return status;
}

static void litellm_go_client_free(uintptr_t client) {
	litellm_client_free((litellm_client *)client);
}

static int litellm_go_generate(uintptr_t client, const char *request_json, char **out_json) {
	return litellm_generate((litellm_client *)client, request_json, out_json);
}

static int litellm_go_run(uintptr_t client, const char *request_json, char **out_json) {
	return litellm_run((litellm_client *)client, request_json, out_json);
}

static int litellm_go_generate_stream(uintptr_t client, const char *request_json, uintptr_t handle, char **out_json) {
	return litellm_generate_stream((litellm_client *)client, request_json, litellm_go_stream_fn, (void *)handle, out_json);
}

static int litellm_go_cancel(uintptr_t client, const char *request_id) {
	return litellm_cancel((litellm_client *)client, request_id);
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
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
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

// Client is a liblitellm client: a base URL, credentials, defaults and a pool of
// keep-alive connections. It is safe for concurrent use. Create it with NewClient and
// release it with Close.
type Client struct {
	handle uintptr // the litellm_client handle; 0 once closed (accessed atomically)
}

// NewClient creates a client. No network traffic happens here. Invalid options (a bad
// URL, a header value with CR or LF, a negative timeout...) give an *Error of
// KindInvalidArgument.
func NewClient(opts Options) (*Client, error) {
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
	c := &Client{handle: uintptr(handle)}
	runtime.SetFinalizer(c, (*Client).Close)
	return c, nil
}

// Close releases the client. Calls in flight on it are cancelled (they return an
// *Error of KindCancelled wrapping ErrClosed) and Close returns once they have
// returned, so it must not be called from a stream callback of this client. Close is
// idempotent and safe to call concurrently with anything; it always returns nil.
func (c *Client) Close() error {
	if c == nil {
		return nil
	}
	h := atomic.SwapUintptr(&c.handle, 0)
	if h == 0 {
		return nil
	}
	runtime.SetFinalizer(c, nil)
	C.litellm_go_client_free(C.uintptr_t(h))
	return nil
}

// Generate makes one chat completion and waits for it, retries included.
func (c *Client) Generate(ctx context.Context, req *GenerateRequest) (*Response, error) {
	body, id, err := prepareGenerate(req)
	if err != nil {
		return nil, err
	}
	doc, err := c.call(ctx, id, body, func(h C.uintptr_t, creq *C.char, out **C.char) C.int {
		return C.litellm_go_generate(h, creq, out)
	})
	if err != nil {
		return nil, err
	}
	return decodeResponse(doc)
}

// GenerateStream makes one chat completion and delivers it as it is produced: fn is
// called on the calling goroutine for each Event, in order, the done event last
// (its Response is also what GenerateStream returns). If fn returns a non-nil error,
// the stream stops at once (the connection is closed) and GenerateStream returns
// (nil, that error) — also when fn returned it for the done event. A panic in fn stops
// the stream and is re-raised here once the C call has returned.
func (c *Client) GenerateStream(ctx context.Context, req *GenerateRequest, fn func(Event) error) (*Response, error) {
	if fn == nil {
		return nil, invalidArgument("GenerateStream: the callback is nil")
	}
	body, id, err := prepareGenerate(req)
	if err != nil {
		return nil, err
	}
	st := &streamState{fn: fn}
	sh := cgo.NewHandle(st)
	defer sh.Delete()
	doc, err := c.call(ctx, id, body, func(h C.uintptr_t, creq *C.char, out **C.char) C.int {
		return C.litellm_go_generate_stream(h, creq, C.uintptr_t(sh), out)
	})
	if st.panicked {
		panic(st.panicValue)
	}
	if st.err != nil {
		return nil, st.err
	}
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
	r := *req
	if r.RequestID == "" {
		r.RequestID = nextRequestID()
	}
	body, err := json.Marshal(&r)
	if err != nil {
		return nil, invalidArgument("request: %v", err)
	}
	doc, err := c.call(ctx, r.RequestID, body, func(h C.uintptr_t, creq *C.char, out **C.char) C.int {
		return C.litellm_go_run(h, creq, out)
	})
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
// document, the result the response document. When the request has no "request_id",
// a generated one is added so that ctx can cancel the call. On failure the error is an
// *Error whose Document is the error document.
func (c *Client) GenerateJSON(ctx context.Context, request []byte) ([]byte, error) {
	body, id, err := prepareRaw(request)
	if err != nil {
		return nil, err
	}
	return c.call(ctx, id, body, func(h C.uintptr_t, creq *C.char, out **C.char) C.int {
		return C.litellm_go_generate(h, creq, out)
	})
}

// RunJSON is Run on raw documents, as GenerateJSON is Generate.
func (c *Client) RunJSON(ctx context.Context, request []byte) ([]byte, error) {
	body, id, err := prepareRaw(request)
	if err != nil {
		return nil, err
	}
	return c.call(ctx, id, body, func(h C.uintptr_t, creq *C.char, out **C.char) C.int {
		return C.litellm_go_run(h, creq, out)
	})
}

var requestCounter uint64

func nextRequestID() string {
	return "go-" + strconv.FormatUint(atomic.AddUint64(&requestCounter, 1), 10)
}

func prepareGenerate(req *GenerateRequest) (body []byte, id string, err error) {
	if req == nil {
		return nil, "", invalidArgument("the request is nil")
	}
	r := *req
	if r.RequestID == "" {
		r.RequestID = nextRequestID()
	}
	body, err = json.Marshal(&r)
	if err != nil {
		return nil, "", invalidArgument("request: %v", err)
	}
	return body, r.RequestID, nil
}

// prepareRaw finds the request_id of a raw request document, adding a generated one
// when it has none. Anything that is not a JSON object is passed on unchanged: the
// library answers it with its own error document.
func prepareRaw(request []byte) (body []byte, id string, err error) {
	if bytes.IndexByte(request, 0) >= 0 {
		return nil, "", invalidArgument("request: contains a NUL byte")
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(request, &fields) != nil || fields == nil {
		return request, "", nil
	}
	if raw, ok := fields["request_id"]; ok {
		if json.Unmarshal(raw, &id) != nil {
			id = "" // not a string: the library rejects it
		}
		return request, id, nil
	}
	id = nextRequestID()
	open := bytes.IndexByte(request, '{') // present: the document is an object
	var b bytes.Buffer
	b.Grow(len(request) + len(id) + 20)
	b.Write(request[:open+1])
	b.WriteString(`"request_id":`)
	quoted, _ := json.Marshal(id)
	b.Write(quoted)
	if len(fields) > 0 {
		b.WriteByte(',')
	}
	b.Write(request[open+1:])
	return b.Bytes(), id, nil
}

// call runs one blocking C call with cancellation through ctx.
func (c *Client) call(ctx context.Context, id string, body []byte,
	fn func(h C.uintptr_t, creq *C.char, out **C.char) C.int) ([]byte, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if bytes.IndexByte(body, 0) >= 0 {
		return nil, invalidArgument("request: contains a NUL byte")
	}
	if strings.IndexByte(id, 0) >= 0 {
		return nil, invalidArgument("request_id: contains a NUL byte")
	}
	if c == nil {
		return nil, invalidArgument("the client is nil")
	}
	h := atomic.LoadUintptr(&c.handle)
	if h == 0 {
		e := invalidArgument("the client is closed")
		e.ctxErr = ErrClosed
		return nil, e
	}
	creq := cString(body)
	defer C.free(unsafe.Pointer(creq))

	stop := watch(ctx, h, id)
	var out *C.char
	status := int(fn(C.uintptr_t(h), creq, &out))
	stop()
	runtime.KeepAlive(c) // no finalizer may free the client during the call
	doc := takeDocument(out)
	if status == 0 {
		if doc == nil {
			return nil, &Error{Kind: KindInternal, Status: int(KindInternal), Message: "the library returned OK without a document"}
		}
		return doc, nil
	}
	e := newError(status, doc)
	switch {
	case Kind(status) == KindCancelled && ctx.Err() != nil:
		e.ctxErr = ctx.Err()
	case (Kind(status) == KindCancelled || Kind(status) == KindInvalidArgument) && atomic.LoadUintptr(&c.handle) == 0:
		// Closed during the call: cancelled by litellm_client_free, or the handle
		// was freed between our read and the call.
		if Kind(status) == KindCancelled || strings.Contains(e.Message, "litellm_client handle") {
			e.ctxErr = ErrClosed
		}
	}
	return nil, e
}

// watch calls litellm_cancel(h, id) once ctx is done, until the returned stop
// function is called; stop returns once the watcher has finished, so that no cancel is
// sent after the call has returned. Cancels are repeated (at growing intervals) until
// stop, which covers a ctx that fires before the library has registered the call.
func watch(ctx context.Context, h uintptr, id string) (stop func()) {
	done := ctx.Done()
	if done == nil || id == "" {
		return func() {}
	}
	quit := make(chan struct{})
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		select {
		case <-quit:
			return
		case <-done:
		}
		cid := C.CString(id)
		defer C.free(unsafe.Pointer(cid))
		delay := 10 * time.Millisecond
		for {
			C.litellm_go_cancel(C.uintptr_t(h), cid)
			t := time.NewTimer(delay)
			select {
			case <-quit:
				t.Stop()
				return
			case <-t.C:
			}
			if delay < 200*time.Millisecond {
				delay *= 2
			}
		}
	}()
	return func() {
		close(quit)
		<-exited
	}
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

// SetLogCallback routes the library's log events (one JSON object each, API.md §7) to
// fn, for events at minLevel (LogDebug..LogError) and above. Every finished HTTP
// attempt is logged at LogInfo with OpenTelemetry GenAI attribute names
// ("gen_ai.system", "gen_ai.usage.input_tokens", ...), retries and escalations at
// LogWarn, failed calls at LogError. fn nil turns the callback off (the environment
// variable LITELLM_LOG then applies again).
//
// The setting is process-wide. fn may be called from any goroutine, several at once,
// and must not call SetLogCallback; event is a copy that fn may keep. Once
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
