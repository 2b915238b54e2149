import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import {
  AUTO_SCALING_SLR,
  autoScalingRoleProblem,
  missingOfferings,
  offeringsProblem,
} from "../../../components/shared/preflight.logic";

describe("preflight: the Auto Scaling service-linked role", () => {
  test("present: no problem", () => {
    assert.equal(autoScalingRoleProblem(["OtherRole", AUTO_SCALING_SLR.name]), undefined);
  });
  test("absent: one message naming the role and the command that creates it", () => {
    const problem = autoScalingRoleProblem([]);
    assert.ok(problem);
    assert.match(problem, /no AWSServiceRoleForAutoScaling service-linked role/);
    assert.ok(problem.endsWith(AUTO_SCALING_SLR.create));
  });
});

describe("preflight: GPU instance types offered in every zone", () => {
  test("a type missing in one zone is named with that zone", () => {
    const offered = {
      instanceTypes: ["g6e.2xlarge", "g6e.2xlarge", "g5.xlarge", "g5.xlarge", "g5.xlarge"],
      locations: ["us-east-1a", "us-east-1b", "us-east-1a", "us-east-1b", "us-east-1c"],
    };
    const missing = missingOfferings(
      ["g6e.2xlarge", "g5.xlarge"],
      ["us-east-1a", "us-east-1b", "us-east-1c"],
      offered,
    );
    assert.deepEqual(missing, ["g6e.2xlarge in us-east-1c"]);
    assert.equal(
      offeringsProblem("inference", missing),
      "preflight: GPU pool inference: EC2 does not offer g6e.2xlarge in us-east-1c (choose instance types offered in every zone of the pool, or other zones: aws ec2 describe-instance-type-offerings --location-type availability-zone)",
    );
    assert.equal(offeringsProblem("inference", []), undefined);
  });

  test("missing pairs are exactly the requested pairs EC2 did not list", () => {
    const types = fc.constantFrom("g5.xlarge", "g6.xlarge", "p5.48xlarge");
    const zones = fc.constantFrom("us-east-1a", "us-east-1b", "us-east-1c");
    fc.assert(
      fc.property(
        fc.uniqueArray(types, { minLength: 1 }),
        fc.uniqueArray(zones, { minLength: 1 }),
        fc.array(fc.tuple(types, zones)),
        (want, where, offeredPairs) => {
          const offered = {
            instanceTypes: offeredPairs.map(([t]) => t),
            locations: offeredPairs.map(([, z]) => z),
          };
          const missing = new Set(missingOfferings(want, where, offered));
          for (const t of want)
            for (const z of where) {
              const isOffered = offeredPairs.some(([ot, oz]) => ot === t && oz === z);
              assert.equal(missing.has(`${t} in ${z}`), !isOffered);
            }
          assert.equal(missing.size <= want.length * where.length, true);
        },
      ),
    );
  });
});
