package graph

import (
	"reflect"
	"testing"
)

func TestImportSpans(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		roots []int
		size  int
		want  []span
	}{
		{name: "no records, no chunk", n: 0, size: 5},
		{name: "flat records cut every size", n: 12, size: 5, want: []span{{0, 5}, {5, 10}, {10, 12}}},
		{name: "a chunk ends where the last tree that fits starts", n: 12, roots: []int{0, 3, 6, 9}, size: 5,
			want: []span{{0, 3}, {3, 6}, {6, 9}, {9, 12}}},
		{name: "trees that fit exactly share a chunk", n: 10, roots: []int{0, 2, 5, 7}, size: 5,
			want: []span{{0, 5}, {5, 10}}},
		{name: "a tree larger than a chunk is cut inside", n: 14, roots: []int{0, 2, 13}, size: 5,
			want: []span{{0, 2}, {2, 7}, {7, 12}, {12, 14}}},
		{name: "the last chunk takes the rest whole", n: 7, roots: []int{0, 1, 2, 3, 4, 5, 6}, size: 10,
			want: []span{{0, 7}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := spans(tc.n, tc.roots, tc.size); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("spans(%d, %v, %d) = %v, want %v", tc.n, tc.roots, tc.size, got, tc.want)
			}
		})
	}
}
