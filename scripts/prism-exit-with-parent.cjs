// Preloaded into every Prism that scripts/prism.mjs starts (`node --require`, so the PID stays
// Prism's own). Its stdin is a pipe from the process that started it: end of input means that
// process is gone, even killed by SIGKILL where no exit hook runs (a test's timeout, an OOM
// kill). Prism then stops too instead of living on as an orphan holding 170 MB and a port.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
