// A Cloudflare Worker (module syntax) whose fetch handler runs the scenario.
import { handleScenarioRequest } from "./fetch-handler.js";

export default { fetch: handleScenarioRequest };
