package handlers

// TokenStreams is tokenStreams, for the tests of package handlers_test.
const TokenStreams = tokenStreams
