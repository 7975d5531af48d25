package numorstring

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Port is a port number, a range of ports ("min:max"), or a named port. In JSON a
// single number is written as a number, a range and a name as strings.
// +kubebuilder:validation:XIntOrString
// +kubebuilder:validation:Pattern=`^.*`
type Port struct {
	MinPort  uint16 `json:"minPort,omitempty"`
	MaxPort  uint16 `json:"maxPort,omitempty"`
	PortName string `json:"portName,omitempty"`
}

// SinglePort is the port p.
func SinglePort(p uint16) Port { return Port{MinPort: p, MaxPort: p} }

// PortFromRange is the ports from min to max inclusive.
func PortFromRange(min, max uint16) (Port, error) {
	if min > max {
		return Port{}, fmt.Errorf("port range %d:%d: the minimum is above the maximum", min, max)
	}
	return Port{MinPort: min, MaxPort: max}, nil
}

// NamedPort is the port named name.
func NamedPort(name string) Port { return Port{PortName: name} }

// PortFromString parses "80", "80:90" or a port name.
func PortFromString(s string) (Port, error) {
	if s == "" {
		return Port{}, errors.New("a port must not be empty")
	}
	if lo, hi, isRange := strings.Cut(s, ":"); isRange {
		min, err := parsePortNumber(lo)
		if err != nil {
			return Port{}, fmt.Errorf("port range %q: %w", s, err)
		}
		max, err := parsePortNumber(hi)
		if err != nil {
			return Port{}, fmt.Errorf("port range %q: %w", s, err)
		}
		return PortFromRange(min, max)
	}
	if s[0] >= '0' && s[0] <= '9' {
		p, err := parsePortNumber(s)
		if err != nil {
			return Port{}, err
		}
		return SinglePort(p), nil
	}
	return NamedPort(s), nil
}

func parsePortNumber(s string) (uint16, error) {
	n, err := strconv.ParseUint(s, 10, 16)
	if err != nil {
		return 0, fmt.Errorf("%q is not a port number (0-65535)", s)
	}
	return uint16(n), nil
}

// UnmarshalJSON accepts a number or a string.
func (p *Port) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		v, err := PortFromString(s)
		if err != nil {
			return err
		}
		*p = v
		return nil
	}
	var n uint16
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("a port must be a number from 0 to 65535, a range \"min:max\" or a name: %s", b)
	}
	*p = SinglePort(n)
	return nil
}

// MarshalJSON writes a single port as a number, a range or name as a string.
func (p Port) MarshalJSON() ([]byte, error) {
	if p.PortName == "" && p.MinPort == p.MaxPort {
		return json.Marshal(p.MinPort)
	}
	return json.Marshal(p.String())
}

// String is the port as written in a manifest.
func (p Port) String() string {
	switch {
	case p.PortName != "":
		return p.PortName
	case p.MinPort == p.MaxPort:
		return strconv.Itoa(int(p.MinPort))
	}
	return fmt.Sprintf("%d:%d", p.MinPort, p.MaxPort)
}

// OpenAPISchemaType is the OpenAPI type: a number or a string.
func (Port) OpenAPISchemaType() []string { return []string{"string"} }

// OpenAPISchemaFormat marks the value as int-or-string.
func (Port) OpenAPISchemaFormat() string { return "int-or-string" }
