/**
 * The README's generated blocks (the configuration reference, the role table): each lives between a
 * start and an end marker, is rendered by its script, formatted with the repository's prettier config,
 * and checked by a test (`--check` fails when the README differs from what the script renders).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as prettier from "prettier";

export const README = path.resolve(__dirname, "..", "README.md");

/** `current` with the block between `start` and `end` (markers included) replaced, formatted. */
export async function replaceBlock(
  current: string,
  start: string,
  end: string,
  block: string,
): Promise<string> {
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} ... ${end} block`);
  const next = current.slice(0, from) + block + current.slice(to + end.length);
  return prettier.format(next, { ...(await prettier.resolveConfig(README)), filepath: README });
}

/** A generator's command line: rewrite the README, or with `--check` fail when it is stale. */
export async function writeOrCheck(
  render: (current: string) => Promise<string>,
  what: string,
): Promise<void> {
  const current = fs.readFileSync(README, "utf8");
  const next = await render(current);
  if (process.argv.includes("--check")) {
    if (next !== current) {
      console.error(`README.md's ${what} is stale: run npm run docs`);
      process.exit(1);
    }
    return;
  }
  fs.writeFileSync(README, next);
}
