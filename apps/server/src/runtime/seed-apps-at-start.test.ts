import { removeMiniProgramApp } from '../libraries/mini-program-apps';
import { uniqueMiniProgramApp } from '../../test/support/test-data';
import type { TestContext } from '../../test/support/test-context';
import { createTestContext } from '../../test/support/test-context';
import { seedAppsAtStart } from './seed-apps-at-start';

describe('seedAppsAtStart', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(() => context.close());

  const linesAbout = (appId: string) =>
    context.logLines.map((line) => JSON.parse(line)).filter((entry) => line(entry).includes(appId));
  const line = (entry: Record<string, unknown>) => JSON.stringify(entry);

  it('logs what it added, and warns at start about a removed app the setting still names', async () => {
    const app = uniqueMiniProgramApp();
    const start = () => seedAppsAtStart({ ...context.deps, apps: [app] });

    await start();
    expect(linesAbout(app.appId)).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'mini-program apps added from WECHAT_MINIPROGRAM_APPS',
      }),
    ]);
    await removeMiniProgramApp(context.models, app.appId);
    await start();
    expect(linesAbout(app.appId).at(-1)).toMatchObject({
      level: 40,
      msg: expect.stringContaining('which app:remove removed at'),
    });
    expect(context.logLines.join('')).not.toContain(app.secret);
  });
});
