import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { loadConfig, settingNames } from '../../src/config';
import type { TestContext } from '../support/test-context';
import { createTestContext } from '../support/test-context';

/**
 * deploy/k8s as `kubectl kustomize` renders it, checked against the server itself: the port it
 * listens on, the probe paths it serves, the variables config.ts reads, the secrets it needs, and
 * a grace period that outlasts its shutdown.
 */
const k8sDir = path.resolve(__dirname, '../../../../deploy/k8s');

/* eslint-disable @typescript-eslint/no-explicit-any */
type Manifest = any;

function render(): Manifest[] {
  const result = spawnSync('kubectl', ['kustomize', k8sDir], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new Error(
      'kubectl kustomize failed; these tests need kubectl (Debian: apt-get install kubernetes-client)\n' +
        (result.error?.message ?? result.stderr),
    );
  }
  return parseAllDocuments(result.stdout).map((document) => document.toJS());
}

const manifests = render();
const ofKind = (kind: string): Manifest[] => manifests.filter((m) => m.kind === kind);
const one = (kind: string): Manifest => {
  const found = ofKind(kind);
  expect(found).toHaveLength(1);
  return found[0];
};
const configMap = one('ConfigMap');
const deployment = one('Deployment');
const job = one('Job');
const server = deployment.spec.template.spec.containers[0];
const podSpecs = [deployment.spec.template.spec, job.spec.template.spec];
const containers = podSpecs.flatMap((spec) => spec.containers);

/** What a pod's environment holds: the ConfigMap's values and a stand-in for every secret. */
function podEnvironment(container: Manifest): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    expect(source.configMapRef.name).toBe(configMap.metadata.name);
    Object.assign(env, configMap.data);
  }
  for (const variable of container.env ?? []) {
    if (variable.valueFrom?.secretKeyRef?.optional) continue;
    env[variable.name] = variable.value ?? standIn(variable.name);
  }
  return env;
}
function standIn(name: string): string {
  const values: Record<string, string> = {
    DATABASE_URL: 'postgres://wechat_bind@postgres.internal:5432/wechat_bind',
    REDIS_URL: 'redis://redis.internal:6379/0',
    JWT_SECRET: randomBytes(48).toString('base64url'),
    DATA_KEY: randomBytes(32).toString('base64'),
  };
  return values[name] ?? `stand-in-${name}`;
}

describe('the Kubernetes manifests (deploy/k8s)', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(async () => {
    await context.close();
  });

  it('hold a Deployment, a Service, an HPA, a PodDisruptionBudget and a migration Job', () => {
    for (const kind of [
      'Deployment',
      'Service',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
    ]) {
      expect(ofKind(kind)).toHaveLength(1);
    }
    expect(job.spec.template.spec.containers[0].command).toEqual([
      'node',
      'apps/server/dist/cli/migrate-main.js',
      'up',
    ]);
    expect(one('HorizontalPodAutoscaler').spec.scaleTargetRef.name).toBe(deployment.metadata.name);
  });

  it('name only variables that config.ts reads', () => {
    const named = [
      ...Object.keys(configMap.data),
      ...containers.flatMap((container: Manifest) => (container.env ?? []).map((e: any) => e.name)),
    ];
    expect(named.filter((name) => !settingNames.includes(name))).toEqual([]);
  });

  it('give each pod a production configuration the server accepts', () => {
    for (const container of containers) {
      const config = loadConfig(podEnvironment(container));
      expect(config.nodeEnv).toBe('production');
    }
  });

  it('take JWT_SECRET and DATA_KEY (and the connection URLs) from the Secret', () => {
    for (const container of containers) {
      const fromSecret = Object.fromEntries(
        (container.env ?? []).map((e: any) => [e.name, e.valueFrom?.secretKeyRef?.name]),
      );
      for (const name of ['JWT_SECRET', 'DATA_KEY', 'DATABASE_URL', 'REDIS_URL']) {
        expect({ name, secret: fromSecret[name] }).toEqual({ name, secret: 'wechat-bind-secrets' });
      }
    }
    expect(Object.keys(configMap.data)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/SECRET|KEY|PASSWORD|TOKEN/)]),
    );
  });

  it('expose the port the server listens on, through the Service', () => {
    const config = loadConfig(podEnvironment(server));
    const port = server.ports.find((p: Manifest) => p.name === 'http');
    expect(port.containerPort).toBe(config.port);
    const service = one('Service');
    expect(service.spec.ports[0].targetPort).toBe('http');
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(one('PodDisruptionBudget').spec.selector.matchLabels).toEqual(
      deployment.spec.selector.matchLabels,
    );
  });

  it('probe the paths the server serves: liveness /healthz, readiness /readyz', async () => {
    expect(server.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(server.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    for (const probe of [server.livenessProbe, server.readinessProbe, server.startupProbe]) {
      const reply = await request(context.app.callback()).get(probe.httpGet.path);
      expect({ path: probe.httpGet.path, status: reply.status }).toEqual({
        path: probe.httpGet.path,
        status: 200,
      });
    }
  });

  it('let a stopping pod finish: the grace period outlasts preStop plus the shutdown timeout', () => {
    const config = loadConfig(podEnvironment(server));
    const preStopSeconds = server.lifecycle?.preStop?.sleep?.seconds ?? 0;
    const grace = deployment.spec.template.spec.terminationGracePeriodSeconds;
    expect(grace * 1000).toBeGreaterThan(config.shutdownTimeoutMs + preStopSeconds * 1000);
  });

  it('run as a non-root user without privilege escalation', () => {
    for (const spec of podSpecs) expect(spec.securityContext.runAsNonRoot).toBe(true);
    for (const container of containers) {
      expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
    }
  });
});
