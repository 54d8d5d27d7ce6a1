// Forks server.mjs and gives the parent its URL and its counters over IPC.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

const SERVER = fileURLToPath(new URL("./server.mjs", import.meta.url));

export async function startServer() {
  const child = fork(SERVER, [], { stdio: ["ignore", "inherit", "inherit", "ipc"], execArgv: [] });
  const pending = new Map();
  let nextId = 1;
  const exited = new Promise((resolve) => child.once("exit", resolve));

  const port = await new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`bench server exited early (code ${code})`)));
    child.on("message", function onListening(message) {
      if (message.type === "listening") {
        child.off("message", onListening);
        resolve(message.port);
      }
    });
  });
  child.on("message", (message) => {
    const waiter = pending.get(message.id);
    if (waiter) {
      pending.delete(message.id);
      waiter(message.result);
    }
  });

  function send(command, options) {
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      child.send({ id, command, options });
    });
  }

  return {
    url: `http://127.0.0.1:${port}`,
    counters: () => send("counters"),
    reset: () => send("reset"),
    configure: (options) => send("configure", options),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ command: "stop" });
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
