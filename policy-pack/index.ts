import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

// Only constructs the pack: policies live one per file under policies/<area>/.
new PolicyPack("rampart", { policies, enforcementLevel: "mandatory" });
