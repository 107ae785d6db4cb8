export default async function globalTeardown(): Promise<void> {
  for (const embedded of globalThis.__embeddedPostgres ?? []) {
    await embedded.close();
  }
  if (globalThis.__embeddedPostgres) {
    delete process.env.DATABASE_URL;
    delete process.env.TEST_SCRATCH_DATABASE_URL;
    delete process.env.TEST_DATABASE_EMBEDDED;
  }
}
