package graph

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"

	"github.com/relgraph/relgraph/cypher"
)

// Role is what a token may do in its project.
type Role string

// The roles, each including the ones before it.
const (
	RoleRead  Role = "read"
	RoleWrite Role = "write"
	RoleAdmin Role = "admin"
)

// Allows reports whether r includes need.
func (r Role) Allows(need Role) bool {
	rank := map[Role]int{RoleRead: 1, RoleWrite: 2, RoleAdmin: 3}
	return rank[r] >= rank[need] && rank[need] > 0
}

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool { return r.Allows(RoleRead) }

// Token is a project's access token. Secret is set only when the token is
// created: the store keeps nothing but its SHA-256 hash.
type Token struct {
	ID      string `json:"id"`
	Project string `json:"-"`
	Role    Role   `json:"role"`
	Secret  string `json:"token,omitempty"`
}

// CreateToken makes a new random token for a project.
// ErrNotFound when the project does not exist.
func (s *Store) CreateToken(ctx context.Context, project string, role Role) (Token, error) {
	secret := newSecret()
	t := Token{ID: newID(), Project: project, Role: role, Secret: secret}
	res, err := s.write(ctx, cypher.CreateToken(t.ID, project, string(role), HashSecret(secret)))
	if err != nil {
		return Token{}, err
	}
	if len(res.Records) == 0 {
		return Token{}, ErrNotFound
	}
	return t, nil
}

// DeleteToken revokes a token; ErrNotFound when the project has no such token.
func (s *Store) DeleteToken(ctx context.Context, project, id string) error {
	res, err := s.write(ctx, cypher.DeleteToken(project, id))
	if err != nil {
		return err
	}
	n, err := firstCount(res.Records, "deleted")
	if err == nil && n == 0 {
		return ErrNotFound
	}
	return err
}

// TokenByHash finds the token whose secret hashes to hash; ErrNotFound when
// there is none (it was never issued, or was revoked).
func (s *Store) TokenByHash(ctx context.Context, hash string) (Token, error) {
	res, err := s.read(ctx, cypher.TokenByHash(hash))
	if err != nil {
		return Token{}, err
	}
	if len(res.Records) == 0 {
		return Token{}, ErrNotFound
	}
	c := columns{row: res.Records[0]}
	t := Token{ID: get[string](&c, "id"), Project: get[string](&c, "project"), Role: Role(get[string](&c, "role"))}
	return t, c.err
}

// HashSecret is the stored form of a token secret.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

func newSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return "rg_" + base64.RawURLEncoding.EncodeToString(b)
}
