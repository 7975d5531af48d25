package selector

import (
	"errors"
	"reflect"
	"testing"
)

// FuzzParse checks the properties callers depend on for arbitrary input:
// Parse never panics and only returns *Error with a position inside the
// input; an accepted selector prints to a canonical form that re-parses to
// the same tree and the same text; evaluation never panics and agrees
// between the original and the re-parsed selector.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"",
		"  \t ",
		"all()",
		"global()",
		" global( ) ",
		"has(a)",
		"has( projectcalico.org/name )",
		"!has(a)",
		"!!has(a)",
		"!(!has(a))",
		"a == 'b'",
		`k8s-app == "kube-dns"`,
		"a != 'b'",
		"a contains 'x'",
		"role starts with 'db'",
		"a startswith'x'",
		"a ends  with 'x'",
		"a in {'x', 'y',}",
		"a notin {}",
		`a in {'"', "'"}`,
		"in in {'a'}",
		"contains == 'x'",
		"app == 'web' && (tier in {'a','b'} || !has(debug))",
		"(a == 'b') || !(c != 'd') && has(e)",
		"((has(a) && has(b)) && has(c))",
		"A/b.c-d_e == 'x'",
		"has (a)",
		"a == b",
		"a = 'b'",
		"a in {'x' 'y'}",
		"a == 'x' b == 'y'",
		"a == 'b'\n",
		"a == 'unterminated",
		"a containsx 'y'",
		"héllo == 'wörld'",
		"((((((has(a))))))",
	} {
		f.Add(s)
	}
	labels := []map[string]string{
		nil,
		{"a": "b", "app": "web", "tier": "a"},
		{"a": "", "debug": "1", "role": "db-primary", "k8s-app": "kube-dns"},
	}
	f.Fuzz(func(t *testing.T, in string) {
		sel, err := Parse(in)
		if err != nil {
			var perr *Error
			if !errors.As(err, &perr) {
				t.Fatalf("Parse(%q): error %v is a %T, not *Error", in, err, err)
			}
			if perr.Pos < 0 || perr.Pos > len(in) {
				t.Fatalf("Parse(%q): position %d outside the input (%v)", in, perr.Pos, err)
			}
			return
		}
		canon := sel.String()
		again, err := Parse(canon)
		if err != nil {
			t.Fatalf("Parse(%q) ok, but its canonical form %q does not parse: %v", in, canon, err)
		}
		if got := again.String(); got != canon {
			t.Fatalf("Parse(%q) prints %q, which re-prints as %q", in, canon, got)
		}
		if !reflect.DeepEqual(sel, again) {
			t.Fatalf("Parse(%q) and Parse(%q) differ: %#v vs %#v", in, canon, sel.Root(), again.Root())
		}
		for _, l := range labels {
			if sel.Evaluate(l) != again.Evaluate(l) {
				t.Fatalf("%q and its canonical form %q disagree on %v", in, canon, l)
			}
		}
	})
}
