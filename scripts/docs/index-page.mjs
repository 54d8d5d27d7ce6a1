// The docs site's front page: what the two references are, and links to both.

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * @param {{ apiTitle: string, apiVersion: string, packages: { name: string, version: string }[] }} about
 */
export function renderIndexPage({ apiTitle, apiVersion, packages }) {
  const packageList = packages
    .map((p) => `<code>${escapeHtml(p.name)}</code> ${escapeHtml(p.version)}`)
    .join(", ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(apiTitle)} for TypeScript: reference</title>
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 3rem auto; padding: 0 1rem; color: #1f2328; }
    h1 { font-size: 1.8rem; margin-bottom: 0.25rem; }
    .lead { color: #59636e; margin-top: 0; }
    ul.references { list-style: none; padding: 0; display: grid; gap: 1rem; }
    ul.references a { display: block; padding: 1rem 1.25rem; border: 1px solid #d1d9e0; border-radius: 8px; text-decoration: none; color: inherit; }
    ul.references a:hover, ul.references a:focus { border-color: #0969da; }
    ul.references strong { color: #0969da; font-size: 1.1rem; }
    code { font-size: 0.9em; }
  </style>
</head>
<body>
  <h1>${escapeHtml(apiTitle)} for TypeScript</h1>
  <p class="lead">Reference documentation, built from this repository by <code>pnpm run docs</code>.</p>
  <ul class="references">
    <li><a href="http/index.html"><strong>HTTP API reference</strong><br>
      Every operation, parameter, request and response of the ${escapeHtml(apiTitle)} ${escapeHtml(apiVersion)},
      from the OpenAPI description in <code>spec/</code> (Redocly).</a></li>
    <li><a href="ts/index.html"><strong>TypeScript reference</strong><br>
      The exports of ${packageList}: the client, its options, errors and token
      providers, and the generated types (TypeDoc).</a></li>
  </ul>
</body>
</html>
`;
}
