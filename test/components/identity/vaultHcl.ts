/**
 * A tiny reader of the Vault policy HCL we write (path stanzas with `capabilities` and
 * `denied_parameters`), independent of the renderer: tests parse the text back and check each path.
 * Anything it does not understand is an error, so a renderer change cannot slip past the tests.
 */

export interface ParsedRule {
  readonly capabilities: string[];
  readonly deniedParameters: Record<string, string[]>;
}

export function parseVaultPolicy(text: string): Map<string, ParsedRule> {
  const rules = new Map<string, ParsedRule>();
  // Drop comments, then read stanza by stanza.
  let rest = text.replace(/^\s*#.*$/gm, "").trim();
  const stanza = /^path\s+"([^"]+)"\s*\{([\s\S]*?)\n\}\s*/;
  while (rest.length > 0) {
    const m = stanza.exec(rest);
    if (!m) throw new Error(`unexpected policy text: ${rest.slice(0, 60)}`);
    const [, path, body] = m as unknown as [string, string, string];
    if (rules.has(path)) throw new Error(`path ${path} appears twice`);
    const caps = /capabilities\s*=\s*\[([^\]]*)\]/.exec(body);
    if (!caps) throw new Error(`path ${path} has no capabilities`);
    const capabilities = [...caps[1]!.matchAll(/"([^"]+)"/g)].map((c) => c[1]!);
    const deniedParameters: Record<string, string[]> = {};
    const denied = /denied_parameters\s*=\s*\{([^}]*)\}/.exec(body);
    if (denied)
      for (const d of denied[1]!.matchAll(/"([^"]+)"\s*=\s*\[([^\]]*)\]/g))
        deniedParameters[d[1]!] = [...d[2]!.matchAll(/"([^"]*)"/g)].map((v) => v[1]!);
    const leftover = body
      .replace(caps[0], "")
      .replace(denied?.[0] ?? "", "")
      .trim();
    if (leftover) throw new Error(`path ${path}: unexpected ${leftover}`);
    rules.set(path, { capabilities, deniedParameters });
    rest = rest.slice(m[0].length);
  }
  return rules;
}
