// `pnpm demo`: starts the Prism mock of the spec, shows the seed's requests and their answers, stops it.
import { startPrism } from "./prism.mjs";

const prism = await startPrism();
try {
  const exchange = await fetch(`${prism.url}/api/v1/account/applications/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ client_id: "demo_client", client_secret: "demo_secret" }),
  });
  const token = await exchange.json();
  console.log(`POST /api/v1/account/applications/token -> ${exchange.status}`);
  console.log(`  token_type=${token.token_type} expires_in=${token.expires_in}s access_token=${String(token.access_token).slice(0, 8)}…`);
  const list = await fetch(`${prism.url}/api/v1/integrations/definitions/sources?name=github`, {
    headers: { Authorization: `Bearer ${token.access_token}` },
  });
  const { definitions } = await list.json();
  console.log(`GET /api/v1/integrations/definitions/sources?name=github -> ${list.status}`);
  for (const d of definitions) console.log(`  ${d.name} (${d.supportLevel}) ${d.sourceDefinitionId}`);
  if (!exchange.ok || !list.ok) process.exitCode = 1;
} finally {
  await prism.stop();
}
