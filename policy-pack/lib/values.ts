/** Small, total readers over untyped resource properties: none of them throws on a surprising shape. */

/** A value as a list: arrays as they are, a single value as a one-element list, nothing as empty. */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** A plain object, or undefined for anything else (strings, arrays, numbers...). */
export function asObject(value: unknown): Record<string, any> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, any>)
    : undefined;
}

/** `true`, or the string "true" that some Terraform-bridged fields (launch-template EBS flags) use. */
export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === "string" && value.toLowerCase() === "true");
}

/** A non-empty string (an ARN, a key id...). */
export function isSet(value: unknown): boolean {
  return typeof value === "string" ? value.trim().length > 0 : value !== undefined && value !== null;
}

/** A tag's value from a resource's `tags` map, if it is a string. */
export function tagValue(props: Record<string, any>, key: string): string | undefined {
  if (!("tags" in props)) return undefined;
  const tags = asObject(props.tags);
  if (!tags || !(key in tags)) return undefined;
  const v = tags[key];
  return typeof v === "string" ? v : undefined;
}

/** A number, from a number or a numeric string; undefined otherwise. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

/** Lower-cased string, or undefined. */
export function lower(value: unknown): string | undefined {
  return typeof value === "string" ? value.toLowerCase() : undefined;
}
