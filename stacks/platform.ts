import * as pulumi from "@pulumi/pulumi";
import type { LoadedConfig } from "./config";

/** What the stack exports; filled in as components are composed. */
export interface PlatformOutputs {
  readonly environment: string;
  readonly region: string;
  readonly subnetPlan: Record<string, string[]>;
}

/**
 * The thin composition: config in, components out. No `new aws.*` here: resources belong to components.
 */
export function buildPlatform(
  config: LoadedConfig,
  _opts: pulumi.ComponentResourceOptions = {},
): PlatformOutputs {
  const subnetPlan: Record<string, string[]> = {};
  for (const s of config.subnets) (subnetPlan[s.tier] ??= []).push(s.cidr);
  return { environment: config.environment, region: config.region, subnetPlan };
}
