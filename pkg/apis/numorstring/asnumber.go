package numorstring

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// ASNumber is a BGP autonomous system number. JSON holds a number; on input the
// dotted form "<high>.<low>" of 4-byte AS numbers (RFC 5396) is accepted too.
type ASNumber uint32

// ASNumberFromString parses "64512" or the dotted form "1.10".
func ASNumberFromString(s string) (ASNumber, error) {
	if high, low, dotted := strings.Cut(s, "."); dotted {
		h, err1 := strconv.ParseUint(high, 10, 16)
		l, err2 := strconv.ParseUint(low, 10, 16)
		if err1 != nil || err2 != nil {
			return 0, fmt.Errorf("%q is not an AS number (a number, or two 16-bit numbers joined by a dot)", s)
		}
		return ASNumber(h<<16 | l), nil
	}
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("%q is not an AS number (0-4294967295)", s)
	}
	return ASNumber(n), nil
}

// UnmarshalJSON accepts a number or a string.
func (a *ASNumber) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		v, err := ASNumberFromString(s)
		if err != nil {
			return err
		}
		*a = v
		return nil
	}
	var n uint32
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("an AS number must be a number from 0 to 4294967295: %s", b)
	}
	*a = ASNumber(n)
	return nil
}

// String is the plain number.
func (a ASNumber) String() string { return strconv.FormatUint(uint64(a), 10) }
