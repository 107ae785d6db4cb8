import { createLogger } from './logger';
import { loadSettingsOrExit } from './runtime/load-settings';
import { startServer } from './runtime/start-server';

async function main(): Promise<void> {
  const config = loadSettingsOrExit();
  const logger = createLogger({ level: config.logLevel });
  const server = await startServer({ config, logger });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      server.shutdown(signal).then(
        () => process.exit(0),
        (error) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error) => {
  console.error('wechat-bind could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
