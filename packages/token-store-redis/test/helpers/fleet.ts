// Starts instances of a fleet (fleet-instance.mjs) and lets them go at once.
import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { CREDENTIALS } from "./fake-api.js";

const INSTANCE = fileURLToPath(new URL("./fleet-instance.mjs", import.meta.url));

export interface InstanceReport {
  statuses: (number | string)[];
  storeErrors: string[];
}

export interface Instance {
  process: ChildProcess;
  go(): void;
  /** The instance's report, or a rejection if it exits without one. */
  done: Promise<InstanceReport>;
}

export interface InstanceSettings {
  apiUrl: string;
  redisUrl: string;
  workspaces?: string[];
  timeoutMs?: number;
}

export async function startInstance(settings: InstanceSettings): Promise<Instance> {
  const child = fork(INSTANCE, [JSON.stringify({ workspaces: [], ...CREDENTIALS, ...settings })], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    execArgv: [],
  });
  const done = new Promise<InstanceReport>((resolve, reject) => {
    child.on("message", (message: { type: string } & InstanceReport) => {
      if (message.type === "done") resolve(message);
    });
    child.once("exit", (code, signal) =>
      reject(new Error(`instance exited (${signal ?? code}) without a report`)),
    );
  });
  done.catch(() => {});
  const ready = new Promise<void>((resolve, reject) => {
    child.on("message", (message: { type: string }) => message.type === "ready" && resolve());
    child.once("exit", (code) => reject(new Error(`instance exited (${code}) before it was ready`)));
  });
  await ready;
  return { process: child, go: () => child.send("go"), done };
}

/** Starts `count` instances, lets them go at once, and returns their reports. */
export async function runFleet(count: number, settings: InstanceSettings): Promise<InstanceReport[]> {
  const instances = await Promise.all(Array.from({ length: count }, () => startInstance(settings)));
  for (const instance of instances) instance.go();
  return Promise.all(instances.map((instance) => instance.done));
}

export async function kill(instance: Instance): Promise<void> {
  if (instance.process.exitCode !== null || instance.process.signalCode !== null) return;
  const exited = once(instance.process, "exit");
  instance.process.kill("SIGKILL");
  await exited;
}
