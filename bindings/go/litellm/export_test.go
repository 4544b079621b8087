package litellm

import "sync/atomic"

// LiveCalls returns the number of calls whose cgo.Handle has not been deleted yet.
func LiveCalls() int64 { return atomic.LoadInt64(&liveCalls) }

// CheckAbi is the ABI check of NewClient, for a given loaded ABI version.
var CheckAbi = checkAbi
