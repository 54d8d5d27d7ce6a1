// CI keeps the bench runnable: `--short` must finish, report its ratios (to openapi-fetch and to
// the attempt floor) and the cache's memory, and write nothing. No timing is asserted.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { balancedOrders } from "./bench.mjs";

it("runs --short and reports both fetch paths, CPU only and over loopback", async () => {
  const run = promisify(execFile);
  const { stdout } = await run(process.execPath, ["bench.mjs", "--short"], { cwd: import.meta.dirname });
  const ratio = "\\d+\\.\\d{3}x";
  for (const path of ["platform fetch", "fetch in options"]) {
    expect(stdout).toMatch(
      new RegExp(
        `${path} ${ratio} CPU only \\(attempt floor ${ratio}; the client ${ratio} its floor\\), ${ratio} over loopback`,
      ),
    );
    expect(stdout.match(new RegExp(`^\\| client\\.GET, ${path} \\| \\d`, "gm"))).toHaveLength(2);
  }
  expect(stdout).toMatch(/^\| 2,000 \| 2,000 \| 1,000 \| /m);
  expect(stdout).not.toContain("wrote");
});

it.each([2, 3, 4, 5, 6])("orders rounds so each variant follows each other equally often (n = %i)", (n) => {
  const follows = new Map();
  for (const order of balancedOrders(n)) {
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    for (let i = 1; i < n; i++)
      follows.set(`${order[i - 1]}>${order[i]}`, (follows.get(`${order[i - 1]}>${order[i]}`) ?? 0) + 1);
  }
  expect(follows.size).toBe(n * (n - 1));
  expect(new Set(follows.values()).size).toBe(1);
});
