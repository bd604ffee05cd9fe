package schema

// Type is a declared record type: the definition a client declared with
// PUT /types/{type}, and the overrides the type settings wrote
// (schemaOverrides, which PUT /types/{type}/links writes). A type that was
// never declared is open: no Type exists for it and its records take any
// data.
type Type struct {
	ID             string              `json:"-"`
	Title          string              `json:"title,omitempty"`
	Description    string              `json:"description,omitempty"`
	Representation string              `json:"representation,omitempty"`
	Properties     map[string]Property `json:"properties,omitempty"`
	Required       []string            `json:"required,omitempty"`
	// Overrides are the properties the type settings set (the `links`
	// property), by name; an override wins over a declared property of the
	// same name. Nil when a declaration did not mention schemaOverrides, so
	// the stored ones are kept.
	Overrides map[string]Property `json:"-"`
}

// Overrides is the stored and wire form of a type's schemaOverrides.
type Overrides struct {
	Properties map[string]Property `json:"properties"`
}

// Property is one property of a type: a scalar property, or a relation
// property whose values are links to other records (x-type-schema input
// "relation"). Relation values are never stored on the record.
type Property struct {
	Type        string   `json:"type,omitempty"` // scalars: string, number, integer, boolean, datetime, array; relations: array (many) or empty (one)
	Title       string   `json:"title,omitempty"`
	Description string   `json:"description,omitempty"`
	Widgets     *Widgets `json:"x-type-schema,omitempty"`

	MinLength *int     `json:"minLength,omitempty"`
	MaxLength *int     `json:"maxLength,omitempty"`
	Minimum   *float64 `json:"minimum,omitempty"`
	Maximum   *float64 `json:"maximum,omitempty"`
	MinItems  *int     `json:"minItems,omitempty"`
	MaxItems  *int     `json:"maxItems,omitempty"`

	AllowedTypeIDs []string                 `json:"allowedTypeIds,omitempty"`
	Inverse        *Inverse                 `json:"inverse,omitempty"`
	Descriptions   map[string][]Translation `json:"descriptions,omitempty"`
	OnDelete       string                   `json:"onDelete,omitempty"`

	// Index, when false, opts a scalar property out of the range index its
	// searches use (see Type.Indexes); absent or true keeps it.
	Index *bool `json:"index,omitempty"`
	// Text asks for a text index on a string property, which answers
	// $contains and $endsWith.
	Text bool `json:"text,omitempty"`
}

// Widgets is a property's x-type-schema: the input, view and filter widgets.
type Widgets struct {
	Input  string `json:"input,omitempty"`
	View   string `json:"view,omitempty"`
	Filter string `json:"filter,omitempty"`
}

// Inverse pairs a relation property with the property Property of type
// Type: the target type shows the same links under that name.
type Inverse struct {
	Type     string `json:"type"`
	Property string `json:"property"`
}

// Translation is an InlineTranslation: text by locale ({"en": "Founder"}).
type Translation map[string]string

// The relation widget, and a relation property's type when it holds many links.
const (
	RelationWidget = "relation"
	TypeArray      = "array"
	TypeInteger    = "integer"
)

// The onDelete modes of a relation property: what deleting a record does to
// the records its property links to.
const (
	OnDeleteUnlink   = "unlink"   // the links go, the linked records stay (default)
	OnDeleteRestrict = "restrict" // the record cannot be deleted while it has links here
	OnDeleteCascade  = "cascade"  // the linked records are deleted too
)

// IsRelation reports whether p is a relation property.
func (p Property) IsRelation() bool {
	w := p.Widgets
	return w != nil && (w.Input == RelationWidget || w.View == RelationWidget || w.Filter == RelationWidget)
}

// Many reports whether a relation property holds a list of links; otherwise
// it holds one, and a new link replaces the old.
func (p Property) Many() bool { return p.Type == TypeArray }

// relationWidgets is the x-type-schema of every relation property relgraph
// builds itself.
func relationWidgets() *Widgets {
	return &Widgets{Input: RelationWidget, View: RelationWidget, Filter: RelationWidget}
}

// LinksRelationProperty builds the built-in `links` relation property (seed
// 003's buildLinksRelationProperty): many links, to the types allowed (any
// type when allowed is empty), with optional description presets keyed by
// bare type id. Templates declare it statically with
// Properties[LinksProperty] = LinksRelationProperty(...).
func LinksRelationProperty(allowed []string, descriptions map[string][]Translation) Property {
	if len(allowed) == 0 {
		allowed = nil
	}
	if len(descriptions) == 0 {
		descriptions = nil
	}
	return Property{Type: TypeArray, Title: "Links", Widgets: relationWidgets(), AllowedTypeIDs: allowed, Descriptions: descriptions}
}

// own is the type's own properties: the declared ones with the overrides
// laid over them, each with its origin.
func (t Type) own() map[string]EffectiveProperty {
	out := make(map[string]EffectiveProperty, len(t.Properties)+len(t.Overrides))
	for name, p := range t.Properties {
		out[name] = EffectiveProperty{Property: p, Origin: OriginDeclared}
	}
	for name, p := range t.Overrides {
		out[name] = EffectiveProperty{Property: p, Origin: OriginOverride}
	}
	return out
}

// The origins of a property in a type's effective schema.
const (
	OriginDeclared = "declared" // in the type's definition
	OriginOverride = "override" // in the type's schemaOverrides (the links settings)
	OriginInverse  = "inverse"  // mirrored from another type's inverse declaration
)

// EffectiveProperty is one property of a type's effective schema, with where
// it comes from.
type EffectiveProperty struct {
	Property
	Origin string `json:"origin"`
}

// Effective is what GET /types/{type} shows: the type's effective schema
// (declared properties, overrides and mirrored inverses, each with its
// origin), beside the definition as declared and the overrides as set.
type Effective struct {
	ID             string                       `json:"id"`
	Title          string                       `json:"title,omitempty"`
	Description    string                       `json:"description,omitempty"`
	Representation string                       `json:"representation,omitempty"`
	Required       []string                     `json:"required,omitempty"`
	Properties     map[string]EffectiveProperty `json:"properties"`
	Definition     Type                         `json:"definition"`
	Overrides      Overrides                    `json:"schemaOverrides"`
}
