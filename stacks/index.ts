import { loadConfig } from "./load";
import { buildPlatform } from "./platform";

// Entry point of the Pulumi program (Pulumi.yaml `main`). Config is validated in full before any
// resource is registered; the stack outputs are exported here, in one place.
const platform = buildPlatform(loadConfig());

export const environment = platform.environment;
export const region = platform.region;
export const subnetPlan = platform.subnetPlan;
