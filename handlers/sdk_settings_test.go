package handlers_test

import (
	"reflect"
	"testing"
)

// TestSDKSettings: GET /sdk/settings answers 200 with or without a token,
// even a bad one, since the RushDB JavaScript SDK's constructor crashes the
// client process on anything else.
func TestSDKSettings(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	want := map[string]any{"selfHosted": true, "dashboardUrl": "", "googleOAuthEnabled": false, "githubOAuthEnabled": false, "customDB": false}
	for _, tc := range []struct{ name, token string }{
		{"no token", ""},
		{"a read token", ev.read},
		{"an unknown token", "not-a-token"},
		{"the admin key", adminKey},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("GET", "/api/v1/sdk/settings", nil, tc.token)
			if r.Status != 200 || r.Body["success"] != true || !reflect.DeepEqual(r.data(), want) {
				t.Fatalf("got %d %s", r.Status, r.Raw)
			}
		})
	}
}
