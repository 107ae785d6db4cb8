import { DEFAULT_SPEC_PATH } from '../../src/routes/docs-routes';
import type { TestContext } from '../support/test-context';
import { createTestContext } from '../support/test-context';
import type { Endpoint } from '../support/mounted-routes';
import { mountedEndpoints } from '../support/mounted-routes';
import { documentedEndpoints } from '../support/openapi-paths';

const names = (endpoints: Endpoint[]) =>
  endpoints.map(({ method, path }) => `${method} ${path}`).sort();

describe('docs/openapi.yaml and the server', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(() => context.close());

  it('documents every route the server mounts, and nothing it does not', () => {
    const mounted = names(mountedEndpoints(context.app));
    const documented = names(documentedEndpoints(DEFAULT_SPEC_PATH));
    // The walk must find the routers at all, or the comparison below proves nothing.
    expect(mounted).toEqual(expect.arrayContaining(['PUT /api/my/bind-weixin', 'GET /healthz']));
    expect(mounted.length).toBeGreaterThanOrEqual(18);
    expect({ undocumented: mounted.filter((name) => !documented.includes(name)) }).toEqual({
      undocumented: [],
    });
    expect({ notServed: documented.filter((name) => !mounted.includes(name)) }).toEqual({
      notServed: [],
    });
  });
});
