package selector

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// validCases maps accepted selectors to their canonical form. The inputs
// include every example of validation-and-defaults.md §2.3.
var validCases = []struct{ in, want string }{
	// Empty and blank selectors match everything.
	{"", "all()"},
	{"   ", "all()"},
	{"\t \t", "all()"},
	// Functions.
	{"all()", "all()"},
	{"all( )", "all()"},
	{"all(\t)", "all()"},
	{"global()", "global()"},
	{" global( ) ", "global()"},
	{"has(a)", "has(a)"},
	{"has( a )", "has(a)"},
	{"has(projectcalico.org/name)", "has(projectcalico.org/name)"},
	{"has(has)", "has(has)"},
	// Each operator, with and without spaces.
	{"a=='b'", `a == "b"`},
	{"a == 'b'", `a == "b"`},
	{"a!='b'", `a != "b"`},
	{"a  !=  \"b\"", `a != "b"`},
	{"a contains 'x'", `a contains "x"`},
	{"a contains'x'", `a contains "x"`},
	{"a starts with 'x'", `a starts with "x"`},
	{"a startswith 'x'", `a starts with "x"`},
	{"a starts \t with'x'", `a starts with "x"`},
	{"a ends with 'x'", `a ends with "x"`},
	{"a endswith 'x'", `a ends with "x"`},
	{"a in {'x'}", `a in {"x"}`},
	{"a in{'x'}", `a in {"x"}`},
	{"a in {}", "a in {}"},
	{"a in { }", "a in {}"},
	{"a in {'x',}", `a in {"x"}`},
	{"a in {'y', 'x', 'y'}", `a in {"x", "y"}`},
	{"a not in {'x'}", `a not in {"x"}`},
	{"a not   in {'x'}", `a not in {"x"}`},
	{"a notin {'x'}", `a not in {"x"}`},
	{"a not\tin {'x'}", `a not in {"x"}`},
	{"a not in {}", "a not in {}"},
	// Quoting: both styles, the other quote inside, empty values, no escapes.
	{`a == "b"`, `a == "b"`},
	{`a == 'say "hi"'`, `a == 'say "hi"'`},
	{`a == "it's"`, `a == "it's"`},
	{`a == ''`, `a == ""`},
	{`a == ""`, `a == ""`},
	{`a == 'x\'`, `a == "x\"`},
	{`a == 'two words && || ! ( )'`, `a == "two words && || ! ( )"`},
	{"a == 'line\nbreak'", "a == \"line\nbreak\""},
	{`a in {'"', "'"}`, `a in {'"', "'"}`},
	{`k8s-app == "kube-dns"`, `k8s-app == "kube-dns"`},
	{`a == 'héllo'`, `a == "héllo"`},
	// Label keys: the whole charset, keywords not reserved.
	{"A/b.c-d_e == 'x'", `A/b.c-d_e == "x"`},
	{"- == 'x'", `- == "x"`},
	{"0 == '1'", `0 == "1"`},
	{"contains == 'x'", `contains == "x"`},
	{"in in {'a'}", `in in {"a"}`},
	{"not not in {'a'}", `not not in {"a"}`},
	{"has == 'x'", `has == "x"`},
	{"all == 'x'", `all == "x"`},
	{"starts starts with 'x'", `starts starts with "x"`},
	{"ends endswith 'x'", `ends ends with "x"`},
	{"global == 'x'", `global == "x"`},
	// Negation.
	{"!has(a)", "!has(a)"},
	{"! has(a)", "!has(a)"},
	{"!!has(a)", "has(a)"},
	{"!!!has(a)", "!has(a)"},
	{"!(!has(a))", "has(a)"},
	{"!a == 'b'", `!a == "b"`},
	{"!all()", "!all()"},
	{"!(a == 'b' && c == 'd')", `!(a == "b" && c == "d")`},
	// Precedence: ! > && > ||.
	{"a == 'b' || c == 'd' && e == 'f'", `(a == "b" || (c == "d" && e == "f"))`},
	{"a == 'b' && c == 'd' || e == 'f'", `((a == "b" && c == "d") || e == "f")`},
	{"(a == 'b') || !(c != 'd') && has(e)", `(a == "b" || (!c != "d" && has(e)))`},
	{"(a == 'b' || c == 'd') && e == 'f'", `((a == "b" || c == "d") && e == "f")`},
	{"has(a) && has(b) && has(c)", "(has(a) && has(b) && has(c))"},
	{"has(a) || has(b) || has(c)", "(has(a) || has(b) || has(c))"},
	{"(has(a) && has(b)) && has(c)", "((has(a) && has(b)) && has(c))"},
	// Nesting and redundant parentheses.
	{"((has(a)))", "has(a)"},
	{"( ( has(a) ) )", "has(a)"},
	{"app == 'web' && (tier in {'a','b'} || !has(debug))", `(app == "web" && (tier in {"a", "b"} || !has(debug)))`},
	{"role starts with 'db' && global()", `(role starts with "db" && global())`},
	// No whitespace needed between tokens.
	{"has(a)&&has(b)||!has(c)", "((has(a) && has(b)) || !has(c))"},
	{"(a=='b')&&(c!='d')", `(a == "b" && c != "d")`},
}

