import type { ExplainedPlan } from './explain';
import { formatMs } from './latencies';
import type { PhaseResult } from './load';
import { combinePhases } from './load';

/**
 * The performance targets (docs/performance.md): the server's requests/s at least `minRatio` of
 * the baseline's in the same run and its CPU per request at most `maxCpuRatio` times the
 * baseline's, its RSS under `maxRssMb`, and the GETs' p99 under `maxP99Ms` when loaded by
 * `p99Connections` connections (the p99 of a single-use endpoint, or at more connections, is
 * queueing and is printed unjudged).
 */
export const TARGETS = {
  minRatio: 0.85,
  maxCpuRatio: 1.2,
  maxRssMb: 160,
  maxP99Ms: 30,
  p99Connections: 8,
};

/** Whether a phase's p99 is held to TARGETS.maxP99Ms: only a GET's, at p99Connections or fewer. */
export const p99Judged = (method: string, connections: number) =>
  method === 'GET' && connections <= TARGETS.p99Connections;

export interface EndpointResult {
  name: string;
  title: string;
  server: PhaseResult;
  baseline: PhaseResult;
  /** Server requests/s ÷ baseline requests/s. */
  ratio: number;
  /** Server CPU ms/req ÷ baseline CPU ms/req, when both were measured. */
  cpuRatio?: number;
  /**
   * The lowest and highest of the rounds' own CPU ratios (each server round against the baseline
   * round it ran beside), when there were several: how far one run's figure can be trusted.
   */
  cpuRatioRounds?: { min: number; max: number };
  /** Whether each target is met; `p99` is undefined where it is not judged. */
  meets: { ratio: boolean; cpu?: boolean; p99?: boolean; rss: boolean };
}

const cpuRatioOf = (server: PhaseResult, baseline: PhaseResult) =>
  server.cpuMsPerRequest !== undefined && baseline.cpuMsPerRequest
    ? server.cpuMsPerRequest / baseline.cpuMsPerRequest
    : undefined;

/**
 * The spread of the CPU ratio over the rounds: round i of the server against round i of the
 * baseline, which ran next to it (the sides take turns). Undefined for a single round, or where a
 * round's CPU was not measured.
 */
export function cpuRatioRounds(
  server: PhaseResult[],
  baseline: PhaseResult[],
): { min: number; max: number } | undefined {
  if (server.length < 2 || server.length !== baseline.length) return undefined;
  const ratios = server.map((round, index) => cpuRatioOf(round, baseline[index]!));
  if (ratios.some((ratio) => ratio === undefined)) return undefined;
  const measured = ratios as number[];
  return { min: Math.min(...measured), max: Math.max(...measured) };
}

/** Each side's timed rounds of one endpoint, in the order they ran. */
export interface SideRounds {
  server: PhaseResult[];
  baseline: PhaseResult[];
}

/**
 * One endpoint's figures against the targets: each side's totals over its rounds, judged, and the
 * spread of the rounds where there were several.
 */
export function judge(
  name: string,
  title: string,
  rounds: SideRounds,
  judgeP99: boolean,
): EndpointResult {
  const server = combinePhases(rounds.server);
  const baseline = combinePhases(rounds.baseline);
  const ratio = baseline.rps > 0 ? server.rps / baseline.rps : 0;
  const cpuRatio = cpuRatioOf(server, baseline);
  return {
    name,
    title,
    server,
    baseline,
    ratio,
    cpuRatio,
    cpuRatioRounds: cpuRatioRounds(rounds.server, rounds.baseline),
    meets: {
      ratio: ratio >= TARGETS.minRatio,
      cpu: cpuRatio === undefined ? undefined : cpuRatio <= TARGETS.maxCpuRatio,
      p99: judgeP99 ? server.p99Ms < TARGETS.maxP99Ms : undefined,
      rss: server.rssPeakMb < TARGETS.maxRssMb,
    },
  };
}

const mark = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? ' ✓' : ' ✗');

/** The table, as printed and as pasted into docs/performance.md (a Markdown table). */
export function formatTable(results: EndpointResult[]): string {
  const header =
    "| endpoint | side | req/s | p50 ms | p99 ms | non-2xx | errors | RSS MB | CPU ms/req | ratio | CPU × | rounds' CPU × |";
  const rule =
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |';
  const cpu = (phase: PhaseResult) => phase.cpuMsPerRequest?.toFixed(2) ?? '-';
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const lines = [header, rule];
  for (const result of results) {
    const { server, baseline, meets } = result;
    lines.push(
      row([
        `\`${result.title}\``,
        'server',
        server.rps.toFixed(0),
        formatMs(server.p50Ms),
        `${formatMs(server.p99Ms)}${mark(meets.p99)}`,
        String(server.non2xx),
        String(server.errors),
        `${server.rssPeakMb.toFixed(0)}${mark(meets.rss)}`,
        cpu(server),
        `${result.ratio.toFixed(2)}${mark(meets.ratio)}`,
        result.cpuRatio === undefined ? '-' : `${result.cpuRatio.toFixed(2)}${mark(meets.cpu)}`,
        result.cpuRatioRounds
          ? `${result.cpuRatioRounds.min.toFixed(2)}–${result.cpuRatioRounds.max.toFixed(2)}`
          : '-',
      ]),
      row([
        '',
        'baseline',
        baseline.rps.toFixed(0),
        formatMs(baseline.p50Ms),
        formatMs(baseline.p99Ms),
        String(baseline.non2xx),
        String(baseline.errors),
        baseline.rssPeakMb.toFixed(0),
        cpu(baseline),
        '',
        '',
        '',
      ]),
    );
  }
  return lines.join('\n');
}

