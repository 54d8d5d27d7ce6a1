// Lists the source connector definitions: `pnpm start [name]` (the name is a case-insensitive
// partial match). Reads AIRBYTE_CLIENT_ID and AIRBYTE_CLIENT_SECRET (and AIRBYTE_ORGANIZATION_ID);
// AGENT_ENGINE_BASE_URL sends it to another server, such as the mock from `pnpm mock`.
import { AgentEngineError, createAgentEngineClient } from "@org/agent-engine-client";

const nameFilter = process.argv[2];

try {
  const client = createAgentEngineClient({ baseUrl: process.env.AGENT_ENGINE_BASE_URL || undefined });
  const definitions = await client.listSourceDefinitions(nameFilter ? { name: nameFilter } : {});

  console.log(`${definitions.length} source definition(s)${nameFilter ? ` matching "${nameFilter}"` : ""}`);
  for (const definition of definitions) {
    const supportLevel = definition.supportLevel ?? "-";
    console.log(
      `  ${definition.name.padEnd(32)} ${supportLevel.padEnd(10)} ${definition.sourceDefinitionId ?? ""}`,
    );
  }
} catch (error) {
  // The client's errors name what went wrong and never carry the secret; anything else is a bug.
  if (!(error instanceof AgentEngineError)) throw error;
  console.error(`${error.name}: ${error.message}`);
  process.exitCode = 1;
}
