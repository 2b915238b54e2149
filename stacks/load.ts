import * as pulumi from "@pulumi/pulumi";
import { ConfigError, parseConfig, type LoadedConfig } from "./config";

/**
 * Reads and validates the stack's whole config. A bad config becomes a `pulumi.RunError`: the Pulumi
 * CLI prints its message without a stack trace, and nothing has been registered yet.
 */
export function loadConfig(): LoadedConfig {
  try {
    return parseConfig(pulumi.runtime.allConfig(), pulumi.getStack(), pulumi.getProject());
  } catch (err) {
    if (err instanceof ConfigError) throw new pulumi.RunError(err.message);
    throw err;
  }
}
