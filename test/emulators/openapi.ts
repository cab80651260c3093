// GitHub's own REST description (@octokit/openapi) as the judge of what the emulator is
// sent and what it answers: path templates, parameters, request bodies, response schemas.
// Validators are compiled lazily, per operation, on first use: the file is 13 MB.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsPlugin from "ajv-formats";
import { isObject, toJsonSchema, type Json, type JsonObject } from "./openapi-schema.ts";

const DOC_ID = "https://api.github.com/openapi.json";
const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  schema: Json;
}

interface Template {
  template: string;
  regex: RegExp;
  names: string[];
  /** Literal segments: the more, the more specific the template. */
  literals: number;
  operations: Map<string, JsonObject>;
}

export interface OperationMatch {
  operationId: string;
  template: string;
  pathParams: Record<string, string>;
}

export interface Description {
  /** Problems of a request; `match` is set when its path and method are in the description. */
  checkRequest(method: string, path: string, query: URLSearchParams, body: Json | undefined): { match?: OperationMatch; problems: string[] };
  /** Problems of a response the emulator is about to send for a matched operation. */
  checkResponse(match: OperationMatch, status: number, body: Json | undefined): string[];
  /** Milliseconds spent loading the description and preparing the path index. */
  loadMs: number;
}

function describeErrors(where: string, errors: ErrorObject[] | null | undefined): string {
  const shown = (errors ?? []).slice(0, 3).map((e) => `${where}${e.instancePath ? ` at ${e.instancePath}` : ""} ${e.message ?? "is invalid"}`);
  const more = (errors?.length ?? 0) > 3 ? `; and ${(errors?.length ?? 0) - 3} more` : "";
  return shown.join("; ") + more;
}

/** A query or path value (always a string on the wire) as the type its schema declares. */
function coerce(raw: string, schema: Json): Json {
  const type = isObject(schema) ? schema.type : undefined;
  if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (type === "boolean" && (raw === "true" || raw === "false")) return raw === "true";
  if (type === "array") return raw.split(",");
  return raw;
}

