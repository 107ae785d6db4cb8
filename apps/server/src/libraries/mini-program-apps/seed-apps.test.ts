import { randomBytes } from 'node:crypto';
import { uniqueMiniProgramApp } from '../../../test/support/test-data';
import type { TestContext } from '../../../test/support/test-context';
import { createTestContext } from '../../../test/support/test-context';
import { createSecretBox } from '../secret-box';
import { addMiniProgramApp, removeMiniProgramApp } from './manage-apps';
import { seedMiniProgramApps } from './seed-apps';

const newApp = uniqueMiniProgramApp;

describe('seedMiniProgramApps (WECHAT_MINIPROGRAM_APPS at start)', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(() => context.close());

  const box = () => context.deps.secretBox;
  const seed = (apps: Array<{ appId: string; secret: string }>, secretBox = box()) =>
    seedMiniProgramApps(context.models, secretBox, apps);
  const rowsOf = async (appId: string) =>
    (await context.models.MiniProgramApp.findAll({ where: { appId }, order: [['id', 'ASC']] })).map(
      (row) => ({
        addedBy: row.addedBy,
        removedBy: row.removedBy,
        secret: (() => {
          try {
            return box().open(row.secretCiphertext);
          } catch {
            return 'unreadable';
          }
        })(),
      }),
    );
  const warningAbout = (appId: string, text: string) =>
    expect.stringMatching(new RegExp(`${appId}.*${text}`));

  it('adds an app the store has never had, once, sealed', async () => {
    const app = newApp();
    expect(await seed([app])).toMatchObject({ added: [app.appId], resealed: [] });
    expect(await seed([app])).toMatchObject({ added: [], resealed: [] });
    expect(await rowsOf(app.appId)).toEqual([
      { addedBy: 'environment', removedBy: null, secret: app.secret },
    ]);
    const [row] = await context.models.MiniProgramApp.findAll({ where: { appId: app.appId } });
    expect(row!.secretCiphertext).not.toContain(app.secret);
  });

  it('gives an app it added the new secret the setting names, keeping the old row as history', async () => {
    const app = newApp();
    await seed([app]);
    const rotated = { ...app, secret: randomBytes(16).toString('hex') };
    const report = await seed([rotated]);
    expect(report.resealed).toEqual([app.appId]);
    expect(report.warnings).not.toContainEqual(expect.stringContaining(app.appId));
    expect(await rowsOf(app.appId)).toEqual([
      { addedBy: 'environment', removedBy: 'environment', secret: app.secret },
      { addedBy: 'environment', removedBy: null, secret: rotated.secret },
    ]);
  });

  it('keeps the secret app:add stored over the setting, and says so', async () => {
    const app = newApp();
    await addMiniProgramApp(context.models, box(), app);
    const report = await seed([{ ...app, secret: 'an-older-secret' }]);
    expect(report.added).not.toContain(app.appId);
    expect(report.warnings).toContainEqual(
      warningAbout(app.appId, 'another secret than app:add stored; the stored one is used'),
    );
    expect(await rowsOf(app.appId)).toEqual([
      { addedBy: 'cli', removedBy: null, secret: app.secret },
    ]);
    // The same secret in both places is no news.
    expect((await seed([app])).warnings).not.toContainEqual(expect.stringContaining(app.appId));
  });

  it('never brings back an app app:remove removed, and says so', async () => {
    const app = newApp();
    await seed([app]);
    await removeMiniProgramApp(context.models, app.appId);
    const report = await seed([app]);
    expect(report.added).toEqual([]);
    expect(report.warnings).toContainEqual(
      warningAbout(app.appId, 'which app:remove removed at .*it stays removed'),
    );
    expect(await rowsOf(app.appId)).toEqual([
      { addedBy: 'environment', removedBy: 'cli', secret: app.secret },
    ]);
  });

  it('leaves an app it added and no longer names active, and says so', async () => {
    const app = newApp();
    await seed([app]);
    const report = await seed([newApp()]);
    expect(report.warnings).toContainEqual(
      warningAbout(app.appId, 'no longer names it; it stays active until app:remove'),
    );
    expect(await rowsOf(app.appId)).toEqual([
      { addedBy: 'environment', removedBy: null, secret: app.secret },
    ]);
  });

  it('after a DATA_KEY rotation, reseals what it added and names what must be added again', async () => {
    const fromEnvironment = newApp();
    const fromCli = newApp();
    const oldBox = createSecretBox(randomBytes(32));
    await seed([fromEnvironment], oldBox);
    await addMiniProgramApp(context.models, oldBox, fromCli);

    const report = await seed([fromEnvironment, fromCli]);
    expect(report.resealed).toEqual([fromEnvironment.appId]);
    expect((await rowsOf(fromEnvironment.appId)).at(-1)).toEqual({
      addedBy: 'environment',
      removedBy: null,
      secret: fromEnvironment.secret,
    });
    expect(report.warnings).toContainEqual(
      warningAbout(fromCli.appId, 'cannot be opened with this DATA_KEY.*app:remove and app:add'),
    );
    expect(await rowsOf(fromCli.appId)).toEqual([
      { addedBy: 'cli', removedBy: null, secret: 'unreadable' },
    ]);
  });

  it('lets instances that start together add each app once', async () => {
    const apps = [newApp(), newApp()];
    const reports = await Promise.all(Array.from({ length: 4 }, () => seed(apps)));
    expect(reports.flatMap((report) => report.added).sort()).toEqual(
      apps.map((app) => app.appId).sort(),
    );
    for (const app of apps) expect(await rowsOf(app.appId)).toHaveLength(1);
  });
});
