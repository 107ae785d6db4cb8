/**
 * The latencies of one phase's 2xx replies, to a hundredth of a millisecond. autocannon's own
 * percentiles come from a histogram of whole milliseconds, and a light GET's p99 is 3 to 5 ms:
 * one step of that histogram is a quarter of the figure, more than the 1.2× a scale run judges.
 * The replies' own durations (autocannon measures each with the high-resolution clock) are kept
 * here instead, and the percentiles read from them sorted.
 */
export class Latencies {
  private values = new Float64Array(4096);
  private count = 0;
  private sorted = true;

  /** One reply's latency in milliseconds. */
  record(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`not a latency: ${ms}`);
    if (this.count === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count++] = ms;
    this.sorted = false;
  }

  get size(): number {
    return this.count;
  }

  /**
   * The nearest-rank percentile: the smallest recorded value that `p` percent of the values are
   * at or below (so p100 is the maximum). Rounded to a hundredth of a millisecond; 0 when nothing
   * was recorded, as autocannon answers.
   */
  percentile(p: number): number {
    if (!(p > 0 && p <= 100)) throw new Error(`percentile out of range: ${p}`);
    if (this.count === 0) return 0;
    if (!this.sorted) {
      this.values.subarray(0, this.count).sort();
      this.sorted = true;
    }
    const rank = Math.ceil((p / 100) * this.count);
    return Math.round(this.values[rank - 1]! * 100) / 100;
  }
}

/** A latency as the tables print it: a tenth of a millisecond below 100 ms, whole ones above. */
export const formatMs = (ms: number): string => (ms < 100 ? ms.toFixed(1) : ms.toFixed(0));
