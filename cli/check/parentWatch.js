// Preloaded (`node --require`) into every policy-pack process that `rampart check` starts. rampart holds
// the write end of the child's stdin; when rampart ends in any way (even SIGKILL, which runs no handler),
// the OS closes that end and this exits the pack, so a pack never outlives the check that started it.
// It does nothing else: the pack itself runs exactly as `@pulumi/pulumi/cmd/run-policy-pack` runs it.
"use strict";
const stdin = process.stdin;
stdin.on("end", () => process.exit(0));
stdin.on("close", () => process.exit(0));
stdin.on("error", () => process.exit(0));
stdin.resume();
// Do not keep an otherwise finished pack alive only for this watch.
if (typeof stdin.unref === "function") stdin.unref();
