import assert from "node:assert/strict";
import { test } from "node:test";
import { elbLoadBalancerRequireSslNegotiationPolicy as policy } from "../../../policy-pack/policies/edge/elbLoadBalancerRequireSslNegotiationPolicy";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const ELB = "aws:elb/loadBalancer:LoadBalancer";
const ELB_ALIAS = "aws:elasticloadbalancing/loadBalancer:LoadBalancer";
const LISTENER_POLICY = "aws:elb/listenerPolicy:ListenerPolicy";
const NEGOTIATION = "aws:elasticloadbalancing/sslNegotiationPolicy:SslNegotiationPolicy";
const CERT = "arn:aws:acm:eu-west-1:1:certificate/abc";
const elb = (type = ELB, lbProtocol = "https") =>
  res(type, "edge", {
    name: "edge-elb",
    listeners: [
      { lbPort: 443, lbProtocol, instancePort: 8443, instanceProtocol: "https", sslCertificateId: CERT },
    ],
  });
const flagged = (lb: { urn: string }) => [
  {
    urn: lb.urn,
    message:
      'Load balancer "edge" listener port 443 has no SSL negotiation policy, so it uses ELBSecurityPolicy-2016-08 (TLS 1.0): add a ListenerPolicy for port 443 naming a LoadBalancerPolicy with Reference-Security-Policy "ELBSecurityPolicy-TLS-1-2-2017-01".',
  },
];

test("a ListenerPolicy (by name or dependency) or an SslNegotiationPolicy on the port passes", async () => {
  const lb = elb();
  assert.deepEqual(
    await validateStack(policy, [
      lb,
      res(LISTENER_POLICY, "tls", {
        loadBalancerName: "edge-elb",
        loadBalancerPort: 443,
        policyNames: ["tls12"],
      }),
    ]),
    [],
  );
  assert.deepEqual(
    await validateStack(policy, [
      lb,
      res(LISTENER_POLICY, "tls", { loadBalancerName: "x", loadBalancerPort: 443, policyNames: ["tls12"] }, [
        lb,
      ]),
    ]),
    [],
  );
  const alias = elb(ELB_ALIAS, "SSL");
  assert.deepEqual(
    await validateStack(policy, [alias, res(NEGOTIATION, "neg", { loadBalancer: "edge-elb", lbPort: 443 })]),
    [],
  );
});

test("an HTTPS or SSL listener with no policy on its port is flagged (none, another port, another load balancer)", async () => {
  for (const type of [ELB, ELB_ALIAS]) {
    const lb = elb(type);
    assert.deepEqual(await validateStack(policy, [lb]), flagged(lb), type);
    assert.deepEqual(
      await validateStack(policy, [
        lb,
        res(LISTENER_POLICY, "tls", {
          loadBalancerName: "edge-elb",
          loadBalancerPort: 8443,
          policyNames: ["tls12"],
        }),
        res(NEGOTIATION, "neg", { loadBalancer: "other-elb", lbPort: 443 }),
      ]),
      flagged(lb),
    );
  }
});

test('a ListenerPolicy with no policy name, or only "", sets nothing: flagged', async () => {
  const lb = elb();
  for (const policyNames of [[], [""]])
    assert.deepEqual(
      await validateStack(policy, [
        lb,
        res(LISTENER_POLICY, "tls", { loadBalancerName: "edge-elb", loadBalancerPort: 443, policyNames }),
      ]),
      flagged(lb),
    );
});

test("HTTP and TCP listeners are aws-elb-loadbalancer-disallow-plain-listeners' finding, not this one's", async () => {
  assert.deepEqual(await validateStack(policy, [elb(ELB, "http"), elb(ELB_ALIAS, "tcp")]), []);
});

test("an unknown load balancer name or port on a binding, or unknown listeners, is not judged", async () => {
  const lb = elb();
  assert.deepEqual(
    await validateStack(policy, [
      lb,
      res(LISTENER_POLICY, "tls", {
        loadBalancerName: UNKNOWN.string,
        loadBalancerPort: 443,
        policyNames: ["p"],
      }),
    ]),
    [],
  );
  assert.deepEqual(
    await validateStack(policy, [
      lb,
      res(NEGOTIATION, "neg", { loadBalancer: "edge-elb", lbPort: UNKNOWN.number }),
    ]),
    [],
  );
  assert.deepEqual(await validateStack(policy, [res(ELB, "edge", { listeners: UNKNOWN.array })]), []);
});
