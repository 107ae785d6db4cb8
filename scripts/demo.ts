/**
 * `npm run demo`: every documented flow once, against a running server, through HTTP only.
 * The sandbox's control API plays the phone, the browser and WeChat/DingTalk; the admin CLI
 * issues the credentials an operator would hand out. Exits non-zero if any reply surprised it.
 *
 *   npm start            # terminal 1
 *   npm run demo         # terminal 2 (npm run demo -- --help for the options)
 */
import { createSandboxControl } from '@wechat-bind/wechat-sandbox';
import { accountLinkingFlow } from './demo-account-linking';
import { administratorFlow } from './demo-administrator';
import { createDemoClient } from './demo-client';
import type { DemoContext } from './demo-context';
import { obtainCredentials } from './demo-credentials';
import { miniProgramFlow } from './demo-mini-program';
import { myApiFlow } from './demo-my-api';
import { openPlatformLaterStep } from './demo-one-person';
import { secondAppStep } from './demo-second-app';
import type { DemoOptions } from './demo-options';
import { DEMO_USAGE, parseDemoOptions } from './demo-options';
import { createPrinter } from './demo-printer';

/** Fails early, with what to do, when the server or the sandbox is not where we look. */
async function preflight(options: DemoOptions): Promise<void> {
  const reach = async (url: string) => {
    try {
      return (await fetch(url, { signal: AbortSignal.timeout(5_000) })).status;
    } catch {
      return undefined;
    }
  };
  const ready = await reach(`${options.baseUrl}/readyz`);
  if (ready !== 200) {
    throw new Error(
      ready === undefined
        ? `no server answers at ${options.baseUrl}: start one with \`npm start\` (or pass --base-url)`
        : `${options.baseUrl}/readyz answered ${ready}: the server is not ready (PostgreSQL or Redis?)`,
    );
  }
  if ((await reach(`${options.sandboxUrl}/__control/config`)) !== 200) {
    throw new Error(
      `no sandbox answers at ${options.sandboxUrl}. The server's start banner says where its ` +
        'sandbox is ("sandbox at http://…"); pass that as --sandbox-url. The demo needs the ' +
        'sandbox: it cannot mint codes for the real WeChat.',
    );
  }
}

async function main(): Promise<number> {
  const options = parseDemoOptions(process.argv.slice(2));
  if (!options) {
    process.stdout.write(DEMO_USAGE);
    return 0;
  }
  const printer = createPrinter({ color: options.color });
  await preflight(options);
  printer.section(`wechat-bind demo against ${options.baseUrl} (sandbox ${options.sandboxUrl})`);
  printer.explain('Issuing credentials with the admin CLI, as an operator would:');
  // Distinguishes this run's people from earlier runs' (a dev server's data persists).
  const suffix = Date.now().toString(36).slice(-5);
  const credentials = await obtainCredentials(options.credentials, suffix, (line) =>
    process.stdout.write(`    $ ${line}\n`),
  );
  const client = createDemoClient(options.baseUrl, printer);
  const context: DemoContext = {
    client,
    printer,
    sandbox: createSandboxControl(options.sandboxUrl),
    options,
    credentials,
    suffix,
  };

  await miniProgramFlow(context);
  await openPlatformLaterStep(context);
  await secondAppStep(context);
  const { unionid } = await myApiFlow(context);
  await administratorFlow(context, unionid);
  await accountLinkingFlow(context);

  const { sent, unexpected } = client.tally();
  printer.summary(
    [
      `${sent} requests to ${options.baseUrl}; ${unexpected.length} answered otherwise than documented.`,
      ...unexpected,
      'Docs: docs/mini-program.md, docs/my-api.md, docs/administrator-api.md, docs/account-linking.md',
    ],
    unexpected.length === 0,
  );
  return unexpected.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`\ndemo stopped: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
