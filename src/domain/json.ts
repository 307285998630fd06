export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A JSON schema as written in pack metadata (draft-4 style, st2's `required: true` allowed). */
export type JsonSchema = Record<string, unknown>;
