package litellm

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// The typed views must keep up with the contract: every member the schemas in docs/schema
// give a document has a field in its Go type, and every field names a member of the schema.
// A member added to a document and its schema but not here fails this test.

// schemaMembers reads the member names of a schema's object (or of one of its properties).
func schemaMembers(t *testing.T, file string, path ...string) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "..", "docs", "schema", file))
	if err != nil {
		t.Fatalf("reading the schema: %v", err)
	}
	var node map[string]interface{}
	if err := json.Unmarshal(raw, &node); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	for _, p := range path {
		props, _ := node["properties"].(map[string]interface{})
		next, ok := props[p].(map[string]interface{})
		if !ok {
			t.Fatalf("%s has no property %q", file, p)
		}
		if items, ok := next["items"].(map[string]interface{}); ok {
			next = items
		}
		node = next
	}
	props, _ := node["properties"].(map[string]interface{})
	var names []string
	for name := range props {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// jsonFields lists the JSON member names of a struct's fields (those not tagged "-").
func jsonFields(v interface{}) []string {
	var names []string
	typ := reflect.TypeOf(v)
	for i := 0; i < typ.NumField(); i++ {
		tag := typ.Field(i).Tag.Get("json")
		name := strings.Split(tag, ",")[0]
		if name == "" || name == "-" {
			continue
		}
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

func union(lists ...[]string) []string {
	seen := map[string]bool{}
	var all []string
	for _, l := range lists {
		for _, n := range l {
			if !seen[n] {
				seen[n] = true
				all = append(all, n)
			}
		}
	}
	sort.Strings(all)
	return all
}

func TestTypedViewsMatchTheSchemas(t *testing.T) {
	cases := []struct {
		name   string
		schema []string
		view   []string
	}{
		{"Response", schemaMembers(t, "response.schema.json"), jsonFields(Response{})},
		{"Response.tool_calls (ToolCall)", schemaMembers(t, "response.schema.json", "tool_calls"), jsonFields(ToolCall{})},
		{"RateLimit", schemaMembers(t, "response.schema.json", "rate_limit"), jsonFields(RateLimit{})},
		{"RunResult", schemaMembers(t, "run-result.schema.json"), jsonFields(RunResult{})},
		{"Escalation", schemaMembers(t, "escalation.schema.json"), jsonFields(Escalation{})},
		{"Attempt", schemaMembers(t, "attempt.schema.json"), jsonFields(Attempt{})},
		{"Error (the error body)", schemaMembers(t, "error-body.schema.json"), jsonFields(errorBody{})},
		{"Embeddings", schemaMembers(t, "embed-response.schema.json"), jsonFields(Embeddings{})},
		{"Model", schemaMembers(t, "models-response.schema.json", "models"), jsonFields(Model{})},
		{"ModelInfo", schemaMembers(t, "model-info-response.schema.json", "models"), jsonFields(ModelInfo{})},
		{"Health", schemaMembers(t, "health-response.schema.json"), jsonFields(Health{})},
		{"Event", union(schemaMembers(t, "event-delta.schema.json"), schemaMembers(t, "event-reasoning-delta.schema.json"),
			schemaMembers(t, "event-tool-call-delta.schema.json"),
			schemaMembers(t, "event-done.schema.json")), jsonFields(Event{})},
	}
	for _, c := range cases {
		if !reflect.DeepEqual(c.schema, c.view) {
			t.Errorf("%s: the schema has %v, the Go view %v", c.name, c.schema, c.view)
		}
	}
}
