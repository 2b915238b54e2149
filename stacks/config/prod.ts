import { ACCESS_DEFAULTS } from "../../components/identity/roles";

/** The thresholds prod holds a stack to (environment.ts applies them; the schema documents them). */

/** Prod's minimum log retention: a year of audit evidence. */
export const PROD_MIN_RETENTION_DAYS = 365;
/** Prod's key deletion window: the longest AWS allows, to recover from a mistaken deletion. */
export const PROD_DELETION_WINDOW_DAYS = 30;
/** Prod's minimum zone count: survives the loss of a zone with quorum. */
export const PROD_MIN_ZONES = 3;

/** Prod's longest human session (IAM role, Vault token): one hour, the role map's default. */
export const PROD_MAX_SESSION_SECONDS = ACCESS_DEFAULTS.maxSessionSeconds;

/** The environments a stack can declare (`rampart:environment`). */
export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;

/**
 * The environment a stack's name implies: `prod`, `prod-eu` and `prod_2` are prod stacks. A name that
 * implies none (`sandbox`) takes `rampart:environment` as written. `rampart check` uses it too, to pick
 * the policy config of an export's stack.
 */
export function environmentOfStack(stack: string): (typeof ENVIRONMENTS)[number] | undefined {
  return ENVIRONMENTS.find((e) => stack === e || stack.startsWith(`${e}-`) || stack.startsWith(`${e}_`));
}
