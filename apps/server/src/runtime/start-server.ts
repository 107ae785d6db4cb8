import type { AddressInfo } from 'node:net';
import { createApp } from '../app';
import type { Config } from '../config';
import { createMailTransport } from '../libraries/mail/mail-transport';
import { createOutboxWorker, mailDomainOf } from '../libraries/mail/outbox-worker';
import { createGracefulShutdown } from '../lifecycle/graceful-shutdown';
import type { Logger } from '../logger';
import { createRuntime } from './create-runtime';
import { createHttpServer } from './http-server';
import type { SandboxAppSync } from './sandbox-app-sync';
import { startSandboxAppSync } from './sandbox-app-sync';
import { seedAppsAtStart } from './seed-apps-at-start';
import { logStartupWarnings } from './startup-warnings';

export interface RunningServer {
  url: string;
  shutdown(reason: string): Promise<void>;
}

/** Opens the store, migrates it, serves the app, and prints a banner of what is real. */
export async function startServer({
  config,
  logger,
}: {
  config: Config;
  logger: Logger;
}): Promise<RunningServer> {
  const runtime = await createRuntime({ config, logger, role: 'server', migrate: true });
  if (!runtime.upstreams) throw new Error('the server runtime opens its upstreams');
  const { developmentSandbox } = runtime.upstreams;
  let sandboxSync: SandboxAppSync | undefined;
  try {
    await seedAppsAtStart({ ...runtime, apps: runtime.upstreams.miniprogramApps });
    if (developmentSandbox) {
      sandboxSync = await startSandboxAppSync({
        ...runtime,
        refreshMs: config.miniProgram.appsRefreshSeconds * 1000,
        registerApps: developmentSandbox.registerApps,
      });
    }
  } catch (error) {
    await runtime.close();
    throw error;
  }
  const app = createApp({ ...runtime, upstreams: runtime.upstreams });
  const server = createHttpServer(app.callback(), config);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    sandboxSync?.stop();
    await runtime.close();
    throw error;
  }
  // The mail outbox (email verification) is delivered in the background by every instance; rows
  // are claimed with SKIP LOCKED, so instances share the work without sending anything twice.
  const mail = createMailTransport({ smtpUrl: config.smtpUrl, from: config.mailFrom, logger });
  const outbox = createOutboxWorker({
    sequelize: runtime.sequelize,
    logger,
    secretBox: runtime.secretBox,
    transport: mail,
    messageIdDomain: mailDomainOf(config.mailFrom),
  });
  outbox.start();
  const { port } = server.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const url = `http://${shownHost}:${port}`;
  logger.info({ url, parts: runtime.describe() }, 'wechat-bind is listening');
  logStartupWarnings(config, logger);
  if (config.nodeEnv !== 'test') {
    console.log(
      [
        `\nwechat-bind listening on ${url}`,
        ...runtime.describe().map((line) => `  ${line}`),
        '',
      ].join('\n'),
    );
  }
  return {
    url,
    shutdown: createGracefulShutdown({
      server,
      logger,
      timeoutMs: config.shutdownTimeoutMs,
      onClosed: async () => {
        sandboxSync?.stop();
        await outbox.stop();
        mail.close();
        await runtime.close();
      },
    }),
  };
}
