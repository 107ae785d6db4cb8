import type { RequestParams } from 'autocannon';
import autocannon from 'autocannon';
import { cpuMs, rssBytes } from './child-process';
import { Latencies } from './latencies';

export interface PhaseResult {
  requests: number;
  durationSec: number;
  rps: number;
  /** Latencies of the 2xx replies, in ms to a hundredth (latencies.ts). */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Responses other than 2xx, by status. */
  non2xx: number;
  statusCodes: Record<string, number>;
  /** Connection errors and timeouts. */
  errors: number;
  /** Peak resident memory of the process under load, sampled every 250 ms. */
  rssPeakMb: number;
  /**
   * CPU time the process under load spent per request (Linux only). Unlike requests/s it hardly
   * depends on what else the machine is doing, so it compares runs made at different times.
   */
  cpuMsPerRequest?: number;
}

export interface PhaseInput {
  label: string;
  url: string;
  pid: number;
  connections: number;
  /**
   * The requests, taken in turn. With `exhaust` each is sent once (single-use codes and
   * signatures): the phase ends when all have answered. Otherwise the list repeats for `durationSec`.
   */
  requests: RequestParams[];
  exhaust: boolean;
  durationSec: number;
  /** Progress on one line that updates in place (a terminal), else one line at the end. */
  live: boolean;
}

/** One autocannon run against one process, with a progress line and the process's peak RSS. */
export function runPhase(input: PhaseInput): Promise<PhaseResult> {
  let next = 0;
  let responses = 0;
  let non2xx = 0;
  let rssPeak = 0;
  const latencies = new Latencies();
  // The phase's time runs from its start to its last reply. autocannon notices that a phase of
  // single-use requests is done only on its next once-a-second tick, so its own duration is
  // rounded up to whole seconds: 500 replies in 1.2 s would count as 500 in 2.
  const startedAt = performance.now();
  let lastReplyAt = startedAt;
  const sample = () => {
    rssPeak = Math.max(rssPeak, rssBytes(input.pid) ?? 0);
  };
  const progress = (elapsedSec = (performance.now() - startedAt) / 1000) =>
    `  ${input.label.padEnd(34)} ${elapsedSec.toFixed(1).padStart(5)} s ` +
    `${String(responses).padStart(7)} replies ${String(non2xx).padStart(5)} non-2xx`;
  sample();
  const cpuBefore = cpuMs(input.pid);
  const sampler = setInterval(sample, 250);
  const ticker = input.live
    ? setInterval(() => process.stdout.write(`\r${progress()}`), 500)
    : undefined;

  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: input.url,
        // autocannon refuses more connections than requests (a short run, --requests 5, say).
        connections: input.exhaust
          ? Math.min(input.connections, input.requests.length)
          : input.connections,
        timeout: 30,
        ...(input.exhaust ? { amount: input.requests.length } : { duration: input.durationSec }),
        requests: [
          {
            setupRequest: (request) => ({
              ...request,
              ...input.requests[next++ % input.requests.length],
            }),
          },
        ],
      },
      (error, result) => {
        clearInterval(sampler);
        if (ticker) clearInterval(ticker);
        const cpuAfter = cpuMs(input.pid);
        const cpuMsPerRequest =
          cpuBefore !== undefined && cpuAfter !== undefined && responses > 0
            ? (cpuAfter - cpuBefore) / responses
            : undefined;
        const cpu =
          cpuMsPerRequest === undefined ? '' : ` ${cpuMsPerRequest.toFixed(3)} CPU ms/req`;
        const durationSec = (lastReplyAt - startedAt) / 1000;
        process.stdout.write(`${input.live ? '\r' : ''}${progress(durationSec)}${cpu}\n`);
        if (error) {
          reject(error);
          return;
        }
        const statusCodes = Object.fromEntries(
          Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
        );
        resolve({
          requests: result.requests.total,
          durationSec,
          rps: durationSec > 0 ? result.requests.total / durationSec : 0,
          p50Ms: latencies.percentile(50),
          p99Ms: latencies.percentile(99),
          maxMs: latencies.percentile(100),
          non2xx: result.non2xx,
          statusCodes,
          errors: result.errors + result.timeouts,
          rssPeakMb: rssPeak / 1024 / 1024,
          cpuMsPerRequest,
        });
      },
    );
    // The latencies of 2xx replies only, as autocannon's own percentiles are.
    instance.on(
      'response',
      (_client: unknown, statusCode: number, _bytes: number, responseTimeMs: number) => {
        responses += 1;
        lastReplyAt = performance.now();
        if (statusCode < 200 || statusCode >= 300) non2xx += 1;
        else latencies.record(responseTimeMs);
      },
    );
  });
}

/** Round `round`'s part of `total` single-use requests: as even as it can be, all of them used. */
export const roundShare = (total: number, rounds: number, round: number) =>
  Math.floor((total * (round + 1)) / rounds) - Math.floor((total * round) / rounds);

/**
 * The rounds of one side as one phase: requests, time and CPU added up (so requests/s and CPU
 * ms/req are over all of them), the median p50, the worst p99, max and RSS.
 */
export function combinePhases(rounds: PhaseResult[]): PhaseResult {
  if (rounds.length === 1) return rounds[0]!;
  const sum = (pick: (phase: PhaseResult) => number) =>
    rounds.reduce((total, phase) => total + pick(phase), 0);
  const requests = sum((phase) => phase.requests);
  const durationSec = sum((phase) => phase.durationSec);
  const p50s = rounds.map((phase) => phase.p50Ms).sort((a, b) => a - b);
  const statusCodes: Record<string, number> = {};
  for (const phase of rounds) {
    for (const [code, count] of Object.entries(phase.statusCodes))
      statusCodes[code] = (statusCodes[code] ?? 0) + count;
  }
  const cpuMeasured = rounds.every((phase) => phase.cpuMsPerRequest !== undefined);
  return {
    requests,
    durationSec,
    rps: durationSec > 0 ? requests / durationSec : 0,
    p50Ms: p50s[Math.floor(p50s.length / 2)]!,
    p99Ms: Math.max(...rounds.map((phase) => phase.p99Ms)),
    maxMs: Math.max(...rounds.map((phase) => phase.maxMs)),
    non2xx: sum((phase) => phase.non2xx),
    statusCodes,
    errors: sum((phase) => phase.errors),
    rssPeakMb: Math.max(...rounds.map((phase) => phase.rssPeakMb)),
    cpuMsPerRequest:
      cpuMeasured && requests > 0
        ? sum((phase) => phase.cpuMsPerRequest! * phase.requests) / requests
        : undefined,
  };
}
