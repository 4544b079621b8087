package litellm

import "sync/atomic"

// LiveCalls returns the number of calls whose cgo.Handle has not been deleted yet.
func LiveCalls() int64 { return atomic.LoadInt64(&liveCalls) }

// CheckAbi is the ABI check of NewClient, for a given loaded ABI version.
var CheckAbi = checkAbi

// CallsInFlight returns how many of c's slots (Options.MaxConcurrentCalls) are taken,
// and the cap; -1, -1 when c has no cap.
func CallsInFlight(c *Client) (n, max int) {
	if c.slots == nil {
		return -1, -1
	}
	return len(c.slots), cap(c.slots)
}
