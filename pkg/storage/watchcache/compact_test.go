package watchcache

import (
	"testing"
	"time"
)

// The compaction revision trails the feed by the retention: the revision reached at
// the latest CompactRevision call at least retention ago, and 0 ("no news") otherwise.
func TestCompactRevisionTrailsTheFeedByTheRetention(t *testing.T) {
	now := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	s := &source{retention: 75 * time.Second, now: func() time.Time { return now }}
	step := func(d time.Duration, reached uint64, want int64) {
		t.Helper()
		now = now.Add(d)
		s.reached.Store(reached)
		if got := s.CompactRevision(); got != want {
			t.Errorf("at +%s with the feed at %d: compaction revision %d, want %d", d, reached, got, want)
		}
	}
	step(0, 100, 0)                // nothing is old enough yet
	step(15*time.Second, 200, 0)   // +15s
	step(60*time.Second, 300, 100) // +75s: the mark of +0s is as old as the retention
	step(15*time.Second, 400, 200) // +90s
	step(time.Second, 400, 0)      // +91s: no mark crossed the retention since
	step(10*time.Minute, 500, 400) // quiet for long: the newest old mark wins
	step(0, 500, 0)
}
