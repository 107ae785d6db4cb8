import { startSandbox } from './start-sandbox';

// `npm run sandbox`: the sandbox alone, for the demo or manual poking. Register apps and users
// through the control API (see README).
async function main(): Promise<void> {
  const port = Number(process.env.SANDBOX_PORT ?? 4100);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError(`SANDBOX_PORT must be a port number, got ${process.env.SANDBOX_PORT}`);
  }
  // Loopback unless told otherwise (a container that other containers reach sets 0.0.0.0).
  const host = process.env.SANDBOX_HOST ?? '127.0.0.1';
  const sandbox = await startSandbox({ port, host, logger: console });
  console.log(`WeChat/DingTalk sandbox listening on ${sandbox.url}`);
  console.log(`  control API: ${sandbox.url}/__control (see libs/wechat-sandbox/README.md)`);

  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
