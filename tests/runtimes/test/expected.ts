// What every run must show: all the scenario's steps, and the version globals of the runtime
// it claims to be, at the versions this package installs.
import { expect } from "vitest";
import { installedVersion, type RuntimeName } from "../harness/runtimes.js";

export const EXPECTED_STEPS = [
  "create the client",
  "list definitions with a name filter",
  "mint a scoped token",
  "mint a widget token",
  "call as a workspace",
  "recover from a 503 by a retry",
  "end a hung request with RequestTimeoutError",
  "refuse a bad origin before any request",
  "iterate a paginated list",
];

/** The version globals each runtime must report, exactly: a global not listed must be absent. */
export function expectedVersions(runtime: RuntimeName): Record<string, unknown> {
  switch (runtime) {
    case "node":
      return { node: process.versions.node };
    case "bun":
      // Bun and Deno also answer `process.versions.node`, with the Node version they mimic.
      return {
        bun: installedVersion("bun"),
        node: expect.any(String),
        userAgent: `Bun/${installedVersion("bun")}`,
      };
    case "deno":
      return {
        deno: installedVersion("deno"),
        node: expect.any(String),
        userAgent: `Deno/${installedVersion("deno")}`,
      };
    case "workerd":
      // workerd has no version global; this user agent is what only Workers report.
      return { userAgent: "Cloudflare-Workers" };
    case "edge-runtime":
      return { edgeRuntime: "edge-runtime" };
  }
}
