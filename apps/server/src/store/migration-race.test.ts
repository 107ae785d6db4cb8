import { QueryTypes } from 'sequelize';
import type { PrivateDatabase } from '../../test/support/private-database';
import { openPrivateDatabase } from '../../test/support/private-database';
import { createLogger } from '../logger';
import type { SpawnedServer } from '../../test/support/spawn-server';
import { spawnServer } from '../../test/support/spawn-server';
import { createSequelize } from './database';
import { createMigrator, migrationNames } from './migrator';

/**
 * Replicas of a new deployment start together on an empty database. Each migrates at start; the
 * advisory lock makes them take turns, so exactly one applies each migration and every one of
 * them starts (without it, the losers fail on "relation already exists" and exit).
 */
jest.setTimeout(180_000);

const REPLICAS = 4;

describe('migrators racing on an empty database', () => {
  let database: PrivateDatabase;
  beforeAll(async () => {
    database = await openPrivateDatabase({ migrate: false });
  });
  afterAll(async () => {
    await database?.close();
  });

  // In one process, so that the four really meet at the same moment: each on its own connection.
  it(`apply each migration once between ${REPLICAS} of them`, async () => {
    const logger = createLogger({ level: 'silent' });
    const connections = Array.from({ length: REPLICAS }, () =>
      createSequelize({ url: database.url, poolMax: 1, logger }),
    );
    try {
      const applied = await Promise.all(
        connections.map((sequelize) => createMigrator(sequelize, logger).up()),
      );
      const names = applied.flat().map((migration) => migration.name);
      expect(names.sort()).toEqual([...migrationNames].sort());
      expect(await createMigrator(connections[0]!, logger).pending()).toEqual([]);
    } finally {
      await Promise.all(connections.map((sequelize) => sequelize.close()));
    }
  });
});

describe('servers starting at once on an empty database', () => {
  let database: PrivateDatabase;
  let servers: SpawnedServer[] = [];

  beforeAll(async () => {
    database = await openPrivateDatabase({ migrate: false });
  });
  afterAll(async () => {
    for (const server of servers) server.child.kill('SIGTERM');
    await Promise.all(servers.map((server) => server.exited));
    await database?.close();
  });

  it(`migrate one at a time: one applies each migration, all ${REPLICAS} start`, async () => {
    const env = {
      HOST: '127.0.0.1',
      PORT: '0',
      SANDBOX_PORT: '0',
      LOG_LEVEL: 'info',
      DATABASE_URL: database.url,
      DATABASE_POOL_MAX: '2',
      JWT_SECRET: 'migration-race-jwt-secret-of-at-least-32-chars',
      DATA_KEY: Buffer.alloc(32, 5).toString('base64'),
    };
    servers = Array.from({ length: REPLICAS }, () => spawnServer(env));
    const urls = await Promise.all(servers.map((server) => server.listening));

    for (const url of urls) {
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
    }
    for (const name of migrationNames) {
      const appliedBy = servers.filter((server) =>
        new RegExp(`"event":"migrated"[^\\n]*"name":"${name}"`).test(server.output()),
      );
      expect({ name, appliedBy: appliedBy.length }).toEqual({ name, appliedBy: 1 });
    }

    const sequelize = createSequelize({
      url: database.url,
      poolMax: 1,
      logger: createLogger({ level: 'silent' }),
    });
    try {
      const rows = await sequelize.query<{ name: string }>(
        'SELECT name FROM schema_migrations ORDER BY name',
        { type: QueryTypes.SELECT },
      );
      expect(rows.map((row) => row.name)).toEqual(migrationNames);
    } finally {
      await sequelize.close();
    }
  });
});
