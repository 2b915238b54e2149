import assert from "node:assert/strict";
import { test } from "node:test";
import { wafv2WebAclRequireAssociation as policy } from "../../../policy-pack/policies/waf/wafv2WebAclRequireAssociation";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";
import { ACL, ASSOC, CLASSIC_ACL, compliantRules, REGIONAL_ACL, REGIONAL_ASSOC } from "./wafFixtures";

const acl = (scope = "REGIONAL") => res(ACL, "edge", { arn: "arn:acl", scope, rules: compliantRules() });

test("an ACL associated by ARN or by dependency, or attached to a distribution, passes", async () => {
  const a = acl();
  assert.deepEqual(
    await validateStack(policy, [a, res(ASSOC, "assoc", { resourceArn: "arn:lb", webAclArn: "arn:acl" })]),
    [],
  );
  assert.deepEqual(
    await validateStack(policy, [a, res(ASSOC, "assoc", { resourceArn: "arn:lb", webAclArn: "x" }, [a])]),
    [],
  );
  const cf = acl("CLOUDFRONT");
  assert.deepEqual(
    await validateStack(policy, [
      cf,
      res("aws:cloudfront/distribution:Distribution", "cdn", { webAclId: "arn:acl" }),
    ]),
    [],
  );
});

test("an ACL associated with nothing is flagged (regional and CloudFront messages)", async () => {
  const a = acl();
  assert.deepEqual(
    await validateStack(policy, [a, res(ASSOC, "other", { resourceArn: "arn:lb", webAclArn: "arn:other" })]),
    [
      {
        urn: a.urn,
        message:
          'Web ACL "edge" is not associated with any resource: add an aws.wafv2.WebAclAssociation for the load balancer it protects.',
      },
    ],
  );
  const cf = acl("CLOUDFRONT");
  assert.deepEqual(await validateStack(policy, [cf]), [
    {
      urn: cf.urn,
      message:
        'Web ACL "edge" is not attached to any CloudFront distribution: set the distribution\'s webAclId to its ARN.',
    },
  ]);
});

test("an association whose web ACL is unknown says nothing", async () => {
  assert.deepEqual(
    await validateStack(policy, [
      acl(),
      res(ASSOC, "assoc", { resourceArn: "arn:lb", webAclArn: UNKNOWN.string }),
    ]),
    [],
  );
});

test('an association whose webAclArn is "" attaches nothing: flagged', async () => {
  assert.equal(
    (await validateStack(policy, [acl(), res(ASSOC, "assoc", { resourceArn: "arn:lb", webAclArn: "" })]))
      .length,
    1,
  );
});

test("a WAF Classic regional ACL is associated through a wafregional association (webAclId)", async () => {
  const a = res(REGIONAL_ACL, "classic", { id: "acl-1", rules: [] });
  assert.deepEqual(
    await validateStack(policy, [
      a,
      res(REGIONAL_ASSOC, "assoc", { resourceArn: "arn:lb", webAclId: "acl-1" }),
    ]),
    [],
  );
  assert.deepEqual(await validateStack(policy, [a]), [
    {
      urn: a.urn,
      message:
        'Web ACL "classic" is not associated with any resource: add an aws.wafregional.WebAclAssociation for the load balancer it protects.',
    },
  ]);
});

test("a WAF Classic global ACL is attached by a distribution's webAclId (its id)", async () => {
  const g = res(CLASSIC_ACL, "global", { id: "global-1" });
  assert.deepEqual(
    await validateStack(policy, [
      g,
      res("aws:cloudfront/distribution:Distribution", "cdn", { webAclId: "global-1" }),
    ]),
    [],
  );
  assert.deepEqual(await validateStack(policy, [g]), [
    {
      urn: g.urn,
      message:
        'Web ACL "global" is not attached to any CloudFront distribution: set the distribution\'s webAclId to its id.',
    },
  ]);
});

test('a wafregional association whose webAclId is "" or unknown: not attached / not judged', async () => {
  const a = res(REGIONAL_ACL, "classic", { id: "acl-1" });
  assert.equal(
    (await validateStack(policy, [a, res(REGIONAL_ASSOC, "assoc", { resourceArn: "arn:lb", webAclId: "" })]))
      .length,
    1,
  );
  assert.deepEqual(
    await validateStack(policy, [
      a,
      res(REGIONAL_ASSOC, "assoc", { resourceArn: "arn:lb", webAclId: UNKNOWN.string }),
    ]),
    [],
  );
});
