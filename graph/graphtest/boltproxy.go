package graphtest

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/relgraph/relgraph/graph"
)

// BoltProxy relays Bolt connections to the test database and breaks them
// on demand, so a test can lose a connection at an exact moment of a
// transaction (at its COMMIT) without stopping a server.
type BoltProxy struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	conns map[net.Conn]bool
	// commit is what the next COMMIT a client sends meets (BreakNextCommit).
	commit CommitFault
}

// CommitFault says what happens to a COMMIT that BreakNextCommit arms.
type CommitFault int

const (
	// CommitPasses relays COMMIT and its answer: the proxy is a plain relay.
	CommitPasses CommitFault = iota
	// CommitAppliedAnswerLost relays COMMIT to the database, waits for the
	// database's answer (so the transaction has committed), withholds it
	// and closes the connection: the driver loses its connection during
	// commit although the write is stored.
	CommitAppliedAnswerLost
	// CommitNeverArrives closes the connection instead of relaying COMMIT:
	// the driver loses its connection during commit and the database rolls
	// the transaction back.
	CommitNeverArrives
)

// commitMessage is a Bolt COMMIT as it travels: a chunk of 2 bytes (a
// struct of no fields, signature 0x12) and the end-of-message marker.
var commitMessage = []byte{0x00, 0x02, 0xB0, 0x12, 0x00, 0x00}

// StartBoltProxy listens on a free local port and relays every connection
// to the test database; it closes when the test ends.
func StartBoltProxy(t testing.TB) *BoltProxy {
	t.Helper()
	u, err := url.Parse(server.URI)
	if err != nil {
		t.Fatal(err)
	}
	target := u.Host
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &BoltProxy{ln: ln, target: target, conns: map[net.Conn]bool{}}
	go p.accept()
	t.Cleanup(p.Close)
	return p
}

// URI is the bolt:// address of the proxy.
func (p *BoltProxy) URI() string { return "bolt://" + p.ln.Addr().String() }

// Store opens a store of the test database whose connections go through
// the proxy, retrying failed transactions for at most retry; it closes
// when the test ends.
func (p *BoltProxy) Store(t testing.TB, retry time.Duration) *graph.Store {
	t.Helper()
	s, err := graph.Open(graph.Options{URI: p.URI(), User: server.User, Password: server.Password,
		Database: server.Database, MaxRetryTime: retry})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	return s
}

// BreakNextCommit arms the proxy: the next COMMIT any client sends meets
// fault, and the proxy relays plainly again afterwards.
func (p *BoltProxy) BreakNextCommit(fault CommitFault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.commit = fault
}

// CutAll closes every relayed connection, as a database that dies does;
// new connections are still relayed.
func (p *BoltProxy) CutAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		c.Close()
	}
}

// Close stops listening and closes every relayed connection.
func (p *BoltProxy) Close() {
	p.ln.Close()
	p.CutAll()
}

func (p *BoltProxy) accept() {
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		server, err := net.Dial("tcp", p.target)
		if err != nil {
			client.Close()
			continue
		}
		p.mu.Lock()
		p.conns[client], p.conns[server] = true, true
		p.mu.Unlock()
		l := &link{p: p, client: client, server: server}
		go l.toServer()
		go l.toClient()
	}
}

// link is one relayed connection.
type link struct {
	p              *BoltProxy
	client, server net.Conn
	mu             sync.Mutex
	// withhold says the database's next answer is the answer to a COMMIT
	// relayed under CommitAppliedAnswerLost: it is not relayed.
	withhold bool
}

// toServer relays what the client sends, watching for COMMIT. The window
// keeps the last bytes of the previous read, so a COMMIT split across
// reads is seen too.
func (l *link) toServer() {
	defer l.close()
	buf := make([]byte, 64<<10)
	var window []byte
	for {
		n, err := l.client.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			seen := append(window, chunk...)
			if i := bytes.Index(seen, commitMessage); i >= 0 {
				if fault := l.p.takeFault(); fault != CommitPasses {
					l.breakAtCommit(fault, chunk)
					return
				}
			}
			if _, err := l.server.Write(chunk); err != nil {
				return
			}
			window = append(window[:0], seen[max(0, len(seen)-len(commitMessage)+1):]...)
		}
		if err != nil {
			return
		}
	}
}

// breakAtCommit carries out fault on the read that holds a COMMIT.
func (l *link) breakAtCommit(fault CommitFault, chunk []byte) {
	if fault == CommitNeverArrives {
		return // toServer's deferred close drops it
	}
	l.mu.Lock()
	l.withhold = true
	l.mu.Unlock()
	if _, err := l.server.Write(chunk); err != nil {
		return
	}
	// Wait for the database's answer, which toClient withholds; it closes
	// both sides once the answer has arrived.
	io.Copy(io.Discard, l.client)
}

// toClient relays what the database answers, except the answer to a
// COMMIT relayed under CommitAppliedAnswerLost, which ends the link.
func (l *link) toClient() {
	defer l.close()
	buf := make([]byte, 64<<10)
	for {
		n, err := l.server.Read(buf)
		if n > 0 {
			l.mu.Lock()
			withhold := l.withhold
			l.mu.Unlock()
			if withhold {
				return
			}
			if _, err := l.client.Write(buf[:n]); err != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func (l *link) close() {
	l.client.Close()
	l.server.Close()
	l.p.mu.Lock()
	delete(l.p.conns, l.client)
	delete(l.p.conns, l.server)
	l.p.mu.Unlock()
}

// takeFault returns the armed fault and disarms the proxy.
func (p *BoltProxy) takeFault() CommitFault {
	p.mu.Lock()
	defer p.mu.Unlock()
	f := p.commit
	p.commit = CommitPasses
	return f
}
