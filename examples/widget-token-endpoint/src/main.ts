// Starts the widget-token endpoint: `pnpm start`. Reads AIRBYTE_CLIENT_ID and
// AIRBYTE_CLIENT_SECRET; AGENT_ENGINE_BASE_URL sends it to another server (the mock from
// `pnpm mock`); ALLOWED_ORIGINS (comma-separated, default http://localhost:3000); PORT
// (default 8787, 0 for any free port).
import { createAgentEngineClient } from "@org/agent-engine-client";
import { createWidgetTokenServer, WIDGET_TOKEN_ROUTE } from "./server.js";
import { createInMemorySessionStore } from "./sessions.js";

const allowedOrigins = (process.env.ALLOWED_ORIGINS ?? "http://localhost:3000")
  .split(",")
  .map((origin) => origin.trim());
const port = Number(process.env.PORT ?? 8787);

try {
  const client = createAgentEngineClient({ baseUrl: process.env.AGENT_ENGINE_BASE_URL || undefined });
  // Two signed-in users of a pretend application, each the owner of one workspace.
  const sessions = createInMemorySessionStore({
    "session-of-ada": { userId: "ada", workspaceName: "customer_workspace_ada" },
    "session-of-grace": { userId: "grace", workspaceName: "customer_workspace_grace" },
  });
  const server = createWidgetTokenServer({ client, allowedOrigins, sessions });

  server.listen(port, "127.0.0.1", () => {
    const { port: actualPort } = server.address() as { port: number };
    const url = `http://127.0.0.1:${actualPort}${WIDGET_TOKEN_ROUTE}`;
    console.log(`Widget-token endpoint listening on ${url} for ${allowedOrigins.join(", ")}`);
    console.log(
      `Try: curl -s -X POST ${url} -H 'Origin: ${allowedOrigins[0]}' -H 'Cookie: session=session-of-ada'`,
    );
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => server.close(() => process.exit(0)));
  }
} catch (error) {
  // A missing credential or a malformed origin: say which, and stop.
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  process.exitCode = 1;
}
