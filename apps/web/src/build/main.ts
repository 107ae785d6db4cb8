import { formatMessages } from 'esbuild';
import path from 'node:path';
import { buildPage, DEFAULT_OUT_DIR, watchPage } from './build-page';

/**
 * `npm run build` (this workspace): bundle the page into dist/. `--watch` rebuilds on every change
 * (unminified, with a source map); the server reads the files per request, so a reload shows it.
 */
async function main(): Promise<void> {
  const watch = process.argv.includes('--watch');
  const shown = path.relative(process.cwd(), DEFAULT_OUT_DIR) || '.';
  if (watch) {
    await watchPage({
      onRebuilt: (errors) =>
        console.log(errors === 0 ? `rebuilt ${shown}` : `build failed with ${errors} error(s)`),
    });
    console.log(`watching the page's sources; output in ${shown}`);
    return;
  }
  const started = Date.now();
  await buildPage();
  console.log(`built the account settings page in ${shown} (${Date.now() - started} ms)`);
}

main().catch(async (error: unknown) => {
  const errors = (error as { errors?: Parameters<typeof formatMessages>[0] }).errors;
  if (errors) {
    const lines = await formatMessages(errors, { kind: 'error' });
    console.error(lines.join('\n'));
  } else {
    console.error(error);
  }
  process.exit(1);
});
