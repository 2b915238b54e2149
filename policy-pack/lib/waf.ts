import { asList, asObject } from "./values";

/**
 * A WAFv2 web ACL's rules, read the two ways @pulumi/aws takes them: `rules` (the provider's camelCase
 * blocks) and `ruleJson` (the WAF API's JSON, PascalCase). Only what the edge policies judge is kept.
 * Reads go through the policy SDK's proxy: an unknown value throws its unknown-value error.
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/wafv2/webacl/
 * @see https://docs.aws.amazon.com/waf/latest/APIReference/API_Rule.html
 */
export interface WafRule {
  readonly name: string;
  /** The rule's own action (`allow`, `block`, `count`, `captcha`, `challenge`), for rule statements. */
  readonly action?: string;
  /** A rule group's override action (`count` or `none`), for group statements. */
  readonly overrideAction?: string;
  /** `<vendor>:<name>` of a managed rule group statement. */
  readonly managedGroup?: { readonly vendor?: string; readonly name?: string };
  readonly rateBased: boolean;
}

/** The one key set in an action block (`{ block: {} }` -> "block"), lower-cased. */
function actionOf(block: unknown): string | undefined {
  const o = asObject(block);
  if (!o) return undefined;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined && o[k] !== null);
  return keys.length === 1 ? keys[0]!.toLowerCase() : undefined;
}

/** A string field, or undefined. */
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function fromProvider(r: Record<string, any>, i: number): WafRule {
  const statement = asObject(r.statement) ?? {};
  const managed = asObject(statement.managedRuleGroupStatement);
  return {
    name: str(r.name) ?? `#${i + 1}`,
    action: actionOf(r.action),
    overrideAction: actionOf(r.overrideAction),
    managedGroup: managed ? { vendor: str(managed.vendorName), name: str(managed.name) } : undefined,
    rateBased: !!statement.rateBasedStatement,
  };
}

function fromApiJson(r: Record<string, any>, i: number): WafRule {
  const statement = asObject(r.Statement) ?? {};
  const managed = asObject(statement.ManagedRuleGroupStatement);
  return {
    name: str(r.Name) ?? `#${i + 1}`,
    action: actionOf(r.Action),
    overrideAction: actionOf(r.OverrideAction),
    managedGroup: managed ? { vendor: str(managed.VendorName), name: str(managed.Name) } : undefined,
    rateBased: !!statement.RateBasedStatement,
  };
}

/** The rules of a web ACL's props, from `rules` and from a parseable `ruleJson`. */
export function wafRules(props: Record<string, any>): WafRule[] {
  const out: WafRule[] = [];
  if ("rules" in props)
    asList(props.rules).forEach((r, i) => {
      const o = asObject(r);
      if (o) out.push(fromProvider(o, i));
    });
  if ("ruleJson" in props && typeof props.ruleJson === "string") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(props.ruleJson);
    } catch {
      parsed = undefined;
    }
    asList(parsed).forEach((r, i) => {
      const o = asObject(r);
      if (o) out.push(fromApiJson(o, i));
    });
  }
  return out;
}

export const WEB_ACL = "aws:wafv2/webAcl:WebAcl";
export const WEB_ACL_ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation";
export const WEB_ACL_LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration";

/** A rule written as its own resource, attached to a web ACL by `webAclArn` (provider 7). */
export const WEB_ACL_RULE = "aws:wafv2/webAclRule:WebAclRule";
/** A rule group (managed, or our own) attached to a web ACL by `webAclArn` (provider 7). */
export const WEB_ACL_RULE_GROUP_ASSOCIATION =
  "aws:wafv2/webAclRuleGroupAssociation:WebAclRuleGroupAssociation";

/**
 * The rule a separate rule resource adds to its web ACL: a WebAclRule has the inline rule's shape; a
 * WebAclRuleGroupAssociation names the rule `ruleName`, its `overrideAction` is a string ("none" or
 * "count") and its `managedRuleGroup` has `name` and `vendorName`.
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/wafv2/webaclrule/
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/wafv2/webaclrulegroupassociation/
 */
export function ruleOfResource(type: string, props: Record<string, any>): WafRule | undefined {
  if (type === WEB_ACL_RULE) return fromProvider(props, 0);
  if (type !== WEB_ACL_RULE_GROUP_ASSOCIATION) return undefined;
  const managed = "managedRuleGroup" in props ? asObject(props.managedRuleGroup) : undefined;
  const override = "overrideAction" in props ? str(props.overrideAction) : undefined;
  return {
    name: ("ruleName" in props ? str(props.ruleName) : undefined) ?? "#1",
    overrideAction: override?.toLowerCase(),
    managedGroup: managed ? { vendor: str(managed.vendorName), name: str(managed.name) } : undefined,
    rateBased: false,
  };
}

/**
 * WAF Classic (regional and global) web ACLs, their associations and their inline logging: the same flaws
 * apply where these types still exist. A regional ACL is associated by a `wafregional` WebAclAssociation
 * (`resourceArn`, `webAclId`); both ACL kinds take an inline `loggingConfiguration { logDestination }`.
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/wafregional/webacl/
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/waf/webacl/
 */
export const REGIONAL_WEB_ACL = "aws:wafregional/webAcl:WebAcl";
export const REGIONAL_WEB_ACL_ASSOCIATION = "aws:wafregional/webAclAssociation:WebAclAssociation";
export const CLASSIC_WEB_ACL = "aws:waf/webAcl:WebAcl";
