// The page of your application that embeds the widget, reduced to its one job here: ask this
// backend for a widget token and show what came back. It holds no secret; the backend does.
import { WIDGET_TOKEN_ROUTE } from "./route.js";

export const WIDGET_PAGE_ROUTE = "/";

export const WIDGET_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Connect your data</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 40rem; color: #1d2330; }
  button { font: inherit; padding: 0.4rem 1rem; }
  dl { display: grid; grid-template-columns: 8rem 1fr; gap: 0.3rem 1rem; }
  dt { font-weight: 600; }
  dd { margin: 0; overflow-wrap: anywhere; font-family: ui-monospace, monospace; }
  [data-state="refused"] #status { color: #b3261e; }
  [data-state="done"] #status { color: #1e7d32; }
</style>
</head>
<body>
<h1>Connect your data</h1>
<p>This page asks its backend (<code>POST ${WIDGET_TOKEN_ROUTE}</code>) for a widget token for the
signed-in user's workspace. The backend checks this page's origin and keeps the client secret.</p>
<button id="get-token" type="button">Get a widget token</button>
<dl id="outcome" data-state="idle">
  <dt>Page origin</dt><dd id="origin"></dd>
  <dt>Answer</dt><dd id="status">not asked yet</dd>
  <dt>Widget URL</dt><dd id="widget-url">-</dd>
  <dt>Token</dt><dd id="token">-</dd>
  <dt>Expires</dt><dd id="expires-at">-</dd>
</dl>
<script type="module">
  const show = (id, text) => { document.getElementById(id).textContent = text; };
  show("origin", location.origin);
  // What the widget needs: the token and its URL. Kept on window for the page's own scripts.
  async function requestWidgetToken() {
    const response = await fetch(${JSON.stringify(WIDGET_TOKEN_ROUTE)}, { method: "POST", credentials: "same-origin" });
    const body = await response.json();
    window.widgetTokenOutcome = { status: response.status, body };
    const outcome = document.getElementById("outcome");
    if (!response.ok) {
      show("status", response.status + " " + body.error);
      outcome.dataset.state = "refused";
      return;
    }
    show("status", response.status + " OK");
    show("widget-url", body.widgetUrl);
    // Only the start of the token: it is a credential, even on the page that uses it.
    show("token", body.token.slice(0, 12) + "... (" + body.token.length + " characters)");
    show("expires-at", body.expiresAt);
    outcome.dataset.state = "done";
  }
  document.getElementById("get-token").addEventListener("click", () => {
    requestWidgetToken().catch((error) => {
      show("status", "failed: " + error.message);
      document.getElementById("outcome").dataset.state = "refused";
    });
  });
</script>
</body>
</html>
`;
