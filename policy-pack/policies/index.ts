import type { Policy } from "../lib/policy";
import { awsPolicies } from "./aws";
import { vaultPolicies } from "./hashicorp";
import { kubernetesPolicies } from "./kubernetes";

/** The explicit registry of the pack's policies: a test pins its names and levels. */
export const policies: Policy[] = [...awsPolicies, ...kubernetesPolicies, ...vaultPolicies];
