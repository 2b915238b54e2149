/**
 * The images a user lists for resources whose images the export does not show (a Helm release that
 * deploys its chart's default images, an EKS add-on Rampart does not know), read from
 * `rampart verify --images FILE`: `{"images": [{"urn": "...", "images": ["registry/repo:tag", ...]}]}`
 * (or the bare array). Bad input throws one message naming the field, the value and what was expected.
 */
import type { DeclaredImages } from "./verify";

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

export function parseDeclaredImages(json: unknown): DeclaredImages {
  const list = isObject(json) ? json.images : json;
  if (!Array.isArray(list))
    throw new Error(
      `expected {"images": [{"urn", "images": [...]}]} or an array of those (got ${typeof list})`,
    );
  const out = new Map<string, string[]>();
  list.forEach((entry, i) => {
    const at = `images[${i}]`;
    if (!isObject(entry)) throw new Error(`${at}: expected an object {"urn", "images"}`);
    const unknown = Object.keys(entry).filter((k) => k !== "urn" && k !== "images");
    if (unknown.length > 0)
      throw new Error(
        `${at}: unknown field ${unknown.map((k) => `"${k}"`).join(", ")} (expected urn, images)`,
      );
    const { urn, images } = entry;
    if (typeof urn !== "string" || !urn.startsWith("urn:pulumi:"))
      throw new Error(`${at}.urn: expected a resource URN ("urn:pulumi:..."), got ${JSON.stringify(urn)}`);
    if (
      !Array.isArray(images) ||
      images.length === 0 ||
      images.some((x) => typeof x !== "string" || x === "")
    )
      throw new Error(
        `${at}.images: expected a non-empty array of image references, got ${JSON.stringify(images)}`,
      );
    if (out.has(urn)) throw new Error(`${at}.urn: ${urn} is listed twice`);
    out.set(urn, images as string[]);
  });
  return out;
}
