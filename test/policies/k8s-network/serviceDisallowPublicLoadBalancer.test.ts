import assert from "node:assert/strict";
import { test } from "node:test";
import { serviceDisallowPublicLoadBalancer as lb } from "../../../policy-pack/policies/k8s-network/serviceDisallowPublicLoadBalancer";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { SCHEME, SVC, svc } from "./serviceFixtures";

const PUBLIC = `Service is an internet-facing LoadBalancer: annotate ${SCHEME}: internal, or expose it through the ingress tier.`;

test("internal load balancers pass: the controller's scheme annotation or the legacy internal one", async () => {
  assert.deepEqual(await violations(lb, SVC, svc({ type: "LoadBalancer" }, { [SCHEME]: "internal" })), []);
  assert.deepEqual(
    await violations(
      lb,
      SVC,
      svc({ type: "LoadBalancer" }, { "service.beta.kubernetes.io/aws-load-balancer-internal": "true" }),
    ),
    [],
  );
  assert.deepEqual(await violations(lb, SVC, svc({ type: "ClusterIP" })), []);
});

test("a LoadBalancer without the annotation, or internet-facing, is flagged", async () => {
  assert.deepEqual(await violations(lb, SVC, svc({ type: "LoadBalancer" })), [PUBLIC]);
  assert.deepEqual(
    await violations(lb, SVC, svc({ type: "LoadBalancer" }, { [SCHEME]: "internet-facing" })),
    [PUBLIC],
  );
  // The scheme annotation wins over the legacy one, as in the AWS Load Balancer Controller.
  assert.deepEqual(
    await violations(
      lb,
      SVC,
      svc(
        { type: "LoadBalancer" },
        { [SCHEME]: "internet-facing", "service.beta.kubernetes.io/aws-load-balancer-internal": "true" },
      ),
    ),
    [PUBLIC],
  );
  assert.deepEqual(
    await violations(
      lb,
      SVC,
      svc({ type: "LoadBalancer" }, { "service.beta.kubernetes.io/aws-load-balancer-internal": "false" }),
    ),
    [PUBLIC],
  );
});

test("world-open source ranges on a public load balancer are reported too, from the field or the annotation", async () => {
  assert.deepEqual(
    await violations(
      lb,
      SVC,
      svc({ type: "LoadBalancer", loadBalancerSourceRanges: ["10.0.0.0/8", "0.0.0.0/0"] }),
    ),
    [PUBLIC, "Service allows 0.0.0.0/0 in its load balancer source ranges: list the client CIDRs."],
  );
  assert.deepEqual(
    await violations(
      lb,
      SVC,
      svc(
        { type: "LoadBalancer" },
        { "service.beta.kubernetes.io/load-balancer-source-ranges": "::/0, 0.0.0.0/0" },
      ),
    ),
    [PUBLIC, "Service allows ::/0, 0.0.0.0/0 in its load balancer source ranges: list the client CIDRs."],
  );
});

test("unknown annotations or an unknown type are not inspectable (the SDK's note); a ServicePatch is flagged only for an explicit internet-facing scheme", async () => {
  assert.deepEqual(
    await validate(lb, { type: SVC, props: svc({ type: "LoadBalancer" }, { [SCHEME]: UNKNOWN.string }) }),
    {
      violations: [],
      unknownRead:
        "string value at .metadata.annotations.service.beta.kubernetes.io/aws-load-balancer-scheme can't be known during preview",
    },
  );
  assert.deepEqual(
    await validate(lb, { type: SVC, props: svc({ type: "LoadBalancer" }, UNKNOWN.object as any) }),
    { violations: [], unknownRead: "string value at .metadata.annotations can't be known during preview" },
  );
  assert.deepEqual(await validate(lb, { type: SVC, props: svc({ type: UNKNOWN.string }) }), {
    violations: [],
    unknownRead: "string value at .spec.type can't be known during preview",
  });
  assert.deepEqual(await violations(lb, `${SVC}Patch`, svc({ type: "LoadBalancer" })), []);
  assert.deepEqual(
    await violations(lb, `${SVC}Patch`, { metadata: { annotations: { [SCHEME]: "internet-facing" } } }),
    [PUBLIC],
  );
});

test("an empty scheme annotation is not internal: flagged", async () => {
  assert.deepEqual(await violations(lb, SVC, svc({ type: "LoadBalancer" }, { [SCHEME]: "" })), [PUBLIC]);
  assert.deepEqual(
    await violations(
      lb,
      SVC,
      svc({ type: "LoadBalancer" }, { "service.beta.kubernetes.io/aws-load-balancer-internal": "" }),
    ),
    [PUBLIC],
  );
});