export function loadDescription(): Description {
  const started = performance.now();
  const file = createRequire(import.meta.url).resolve("@octokit/openapi/generated/api.github.com.json");
  const spec = JSON.parse(readFileSync(file, "utf8")) as JsonObject;
  const components = isObject(spec.components) ? spec.components : {};
  const paths = isObject(spec.paths) ? spec.paths : {};

  const formats = new Set<string>();
  const schemas: JsonObject = {};
  for (const [name, schema] of Object.entries(isObject(components.schemas) ? components.schemas : {})) {
    schemas[name] = toJsonSchema(schema, DOC_ID, formats);
  }
  // strict: false lets ajv skip the OpenAPI-only keywords it does not know.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, addUsedSchema: false });
  addFormatsPlugin.default(ajv);
  const ensureFormats = (): void => {
    for (const format of formats) if (!ajv.formats[format]) ajv.addFormat(format, true);
  };
  ensureFormats();
  ajv.addSchema({ $id: DOC_ID, components: { schemas } });

  const resolve = (value: Json | undefined): Json | undefined => {
    // Parameters and responses are referenced as #/components/<kind>/<name>.
    if (!isObject(value) || typeof value.$ref !== "string") return value;
    const [, , kind, name] = value.$ref.split("/");
    const group = kind ? components[kind] : undefined;
    return isObject(group) && name ? group[name] : undefined;
  };
  const parametersOf = (operation: JsonObject, pathItem: JsonObject): Parameter[] => {
    const list = [...(Array.isArray(pathItem.parameters) ? pathItem.parameters : []), ...(Array.isArray(operation.parameters) ? operation.parameters : [])];
    return list
      .map(resolve)
      .filter(isObject)
      .map((p) => ({
        name: String(p.name),
        in: String(p.in),
        required: p.required === true,
        schema: p.schema ?? {},
      }));
  };

  const templates: Template[] = [];
  for (const [template, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    const operations = new Map<string, JsonObject>();
    for (const [method, operation] of Object.entries(item)) if (METHODS.has(method) && isObject(operation)) operations.set(method.toUpperCase(), operation);
    const multiSegment = new Set<string>();
    for (const operation of operations.values()) {
      const raw = [...(Array.isArray(item.parameters) ? item.parameters : []), ...(Array.isArray(operation.parameters) ? operation.parameters : [])];
      for (const p of raw.map(resolve)) if (isObject(p) && p["x-multi-segment"] === true) multiSegment.add(String(p.name));
    }
    const names: string[] = [];
    let literals = 0;
    const pattern = template
      .split("/")
      .map((segment) => {
        const param = /^\{([^}]+)\}$/.exec(segment);
        if (!param?.[1]) {
          literals++;
          return segment.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{([^}]+)\}/g, (_m, name: string) => {
            names.push(name);
            return "([^/]+)";
          });
        }
        names.push(param[1]);
        return multiSegment.has(param[1]) ? "(.+)" : "([^/]+)";
      })
      .join("/");
    templates.push({ template, regex: new RegExp(`^${pattern}$`), names, literals, operations });
  }
  // Most literal segments first, so /artifacts/{id}/{format} never shadows a literal route.
  templates.sort((a, b) => b.literals - a.literals);

  const validators = new Map<string, ValidateFunction>();
  const validator = (key: string, schema: Json): ValidateFunction => {
    let compiled = validators.get(key);
    if (!compiled) {
      const converted = toJsonSchema(schema, DOC_ID, formats);
      ensureFormats();
      compiled = ajv.compile(isObject(converted) ? converted : {});
      validators.set(key, compiled);
    }
    return compiled;
  };
  const operationOf = (match: OperationMatch): { operation: JsonObject; pathItem: JsonObject } | undefined => {
    const pathItem = paths[match.template];
    if (!isObject(pathItem)) return undefined;
    for (const [method, operation] of Object.entries(pathItem)) {
      if (METHODS.has(method) && isObject(operation) && operation.operationId === match.operationId) return { operation, pathItem };
    }
    return undefined;
  };

  const checkRequest: Description["checkRequest"] = (method, path, query, body) => {
    const candidates = templates.filter((t) => t.regex.test(path));
    if (candidates.length === 0) return { problems: [`no path of the description matches ${path}`] };
    const found = candidates.find((t) => t.operations.has(method));
    if (!found) return { problems: [`${method} is not an operation of ${candidates[0]?.template ?? path}`] };
    const operation = found.operations.get(method) ?? {};
    const pathItem = paths[found.template];
    const exec = found.regex.exec(path) ?? [];
    const pathParams: Record<string, string> = {};
    found.names.forEach((name, i) => {
      pathParams[name] = decodeURIComponent(exec[i + 1] ?? "");
    });
    const match: OperationMatch = { operationId: String(operation.operationId), template: found.template, pathParams };
    const problems: string[] = [];
    const parameters = parametersOf(operation, isObject(pathItem) ? pathItem : {});
    for (const p of parameters) {
      const raw = p.in === "path" ? pathParams[p.name] : p.in === "query" ? (query.get(p.name) ?? undefined) : undefined;
      if (p.in !== "path" && p.in !== "query") continue;
      if (raw === undefined) {
        if (p.required) problems.push(`${p.in} parameter ${p.name} is required`);
        continue;
      }
      const validate = validator(`${match.operationId} ${p.in} ${p.name}`, p.schema);
      if (!validate(coerce(raw, p.schema))) problems.push(describeErrors(`${p.in} parameter ${p.name}`, validate.errors));
    }
    for (const name of new Set(query.keys())) {
      if (!parameters.some((p) => p.in === "query" && p.name === name)) problems.push(`query parameter ${name} is not a parameter of ${match.operationId}`);
    }
    const requestBody = resolve(operation.requestBody);
    const content = isObject(requestBody) && isObject(requestBody.content) ? requestBody.content["application/json"] : undefined;
    if (body !== undefined) {
      if (!isObject(content) || content.schema === undefined) problems.push(`${match.operationId} takes no JSON body`);
      else {
        const validate = validator(`${match.operationId} body`, content.schema);
        if (!validate(body)) problems.push(describeErrors("request body", validate.errors));
      }
    } else if (isObject(requestBody) && requestBody.required === true) {
      problems.push(`${match.operationId} requires a JSON body`);
    }
    return { match, problems };
  };

  const checkResponse: Description["checkResponse"] = (match, status, body) => {
    const found = operationOf(match);
    if (!found) return [`unknown operation ${match.operationId}`];
    const responses = isObject(found.operation.responses) ? found.operation.responses : {};
    const response = resolve(responses[String(status)]);
    if (!isObject(response)) {
      // GitHub documents few of its error statuses; a success it does not document is a bug.
      return status < 400 ? [`status ${status} is not a documented response of ${match.operationId}`] : [];
    }
    const content = isObject(response.content) ? response.content["application/json"] : undefined;
    if (!isObject(content) || content.schema === undefined) return [];
    if (body === undefined) return [`response ${status} of ${match.operationId} should have a JSON body`];
    const validate = validator(`${match.operationId} ${status}`, content.schema);
    return validate(body) ? [] : [describeErrors(`response ${status} body`, validate.errors)];
  };

  return { checkRequest, checkResponse, loadMs: Math.round(performance.now() - started) };
}