func TestParseValid(t *testing.T) {
	for _, tc := range validCases {
		sel, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): unexpected error %v", tc.in, err)
			continue
		}
		if got := sel.String(); got != tc.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tc.in, got, tc.want)
		}
		if err := Validate(tc.in); err != nil {
			t.Errorf("Validate(%q) = %v", tc.in, err)
		}
	}
}

// TestRoundTrip checks that the canonical form parses back to an equal tree
// and prints identically, which callers rely on when they store or compare
// normalised selectors.
func TestRoundTrip(t *testing.T) {
	for _, tc := range validCases {
		sel := MustParse(tc.in)
		again, err := Parse(sel.String())
		if err != nil {
			t.Errorf("Parse(%q) (canonical of %q): %v", sel.String(), tc.in, err)
			continue
		}
		if !reflect.DeepEqual(sel, again) {
			t.Errorf("round trip of %q: %#v != %#v", tc.in, sel.Root(), again.Root())
		}
		if again.String() != sel.String() {
			t.Errorf("round trip of %q prints %q, then %q", tc.in, sel.String(), again.String())
		}
	}
}

func TestParseInvalid(t *testing.T) {
	long := strings.Repeat("k", MaxLabelLength+1)
	deep := strings.Repeat("(", MaxDepth+1) + "has(a)" + strings.Repeat(")", MaxDepth+1)
	cases := []struct {
		in      string
		pos     int
		msgPart string // a substring of the error text
	}{
		// Examples from §2.3.
		{"has (a)", 4, `"has(" must be written without space`},
		{"a == b", 5, "expected a quoted string"},
		{"a = 'b'", 2, `expected "=="`},
		{"a in {'x' 'y'}", 10, `expected "," or "}"`},
		{"a == 'x' b == 'y'", 9, `expected "&&", "||" or end of input`},
		{"a == 'b'\n", 8, `unexpected "\n"`},
		// Whitespace other than space and tab.
		{"\na == 'b'", 0, "expected a label key"},
		{"a ==\r'b'", 4, "expected a quoted string"},
		{"a\v== 'b'", 1, "expected an operator"},
		// Bad characters.
		{"a:b == 'c'", 1, "expected an operator"},
		{"héllo == 'x'", 1, `unexpected "é"`},
		{"@", 0, "expected a label key"},
		{"a == 'b' #", 9, "end of input"},
		// Incomplete input.
		{"a", 1, "unexpected end of input at position 1: expected an operator"},
		{"a ==", 4, "expected a quoted string"},
		{"a in", 4, `expected "{"`},
		{"a in 'x'", 5, `expected "{"`},
		{"a in {", 6, `expected a quoted string or "}"`},
		{"a in {'x'", 9, `expected "," or "}"`},
		{"a in {'x',", 10, `expected a quoted string or "}"`},
		{"a in {,}", 6, `expected a quoted string or "}"`},
		{"a in {'x',,}", 10, `expected a quoted string or "}"`},
		{"a in {x}", 6, `label "x"`},
		{"a == 'x' ||", 11, "expected a label key"},
		{"a == 'x' &&", 11, "expected a label key"},
		{"!", 1, "expected a label key"},
		{"(", 1, "expected a label key"},
		{"(has(a)", 7, `expected "&&", "||" or ")"`},
		{"has(a))", 6, `expected "&&", "||" or end of input`},
		{")", 0, "expected a label key"},
		{"()", 1, "expected a label key"},
		// Misplaced operators.
		{"&& a == 'b'", 0, `unexpected "&&" at position 0: expected a label key, "has(", "all()", "global()", "!" or "("`},
		{"app == 'web' && && x", 16, `unexpected "&&"`},
		{"a == 'b' || || c == 'd'", 12, `unexpected "||"`},
		{"a & b", 2, `expected "&&"`},
		{"has(a) | has(b)", 7, `expected "||"`},
		{"== 'b'", 0, "expected a label key"},
		{"!= 'b'", 0, "expected a label key"},
		{"'b' == a", 0, "expected a label key"},
		{"a == 'b' == 'c'", 9, "end of input"},
		{"has(a) == 'x'", 7, "end of input"},
		{"a ! = 'b'", 2, "expected an operator"},
		{"a !== 'b'", 4, `expected "=="`},
		{"a === 'b'", 4, `expected "=="`},
		// Word operators need a word boundary; unknown words.
		{"a b == 'c'", 2, `unexpected "b"`},
		{"a containsx 'y'", 2, `unexpected "containsx"`},
		{"a inx {'y'}", 2, `unexpected "inx"`},
		{"a not inx {'y'}", 2, "expected an operator"},
		{"a starts 'x'", 2, "expected an operator"},
		{"a starts\nwith 'x'", 2, `unexpected "starts"`},
		{"a starts with x", 14, `expected a quoted string`},
		{"a has(b)", 2, "expected an operator"},
		{"a in {'x'} in {'y'}", 11, "end of input"},
		// Functions.
		{"has()", 4, `expected a label key inside "has("`},
		{"has( )", 5, `expected a label key inside "has("`},
		{"has(a", 5, `expected ")" to close "has("`},
		{"has(a b)", 6, `expected ")" to close "has("`},
		{"has('a')", 4, `expected a label key inside "has("`},
		{"all(x)", 4, `expected ")" to close "all("`},
		{"all", 3, "expected an operator"},
		{"global(", 7, `expected ")" to close "global("`},
		{"global (  )", 7, "without space"},
		// Strings.
		{"a == 'b", 5, "unterminated string: no closing '"},
		{`a == "b`, 5, `unterminated string: no closing "`},
		{`a == "b'`, 5, "unterminated string"},
		{"a == 1", 5, `label "1"`},
		// Limits.
		{long + " == 'x'", 0, "label key is 513 characters long; the limit is 512"},
		{"has(" + long + ")", 4, "limit is 512"},
		{deep, MaxDepth, "nested more than"},
		// The first error in reading order wins.
		{"a = 'b' && c == 'unterminated", 2, `expected "=="`},
		{"a == 'b' c = 'd'", 9, "end of input"},
	}
	for _, tc := range cases {
		_, err := Parse(tc.in)
		if err == nil {
			t.Errorf("Parse(%q): expected an error", tc.in)
			continue
		}
		var perr *Error
		if !errors.As(err, &perr) {
			t.Errorf("Parse(%q): error %v is a %T, want *Error", tc.in, err, err)
			continue
		}
		if perr.Pos != tc.pos {
			t.Errorf("Parse(%q): error at position %d, want %d (%v)", tc.in, perr.Pos, tc.pos, err)
		}
		if !strings.Contains(err.Error(), tc.msgPart) {
			t.Errorf("Parse(%q): error %q does not mention %q", tc.in, err, tc.msgPart)
		}
		if !strings.Contains(err.Error(), "position "+itoa(tc.pos)) {
			t.Errorf("Parse(%q): error %q does not give the position", tc.in, err)
		}
		if Validate(tc.in) == nil {
			t.Errorf("Validate(%q) accepted what Parse rejects", tc.in)
		}
	}
}

