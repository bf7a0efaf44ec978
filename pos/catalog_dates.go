package pos

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseWhen reads a date-time of a catalog file in the organiser's zone:
// "2026-12-12 20:00", "2026-12-12" (midnight), or relative to today:
// "+3d 20:00", "-2d", "+0d", "+2w sat 20:00" (a weekday of a later week).
func ParseWhen(s string, today time.Time, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "+") || strings.HasPrefix(s, "-") {
		days, clock, _ := strings.Cut(s, " ")
		if strings.HasSuffix(days, "w") {
			return parseWeekWhen(s, days, clock, today, loc)
		}
		n, err := strconv.Atoi(strings.TrimSuffix(days, "d"))
		if err != nil || !strings.HasSuffix(days, "d") {
			return time.Time{}, Errorf("%q: a relative date is written like \"+3d 20:00\"", s)
		}
		t := today.In(loc)
		d := time.Date(t.Year(), t.Month(), t.Day()+n, 0, 0, 0, 0, loc)
		if clock == "" {
			return d, nil
		}
		hm, err := time.ParseInLocation("15:04", clock, loc)
		if err != nil {
			return time.Time{}, Errorf("%q: time of day should be like 20:00", s)
		}
		return time.Date(d.Year(), d.Month(), d.Day(), hm.Hour(), hm.Minute(), 0, 0, loc), nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, Errorf("%q: write a date as \"2026-12-12 20:00\" or \"+3d 20:00\"", s)
}

var weekdays = map[string]int{"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}

// parseWeekWhen reads "+2w sat 20:00": Saturday of the week two weeks after
// today's (weeks start on Monday), so demo dates fall on real weekdays.
func parseWeekWhen(s, weeks, rest string, today time.Time, loc *time.Location) (time.Time, error) {
	bad := Errorf("%q: a relative week is written like \"+2w sat 20:00\"", s)
	n, err := strconv.Atoi(strings.TrimSuffix(weeks, "w"))
	if err != nil {
		return time.Time{}, bad
	}
	day, clock, _ := strings.Cut(rest, " ")
	wd, ok := weekdays[strings.ToLower(day)]
	if !ok {
		return time.Time{}, bad
	}
	t := today.In(loc)
	monday := (int(t.Weekday()) + 6) % 7
	offset := n*7 - monday + wd
	rel := fmt.Sprintf("%+dd", offset)
	if clock != "" {
		rel += " " + clock
	}
	return ParseWhen(rel, today, loc)
}
