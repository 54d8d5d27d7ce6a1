// Breaks the packed client on purpose, in the way a careless change would, to prove that the
// runtimes without Node's globals catch it. The size check only looks for Node-only imports
// and would miss both.
import { readFile } from "node:fs/promises";
import type { Plugin } from "esbuild";

export type ClientBreakage = "buffer" | "unref";

/** Each breakage: what it replaces in the client's ESM build, and the helper the replacement calls. */
const BREAKAGES: Record<ClientBreakage, { pattern: RegExp; replacement: string; helper: string }> = {
  // base64 decoded with Node's Buffer instead of atob.
  buffer: {
    pattern: /\batob\(/g,
    replacement: "__decodeWithBuffer(",
    helper: 'const __decodeWithBuffer = (text) => globalThis.Buffer.from(text, "base64").toString("latin1");',
  },
  // Every timer unref'd without checking that timers have unref (they are numbers off Node).
  unref: {
    pattern: /\bsetTimeout\(/g,
    replacement: "__unrefTimeout(",
    helper:
      "const __unrefTimeout = (callback, ms) => { const timer = setTimeout(callback, ms); timer.unref(); return timer; };",
  },
};

export function breakClientPlugin(breakage: ClientBreakage): Plugin {
  const { pattern, replacement, helper } = BREAKAGES[breakage];
  return {
    name: `break-client-${breakage}`,
    setup(build) {
      build.onLoad(
        { filter: /[\\/]@org[\\/]agent-engine-client[\\/]dist[\\/]index\.js$/ },
        async ({ path }) => {
          const source = await readFile(path, "utf8");
          const broken = source.replace(pattern, replacement);
          // A client that no longer has the pattern would make this proof pass vacuously.
          if (broken === source)
            throw new Error(`breaking the client (${breakage}): ${pattern} not found in ${path}`);
          return { contents: `${helper}\n${broken}`, loader: "js" };
        },
      );
    },
  };
}
