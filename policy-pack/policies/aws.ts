import type { Policy } from "../lib/policy";
import { kmsKeyRequireRotation } from "./kms/kmsKeyRequireRotation";

/** Every AWS policy, in catalog order. */
export const awsPolicies: Policy[] = [kmsKeyRequireRotation];