/** Status codes other than 2xx, so a failing phase says what it got. */
export function describeFailures(results: EndpointResult[]): string[] {
  const lines: string[] = [];
  for (const result of results) {
    for (const side of ['server', 'baseline'] as const) {
      const phase = result[side];
      const bad = Object.entries(phase.statusCodes).filter(([code]) => !code.startsWith('2'));
      if (bad.length > 0 || phase.errors > 0) {
        lines.push(
          `${result.title} (${side}): ${bad.map(([code, count]) => `${count}× ${code}`).join(', ')}` +
            (phase.errors > 0 ? ` ${phase.errors} connection errors/timeouts` : ''),
        );
      }
    }
  }
  return lines;
}

/** How far p99 and CPU per request may grow from the first size of a scale run to the others. */
export const SCALE_TARGET = 1.2;

/** One size of a scale run. */
export interface SizeResult {
  population: number;
  /** Of them, people seeded in bulk with SQL (the rest signed in through the server). */
  bulk: number;
  /** Seconds the bulk seeding of this size took (inserts, then VACUUM (ANALYZE)). */
  seedSec: number;
  results: EndpointResult[];
  /** What EXPLAIN said of each hot statement at this size. */
  plans: ExplainedPlan[];
}

export interface ScaleRow {
  name: string;
  title: string;
  side: 'server' | 'baseline';
  population: number;
  p99Ms: number;
  /** p99 ÷ p99 at the first size. */
  p99Ratio: number;
  cpuMsPerRequest?: number;
  /** CPU ms/req ÷ CPU ms/req at the first size. */
  cpuRatio?: number;
}

/** p99 and CPU ms/req of every endpoint and side at every size, relative to the first size. */
export function compareSizes(sizes: SizeResult[]): ScaleRow[] {
  const rows: ScaleRow[] = [];
  const first = sizes[0];
  if (!first) return rows;
  for (const size of sizes) {
    for (const result of size.results) {
      const reference = first.results.find((candidate) => candidate.name === result.name);
      if (!reference) continue;
      for (const side of ['server', 'baseline'] as const) {
        const phase = result[side];
        const base = reference[side];
        rows.push({
          name: result.name,
          title: result.title,
          side,
          population: size.population,
          p99Ms: phase.p99Ms,
          p99Ratio: base.p99Ms > 0 ? phase.p99Ms / base.p99Ms : 0,
          cpuMsPerRequest: phase.cpuMsPerRequest,
          cpuRatio:
            phase.cpuMsPerRequest !== undefined && base.cpuMsPerRequest
              ? phase.cpuMsPerRequest / base.cpuMsPerRequest
              : undefined,
        });
      }
    }
  }
  return rows;
}

/**
 * The comparison table of a scale run (Markdown): for each endpoint and side, p99 and CPU ms/req
 * at each size, the later sizes with their ratio to the first; the server's ratios marked against
 * SCALE_TARGET.
 */
export function formatScaleComparison(sizes: SizeResult[], rows: ScaleRow[]): string {
  const label = (population: number) => population.toLocaleString('en');
  const header = [
    '| endpoint | side |',
    ...sizes.map((size) => ` p99 ms @${label(size.population)} |`),
    ...sizes.map((size) => ` CPU ms/req @${label(size.population)} |`),
  ].join('');
  const rule = `| --- | --- |${' ---: |'.repeat(sizes.length * 2)}`;
  const lines = [header, rule];
  const first = sizes[0]?.population;
  const names = [...new Set(rows.map((row) => row.name))];
  for (const name of names) {
    for (const side of ['server', 'baseline'] as const) {
      const ofSide = sizes.map((size) =>
        rows.find(
          (row) => row.name === name && row.side === side && row.population === size.population,
        ),
      );
      const cell = (
        row: ScaleRow | undefined,
        value: (row: ScaleRow) => string,
        ratio: (row: ScaleRow) => number | undefined,
      ) => {
        if (!row) return '-';
        const r = ratio(row);
        if (row.population === first || r === undefined) return value(row);
        const mark = side === 'server' ? ` ${r <= SCALE_TARGET ? '✓' : '✗'}` : '';
        return `${value(row)} (${r.toFixed(2)}×${mark})`;
      };
      const title = side === 'server' ? `\`${ofSide.find(Boolean)?.title ?? name}\`` : '';
      lines.push(
        `| ${[
          title,
          side,
          ...ofSide.map((row) =>
            cell(
              row,
              (r) => formatMs(r.p99Ms),
              (r) => r.p99Ratio,
            ),
          ),
          ...ofSide.map((row) =>
            cell(
              row,
              (r) => r.cpuMsPerRequest?.toFixed(2) ?? '-',
              (r) => r.cpuRatio,
            ),
          ),
        ].join(' | ')} |`,
      );
    }
  }
  return lines.join('\n');
}
