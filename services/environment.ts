/**
 * What a service step is given instead of detecting it: where things go, which variables the
 * JVMs and Maven see, how a process is started and where progress lines go. EC2 nodes
 * (bootstrap roles) and the local bed differ only in the environment they pass in; no step
 * assumes loopback or reads `process.env`.
 */
/** Environment variables as given (a snapshot the entry point passes in). */
export type Variables = Readonly<Record<string, string | undefined>>;

export interface ServiceEnvironment {
  /**
   * Variables the started JVMs and Maven get, also where `JAVA_HOME`, `PATH`,
   * `TESTBED_JAVA_HOME`, `MAVEN_HOME` and the cache directory (`TESTBED_CACHE_DIR`, see
   * `cacheDir`) are looked up.
   */
  readonly variables: Variables;
  /** How a service process is started (local: an owned process group; EC2: the same or systemd). */
  readonly runner: ProcessRunner;
  /** Progress lines. */
  readonly log: (line: string) => void;
}

/** How to start one service process. */
export interface ProcessSpec {
  /** Human name used in messages ("cassandra node 2 (10.0.1.12)"). */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: Variables;
  /** stdout and stderr are appended here. */
  readonly outputFile: string;
  /**
   * A string in the command line that identifies the process as ours, so a pid read back later is
   * never mistaken for an unrelated process that reused it.
   */
  readonly marker: string;
}

/** Options of {@link RunningProcess.waitUntilReady}. */
export interface ReadyWait {
  readonly description: string;
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  readonly maxIntervalMs?: number;
  readonly signal?: AbortSignal;
}

/** A started service process as the steps see it. */
export interface RunningProcess {
  readonly pid: number;
  isAlive(): boolean;
  /** Waits (bounded) until `probe` passes; fails at once if the process exits meanwhile. */
  waitUntilReady(probe: () => Promise<boolean>, options: ReadyWait): Promise<void>;
  /** Graceful stop, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<unknown>;
  /** kill -9, waiting (bounded) until it is gone. */
  kill(): Promise<void>;
}

/** Starts service processes. */
export interface ProcessRunner {
  start(spec: ProcessSpec): RunningProcess;
}
