import { PolicyPack } from "@pulumi/policy";
import { decodeEachRequestOnce } from "./lib/decodeOnce";
import { policies } from "./policies";

// Only constructs the pack: policies live one per file under policies/<area>/.
decodeEachRequestOnce();
new PolicyPack("rampart", { policies, enforcementLevel: "mandatory" });
