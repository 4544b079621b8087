package litellm

// This file holds the Go functions exported to C. A file with //export may only
// declare in its preamble, so the C adapters that call these live in litellm.go.

/*
#include <stdint.h>
#include <string.h>
*/
import "C"

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime/cgo"
	"sync"
	"sync/atomic"
	"unsafe"
)

// The callbacks of asynchronous calls run on the library's threads, which drive every
// call of the process: they only copy the document, queue it and wake the waiting
// goroutine. They never block and never run user code.

// callResult is what on_done reported: a status and a copy of its document.
type callResult struct {
	status int
	doc    []byte
}

// callState is the Go side of one asynchronous call, reached from C through a
// cgo.Handle (the call's user_data). The goroutine that started the call waits on
// its channels.
type callState struct {
	done    chan callResult // capacity 1: on_done sends once and never blocks
	wake    chan struct{}   // capacity 1: events were queued (a send that finds it full is dropped)
	stopped int32           // atomic: no more events wanted; on_event answers "stop"

	mu     sync.Mutex // guards events; held only to append or swap
	events [][]byte   // copies of the events not yet taken by the waiting goroutine
}

// liveCalls counts the callStates whose cgo.Handle exists: started calls whose end has
// not yet been handled. Tests read it (export_test.go) to find leaked handles.
var liveCalls int64

func newCallState() (*callState, cgo.Handle) {
	st := &callState{done: make(chan callResult, 1), wake: make(chan struct{}, 1)}
	atomic.AddInt64(&liveCalls, 1)
	return st, cgo.NewHandle(st)
}

// release deletes the call's cgo.Handle, once the library can no longer call it.
func (st *callState) release(h cgo.Handle) {
	h.Delete()
	atomic.AddInt64(&liveCalls, -1)
}

func (st *callState) stop() { atomic.StoreInt32(&st.stopped, 1) }

// take returns the queued events and empties the queue; nothing once stopped.
func (st *callState) take() [][]byte {
	st.mu.Lock()
	evs := st.events
	st.events = nil
	st.mu.Unlock()
	if atomic.LoadInt32(&st.stopped) != 0 {
		return nil
	}
	return evs
}

//export litellmGoCallEvent
func litellmGoCallEvent(handle C.uintptr_t, eventJSON *C.char) C.int {
	st := cgo.Handle(handle).Value().(*callState)
	if atomic.LoadInt32(&st.stopped) != 0 {
		return 1
	}
	raw := C.GoBytes(unsafe.Pointer(eventJSON), C.int(C.strlen(eventJSON)))
	st.mu.Lock()
	st.events = append(st.events, raw)
	st.mu.Unlock()
	select {
	case st.wake <- struct{}{}:
	default: // already awake
	}
	return 0
}

//export litellmGoCallDone
func litellmGoCallDone(handle C.uintptr_t, status C.int, doc *C.char) {
	st := cgo.Handle(handle).Value().(*callState)
	res := callResult{status: int(status)}
	if doc != nil { // never NULL, says the header
		res.doc = C.GoBytes(unsafe.Pointer(doc), C.int(C.strlen(doc)))
	}
	select {
	case st.done <- res:
	default: // a second on_done: never expected, and never worth blocking a library thread
		fmt.Fprintln(os.Stderr, "litellm: on_done ran twice for one call (ignored)")
	}
}

// decodeDoneResponse extracts the raw "response" member of a done event.
func decodeDoneResponse(raw []byte) (json.RawMessage, error) {
	var ev struct {
		Response json.RawMessage `json:"response"`
	}
	err := json.Unmarshal(raw, &ev)
	return ev.Response, err
}

//export litellmGoLogEvent
func litellmGoLogEvent(handle C.uintptr_t, level C.int, eventJSON *C.char) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(os.Stderr, "litellm: panic in the log callback (recovered): %v\n", r)
		}
	}()
	fn, ok := cgo.Handle(handle).Value().(func(int, []byte))
	if !ok {
		return
	}
	fn(int(level), C.GoBytes(unsafe.Pointer(eventJSON), C.int(C.strlen(eventJSON))))
}
