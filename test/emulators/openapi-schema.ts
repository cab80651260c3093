// OpenAPI 3.0 schema objects -> JSON Schema (draft-07) that ajv validates as written.
// The differences that matter for GitHub's description: `nullable` (3.0 has no "null"
// type), `$ref`s into a document ajv knows by another id, and annotation keywords.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Keywords whose value is a map of name -> schema. */
const SCHEMA_MAPS = new Set(["properties", "patternProperties"]);
/** Keywords whose value is a list of schemas. */
const SCHEMA_LISTS = new Set(["allOf", "anyOf", "oneOf"]);
/** Keywords whose value is one schema (additionalProperties may also be a boolean). */
const SCHEMA_SINGLE = new Set(["items", "additionalProperties", "not"]);
/** OpenAPI annotations with no validation meaning (ajv's strict mode would reject some). */
const DROPPED = new Set(["nullable", "example", "examples", "discriminator", "xml", "externalDocs", "deprecated", "readOnly", "writeOnly", "title", "description"]);

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Converts one OpenAPI schema. `refBase` is the id under which the components are
 * registered with ajv: `#/components/...` becomes `${refBase}#/components/...`.
 * `formats` collects every format name seen (ajv must be told about unknown ones).
 */
export function toJsonSchema(schema: Json, refBase: string, formats: Set<string>): Json {
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key) || key.startsWith("x-")) continue;
    if (key === "$ref" && typeof value === "string") {
      out.$ref = value.startsWith("#/") ? `${refBase}${value}` : value;
    } else if (SCHEMA_MAPS.has(key) && isObject(value)) {
      const map: JsonObject = {};
      for (const [name, sub] of Object.entries(value)) map[name] = toJsonSchema(sub, refBase, formats);
      out[key] = map;
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map((sub) => toJsonSchema(sub, refBase, formats));
    } else if (SCHEMA_SINGLE.has(key)) {
      out[key] = toJsonSchema(value, refBase, formats);
    } else {
      if (key === "format" && typeof value === "string") formats.add(value);
      out[key] = value;
    }
  }
  if (schema.nullable !== true) return out;
  // 3.0's nullable: null is allowed besides whatever the rest of the schema allows.
  if (typeof out.type === "string") {
    out.type = [out.type, "null"];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [{ type: "null" }, out] };
}
