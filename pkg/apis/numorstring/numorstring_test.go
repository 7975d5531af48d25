package numorstring

import (
	"encoding/json"
	"testing"
)

func TestPortJSON(t *testing.T) {
	for _, c := range []struct{ in, out string }{
		{`80`, `80`}, {`"80"`, `80`}, {`"8000:8080"`, `"8000:8080"`}, {`"http"`, `"http"`}, {`"0:65535"`, `"0:65535"`},
	} {
		var p Port
		if err := json.Unmarshal([]byte(c.in), &p); err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if out, _ := json.Marshal(p); string(out) != c.out {
			t.Errorf("%s round-trips to %s, want %s", c.in, out, c.out)
		}
	}
	for _, bad := range []string{`70000`, `-1`, `"90:80"`, `"1:x"`, `""`, `"99999"`, `true`} {
		var p Port
		if err := json.Unmarshal([]byte(bad), &p); err == nil {
			t.Errorf("%s accepted as %+v", bad, p)
		}
	}
}

func TestProtocolJSON(t *testing.T) {
	for _, in := range []string{`6`, `"TCP"`, `"ICMPv6"`, `255`} {
		var p Protocol
		if err := json.Unmarshal([]byte(in), &p); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if out, _ := json.Marshal(p); string(out) != in {
			t.Errorf("%s round-trips to %s", in, out)
		}
	}
	var p Protocol
	if err := json.Unmarshal([]byte(`256`), &p); err == nil {
		t.Errorf("256 accepted as a protocol")
	}
	// As in Calico, a number written as a string is that number.
	if err := json.Unmarshal([]byte(`"17"`), &p); err != nil || p != ProtocolFromInt(17) {
		t.Errorf(`"17" decodes to %+v, %v; want the number 17`, p, err)
	}
	if out, _ := json.Marshal(p); string(out) != `17` {
		t.Errorf(`"17" re-encodes as %s, want 17`, out)
	}
}

func TestASNumberJSON(t *testing.T) {
	for _, c := range []struct {
		in   string
		want ASNumber
	}{{`64512`, 64512}, {`"64512"`, 64512}, {`"1.10"`, 65546}, {`4294967295`, 4294967295}} {
		var a ASNumber
		if err := json.Unmarshal([]byte(c.in), &a); err != nil || a != c.want {
			t.Errorf("%s = %d, %v; want %d", c.in, a, err, c.want)
		}
	}
	for _, bad := range []string{`"1.70000"`, `4294967296`, `"x"`, `-5`} {
		var a ASNumber
		if err := json.Unmarshal([]byte(bad), &a); err == nil {
			t.Errorf("%s accepted as %d", bad, a)
		}
	}
}
