import { createApiClient } from './api-client';
import { startSettingsPage } from './settings-page';
import { createTokenStore } from './token-store';

// The entry point esbuild bundles into app.js: wire the browser's parts into the page.
const root = document.getElementById('app');
if (root) {
  const tokens = createTokenStore(window.sessionStorage);
  startSettingsPage({
    window,
    root,
    tokens,
    storage: window.sessionStorage,
    api: createApiClient({ fetch: window.fetch.bind(window), token: tokens.get }),
  });
}
