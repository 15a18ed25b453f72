/**
 * JSON-schema building blocks shared by the routes. Strings refuse `<` and `>` like JS7's "string without < and >",
 * objects refuse unknown fields, so a typo in a client is an error instead of a silently ignored setting.
 */
export type JsonSchema = Record<string, unknown>;

export const name = { type: 'string', minLength: 1, maxLength: 255, pattern: '^[^<>]*$' } as const;
/** spec §4.3: account names cannot contain ':' (it separates account and password in Basic auth). */
export const accountName = { type: 'string', minLength: 1, maxLength: 255, pattern: '^[^<>:]*$' } as const;
export const optionalText = { type: 'string', maxLength: 4000, pattern: '^[^<>]*$' } as const;
export const bool = { type: 'boolean' } as const;
export const int = { type: 'integer', minimum: 0, maximum: 2147483647 } as const;
export const limit = { type: 'integer', minimum: 1, maximum: 100000 } as const;
/** Dates as ISO-8601 strings or epoch milliseconds. */
export const date = { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }, { type: 'integer', minimum: 0 }] } as const;
export const names = (item: JsonSchema = name): JsonSchema => ({ type: 'array', items: item, maxItems: 10000 });

export const auditLog = {
  type: 'object',
  additionalProperties: false,
  properties: { comment: optionalText, timeSpent: int, ticketLink: { type: 'string', maxLength: 2000 } },
} as const;

export function object(properties: Record<string, JsonSchema>, required: readonly string[] = []): JsonSchema {
  return { type: 'object', additionalProperties: false, properties, required };
}

/** Parses a date filter value (ISO string or epoch ms) to epoch ms. */
export function toEpochMs(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  const t = Date.parse(String(value));
  return Number.isNaN(t) ? undefined : t;
}
