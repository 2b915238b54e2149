/**
 * The Pod Security Standards' `restricted` profile (which includes `baseline`), checked on a plain pod
 * spec the way the Pod Security Admission controller checks it, one function per control of the
 * standard's tables, each citing its row. Returns one line per failed control and container.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/ (v1.33)
 */

import { SAFE_SYSCTLS as SAFE_SYSCTL_LIST } from "../../policy-pack/policies/k8s-workloads/workloadDisallowUnsafeSysctls";

type Obj = Record<string, any>;

const CONTAINER_LISTS = ["containers", "initContainers", "ephemeralContainers"] as const;

function containers(spec: Obj): { label: string; c: Obj }[] {
  return CONTAINER_LISTS.flatMap((list) =>
    ((spec[list] as Obj[] | undefined) ?? []).map((c) => ({ label: `${list}[${c.name}]`, c })),
  );
}

const BASELINE_CAPABILITIES = new Set([
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
]);
// The Pod Security Standards' safe sysctls: the pack's list (one owner), itself from the PSS table.
const SAFE_SYSCTLS = new Set(SAFE_SYSCTL_LIST);
const SELINUX_TYPES = new Set([
  "",
  "container_t",
  "container_init_t",
  "container_kvm_t",
  "container_engine_t",
]);
const RESTRICTED_VOLUME_SOURCES = new Set([
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
]);

/** Every `restricted` violation of a pod spec; empty when the pod would be admitted. */
export function restrictedViolations(spec: Obj, annotations: Obj = {}): string[] {
  const out: string[] = [];
  const psc: Obj = spec.securityContext ?? {};
  const all = containers(spec);
  const contexts: { label: string; sc: Obj }[] = [
    { label: "pod", sc: psc },
    ...all.map(({ label, c }) => ({ label, sc: (c.securityContext as Obj | undefined) ?? {} })),
  ];

  // Baseline "HostProcess": windowsOptions.hostProcess unset or false.
  for (const { label, sc } of contexts)
    if (sc.windowsOptions?.hostProcess === true) out.push(`${label}: HostProcess`);
  // Baseline "Host Namespaces": hostNetwork, hostPID, hostIPC unset or false.
  for (const f of ["hostNetwork", "hostPID", "hostIPC"]) if (spec[f] === true) out.push(`pod: ${f}`);
  // Baseline "Privileged Containers".
  for (const { label, c } of all)
    if (c.securityContext?.privileged === true) out.push(`${label}: privileged`);
  // Baseline "Capabilities": adds only from the default set. Restricted "Capabilities": drop ALL, add
  // only NET_BIND_SERVICE (containers and init containers; ephemeral containers too since v1.25).
  for (const { label, c } of all) {
    const caps: Obj = c.securityContext?.capabilities ?? {};
    for (const a of (caps.add as string[] | undefined) ?? []) {
      if (!BASELINE_CAPABILITIES.has(a)) out.push(`${label}: capability ${a} added (baseline)`);
      else if (a !== "NET_BIND_SERVICE") out.push(`${label}: capability ${a} added (restricted)`);
    }
    if (!((caps.drop as string[] | undefined) ?? []).includes("ALL"))
      out.push(`${label}: capabilities.drop lacks ALL`);
  }
  // Baseline "HostPath Volumes"; restricted "Volume Types": only the listed sources.
  for (const v of (spec.volumes as Obj[] | undefined) ?? []) {
    const sources = Object.keys(v).filter((k) => k !== "name");
    for (const s of sources)
      if (!RESTRICTED_VOLUME_SOURCES.has(s)) out.push(`volume ${v.name}: type ${s} not allowed`);
  }
  // Baseline "Host Ports": unset or 0.
  for (const { label, c } of all)
    for (const p of (c.ports as Obj[] | undefined) ?? [])
      if (p.hostPort !== undefined && p.hostPort !== 0) out.push(`${label}: hostPort ${p.hostPort}`);
  // Baseline "AppArmor": unset, RuntimeDefault or Localhost (field and the legacy annotations).
  for (const { label, sc } of contexts) {
    const t = sc.appArmorProfile?.type;
    if (t !== undefined && t !== "RuntimeDefault" && t !== "Localhost") out.push(`${label}: AppArmor ${t}`);
  }
  for (const [k, v] of Object.entries(annotations))
    if (
      k.startsWith("container.apparmor.security.beta.kubernetes.io/") &&
      v !== "runtime/default" &&
      !String(v).startsWith("localhost/")
    )
      out.push(`annotation ${k}: AppArmor ${String(v)}`);
  // Baseline "SELinux": type from the allowed set, no user or role.
  for (const { label, sc } of contexts) {
    const se: Obj | undefined = sc.seLinuxOptions;
    if (!se) continue;
    if (se.type !== undefined && !SELINUX_TYPES.has(se.type)) out.push(`${label}: SELinux type ${se.type}`);
    if (se.user !== undefined || se.role !== undefined) out.push(`${label}: SELinux user or role set`);
  }
  // Baseline "/proc Mount Type": unset or Default.
  for (const { label, c } of all) {
    const pm = c.securityContext?.procMount;
    if (pm !== undefined && pm !== "Default") out.push(`${label}: procMount ${pm}`);
  }
  // Baseline "Sysctls": only the safe set.
  for (const s of (psc.sysctls as Obj[] | undefined) ?? [])
    if (!SAFE_SYSCTLS.has(s.name)) out.push(`pod: sysctl ${s.name}`);
  // Restricted "Privilege Escalation": allowPrivilegeEscalation must be false.
  for (const { label, c } of all)
    if (c.securityContext?.allowPrivilegeEscalation !== false)
      out.push(`${label}: allowPrivilegeEscalation is not false`);
  // Restricted "Running as Non-root": runAsNonRoot true at the pod, or in every container; never false.
  for (const { label, c } of all) {
    const own = c.securityContext?.runAsNonRoot;
    if (own === false || (own !== true && psc.runAsNonRoot !== true))
      out.push(`${label}: runAsNonRoot is not true`);
  }
  if (psc.runAsNonRoot === false) out.push("pod: runAsNonRoot is false");
  // Restricted "Running as Non-root user": runAsUser unset or non-zero.
  for (const { label, sc } of contexts) if (sc.runAsUser === 0) out.push(`${label}: runAsUser 0`);
  // Baseline and restricted "Seccomp": RuntimeDefault or Localhost, at the pod or in every container;
  // Unconfined nowhere.
  for (const { label, sc } of contexts)
    if (sc.seccompProfile?.type === "Unconfined") out.push(`${label}: seccomp Unconfined`);
  const podSeccomp = psc.seccompProfile?.type;
  for (const { label, c } of all) {
    const t = c.securityContext?.seccompProfile?.type ?? podSeccomp;
    if (t !== "RuntimeDefault" && t !== "Localhost")
      out.push(`${label}: seccomp profile is not RuntimeDefault or Localhost`);
  }
  return out;
}