func TestLimitsAreInclusive(t *testing.T) {
	key := strings.Repeat("k", MaxLabelLength)
	for _, s := range []string{
		key + " == 'x'",
		"has(" + key + ")",
		strings.Repeat("(", MaxDepth) + "has(a)" + strings.Repeat(")", MaxDepth),
		strings.Repeat("!", 10000) + "has(a)", // runs of "!" do not recurse
	} {
		if err := Validate(s); err != nil {
			t.Errorf("Validate(%.20q...): %v", s, err)
		}
	}
}

func TestErrorFormat(t *testing.T) {
	_, err := Parse("app == 'x' && && y")
	want := `unexpected "&&" at position 14: expected a label key, "has(", "all()", "global()", "!" or "("`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
	e := err.(*Error)
	if e.Pos != 14 || e.Found != `"&&"` || !strings.HasPrefix(e.Msg, "expected a label key") {
		t.Errorf("unexpected fields %#v", e)
	}
	_, err = Parse("a == 'x")
	if want := "unterminated string: no closing ' at position 5"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestEvaluate(t *testing.T) {
	none := map[string]string{}
	web := map[string]string{"app": "web", "tier": "frontend", "env": ""}
	db := map[string]string{"app": "database", "role": "db-primary", "debug": "1"}
	labelSets := []map[string]string{nil, none, web, db}

	cases := []struct {
		sel  string
		want []bool // for nil, none, web, db
	}{
		{"", []bool{true, true, true, true}},
		{"all()", []bool{true, true, true, true}},
		{"global()", []bool{true, true, true, true}},
		{"!all()", []bool{false, false, false, false}},
		{"has(app)", []bool{false, false, true, true}},
		{"!has(app)", []bool{true, true, false, false}},
		{"has(env)", []bool{false, false, true, false}},
		{"env == ''", []bool{false, false, true, false}},
		{"app == 'web'", []bool{false, false, true, false}},
		{"app != 'web'", []bool{true, true, false, true}},
		{"!app == 'web'", []bool{true, true, false, true}},
		{"app contains 'a'", []bool{false, false, false, true}},
		{"app contains ''", []bool{false, false, true, true}},
		{"role starts with 'db'", []bool{false, false, false, true}},
		{"role starts with ''", []bool{false, false, false, true}},
		{"app ends with 'base'", []bool{false, false, false, true}},
		{"app ends with 'web'", []bool{false, false, true, false}},
		{"app in {'web', 'api'}", []bool{false, false, true, false}},
		{"app in {}", []bool{false, false, false, false}},
		{"app not in {'web'}", []bool{true, true, false, true}},
		{"app not in {}", []bool{true, true, true, true}},
		{"tier in {'frontend'} && !has(debug)", []bool{false, false, true, false}},
		{"has(debug) || tier == 'frontend'", []bool{false, false, true, true}},
		{"app == 'web' || app == 'database' && has(debug)", []bool{false, false, true, true}},
		{"(app == 'web' || app == 'database') && has(debug)", []bool{false, false, false, true}},
		{"!(app == 'web' || has(debug))", []bool{true, true, false, false}},
		{"app == 'web' && (tier in {'a','b'} || !has(debug))", []bool{false, false, true, false}},
	}
	for _, tc := range cases {
		sel := MustParse(tc.sel)
		canon := MustParse(sel.String())
		for i, labels := range labelSets {
			if got := sel.Evaluate(labels); got != tc.want[i] {
				t.Errorf("%q.Evaluate(%v) = %v, want %v", tc.sel, labels, got, tc.want[i])
			}
			if got := canon.Evaluate(labels); got != tc.want[i] {
				t.Errorf("canonical %q.Evaluate(%v) = %v, want %v", sel.String(), labels, got, tc.want[i])
			}
		}
	}
}

func TestZeroSelector(t *testing.T) {
	var s Selector
	if !s.Evaluate(nil) || s.String() != "all()" || !reflect.DeepEqual(s.Root(), All{}) {
		t.Errorf("zero Selector should behave like the empty selector")
	}
}

func TestRoot(t *testing.T) {
	got := MustParse("a in {'y','x'} && !has(b) || c starts with 'z'").Root()
	want := Or{Operands: []Node{
		And{Operands: []Node{
			In{Key: "a", Values: []string{"x", "y"}},
			Not{X: Has{Key: "b"}},
		}},
		Compare{Key: "c", Op: OpStartsWith, Value: "z"},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v\nwant %#v", got, want)
	}
}

func TestIsGlobalOnly(t *testing.T) {
	for s, want := range map[string]bool{
		"global()":               true,
		" global() ":             true,
		"global( )":              true,
		"\tglobal()\t":           true,
		"":                       false,
		"all()":                  false,
		"(global())":             false,
		"!global()":              false,
		"global() && has(a)":     false,
		"global() global()":      false,
		"global()\n":             false,
		"global(":                false,
		"a == 'global()'":        false,
		"global == 'x'":          false,
		"global() || global() x": false,
	} {
		if got := IsGlobalOnly(s); got != want {
			t.Errorf("IsGlobalOnly(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestMustParsePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("MustParse of an invalid selector did not panic")
		}
	}()
	MustParse("a ==")
}
