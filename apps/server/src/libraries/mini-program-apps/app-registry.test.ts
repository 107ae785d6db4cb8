import { randomBytes } from 'node:crypto';
import type { MiniProgramApp } from '../../config';
import { uniqueMiniProgramApp } from '../../../test/support/test-data';
import type { TestContext } from '../../../test/support/test-context';
import { createTestContext, watchSql } from '../../../test/support/test-context';
import { createSecretBox } from '../secret-box';
import { createMiniProgramAppRegistry } from './app-registry';
import { addMiniProgramApp, removeMiniProgramApp } from './manage-apps';

const newApp = uniqueMiniProgramApp;

describe('the mini-program app registry', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(() => context.close());
  afterEach(() => jest.restoreAllMocks());

  /** A registry on a clock the test moves, counting the statements that read the apps. */
  function registry(options: { onLoad?: (apps: readonly MiniProgramApp[]) => void } = {}) {
    let clock = 1_000_000;
    const statements = watchSql(context);
    const loads = () =>
      statements().filter((line) => line.includes('FROM miniprogram_apps')).length;
    const apps = createMiniProgramAppRegistry({
      models: context.models,
      secretBox: context.deps.secretBox,
      logger: context.logger,
      refreshMs: 30_000,
      now: () => clock,
      ...options,
    });
    return { apps, loads, advance: (ms: number) => (clock += ms) };
  }

  it('answers every lookup, known or made up, from one read per refresh period', async () => {
    const app = newApp();
    await addMiniProgramApp(context.models, context.deps.secretBox, app);
    const { apps, loads, advance } = registry();

    const madeUp = Array.from({ length: 200 }, () => newApp().appId);
    const answers = await Promise.all([app.appId, ...madeUp].map((appId) => apps.find(appId)));
    expect(answers[0]).toEqual(app);
    expect(answers.slice(1).every((answer) => answer === undefined)).toBe(true);
    expect(loads()).toBe(1);

    advance(29_999);
    await Promise.all(madeUp.map((appId) => apps.find(appId)));
    expect(loads()).toBe(1);
    advance(1);
    await Promise.all([apps.find(app.appId), ...madeUp.map((appId) => apps.find(appId))]);
    expect(loads()).toBe(2);
  });

  it('sees an app added or removed at its next read, not before', async () => {
    const app = newApp();
    const { apps, advance } = registry();
    expect(await apps.find(app.appId)).toBeUndefined();
    await addMiniProgramApp(context.models, context.deps.secretBox, app);
    expect(await apps.find(app.appId)).toBeUndefined();
    advance(30_000);
    expect(await apps.find(app.appId)).toEqual(app);

    await removeMiniProgramApp(context.models, app.appId);
    expect(await apps.find(app.appId)).toEqual(app);
    advance(30_000);
    expect(await apps.find(app.appId)).toBeUndefined();
  });

  it('treats a secret sealed under another DATA_KEY as no app, and logs it once', async () => {
    const app = newApp();
    await addMiniProgramApp(context.models, createSecretBox(randomBytes(32)), app);
    const { apps, advance } = registry();
    expect(await apps.find(app.appId)).toBeUndefined();
    advance(30_000);
    expect(await apps.find(app.appId)).toBeUndefined();
    const logged = context.logLines.filter(
      (line) => line.includes(app.appId) && line.includes('cannot be opened with this DATA_KEY'),
    );
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0]!).level).toBe(50);
  });

  it('tells onLoad the apps it read', async () => {
    const app = newApp();
    await addMiniProgramApp(context.models, context.deps.secretBox, app);
    const seen: MiniProgramApp[][] = [];
    const { apps } = registry({ onLoad: (loaded) => seen.push([...loaded]) });
    await apps.find(app.appId);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContainEqual(app);
  });

  it('passes a failed read on and tries again at the next lookup', async () => {
    const app = newApp();
    await addMiniProgramApp(context.models, context.deps.secretBox, app);
    const { apps, loads } = registry();
    // The pool itself refuses once: every statement, through Sequelize or written by hand, gets
    // its connection there.
    const { pool } = (
      context.sequelize as unknown as {
        connectionManager: { pool: { acquire(): Promise<unknown> } };
      }
    ).connectionManager;
    const acquire = jest.spyOn(pool, 'acquire').mockRejectedValueOnce(new Error('connection lost'));
    await expect(apps.find(app.appId)).rejects.toThrow('connection lost');
    expect(await apps.find(app.appId)).toEqual(app);
    // Two reads asked for a connection; only the second reached the database (and the SQL log).
    expect(acquire).toHaveBeenCalledTimes(2);
    expect(loads()).toBe(1);
  });
});
