import { ConfigError, parseConfig } from "../../stacks/config";
import { flattenConfig, stackConfig, type StackName } from "../helpers/harness";

/**
 * The config lines a stack's config gets after `edit` (and `extra` flat keys, such as a secret), parsed
 * as the program parses it; none when it is valid. No resources: parseConfig registers nothing.
 */
export function problemsOf(
  stack: StackName,
  edit: (c: Record<string, any>) => void,
  extra: Record<string, string> = {},
): string[] {
  const raw = stackConfig(stack);
  edit(raw);
  try {
    parseConfig({ ...flattenConfig(raw), ...extra }, stack);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

/** The first inference namespace of a raw stack config. */
export const ns0 = (c: Record<string, any>) => c["rampart:namespaces"][0];
