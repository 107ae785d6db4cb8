/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * A minimal, accessible page: a language, a title, one main landmark. `body` must already be
 * escaped HTML.
 */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; }
ul { list-style: none; padding: 0; }
li { display: flex; align-items: center; gap: 0.75rem; margin: 0.5rem 0; }
img { width: 40px; height: 40px; border-radius: 4px; }
button { font-size: 1rem; padding: 0.4rem 1rem; }
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}
