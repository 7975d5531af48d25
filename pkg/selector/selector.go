// Package selector parses, validates, evaluates and prints Calico label
// selectors such as
//
//	app == 'web' && (tier in {'a', 'b'} || !has(debug))
//
// The language accepted is exactly the one of Calico v3.32's
// libcalico-go/lib/selector tokenizer and parser, as catalogued in
// the shared validation-and-defaults.md §2.3, so that the API server
// accepts and rejects the same selectors Calico does. The one deliberate
// difference is a limit on parenthesis nesting (MaxDepth), because an
// unbounded recursive descent can be made to exhaust the goroutine stack,
// which is fatal to the whole process.
package selector

import (
	"strconv"
	"strings"
)

// Selector is a parsed selector. The zero value behaves like the empty
// selector: it matches everything and prints as "all()".
type Selector struct {
	root Node
}

// Root returns the top node of the syntax tree, for callers that need to
// inspect a selector (for example to list the label keys it uses).
func (s Selector) Root() Node {
	if s.root == nil {
		return All{}
	}
	return s.root
}

// Evaluate reports whether a set of labels matches the selector. A nil map
// is a valid, empty set of labels.
func (s Selector) Evaluate(labels map[string]string) bool {
	return s.Root().eval(labels)
}

// String returns the canonical form of the selector, the same text Calico's
// parser produces for it. Parsing the result gives an equal selector.
func (s Selector) String() string {
	var b strings.Builder
	s.Root().write(&b)
	return b.String()
}

// Error is a syntax error in a selector.
type Error struct {
	// Pos is the 0-based byte offset in the input where the problem is.
	Pos int
	// Found describes what was found at Pos (e.g. `"&&"`, `end of input`)
	// when the problem is an unexpected token; it is empty otherwise.
	Found string
	// Msg says what was expected or what is wrong.
	Msg string
}

// Error renders the position and message together because selectors are
// usually reported inside a field error, where the position is the only way
// to find the problem in a long expression.
func (e *Error) Error() string {
	if e.Found != "" {
		return "unexpected " + e.Found + " at position " + itoa(e.Pos) + ": " + e.Msg
	}
	return e.Msg + " at position " + itoa(e.Pos)
}

// Validate reports whether s is a valid selector, returning the same *Error
// Parse would. It is what Calico's validation does for selector fields.
func Validate(s string) error {
	_, err := Parse(s)
	return err
}

// MustParse is like Parse but panics on error; it is meant for selectors
// that are constants in code and tests.
func MustParse(s string) Selector {
	sel, err := Parse(s)
	if err != nil {
		panic("selector.MustParse(" + strconv.Quote(s) + "): " + err.Error())
	}
	return sel
}

// IsGlobalOnly reports whether s consists of exactly the single token
// "global()" (surrounding spaces/tabs and spaces inside the parentheses
// allowed). This is the test Calico applies to an EntityRule
// namespaceSelector that mentions "global(" (§2.4): there global() may not be
// combined with anything else, not even parentheses.
func IsGlobalOnly(s string) bool {
	l := lexer{src: s}
	t, err := l.next()
	if err != nil || t.kind != tGlobal {
		return false
	}
	t, err = l.next()
	return err == nil && t.kind == tEOF
}

func itoa(n int) string { return strconv.Itoa(n) }

func quoteSnippet(s string) string {
	const max = 40
	if len(s) > max {
		return strconv.Quote(s[:max]) + "..."
	}
	return strconv.Quote(s)
}
