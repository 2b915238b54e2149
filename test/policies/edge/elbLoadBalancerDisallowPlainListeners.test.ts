import assert from "node:assert/strict";
import { test } from "node:test";
import { elbLoadBalancerDisallowPlainListeners as policy } from "../../../policy-pack/policies/edge/elbLoadBalancerDisallowPlainListeners";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const ELB = "aws:elb/loadBalancer:LoadBalancer";
const ALIAS = "aws:elasticloadbalancing/loadBalancer:LoadBalancer";
const CERT = "arn:aws:acm:eu-west-1:1:certificate/abc";
const https = {
  lbPort: 443,
  lbProtocol: "https",
  instancePort: 8443,
  instanceProtocol: "https",
  sslCertificateId: CERT,
};
const plain = (port: number, protocol: string) =>
  `Load balancer "subject" listener port ${port} uses lbProtocol "${protocol}", in clear: set lbProtocol "https" (or "ssl") with an sslCertificateId.`;

test("HTTPS and SSL listeners with a certificate pass, under both type tokens", async () => {
  for (const type of [ELB, ALIAS]) {
    assert.deepEqual(await violations(policy, type, { listeners: [https] }), [], type);
    assert.deepEqual(
      await violations(policy, type, {
        listeners: [
          {
            lbPort: 5432,
            lbProtocol: "SSL",
            instancePort: 5432,
            instanceProtocol: "ssl",
            sslCertificateId: CERT,
          },
        ],
      }),
      [],
      type,
    );
  }
});

test("HTTP and TCP listeners are flagged, each by its port, in any case", async () => {
  assert.deepEqual(
    await violations(policy, ELB, {
      listeners: [
        https,
        { lbPort: 80, lbProtocol: "HTTP", instancePort: 8080, instanceProtocol: "http" },
        { lbPort: 6379, lbProtocol: "tcp", instancePort: 6379, instanceProtocol: "tcp" },
      ],
    }),
    [plain(80, "HTTP"), plain(6379, "tcp")],
  );
  assert.deepEqual(await violations(policy, ALIAS, { listeners: [{ lbPort: 80, lbProtocol: "http" }] }), [
    plain(80, "http"),
  ]);
});

test('an HTTPS listener with no certificate, or an empty one (""), is flagged', async () => {
  const msg =
    'Load balancer "subject" listener port 443 (HTTPS) has no certificate: set sslCertificateId to an ACM certificate ARN.';
  assert.deepEqual(await violations(policy, ELB, { listeners: [{ lbPort: 443, lbProtocol: "https" }] }), [
    msg,
  ]);
  assert.deepEqual(
    await violations(policy, ELB, {
      listeners: [{ lbPort: 443, lbProtocol: "https", sslCertificateId: "" }],
    }),
    [msg],
  );
});

test('an empty or missing lbProtocol ("") is not TLS: flagged', async () => {
  assert.deepEqual(await violations(policy, ELB, { listeners: [{ lbPort: 80, lbProtocol: "" }] }), [
    'Load balancer "subject" listener port 80 uses lbProtocol unset, in clear: set lbProtocol "https" (or "ssl") with an sslCertificateId.',
  ]);
  assert.equal((await violations(policy, ELB, { listeners: [{ instancePort: 80 }] })).length, 1);
});

test("no listeners block leaves nothing to judge", async () => {
  assert.deepEqual(await violations(policy, ELB, {}), []);
});

test("an unknown certificate ARN (an ACM output during preview) is a certificate; an unknown port only names the listener", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: ELB,
      props: { listeners: [{ lbPort: 443, lbProtocol: "https", sslCertificateId: UNKNOWN.string }] },
    }),
    { violations: [] },
  );
  assert.deepEqual(
    await validate(policy, {
      type: ELB,
      props: { listeners: [{ lbPort: UNKNOWN.number, lbProtocol: "http" }] },
    }),
    {
      violations: [
        'Load balancer "subject" listener #1 uses lbProtocol "http", in clear: set lbProtocol "https" (or "ssl") with an sslCertificateId.',
      ],
    },
  );
});

test("an unknown protocol, or unknown listeners, is the SDK's advisory note during preview", async () => {
  const out = await validate(policy, {
    type: ELB,
    props: { listeners: [{ lbPort: 443, lbProtocol: UNKNOWN.string }] },
  });
  assert.deepEqual(out.violations, []);
  assert.match(out.unknownRead ?? "", /lbProtocol/);
  const all = await validate(policy, { type: ELB, props: { listeners: UNKNOWN.array } });
  assert.match(all.unknownRead ?? "", /listeners/);
});
