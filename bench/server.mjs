// The bench's API server, run in its own process (forked by start-server.mjs) so the client
// under test does not share an event loop with the server. It reports its port over IPC and
// answers control messages (counters, reset, configure) the same way.
import { createServer } from "node:http";
import { createFakeApi } from "./fake-api.mjs";

const api = createFakeApi();

const server = createServer({ keepAlive: true }, (req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const url = new URL(req.url, "http://bench");
    let body;
    if (chunks.length > 0) {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        body = undefined;
      }
    }
    const answer = api.handle({
      method: req.method,
      pathname: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
      body,
    });
    res.writeHead(answer.status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(answer.text),
    });
    res.end(answer.text);
  });
});
// Idle keep-alive connections stay open between rounds, so no round pays for new connections.
server.keepAliveTimeout = 60_000;

process.on("message", (message) => {
  const { id, command, options } = message;
  let result;
  if (command === "counters") result = api.counters();
  else if (command === "reset") result = api.reset();
  else if (command === "configure") result = api.configure(options);
  else if (command === "stop") {
    server.closeAllConnections();
    server.close(() => process.exit(0));
    return;
  }
  process.send({ id, result });
});
// The parent died without stopping us: do not linger.
process.on("disconnect", () => process.exit(0));

server.listen({ host: "127.0.0.1", port: 0, backlog: 4096 }, () => {
  process.send({ type: "listening", port: server.address().port });
});
