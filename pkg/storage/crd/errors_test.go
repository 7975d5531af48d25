package crd

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/storage"
)

func TestStorageErrorLeaksNothingUpstream(t *testing.T) {
	s := NewStore(&Resource{Kind: "IPPool", Resource: "ippools", APIVersion: "projectcalico.org/v3", CRDResource: "ippools", CRDKind: "IPPool"}, nil, "/projectcalico.org/ippools")
	// The kube-apiserver, asked whether it serves the resource, says it does.
	s.readiness = newReadiness(func(context.Context) error { return nil })
	crdGR := schema.GroupResource{Group: "crd.projectcalico.org", Resource: "ippools"}
	key := "/projectcalico.org/ippools/p"

	forbidden := s.storageError(apierrors.NewForbidden(crdGR, "p", errors.New(`User "system:serviceaccount:calico-apiserver:calico-apiserver" cannot get resource`)), key)
	if code := apierrors.APIStatus(forbidden.(*apierrors.StatusError)).Status().Code; code != http.StatusInternalServerError ||
		!strings.Contains(forbidden.Error(), "service account lacks access") || strings.Contains(forbidden.Error(), "system:serviceaccount") ||
		strings.Contains(forbidden.Error(), "crd.projectcalico.org") {
		t.Errorf("upstream 403 became %d %v", code, forbidden)
	}

	invalid := s.storageError(apierrors.NewInvalid(schema.GroupKind{Group: "crd.projectcalico.org", Kind: "IPPool"}, "p",
		field.ErrorList{field.TooMany(field.NewPath("spec", "allowedUses"), 3, 2)}), key)
	status := invalid.(*apierrors.StatusError).Status()
	if status.Code != http.StatusUnprocessableEntity || status.Details.Group != "projectcalico.org" || status.Details.Kind != "IPPool" ||
		len(status.Details.Causes) != 1 || status.Details.Causes[0].Field != "spec.allowedUses" ||
		!strings.HasPrefix(status.Message, `IPPool.projectcalico.org "p" is invalid: spec.allowedUses: Too many`) {
		t.Errorf("upstream 422 became %+v", status)
	}

	missing := &apierrors.StatusError{ErrStatus: metav1.Status{Status: metav1.StatusFailure, Code: http.StatusNotFound,
		Reason: metav1.StatusReasonNotFound, Details: &metav1.StatusDetails{}, Message: "the server could not find the requested resource"}}
	if err := s.storageError(missing, key); !apierrors.IsServiceUnavailable(err) || !strings.Contains(err.Error(), "ippools.crd.projectcalico.org that stores them is not installed") {
		t.Errorf("missing CRD became %v", err)
	}
	if err := s.storageError(apierrors.NewNotFound(crdGR, "p"), key); !storage.IsNotFound(err) {
		t.Errorf("missing object became %v", err)
	}
}

func TestObjectNotFoundIsMissingCRDWhenTheCollectionIsMissing(t *testing.T) {
	s := NewStore(&Resource{Kind: "IPPool", Resource: "ippools", APIVersion: "projectcalico.org/v3", CRDResource: "ippools", CRDKind: "IPPool"}, nil, "/projectcalico.org/ippools")
	s.readiness = newReadiness(func(context.Context) error {
		return &apierrors.StatusError{ErrStatus: metav1.Status{Status: metav1.StatusFailure, Code: http.StatusNotFound,
			Reason: metav1.StatusReasonNotFound, Details: &metav1.StatusDetails{Kind: "ippools"}}}
	})
	err := s.storageError(apierrors.NewNotFound(schema.GroupResource{Group: "crd.projectcalico.org", Resource: "ippools"}, "p"), "/projectcalico.org/ippools/p")
	if !apierrors.IsServiceUnavailable(err) {
		t.Errorf("object not found without its CRD became %v", err)
	}
	if s.ReadinessCheck() == nil {
		t.Error("ready without the CRD")
	}
}

// A kube-apiserver that cannot be reached (down, restarting) is a 503 with Retry-After,
// which clients retry, not a 500.
func TestUnreachableKubeAPIServerIsServiceUnavailable(t *testing.T) {
	s := NewStore(&Resource{Kind: "IPPool", Resource: "ippools", APIVersion: "projectcalico.org/v3", CRDResource: "ippools", CRDKind: "IPPool"}, nil, "/projectcalico.org/ippools")
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	address := listener.Addr().String()
	listener.Close()
	_, refused := http.Get("http://" + address + "/apis/crd.projectcalico.org/v1/ippools")
	if refused == nil {
		t.Fatal("a closed port answered")
	}
	status, ok := s.storageError(refused, "/projectcalico.org/ippools/p").(*apierrors.StatusError)
	if !ok || status.Status().Code != http.StatusServiceUnavailable || status.Status().Details.RetryAfterSeconds != retryAfterSeconds ||
		!strings.Contains(status.Error(), "ippools.projectcalico.org cannot be served right now") {
		t.Errorf("connection refused became %#v", status)
	}
	if other := errors.New("something else"); s.storageError(other, "/projectcalico.org/ippools/p") != other {
		t.Error("an error that is not about reaching the kube-apiserver was changed")
	}
}
