package selector

import (
	"strings"
)

// MaxLabelLength is the longest label key the selector language accepts.
// Calico's tokenizer rejects longer keys rather than splitting them, so a
// selector that Calico accepts is never rejected here for its key lengths and
// vice versa (validation-and-defaults.md §2.3).
const MaxLabelLength = 512

type tokKind int

const (
	tEOF tokKind = iota
	tBad         // a character (or, after a label, a word) that starts no token
	tLabel
	tString
	tLBrace
	tRBrace
	tComma
	tEq
	tNe
	tIn
	tNotIn
	tContains
	tStartsWith
	tEndsWith
	tNot
	tAnd
	tOr
	tLParen
	tRParen
	tHas
	tAll
	tGlobal
)

// token is one lexical unit. pos/end are byte offsets into the input so
// that errors can point at the exact place and quote what was there.
type token struct {
	kind tokKind
	pos  int
	end  int
	val  string // label key, string contents or has() key
}

// lexer produces tokens on demand. It is pulled by the parser one token at a
// time so that the first error in reading order is the one reported, even
// when a later part of the input would not even tokenize.
type lexer struct {
	src  string
	pos  int
	prev tokKind // Calico reads operator words only straight after a label
}

func isIdentChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == '.' || c == '/' || c == '-'
}

// skipSpace skips only space and tab: Calico treats newline and carriage
// return as ordinary (invalid) characters, which matters for YAML block
// scalars that leave a trailing newline (§2.3).
func (l *lexer) skipSpace() {
	for l.pos < len(l.src) && (l.src[l.pos] == ' ' || l.src[l.pos] == '\t') {
		l.pos++
	}
}

func (l *lexer) identAt(p int) int {
	e := p
	for e < len(l.src) && isIdentChar(l.src[e]) {
		e++
	}
	return e
}

// next returns the next token, or an *Error for input that cannot start any
// token in a way that only the lexer can explain (unterminated strings,
// malformed has()/all()/global(), lone "=", "&" or "|", overlong keys).
func (l *lexer) next() (token, error) {
	tok, err := l.scan()
	if err == nil {
		l.prev = tok.kind
	}
	return tok, err
}

func (l *lexer) scan() (token, error) {
	l.skipSpace()
	start := l.pos
	if start >= len(l.src) {
		return token{kind: tEOF, pos: start, end: start}, nil
	}
	simple := func(k tokKind, n int) (token, error) {
		l.pos += n
		return token{kind: k, pos: start, end: l.pos}, nil
	}
	rest := l.src[start:]
	switch c := rest[0]; c {
	case '(':
		return simple(tLParen, 1)
	case ')':
		return simple(tRParen, 1)
	case '{':
		return simple(tLBrace, 1)
	case '}':
		return simple(tRBrace, 1)
	case ',':
		return simple(tComma, 1)
	case '"', '\'':
		// No escapes: the literal runs to the next quote of the same kind,
		// so a value can contain the other quote character but never both.
		i := strings.IndexByte(rest[1:], c)
		if i < 0 {
			return token{}, &Error{Pos: start, Msg: "unterminated string: no closing " + string(c)}
		}
		l.pos += i + 2
		return token{kind: tString, pos: start, end: l.pos, val: rest[1 : i+1]}, nil
	case '=':
		if strings.HasPrefix(rest, "==") {
			return simple(tEq, 2)
		}
		return token{}, &Error{Pos: start, Found: `"="`, Msg: `expected "=="`}
	case '!':
		if strings.HasPrefix(rest, "!=") {
			return simple(tNe, 2)
		}
		return simple(tNot, 1)
	case '&':
		if strings.HasPrefix(rest, "&&") {
			return simple(tAnd, 2)
		}
		return token{}, &Error{Pos: start, Found: `"&"`, Msg: `expected "&&"`}
	case '|':
		if strings.HasPrefix(rest, "||") {
			return simple(tOr, 2)
		}
		return token{}, &Error{Pos: start, Found: `"|"`, Msg: `expected "||"`}
	}

	if l.prev == tLabel {
		return l.scanOperator(start)
	}
	for _, f := range functions {
		if strings.HasPrefix(rest, f.name) {
			return l.scanFunction(start, f.name, f.kind)
		}
	}
	if e := l.identAt(start); e > start {
		if e-start > MaxLabelLength {
			return token{}, &Error{Pos: start, Msg: labelTooLong(e - start)}
		}
		l.pos = e
		return token{kind: tLabel, pos: start, end: e, val: l.src[start:e]}, nil
	}
	return l.bad(start), nil
}

