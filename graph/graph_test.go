package graph_test

import (
	"testing"

	"github.com/relgraph/relgraph/graph/graphtest"
)

func TestMain(m *testing.M) { graphtest.Main(m) }
