/**
 * AWS Network Firewall, for a flow routed through one of its endpoints: the policy's stateless defaults
 * (forward to the stateful engine), then stateful rule groups — standard 5-tuple rules and domain lists —
 * in strict order (first PASS/DROP/REJECT wins) or the default action order (PASS before DROP/REJECT),
 * then the stateful default action. Anything else (stateless rule groups, Suricata rule strings, TLS
 * inspection) is not modelled and makes the verdict undecidable.
 * @see https://docs.aws.amazon.com/network-firewall/latest/developerguide/suricata-rule-evaluation-order.html
 * @see https://docs.aws.amazon.com/network-firewall/latest/developerguide/stateful-rule-groups-domain-names.html
 */
import { addrText, cidrMatch, type Addr } from "./addr";
import { parseCidr, type Cidr } from "./ip";
import { isObject, objs, str, strs, type Props } from "./props";
import type { Firewall, Topology } from "./topology";
import type { Decision, Protocol } from "./types";
import { domainMatches } from "../../../components/shared/rules";

export { domainMatches };

export interface FirewallFlow {
  readonly protocol: Protocol;
  readonly port: number;
  readonly src: Addr;
  readonly dst: Addr;
  /** The TLS SNI / HTTP Host the client sends, when the flow names one. */
  readonly domain?: string;
}

export interface FirewallOutcome {
  readonly decision: Decision;
  readonly rule: string;
}

type Verb = "PASS" | "DROP" | "REJECT" | "ALERT";

/** Does `spec` (ANY, a CIDR, $VAR, or a [list]) cover the address? */
function addrSpec(spec: string, a: Addr, vars: Map<string, Cidr[]>, home: Cidr[]): "all" | "none" | "some" {
  const s = spec.trim();
  if (s.toUpperCase() === "ANY") return "all";
  if (s.startsWith("[") && s.endsWith("]")) {
    const parts = s
      .slice(1, -1)
      .split(",")
      .map((x) => addrSpec(x, a, vars, home));
    return parts.includes("all") ? "all" : parts.includes("some") ? "some" : "none";
  }
  if (s === "$EXTERNAL_NET" && !vars.has("EXTERNAL_NET")) {
    const inHome = home.map((c) => cidrMatch(c, a));
    return inHome.includes("all") ? "none" : inHome.includes("some") ? "some" : "all";
  }
  if (s.startsWith("$")) {
    const cidrs = vars.get(s.slice(1)) ?? (s === "$HOME_NET" ? home : undefined);
    if (!cidrs) return "some";
    const m = cidrs.map((c) => cidrMatch(c, a));
    return m.includes("all") ? "all" : m.includes("some") ? "some" : "none";
  }
  const c = parseCidr(s);
  return c ? cidrMatch(c, a) : "some";
}

function portSpec(spec: string, port: number): boolean | undefined {
  const s = spec.trim();
  if (s.toUpperCase() === "ANY") return true;
  if (s.startsWith("[") && s.endsWith("]")) {
    const parts = s
      .slice(1, -1)
      .split(",")
      .map((x) => portSpec(x, port));
    return parts.includes(true) ? true : parts.includes(undefined) ? undefined : false;
  }
  const range = /^(\d+):(\d+)?$/.exec(s);
  if (range) return port >= Number(range[1]) && port <= Number(range[2] ?? 65535);
  return /^\d+$/.test(s) ? Number(s) === port : undefined;
}

function ipSets(group: Props): Map<string, Cidr[]> {
  const vars = new Map<string, Cidr[]>();
  const rv = isObject(group.ruleVariables) ? group.ruleVariables : {};
  for (const s of objs(rv.ipSets)) {
    const key = str(s.key);
    const defs = isObject(s.ipSet) ? strs(s.ipSet.definitions) : [];
    if (key)
      vars.set(
        key,
        defs.map((d) => parseCidr(d)).filter((c): c is Cidr => c !== undefined),
      );
  }
  return vars;
}

interface Match {
  readonly verb: Verb;
  readonly text: string;
}

