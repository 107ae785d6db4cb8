import type { PhaseResult } from './load';

/** The performance targets on a 2-core machine at 32 connections (docs/performance.md). */
export const TARGETS = { minRatio: 0.6, maxP99Ms: 50, maxRssMb: 200 };

export interface EndpointResult {
  name: string;
  title: string;
  server: PhaseResult;
  baseline: PhaseResult;
  /** Server requests/s ÷ baseline requests/s. */
  ratio: number;
  meets: { ratio: boolean; p99: boolean; rss: boolean };
}

export function judge(
  name: string,
  title: string,
  server: PhaseResult,
  baseline: PhaseResult,
): EndpointResult {
  const ratio = baseline.rps > 0 ? server.rps / baseline.rps : 0;
  return {
    name,
    title,
    server,
    baseline,
    ratio,
    meets: {
      ratio: ratio >= TARGETS.minRatio,
      p99: server.p99Ms < TARGETS.maxP99Ms,
      rss: server.rssPeakMb < TARGETS.maxRssMb,
    },
  };
}

const mark = (ok: boolean) => (ok ? '✓' : '✗');

/** The table, as printed and as pasted into docs/performance.md (a Markdown table). */
export function formatTable(results: EndpointResult[]): string {
  const header =
    '| endpoint | side | req/s | p50 ms | p99 ms | non-2xx | errors | RSS MB | CPU ms/req | ratio |';
  const rule = '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |';
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
        String(server.p50Ms),
        `${server.p99Ms} ${mark(meets.p99)}`,
        String(server.non2xx),
        String(server.errors),
        `${server.rssPeakMb.toFixed(0)} ${mark(meets.rss)}`,
        cpu(server),
        `${result.ratio.toFixed(2)} ${mark(meets.ratio)}`,
      ]),
      row([
        '',
        'baseline',
        baseline.rps.toFixed(0),
        String(baseline.p50Ms),
        String(baseline.p99Ms),
        String(baseline.non2xx),
        String(baseline.errors),
        baseline.rssPeakMb.toFixed(0),
        cpu(baseline),
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
