package validation

import (
	"sort"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
)

// wantErr is one expected error: its full field path and its kind.
type wantErr struct {
	field string
	typ   field.ErrorType
}

func required(f string) wantErr     { return wantErr{f, field.ErrorTypeRequired} }
func invalid(f string) wantErr      { return wantErr{f, field.ErrorTypeInvalid} }
func forbidden(f string) wantErr    { return wantErr{f, field.ErrorTypeForbidden} }
func notSupported(f string) wantErr { return wantErr{f, field.ErrorTypeNotSupported} }
func duplicate(f string) wantErr    { return wantErr{f, field.ErrorTypeDuplicate} }
func tooMany(f string) wantErr      { return wantErr{f, field.ErrorTypeTooMany} }
func tooLong(f string) wantErr      { return wantErr{f, field.ErrorTypeTooLong} }

// checkErrs compares errors as a multiset of (field, type), so a case states every error
// it expects and no more.
func checkErrs(t *testing.T, errs field.ErrorList, want []wantErr) {
	t.Helper()
	got := make([]string, 0, len(errs))
	for _, e := range errs {
		got = append(got, e.Field+" "+string(e.Type))
	}
	exp := make([]string, 0, len(want))
	for _, w := range want {
		exp = append(exp, w.field+" "+string(w.typ))
	}
	sort.Strings(got)
	sort.Strings(exp)
	if len(got) != len(exp) {
		t.Fatalf("got %d errors, want %d:\n got  %q\n want %q\n%v", len(got), len(exp), got, exp, errs)
	}
	for i := range got {
		if got[i] != exp[i] {
			t.Fatalf("errors differ:\n got  %q\n want %q\n%v", got, exp, errs)
		}
	}
	for _, e := range errs {
		if e.Detail == "" && e.Type != field.ErrorTypeNotSupported && e.Type != field.ErrorTypeDuplicate && e.Type != field.ErrorTypeTooMany && e.Type != field.ErrorTypeTooLong {
			t.Errorf("error without a reason: %v", e)
		}
	}
}

func proto(s string) *numorstring.Protocol {
	p := numorstring.ProtocolFromString(s)
	return &p
}

func protoNum(n uint8) *numorstring.Protocol {
	p := numorstring.ProtocolFromInt(n)
	return &p
}

func ports(ps ...string) []numorstring.Port {
	var out []numorstring.Port
	for _, s := range ps {
		p, err := numorstring.PortFromString(s)
		if err != nil {
			panic(err)
		}
		out = append(out, p)
	}
	return out
}

func intp(i int) *int { return &i }
