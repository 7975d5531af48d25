package selector

import (
	"slices"
	"strings"
)

// Node is one node of a parsed selector. The set of node types is closed
// (the interface has unexported methods) so that code walking a selector,
// e.g. to find the label keys it uses, can switch over them exhaustively.
type Node interface {
	eval(labels map[string]string) bool
	write(b *strings.Builder)
}

// All matches everything. It is what "all()" and the empty selector parse to.
type All struct{}

// Global matches everything like All, but records that the selector says
// "global()", which is only meaningful as a whole EntityRule
// namespaceSelector (validation-and-defaults.md §2.4).
type Global struct{}

// Has matches when the label Key is present, whatever its value.
type Has struct {
	Key string
}

// Op is a comparison operator between a label and a string value.
type Op int

// The comparison operators. For every operator except OpNe an absent label
// never matches; OpNe matches an absent label, as in Calico (§2.3).
const (
	OpEq Op = iota
	OpNe
	OpContains
	OpStartsWith
	OpEndsWith
)

// String returns the operator as written in canonical selectors.
func (o Op) String() string {
	switch o {
	case OpEq:
		return "=="
	case OpNe:
		return "!="
	case OpContains:
		return "contains"
	case OpStartsWith:
		return "starts with"
	case OpEndsWith:
		return "ends with"
	}
	return "Op(" + itoa(int(o)) + ")"
}

// Compare matches label Key against Value with Op.
type Compare struct {
	Key   string
	Op    Op
	Value string
}

// In matches when label Key has one of Values ("in"), or, when Not is set,
// when it is absent or has none of them ("not in"). Values is sorted and
// free of duplicates so that equal sets compare and print equally.
type In struct {
	Key    string
	Not    bool
	Values []string
}

// Not negates X. The parser never builds Not{Not{...}}: double negations
// cancel, as in Calico, so that printing and re-parsing is stable.
type Not struct {
	X Node
}

// And matches when every operand matches. It always has two or more operands.
type And struct {
	Operands []Node
}

// Or matches when any operand matches. It always has two or more operands.
type Or struct {
	Operands []Node
}

func (All) eval(map[string]string) bool    { return true }
func (Global) eval(map[string]string) bool { return true }

func (n Has) eval(labels map[string]string) bool {
	_, ok := labels[n.Key]
	return ok
}

func (n Compare) eval(labels map[string]string) bool {
	v, ok := labels[n.Key]
	if !ok {
		return n.Op == OpNe
	}
	switch n.Op {
	case OpEq:
		return v == n.Value
	case OpNe:
		return v != n.Value
	case OpContains:
		return strings.Contains(v, n.Value)
	case OpStartsWith:
		return strings.HasPrefix(v, n.Value)
	case OpEndsWith:
		return strings.HasSuffix(v, n.Value)
	}
	return false
}

func (n In) eval(labels map[string]string) bool {
	v, ok := labels[n.Key]
	if !ok {
		return n.Not
	}
	_, found := slices.BinarySearch(n.Values, v)
	return found != n.Not
}

func (n Not) eval(labels map[string]string) bool { return !n.X.eval(labels) }

func (n And) eval(labels map[string]string) bool {
	for _, o := range n.Operands {
		if !o.eval(labels) {
			return false
		}
	}
	return true
}

func (n Or) eval(labels map[string]string) bool {
	for _, o := range n.Operands {
		if o.eval(labels) {
			return true
		}
	}
	return false
}

// The canonical form follows Calico's normalised selector string, so that a
// selector printed here and one printed by Calico agree: single spaces around
// operators, double quotes unless the value contains one, every && and ||
// group wrapped in parentheses, and sorted, de-duplicated sets.

func (All) write(b *strings.Builder)    { b.WriteString("all()") }
func (Global) write(b *strings.Builder) { b.WriteString("global()") }

func (n Has) write(b *strings.Builder) {
	b.WriteString("has(")
	b.WriteString(n.Key)
	b.WriteString(")")
}

func (n Compare) write(b *strings.Builder) {
	b.WriteString(n.Key)
	b.WriteString(" ")
	b.WriteString(n.Op.String())
	b.WriteString(" ")
	writeQuoted(b, n.Value)
}

func (n In) write(b *strings.Builder) {
	b.WriteString(n.Key)
	if n.Not {
		b.WriteString(" not in {")
	} else {
		b.WriteString(" in {")
	}
	for i, v := range n.Values {
		if i > 0 {
			b.WriteString(", ")
		}
		writeQuoted(b, v)
	}
	b.WriteString("}")
}

func (n Not) write(b *strings.Builder) {
	b.WriteString("!")
	n.X.write(b)
}

func (n And) write(b *strings.Builder) { writeGroup(b, n.Operands, " && ") }
func (n Or) write(b *strings.Builder)  { writeGroup(b, n.Operands, " || ") }

func writeGroup(b *strings.Builder, ops []Node, sep string) {
	b.WriteString("(")
	for i, o := range ops {
		if i > 0 {
			b.WriteString(sep)
		}
		o.write(b)
	}
	b.WriteString(")")
}

// writeQuoted picks the quote the value does not contain. There are no
// escapes in the language, and a parsed value can never contain both quote
// characters, so this always re-parses to the same value.
func writeQuoted(b *strings.Builder, s string) {
	q := `"`
	if strings.Contains(s, `"`) {
		q = `'`
	}
	b.WriteString(q)
	b.WriteString(s)
	b.WriteString(q)
}
