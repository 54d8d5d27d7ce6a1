// An edge-runtime function (service-worker syntax) whose fetch handler runs the scenario.
import { handleScenarioRequest } from "./fetch-handler.js";

interface FetchEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}

(
  globalThis as unknown as { addEventListener(type: "fetch", listener: (event: FetchEvent) => void): void }
).addEventListener("fetch", (event) => event.respondWith(handleScenarioRequest(event.request)));
