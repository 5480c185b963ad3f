import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import fastJson from 'fast-json-stringify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

type ResponseSchema = z.ZodType | { properties: z.ZodType };
type Route = Parameters<FastifySerializerCompiler<ResponseSchema>>[0];

/**
 * Responses are written from the routes' Zod schemas by a fast-json-stringify function compiled once per route
 * and status, instead of Zod checking and copying the whole response on every request and JSON.stringify then
 * writing it (fastify-type-provider-zod's serializer).
 *
 * The output is byte for byte what the Zod serializer wrote for a valid response: only the schema's properties
 * (unknown ones are dropped as Zod strips them, or written where the schema passes them through), in the
 * schema's order. What no longer happens is the check: a response that breaks its schema is written as it is
 * instead of becoming a 500 (handlers are typed against the schemas, and the schemas still describe the API in
 * OpenAPI). A schema that JSON Schema cannot state exactly for fast-json-stringify (transforms, dates, unions,
 * references) keeps the Zod serializer. A route's function is compiled on its first response, so starting the
 * server costs nothing more.
 */
export const serializerCompiler: FastifySerializerCompiler<ResponseSchema> = (route) => {
  let serialize: ((data: unknown) => string) | null = null;
  return (data) => {
    serialize ??= compile(route);
    return serialize(data);
  };
};

function compile(route: Route): (data: unknown) => string {
  const schema = route.schema instanceof z.ZodType ? route.schema : route.schema.properties;
  let json: Record<string, unknown>;
  try {
    json = z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'throw' }) as Record<string, unknown>;
  } catch {
    return zodSerializerCompiler(route) as (data: unknown) => string;
  }
  if (!writesAsZod(json)) return zodSerializerCompiler(route) as (data: unknown) => string;
  return fastJson(json as unknown as Parameters<typeof fastJson>[0]);
}

/**
 * Keywords fast-json-stringify reads differently from Zod: it picks a union's branch by validating the value
 * (with `additionalProperties: false` an object carrying one more field matches no branch, where Zod strips the
 * field), and follows references itself.
 */
const UNLIKE_ZOD = new Set(['anyOf', 'oneOf', 'allOf', 'not', 'if', 'then', 'else', '$ref', 'dependentSchemas', 'patternProperties']);
/** Keywords whose values are data, not schemas. */
const DATA = new Set(['enum', 'const', 'default', 'examples']);

/**
 * Whether fast-json-stringify writes this JSON Schema as Zod writes the schema it came from, after one change
 * made here: objects lose `required`, because fast-json-stringify writes required properties first and Zod
 * writes them all in the schema's order. A missing property is then left out, where Zod refused the response.
 */
function writesAsZod(node: unknown): boolean {
  if (Array.isArray(node)) return node.every(writesAsZod);
  if (!node || typeof node !== 'object') return true;
  const o = node as Record<string, unknown>;
  for (const key of Object.keys(o)) if (UNLIKE_ZOD.has(key)) return false;
  if (o.type === 'object') delete o.required;
  for (const [key, value] of Object.entries(o)) {
    if (DATA.has(key)) continue;
    if (key === 'properties' && value && typeof value === 'object') {
      // A map from property names (which may be any word, `required` included) to schemas.
      if (!Object.values(value).every(writesAsZod)) return false;
      continue;
    }
    if (!writesAsZod(value)) return false;
  }
  return true;
}
