/**
 * A per-tier reachability matrix for people: for each (source tier, destination tier) which of a list of
 * ports are allowed end to end. A tier is represented by the node groups in it, else by an interface with
 * the tier's own security group (what a database or load balancer there would carry).
 */
import { DEFAULT_MODEL_PORT, MESH_GATEWAY_NODE_PORTS } from "../../../components/shared/ports";
import { rampartTierEndpoint, tiersOf } from "./rampartFlows";
import type { ExportResource, FlowCase, Protocol, VerifyOptions } from "./types";
import { prepare, verifyCase } from "./verify";

export interface TierMatrixOptions extends VerifyOptions {
  /**
   * Ports probed in each cell. @default the ports EKS, CoreDNS, Istio, the model servers (8000), the mesh
   * gateway's node ports and the data tier use, plus SSH and 8080
   */
  readonly ports?: readonly { protocol: Protocol; port: number }[];
  /** Tiers (values of the `rampart:tier` subnet tag) in order. @default every tier but `firewall` */
  readonly tiers?: readonly string[];
}

export interface TierMatrix {
  readonly tiers: readonly string[];
  /** Destination columns: the tiers, then `internet`. */
  readonly columns: readonly string[];
  readonly ports: readonly { protocol: Protocol; port: number }[];
  /** cells[from][to]: per probed port, allow / deny / partial / undecidable. */
  readonly cells: Record<string, Record<string, { port: string; verdict: string }[]>>;
}

export const DEFAULT_MATRIX_PORTS: readonly { protocol: Protocol; port: number }[] = [
  { protocol: "tcp", port: 22 },
  { protocol: "udp", port: 53 },
  { protocol: "tcp", port: 53 },
  { protocol: "tcp", port: 443 },
  { protocol: "tcp", port: 6379 },
  { protocol: "tcp", port: DEFAULT_MODEL_PORT },
  { protocol: "tcp", port: 8080 },
  { protocol: "tcp", port: 9400 },
  { protocol: "tcp", port: 10250 },
  { protocol: "tcp", port: 15012 },
  { protocol: "tcp", port: 15017 },
  { protocol: "tcp", port: MESH_GATEWAY_NODE_PORTS.status },
  { protocol: "tcp", port: MESH_GATEWAY_NODE_PORTS.https },
];

export function tierMatrix(
  resources: readonly ExportResource[],
  options: TierMatrixOptions = {},
): TierMatrix {
  const t = prepare(resources);
  const tiers = options.tiers ?? [...tiersOf(resources)].filter((x) => x !== "firewall").sort();
  const ports = options.ports ?? DEFAULT_MATRIX_PORTS;
  const columns = [...tiers, "internet"];
  const cells: TierMatrix["cells"] = {};
  for (const from of tiers) {
    cells[from] = {};
    for (const to of columns) {
      cells[from][to] = ports.map(({ protocol, port }) => {
        const c: FlowCase = {
          id: `${from}-${to}-${protocol}-${port}`,
          from: rampartTierEndpoint(resources, from),
          to: to === "internet" ? { kind: "internet" } : rampartTierEndpoint(resources, to),
          protocol,
          port,
          expect: "allow",
          cite: "matrix",
        };
        return { port: `${port}/${protocol}`, verdict: verifyCase(t, c, options).verdict };
      });
    }
  }
  return { tiers, columns, ports, cells };
}

const MARK: Record<string, string> = { allow: "", partial: "~", undecidable: "?" };

/** Text table: each cell lists the allowed ports (`~` partly, `?` undecidable), `-` when none. */
export function renderTierMatrix(m: TierMatrix): string {
  const text = (from: string, to: string) =>
    m.cells[from]![to]!.filter((c) => c.verdict !== "deny")
      .map((c) => `${c.port}${MARK[c.verdict] ?? ""}`)
      .join(" ") || "-";
  const rows = [
    ["from \\ to", ...m.columns],
    ...m.tiers.map((f) => [f, ...m.columns.map((to) => text(f, to))]),
  ];
  const widths = m.columns.map((_, i) => Math.max(...rows.map((r) => r[i + 1]!.length)));
  const first = Math.max(...rows.map((r) => r[0]!.length));
  const line = (r: string[]) =>
    [r[0]!.padEnd(first), ...r.slice(1).map((c, i) => c.padEnd(widths[i]!))].join(" | ").trimEnd();
  const out = [
    line(rows[0]!),
    [first, ...widths].map((w) => "-".repeat(w)).join("-|-"),
    ...rows.slice(1).map(line),
  ];
  return `${out.join("\n")}\n(~ some client ports or some interfaces only; ? undecidable; - nothing of the probed ports)\n`;
}
