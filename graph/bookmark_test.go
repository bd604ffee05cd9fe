package graph

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// TestBookmarkManagerChoice checks which bookmark manager a session gets:
// reads without bookmarks to wait for keep the instance's own, as before
// bookmarks were carried, so they cost nothing more.
func TestBookmarkManagerChoice(t *testing.T) {
	driver, err := neo4j.NewDriverWithContext("bolt://127.0.0.1:1", neo4j.NoAuth()) // never dialled
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(context.Background())
	instance := driver.ExecuteQueryBookmarkManager()
	bare := context.Background()
	noWait, _ := WithBookmarks(bare, nil)
	waiting, _ := WithBookmarks(bare, []string{"FB:client"})
	tests := []struct {
		name         string
		ctx          context.Context
		write        bool
		wantInstance bool
	}{
		{"a read outside a request uses the instance's manager", bare, false, true},
		{"a write outside a request uses the instance's manager", bare, true, true},
		{"a read of a request without bookmarks uses the instance's manager", noWait, false, true},
		{"a read of a request with bookmarks waits for them", waiting, false, false},
		{"a write of a request collects its bookmark", noWait, true, false},
		{"a token lookup does not wait for the client's bookmarks", WithoutWaiting(waiting), false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := bookmarkManager(tc.ctx, driver, tc.write)
			if (got == instance) != tc.wantInstance {
				t.Fatalf("instance manager %v, want %v", got == instance, tc.wantInstance)
			}
		})
	}
}

// TestBookmarksCollected checks what a request's manager sends and keeps,
// on the manager alone; TestBookmarkAcrossStores checks it with Neo4j.
func TestBookmarksCollected(t *testing.T) {
	ctx := context.Background()
	instance := neo4j.NewBookmarkManager(neo4j.BookmarkManagerConfig{InitialBookmarks: []string{"FB:instance"}})
	reqCtx, written := WithBookmarks(ctx, []string{"FB:client"})
	write := requestManager{instance: instance, wait: []string{"FB:client"}, written: written, collect: true}
	read := requestManager{instance: instance, wait: []string{"FB:client"}, written: written}

	sent, _ := write.GetBookmarks(ctx)
	if want := []string{"FB:instance", "FB:client"}; !sameSet(sent, want) {
		t.Fatalf("a first write waits for %v, want %v", sent, want)
	}
	write.UpdateBookmarks(ctx, sent, []string{"FB:w1"})
	sent, _ = write.GetBookmarks(ctx)
	if want := []string{"FB:w1", "FB:client"}; !sameSet(sent, want) {
		t.Fatalf("a second write waits for %v, want %v (the first write's bookmark replaced the instance's)", sent, want)
	}
	write.UpdateBookmarks(ctx, sent, []string{"FB:w2"})
	if got := written.Written(); !slices.Equal(got, []string{"FB:w2"}) {
		t.Fatalf("after two writes the request answers %v, want the second one's only", got)
	}
	read.UpdateBookmarks(ctx, nil, []string{"FB:r"})
	if got := written.Written(); !slices.Equal(got, []string{"FB:w2"}) {
		t.Fatalf("a read's bookmark is not answered: %v", got)
	}
	if got := sessionBookmarks(reqCtx); !sameSet(got, []string{"FB:client", "FB:w2"}) {
		t.Fatalf("a client transaction begins after %v, want the client's and the request's writes", got)
	}
	keepBookmarks(reqCtx, []string{"FB:commit"})
	if got := written.Written(); !sameSet(got, []string{"FB:w2", "FB:commit"}) {
		t.Fatalf("a commit's bookmark is kept: %v", got)
	}
}

// TestBookmarksConcurrentWrites: writes that overlap each keep their
// bookmark, and none is lost.
func TestBookmarksConcurrentWrites(t *testing.T) {
	ctx := context.Background()
	instance := neo4j.NewBookmarkManager(neo4j.BookmarkManagerConfig{})
	_, written := WithBookmarks(ctx, nil)
	m := requestManager{instance: instance, written: written, collect: true}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			m.UpdateBookmarks(ctx, nil, []string{string(rune('a' + i))})
		}()
	}
	close(start)
	wg.Wait()
	if got := written.Written(); len(got) != 8 {
		t.Fatalf("overlapping writes answer %v, want all 8", got)
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}
