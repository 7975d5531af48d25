package crd

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilnet "k8s.io/apimachinery/pkg/util/net"
	"k8s.io/apiserver/pkg/storage"
)

// storageError translates the kube-apiserver's answers into what this server's
// clients should see. Object-level outcomes become storage errors, which the generic
// registry turns into the client's status with the v3 resource and name. Nothing of
// the upstream request leaks: not the storage group, not this server's identity.
func (s *Store) storageError(err error, key string) error {
	var status apierrors.APIStatus
	if !errors.As(err, &status) {
		if unreachable(err) {
			return s.unavailable()
		}
		return err
	}
	switch {
	case s.missing(err):
		return apierrors.NewServiceUnavailable(fmt.Sprintf(
			"%s cannot be served: the CustomResourceDefinition %s that stores them is not installed",
			s.groupResource(), s.resource.GVR().GroupResource()))
	case apierrors.IsNotFound(err):
		return storage.NewKeyNotFoundError(key, 0)
	case apierrors.IsAlreadyExists(err):
		return storage.NewKeyExistsError(key, 0)
	case apierrors.IsConflict(err):
		return storage.NewResourceVersionConflictsError(key, 0)
	case apierrors.IsForbidden(err), apierrors.IsUnauthorized(err):
		return apierrors.NewInternalError(fmt.Errorf(
			"this server's service account lacks access to the custom resources that store %s", s.groupResource()))
	case apierrors.IsInvalid(err):
		return s.invalid(status.Status())
	}
	return err
}

// retryAfterSeconds is what a client is told to wait before retrying while the
// kube-apiserver cannot be reached (client-go honours it on 503).
const retryAfterSeconds = 1

// unreachable reports whether err means the kube-apiserver could not be reached or went
// away mid-request (it is down or restarting), rather than that it answered.
func unreachable(err error) bool {
	var netErr net.Error
	return utilnet.IsConnectionRefused(err) || utilnet.IsConnectionReset(err) || utilnet.IsProbableEOF(err) ||
		(errors.As(err, &netErr) && netErr.Timeout())
}

// unavailable is a 503 with Retry-After: the request may be retried as it is once the
// kube-apiserver is back, unlike the 500 the raw error would become.
func (s *Store) unavailable() error {
	return &apierrors.StatusError{ErrStatus: metav1.Status{
		Status: metav1.StatusFailure, Code: http.StatusServiceUnavailable, Reason: metav1.StatusReasonServiceUnavailable,
		Message: fmt.Sprintf("%s cannot be served right now: the kube-apiserver that stores them cannot be reached", s.groupResource()),
		Details: &metav1.StatusDetails{Group: s.groupResource().Group, Kind: s.resource.Kind, RetryAfterSeconds: retryAfterSeconds},
	}}
}

// invalid restates the kube-apiserver's refusal of a custom resource (its CRD schema)
// as a 422 on the v3 kind, with the same field causes.
func (s *Store) invalid(upstream metav1.Status) error {
	details := &metav1.StatusDetails{Group: s.groupResource().Group, Kind: s.resource.Kind}
	var causes []string
	if upstream.Details != nil {
		details.Name = upstream.Details.Name
		details.Causes = upstream.Details.Causes
	}
	for _, c := range details.Causes {
		if c.Field != "" {
			causes = append(causes, c.Field+": "+c.Message)
		} else {
			causes = append(causes, c.Message)
		}
	}
	message := fmt.Sprintf("%s.%s %q is invalid", s.resource.Kind, details.Group, details.Name)
	switch len(causes) {
	case 0:
	case 1:
		message += ": " + causes[0]
	default:
		message += ": [" + strings.Join(causes, ", ") + "]"
	}
	return &apierrors.StatusError{ErrStatus: metav1.Status{
		Status: metav1.StatusFailure, Code: http.StatusUnprocessableEntity,
		Reason: metav1.StatusReasonInvalid, Details: details, Message: message,
	}}
}

// isMissingResource reports whether err is the kube-apiserver's 404 for a request of a
// collection (no object name), which it answers only for a resource it does not serve
// at all: the CRD is not installed.
func isMissingResource(err error) bool {
	var status apierrors.APIStatus
	if !errors.As(err, &status) || !apierrors.IsNotFound(err) {
		return false
	}
	details := status.Status().Details
	return details == nil || details.Name == ""
}

// missing reports whether err means that the kube-apiserver does not serve this
// store's custom resources. A 404 for one object says nothing about that by itself (the
// kube-apiserver answers a missing CRD's objects as not found too), so the store's
// readiness, which lists the collection, decides.
func (s *Store) missing(err error) bool {
	if !apierrors.IsNotFound(err) {
		return false
	}
	return isMissingResource(err) || s.readiness.resourceMissing()
}

// groupResource names the v3 resource in errors.
func (s *Store) groupResource() schema.GroupResource {
	group, _, _ := strings.Cut(s.resource.APIVersion, "/")
	return schema.GroupResource{Group: group, Resource: s.resource.Resource}
}
