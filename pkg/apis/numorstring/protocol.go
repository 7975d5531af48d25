package numorstring

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// Protocol is an IP protocol, by number (0-255) or by name ("TCP", "UDP", "ICMP",
// "ICMPv6", "SCTP", "UDPLite"). JSON keeps the form it was given.
// +kubebuilder:validation:XIntOrString
// +kubebuilder:validation:Pattern=`^.*`
type Protocol struct {
	// Type says which of NumVal and StrVal holds the value.
	Type   NumOrStringType `json:"type"`
	NumVal uint8           `json:"numVal"`
	StrVal string          `json:"strVal"`
}

// NumOrStringType says whether a value was given as a number or a string.
type NumOrStringType int

const (
	NumOrStringNum NumOrStringType = iota
	NumOrStringString
)

// Protocol names Calico knows.
const (
	ProtocolTCP     = "TCP"
	ProtocolUDP     = "UDP"
	ProtocolICMP    = "ICMP"
	ProtocolICMPv6  = "ICMPv6"
	ProtocolSCTP    = "SCTP"
	ProtocolUDPLite = "UDPLite"
)

// ProtocolFromInt is protocol number p.
func ProtocolFromInt(p uint8) Protocol { return Protocol{Type: NumOrStringNum, NumVal: p} }

// ProtocolFromString is the protocol named s.
func ProtocolFromString(s string) Protocol { return Protocol{Type: NumOrStringString, StrVal: s} }

// UnmarshalJSON accepts a number or a string.
func (p *Protocol) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		// As Calico: a number written as a string is the number ("6" is 6).
		if n, err := strconv.ParseUint(s, 10, 8); err == nil {
			*p = ProtocolFromInt(uint8(n))
			return nil
		}
		*p = ProtocolFromString(s)
		return nil
	}
	var n uint8
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("a protocol must be a number from 0 to 255 or a name: %s", b)
	}
	*p = ProtocolFromInt(n)
	return nil
}

// MarshalJSON writes the protocol in the form it was given.
func (p Protocol) MarshalJSON() ([]byte, error) {
	if p.Type == NumOrStringString {
		return json.Marshal(p.StrVal)
	}
	return json.Marshal(p.NumVal)
}

// String is the protocol as written in a manifest.
func (p Protocol) String() string {
	if p.Type == NumOrStringString {
		return p.StrVal
	}
	return strconv.Itoa(int(p.NumVal))
}

// OpenAPISchemaType is the OpenAPI type: a number or a string.
func (Protocol) OpenAPISchemaType() []string { return []string{"string"} }

// OpenAPISchemaFormat marks the value as int-or-string.
func (Protocol) OpenAPISchemaFormat() string { return "int-or-string" }