/** The matches of one rule group, in rule order; `undefined` when the group holds what we do not model. */
function groupMatches(name: string, body: Props, flow: FirewallFlow, home: Cidr[]): Match[] | string {
  const rs = isObject(body.rulesSource) ? body.rulesSource : {};
  const vars = ipSets(body);
  const homeNet = vars.get("HOME_NET") ?? home;
  if (str(rs.rulesString)) return `rule group ${name} is a Suricata rule string`;
  if (isObject(rs.statelessRulesAndCustomActions)) return `rule group ${name} is stateless`;
  const out: Match[] = [];
  if (isObject(rs.rulesSourceList)) {
    const list = rs.rulesSourceList;
    const allow = str(list.generatedRulesType) === "ALLOWLIST";
    const types = strs(list.targetTypes);
    const targets = strs(list.targets);
    const fromHome = homeNet.map((c) => cidrMatch(c, flow.src));
    if (fromHome.includes("some") && !fromHome.includes("all"))
      return `rule group ${name}: source partly in HOME_NET`;
    if (!fromHome.includes("all") || flow.protocol !== "tcp") return out;
    if (types.some((x) => x !== "TLS_SNI" && x !== "HTTP_HOST"))
      return `rule group ${name}: target type ${types.join(",")}`;
    const hit = flow.domain !== undefined && targets.some((x) => domainMatches(x, flow.domain!));
    const what = `${name} (${allow ? "allow" : "deny"} list ${targets.join(", ")})`;
    if (hit) out.push({ verb: allow ? "PASS" : "DROP", text: `${what} matches ${flow.domain}` });
    // For an allow list, TLS/HTTP traffic to any other name is dropped.
    else if (allow)
      out.push({
        verb: "DROP",
        text: flow.domain
          ? `${what} does not list ${flow.domain}`
          : `${what}: the flow names no allow-listed domain`,
      });
    return out;
  }
  for (const rule of objs(rs.statefulRules)) {
    const h = isObject(rule.header) ? rule.header : {};
    const proto = (str(h.protocol) ?? "IP").toUpperCase();
    if (proto !== "IP" && proto !== flow.protocol.toUpperCase()) {
      if (proto === "TCP" || proto === "UDP" || proto === "ICMP") continue;
      return `rule group ${name}: application protocol ${proto} in a 5-tuple rule`;
    }
    const forward = [
      addrSpec(str(h.source) ?? "ANY", flow.src, vars, homeNet),
      addrSpec(str(h.destination) ?? "ANY", flow.dst, vars, homeNet),
    ];
    const dport = portSpec(str(h.destinationPort) ?? "ANY", flow.port);
    if (dport === undefined) return `rule group ${name}: unreadable port ${str(h.destinationPort)}`;
    const srcPortAny = (str(h.sourcePort) ?? "ANY").toUpperCase() === "ANY";
    if (!srcPortAny) return `rule group ${name}: a source-port condition`;
    if (forward.includes("none") || !dport) continue;
    if (forward.includes("some")) return `rule group ${name}: a rule covers part of the flow's addresses`;
    const verb = (str(rule.action) ?? "").toUpperCase() as Verb;
    if (!["PASS", "DROP", "REJECT", "ALERT"].includes(verb)) return `rule group ${name}: action ${verb}`;
    const sid = objs(rule.ruleOptions).find((o) => str(o.keyword)?.startsWith("sid"));
    out.push({
      verb,
      text: `${name} ${str(sid?.keyword) ?? ""} ${verb} ${str(h.source)} -> ${str(h.destination)}:${str(h.destinationPort)}`.replace(
        /\s+/g,
        " ",
      ),
    });
  }
  return out;
}

export function evaluateFirewall(t: Topology, fw: Firewall, flow: FirewallFlow): FirewallOutcome {
  const policy = fw.policyArn ? t.firewallDocs.get(fw.policyArn) : undefined;
  const body = policy && isObject(policy.firewallPolicy) ? policy.firewallPolicy : undefined;
  if (!body)
    return {
      decision: "undecidable",
      rule: `through the firewall ${fw.name}; its policy is not in the export`,
    };
  if (objs(body.statelessRuleGroupReferences).length > 0)
    return {
      decision: "undecidable",
      rule: `through the firewall ${fw.name}; stateless rule groups are not modelled`,
    };
  const stateless = strs(body.statelessDefaultActions);
  if (stateless.includes("aws:drop"))
    return { decision: "deny", rule: `${fw.name}: stateless default action aws:drop` };
  if (stateless.includes("aws:pass"))
    return { decision: "allow", rule: `${fw.name}: stateless default action aws:pass` };
  const engine = isObject(body.statefulEngineOptions) ? body.statefulEngineOptions : {};
  const strict = str(engine.ruleOrder) === "STRICT_ORDER";
  const vpc = fw.vpcId ? t.vpcs.get(fw.vpcId) : t.vpcs.size === 1 ? [...t.vpcs.values()][0] : undefined;
  const home = vpc?.cidrs ?? [];
  const refs = objs(body.statefulRuleGroupReferences).sort(
    (a, b) => Number(a.priority ?? 0) - Number(b.priority ?? 0),
  );
  const matches: Match[] = [];
  for (const ref of refs) {
    const arn = str(ref.resourceArn) ?? "";
    const doc = t.firewallDocs.get(arn);
    const groupBody = doc && isObject(doc.ruleGroup) ? doc.ruleGroup : undefined;
    if (!groupBody)
      return { decision: "undecidable", rule: `${fw.name}: rule group ${arn} is not in the export` };
    const m = groupMatches(arn.split("/").pop() ?? arn, groupBody, flow, home);
    if (typeof m === "string")
      return { decision: "undecidable", rule: `through the firewall ${fw.name}; ${m}` };
    matches.push(...m);
  }
  const decisive = strict
    ? matches.find((m) => m.verb !== "ALERT")
    : (matches.find((m) => m.verb === "PASS") ??
      matches.find((m) => m.verb === "DROP" || m.verb === "REJECT"));
  if (decisive)
    return { decision: decisive.verb === "PASS" ? "allow" : "deny", rule: `${fw.name}: ${decisive.text}` };
  const defaults = strs(body.statefulDefaultActions);
  const drop = defaults.find((a) => a.startsWith("aws:drop"));
  const what = `${flow.protocol} ${flow.port} ${addrText(flow.src)} -> ${addrText(flow.dst)}`;
  if (drop) return { decision: "deny", rule: `${fw.name}: no rule passes ${what}; default action ${drop}` };
  return { decision: "allow", rule: `${fw.name}: no rule matches ${what}; the default action passes it` };
}
