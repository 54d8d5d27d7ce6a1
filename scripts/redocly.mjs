// `node scripts/redocly.mjs ARGS`: the pinned Redocly CLI without its boxed "Node.js 20
// support is ending" notice, which it prints on every run under Node 20 (the version this
// project supports) and which no option turns off. Everything else it prints passes through.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";

const require = createRequire(import.meta.url);
const cli = join(dirname(require.resolve("@redocly/cli/package.json")), "bin", "cli.js");
const NOTICE = /Node\.js 20 support is ending/;

const child = spawn(process.execPath, [cli, ...process.argv.slice(2)], {
  stdio: ["inherit", "inherit", "pipe"],
});
let box;
let dropBlankAfterBox = false;
createInterface({ input: child.stderr }).on("line", (line) => {
  if (box === undefined && line.includes("╔")) box = [];
  if (box !== undefined) {
    box.push(line);
    if (!line.includes("╚")) return;
    const text = box.join("\n");
    box = undefined;
    if (NOTICE.test(text)) {
      dropBlankAfterBox = true;
      return;
    }
    process.stderr.write(`${text}\n`);
    return;
  }
  if (dropBlankAfterBox && line.trim() === "") {
    dropBlankAfterBox = false;
    return;
  }
  dropBlankAfterBox = false;
  process.stderr.write(`${line}\n`);
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.once("close", (code, signal) => {
  if (box) process.stderr.write(`${box.join("\n")}\n`);
  process.exit(code ?? (signal ? 1 : 0));
});
