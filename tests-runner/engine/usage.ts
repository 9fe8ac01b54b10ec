/** Client resource use of one phase: CPU time of this process and its peak memory. */
export class UsageMeter {
  private readonly cpuStart = process.cpuUsage();
  private cpu: NodeJS.CpuUsage | undefined;
  private rssMaxBytes = 0;
  private heapUsedMaxBytes = 0;

  constructor() {
    this.sample();
  }

  /** Samples memory (called by the once-a-second ticker and at the phase end). */
  sample(): void {
    const m = process.memoryUsage();
    if (m.rss > this.rssMaxBytes) this.rssMaxBytes = m.rss;
    if (m.heapUsed > this.heapUsedMaxBytes) this.heapUsedMaxBytes = m.heapUsed;
  }

  /** Ends the CPU measurement (the phase is over; later work belongs to the next phase). */
  stop(): void {
    this.sample();
    this.cpu ??= process.cpuUsage(this.cpuStart);
  }

  finish(durationMs: number): {
    cpuUserMs: number;
    cpuSystemMs: number;
    cpuCoreFraction: number;
    rssMaxBytes: number;
    heapUsedMaxBytes: number;
  } {
    this.stop();
    const cpu = this.cpu ?? process.cpuUsage(this.cpuStart);
    const cpuUserMs = cpu.user / 1000;
    const cpuSystemMs = cpu.system / 1000;
    return {
      cpuUserMs,
      cpuSystemMs,
      cpuCoreFraction: durationMs > 0 ? (cpuUserMs + cpuSystemMs) / durationMs : 0,
      rssMaxBytes: this.rssMaxBytes,
      heapUsedMaxBytes: this.heapUsedMaxBytes,
    };
  }
}