// bad wraps one unrecognised character (a whole UTF-8 sequence, so that the
// error quotes something readable) and lets the parser say what it wanted
// there instead.
func (l *lexer) bad(start int) token {
	n := 1
	for start+n < len(l.src) && n < 4 && l.src[start+n]&0xC0 == 0x80 {
		n++
	}
	l.pos = start + n
	return token{kind: tBad, pos: start, end: l.pos}
}

func labelTooLong(n int) string {
	return "label key is " + itoa(n) + " characters long; the limit is " + itoa(MaxLabelLength)
}

// functions are the tokens written as a name glued to "(".
var functions = []struct {
	name string
	kind tokKind
}{{"has(", tHas}, {"all(", tAll}, {"global(", tGlobal}}

// wordOperators are the operators spelled with letters. Their order does
// not matter: no operator's first word is a prefix of another's.
var wordOperators = []struct {
	words []string
	kind  tokKind
}{
	{[]string{"contains"}, tContains},
	{[]string{"starts", "with"}, tStartsWith},
	{[]string{"ends", "with"}, tEndsWith},
	{[]string{"not", "in"}, tNotIn},
	{[]string{"in"}, tIn},
}

// scanOperator reads the token after a label. Word operators are only
// recognised here, which is why keywords are not reserved as label keys
// ("in in {'a'}" is valid). Multi-word operators allow any run of spaces or
// tabs between their words, including none ("notin"), and every word
// operator must end at a word boundary, like Calico's tokenizer. (Calico
// also skips spaces after the last word before testing the boundary; that
// changes only which error "a starts with x" gets, never whether a selector
// is valid, because an operator must be followed by a string or "{".)
func (l *lexer) scanOperator(start int) (token, error) {
outer:
	for _, op := range wordOperators {
		p := start
		for i, w := range op.words {
			if !strings.HasPrefix(l.src[p:], w) {
				continue outer
			}
			p += len(w)
			if i < len(op.words)-1 {
				for p < len(l.src) && (l.src[p] == ' ' || l.src[p] == '\t') {
					p++
				}
			}
		}
		if p < len(l.src) && isIdentChar(l.src[p]) {
			continue
		}
		l.pos = p
		return token{kind: op.kind, pos: start, end: p}, nil
	}
	// Report the whole word rather than its first letter, so that
	// "a bar == 'c'" complains about "bar", not "b".
	if e := l.identAt(start); e > start {
		l.pos = e
		return token{kind: tBad, pos: start, end: e}, nil
	}
	return l.bad(start), nil
}

// scanFunction reads has(key), all() and global() as single tokens, as
// Calico does: the "(" must be glued to the name but spaces and tabs are
// allowed inside the parentheses.
func (l *lexer) scanFunction(start int, name string, kind tokKind) (token, error) {
	l.pos = start + len(name)
	l.skipSpace()
	var key string
	if kind == tHas {
		ks := l.pos
		ke := l.identAt(ks)
		if ke == ks {
			return token{}, &Error{Pos: ks, Found: describeAt(l.src, ks), Msg: `expected a label key inside "has("`}
		}
		if ke-ks > MaxLabelLength {
			return token{}, &Error{Pos: ks, Msg: labelTooLong(ke - ks)}
		}
		key = l.src[ks:ke]
		l.pos = ke
		l.skipSpace()
	}
	if l.pos >= len(l.src) || l.src[l.pos] != ')' {
		return token{}, &Error{Pos: l.pos, Found: describeAt(l.src, l.pos), Msg: `expected ")" to close "` + name + `"`}
	}
	l.pos++
	return token{kind: kind, pos: start, end: l.pos, val: key}, nil
}

// describeAt names what sits at byte offset p for "unexpected ..." errors.
func describeAt(src string, p int) string {
	if p >= len(src) {
		return "end of input"
	}
	l := lexer{src: src}
	return quoteSnippet(src[p:l.bad(p).end])
}
