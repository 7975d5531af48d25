package numorstring

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// DSCP is a Differentiated Services Code Point: a number from 0 to 63 or one of the
// names of dscpValues ("EF", "AF11", "CS1", ...). JSON keeps the form it was given.
// +kubebuilder:validation:XIntOrString
// +kubebuilder:validation:Pattern=`^.*`
type DSCP struct {
	// Type says which of NumVal and StrVal holds the value.
	Type   NumOrStringType `json:"type"`
	NumVal uint8           `json:"numVal"`
	StrVal string          `json:"strVal"`
}

// dscpValues are the DSCP names Calico v3.32.1 knows (api/pkg/lib/numorstring/dscp.go).
var dscpValues = map[string]uint8{
	"DF": 0, "EF": 46,
	"AF11": 10, "AF12": 12, "AF13": 14,
	"AF21": 18, "AF22": 20, "AF23": 22,
	"AF31": 26, "AF32": 28, "AF33": 30,
	"AF41": 34, "AF42": 36, "AF43": 38,
	"CS0": 0, "CS1": 8, "CS2": 16, "CS3": 24, "CS4": 32, "CS5": 40, "CS6": 48,
}

// DSCPFromInt is DSCP value v.
func DSCPFromInt(v uint8) DSCP { return DSCP{Type: NumOrStringNum, NumVal: v} }

// DSCPFromString is the DSCP written s: a known name in its canonical case, anything
// else unchanged (Validate refuses it). As Calico, a number in a string stays a string.
func DSCPFromString(s string) DSCP {
	for name := range dscpValues {
		if strings.EqualFold(name, s) {
			return DSCP{Type: NumOrStringString, StrVal: name}
		}
	}
	return DSCP{Type: NumOrStringString, StrVal: s}
}

// Validate checks that the value is 0-63 or a known name (a numeric string counts as
// its number, as Calico's Uint8OrString reads it).
func (d DSCP) Validate() error {
	if d.Type == NumOrStringNum {
		if d.NumVal > 63 {
			return fmt.Errorf("DSCP must be between 0 and 63")
		}
		return nil
	}
	if n, err := strconv.ParseUint(d.StrVal, 10, 8); err == nil {
		if n > 63 {
			return fmt.Errorf("DSCP must be between 0 and 63")
		}
		return nil
	}
	if _, ok := dscpValues[strings.ToUpper(strings.TrimSpace(d.StrVal))]; !ok {
		return fmt.Errorf("%s is not a valid DSCP value", d.StrVal)
	}
	return nil
}

// UnmarshalJSON accepts a number or a string.
func (d *DSCP) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*d = DSCP{Type: NumOrStringString, StrVal: s}
		return nil
	}
	var n uint8
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("a DSCP must be a number from 0 to 63 or a name: %s", b)
	}
	*d = DSCPFromInt(n)
	return nil
}

// MarshalJSON writes the value in the form it was given.
func (d DSCP) MarshalJSON() ([]byte, error) {
	if d.Type == NumOrStringString {
		return json.Marshal(d.StrVal)
	}
	return json.Marshal(d.NumVal)
}

// String is the value as written in a manifest.
func (d DSCP) String() string {
	if d.Type == NumOrStringString {
		return d.StrVal
	}
	return strconv.Itoa(int(d.NumVal))
}

// OpenAPISchemaType is the OpenAPI type: a number or a string.
func (DSCP) OpenAPISchemaType() []string { return []string{"string"} }

// OpenAPISchemaFormat marks the value as int-or-string.
func (DSCP) OpenAPISchemaFormat() string { return "int-or-string" }
