/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** A complete page using only same-origin styles and scripts (the CSP forbids anything else). */
export function pageShell(title: string, body: string, script?: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/assets/site.css">
${script ? `<script src="${escapeHtml(script)}" defer></script>` : ''}
</head>
<body>
<header><nav><a href="/">Dashboard</a> <a href="/docs">API reference</a> <a href="/openapi.json">OpenAPI</a> <a href="/metrics">Metrics</a></nav></header>
<main>
${body}
</main>
</body>
</html>
`;
}
