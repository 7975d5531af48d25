package selector

import (
	"slices"
)

// MaxDepth is the deepest parenthesis nesting Parse accepts. Calico has no
// such limit, but its recursive parser can be driven into a fatal stack
// overflow by a request body full of "("; no real selector comes close.
const MaxDepth = 100

// Expectations quoted in errors, named once so every error at the same
// grammatical spot says the same thing.
const (
	expectTerm     = `expected a label key, "has(", "all()", "global()", "!" or "("`
	expectOperator = `expected an operator: "==", "!=", "in", "not in", "contains", "starts with" or "ends with"`
	expectString   = `expected a quoted string`
	expectSetOpen  = `expected "{"`
	expectSetValue = `expected a quoted string or "}"`
	expectSetNext  = `expected "," or "}"`
	expectEnd      = `expected "&&", "||" or end of input`
	expectClose    = `expected "&&", "||" or ")"`
)

// Parse parses a selector (grammar in validation-and-defaults.md §2.3):
//
//	selector := empty | or
//	or       := and ( "||" and )*
//	and      := unary ( "&&" unary )*
//	unary    := "!"* term
//	term     := "has(" key ")" | "all()" | "global()" | "(" or ")"
//	          | key ( "==" | "!=" | "contains" | "starts with" | "ends with" ) string
//	          | key ( "in" | "not in" ) "{" [ string ( "," string )* [ "," ] ] "}"
//
// An empty or blank (spaces and tabs only) selector is valid and matches
// everything. Errors are always of type *Error.
func Parse(s string) (Selector, error) {
	p := parser{lex: lexer{src: s}}
	if err := p.advance(); err != nil {
		return Selector{}, err
	}
	if p.tok.kind == tEOF {
		return Selector{root: All{}}, nil
	}
	n, err := p.parseOr(0)
	if err != nil {
		return Selector{}, err
	}
	if p.tok.kind != tEOF {
		return Selector{}, p.unexpected(expectEnd)
	}
	return Selector{root: n}, nil
}

type parser struct {
	lex lexer
	tok token // the current, not yet consumed, token
}

func (p *parser) advance() error {
	t, err := p.lex.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

func (p *parser) unexpected(expected string) *Error {
	return &Error{Pos: p.tok.pos, Found: p.describe(p.tok), Msg: expected}
}

func (p *parser) describe(t token) string {
	raw := p.lex.src[t.pos:t.end]
	switch t.kind {
	case tEOF:
		return "end of input"
	case tLabel:
		return "label " + quoteSnippet(raw)
	case tString:
		return "string " + quoteSnippet(raw)
	}
	return quoteSnippet(raw)
}

func (p *parser) parseOr(depth int) (Node, error) {
	n, err := p.parseAnd(depth)
	if err != nil {
		return nil, err
	}
	ops := []Node{n}
	for p.tok.kind == tOr {
		if err := p.advance(); err != nil {
			return nil, err
		}
		if n, err = p.parseAnd(depth); err != nil {
			return nil, err
		}
		ops = append(ops, n)
	}
	if len(ops) == 1 {
		return ops[0], nil
	}
	return Or{Operands: ops}, nil
}

func (p *parser) parseAnd(depth int) (Node, error) {
	n, err := p.parseUnary(depth)
	if err != nil {
		return nil, err
	}
	ops := []Node{n}
	for p.tok.kind == tAnd {
		if err := p.advance(); err != nil {
			return nil, err
		}
		if n, err = p.parseUnary(depth); err != nil {
			return nil, err
		}
		ops = append(ops, n)
	}
	if len(ops) == 1 {
		return ops[0], nil
	}
	return And{Operands: ops}, nil
}

// parseUnary folds a run of "!" into at most one Not, and also cancels a
// "!" against a Not coming from a parenthesised operand ("!(!has(a))"), so
// that the tree never holds Not{Not{...}}: its printed form "!!x" would
// re-parse to plain x and break the print/parse round trip.
func (p *parser) parseUnary(depth int) (Node, error) {
	neg := false
	for p.tok.kind == tNot {
		neg = !neg
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
	n, err := p.parseTerm(depth)
	if err != nil || !neg {
		return n, err
	}
	if inner, ok := n.(Not); ok {
		return inner.X, nil
	}
	return Not{X: n}, nil
}

func (p *parser) parseTerm(depth int) (Node, error) {
	t := p.tok
	var n Node
	switch t.kind {
	case tHas:
		n = Has{Key: t.val}
	case tAll:
		n = All{}
	case tGlobal:
		n = Global{}
	case tLParen:
		if depth >= MaxDepth {
			return nil, &Error{Pos: t.pos, Msg: "parentheses nested more than " + itoa(MaxDepth) + " deep"}
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		inner, err := p.parseOr(depth + 1)
		if err != nil {
			return nil, err
		}
		if p.tok.kind != tRParen {
			return nil, p.unexpected(expectClose)
		}
		n = inner
	case tLabel:
		return p.parseComparison()
	default:
		return nil, p.unexpected(expectTerm)
	}
	return n, p.advance()
}

// parseComparison parses "key op value" starting at the key.
func (p *parser) parseComparison() (Node, error) {
	key := p.tok.val
	if err := p.advance(); err != nil {
		return nil, err
	}
	var op Op
	switch p.tok.kind {
	case tEq:
		op = OpEq
	case tNe:
		op = OpNe
	case tContains:
		op = OpContains
	case tStartsWith:
		op = OpStartsWith
	case tEndsWith:
		op = OpEndsWith
	case tIn, tNotIn:
		return p.parseSet(key, p.tok.kind == tNotIn)
	default:
		err := p.unexpected(expectOperator)
		if p.tok.kind == tLParen && (key == "has" || key == "all" || key == "global") {
			// The most likely slip: Calico needs the "(" glued to the name.
			err.Msg = `"` + key + `(" must be written without space before "("`
		}
		return nil, err
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind != tString {
		return nil, p.unexpected(expectString)
	}
	n := Compare{Key: key, Op: op, Value: p.tok.val}
	return n, p.advance()
}

// parseSet parses the "{...}" after "in" / "not in" (the current token).
// Empty sets and a trailing comma are allowed, as in Calico.
func (p *parser) parseSet(key string, not bool) (Node, error) {
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind != tLBrace {
		return nil, p.unexpected(expectSetOpen)
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	values := []string{}
	for p.tok.kind != tRBrace {
		if p.tok.kind != tString {
			return nil, p.unexpected(expectSetValue)
		}
		values = append(values, p.tok.val)
		if err := p.advance(); err != nil {
			return nil, err
		}
		switch p.tok.kind {
		case tComma:
			if err := p.advance(); err != nil {
				return nil, err
			}
		case tRBrace:
		default:
			return nil, p.unexpected(expectSetNext)
		}
	}
	slices.Sort(values)
	values = slices.Compact(values)
	return In{Key: key, Not: not, Values: values}, p.advance()
}
