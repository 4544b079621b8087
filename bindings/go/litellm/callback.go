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
	"unsafe"
)

// streamState is the Go side of one GenerateStream call, reached from C through a
// cgo.Handle. It is only touched by the calling goroutine (the callback runs on it).
type streamState struct {
	fn         func(Event) error
	err        error       // the callback's error, or an undecodable event
	panicked   bool        // the callback panicked with panicValue
	panicValue interface{} //
	stopped    bool        // a non-zero value was returned: ignore any further event
}

//export litellmGoStreamEvent
func litellmGoStreamEvent(handle C.uintptr_t, eventJSON *C.char) (rc C.int) {
	st, ok := cgo.Handle(handle).Value().(*streamState)
	if !ok || st.stopped {
		return 1
	}
	defer func() {
		if r := recover(); r != nil {
			st.panicked, st.panicValue, st.stopped = true, r, true
			rc = 1
		}
	}()
	raw := C.GoBytes(unsafe.Pointer(eventJSON), C.int(C.strlen(eventJSON)))
	var ev Event
	if err := json.Unmarshal(raw, &ev); err != nil {
		st.err = badDocument("stream event", raw, err)
		st.stopped = true
		return 1
	}
	if ev.Response != nil {
		if resp, err := decodeDoneResponse(raw); err == nil {
			ev.Response.Raw = resp
		}
	}
	ev.Raw = raw
	if err := st.fn(ev); err != nil {
		st.err = err
		st.stopped = true
		return 1
	}
	return 0
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
