package reliability

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// balancer is a TCP load balancer on 127.0.0.1 in front of several calico-apiserver
// processes, as a Service with two ready endpoints is in a cluster: it sends each new
// connection to the next backend whose /readyz passes (checked every 200 ms, as a
// readiness probe with a short period would), so a replica that shuts down gracefully
// stops getting connections while it drains.
type balancer struct {
	listener net.Listener
	backends []*backend
	next     atomic.Uint64
	wg       sync.WaitGroup
	cancel   context.CancelFunc
}

type backend struct {
	url      string
	addr     string
	ready    atomic.Bool
	accepted atomic.Int64
}

func newBalancer(t *testing.T, backendURLs ...string) *balancer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	b := &balancer{listener: l, cancel: cancel}
	for _, u := range backendURLs {
		parsed, err := url.Parse(u)
		if err != nil {
			t.Fatal(err)
		}
		be := &backend{url: u, addr: parsed.Host}
		be.ready.Store(true)
		b.backends = append(b.backends, be)
		b.wg.Add(1)
		go b.probe(ctx, be)
	}
	b.wg.Add(1)
	go b.serve()
	t.Cleanup(b.close)
	return b
}

// Port is the port the balancer listens on.
func (b *balancer) Port() int { return b.listener.Addr().(*net.TCPAddr).Port }

func (b *balancer) probe(ctx context.Context, be *backend) {
	defer b.wg.Done()
	client := &http.Client{Timeout: time.Second, Transport: cp.AdminHTTPClient().Transport}
	for {
		resp, err := send(client, http.MethodGet, be.url+"/readyz", "", nil)
		be.ready.Store(err == nil && resp.status == http.StatusOK)
		select {
		case <-ctx.Done():
			return
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func (b *balancer) serve() {
	defer b.wg.Done()
	for {
		conn, err := b.listener.Accept()
		if err != nil {
			return
		}
		go b.forward(conn)
	}
}

// forward connects conn to the next ready backend that accepts a connection.
func (b *balancer) forward(conn net.Conn) {
	defer conn.Close()
	start := b.next.Add(1)
	for i := range b.backends {
		be := b.backends[(int(start)+i)%len(b.backends)]
		if !be.ready.Load() {
			continue
		}
		upstream, err := net.DialTimeout("tcp", be.addr, time.Second)
		if err != nil {
			continue
		}
		be.accepted.Add(1)
		defer upstream.Close()
		done := make(chan struct{}, 2)
		go func() { _, _ = io.Copy(upstream, conn); done <- struct{}{} }()
		go func() { _, _ = io.Copy(conn, upstream); done <- struct{}{} }()
		<-done
		return
	}
}

func (b *balancer) close() {
	b.cancel()
	b.listener.Close()
	b.wg.Wait()
}
