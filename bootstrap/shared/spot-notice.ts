/**
 * Watches the instance metadata service (IMDSv2) for a spot interruption notice: AWS gives a spot
 * node two minutes' warning at `/latest/meta-data/spot/instance-action` (404 until then). A load
 * test that loses its node part-way measures something else, so the notice ends the node's run and
 * the run is recorded as invalid.
 */

/** The notice as IMDS gives it, e.g. `{ action: 'terminate', time: '2026-12-08T02:40:00Z' }`. */
export interface SpotNotice {
  readonly action: string;
  readonly time: string;
}

/** Properties of {@link watchSpotNotice}. */
export interface SpotWatchProps {
  /** The metadata service, e.g. `http://169.254.169.254`. */
  readonly endpoint: string;
  readonly onNotice: (notice: SpotNotice) => void;
  /** How often to ask. @default 5000 */
  readonly intervalMs?: number;
  /** Each request's bound. @default 2000 */
  readonly requestTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

/** One look: the notice, or undefined when there is none (404). Throws when IMDS cannot answer. */
export async function readSpotNotice(
  endpoint: string,
  requestTimeoutMs = 2000,
): Promise<SpotNotice | undefined> {
  const base = endpoint.replace(/\/$/, '');
  const tokenResponse = await fetch(`${base}/latest/api/token`, {
    method: 'PUT',
    headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '300' },
    signal: AbortSignal.timeout(requestTimeoutMs),
  });
  if (!tokenResponse.ok) throw new Error(`IMDS token: HTTP ${tokenResponse.status}`);
  const token = await tokenResponse.text();
  const response = await fetch(`${base}/latest/meta-data/spot/instance-action`, {
    headers: { 'X-aws-ec2-metadata-token': token },
    signal: AbortSignal.timeout(requestTimeoutMs),
  });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`IMDS spot/instance-action: HTTP ${response.status}`);
  const body = (await response.json()) as { action?: unknown; time?: unknown };
  return {
    action: typeof body.action === 'string' ? body.action : 'unknown',
    time: typeof body.time === 'string' ? body.time : '',
  };
}

/**
 * Asks every `intervalMs` until a notice comes (reported once) or the returned stop function is
 * called. A failed look is logged and retried at the next interval: it never fails the node.
 */
export function watchSpotNotice(props: SpotWatchProps): () => void {
  const interval = props.intervalMs ?? 5000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let lastError = '';
  const look = async (): Promise<void> => {
    try {
      const notice = await readSpotNotice(props.endpoint, props.requestTimeoutMs);
      if (stopped) return;
      if (notice) {
        stopped = true;
        props.onNotice(notice);
        return;
      }
    } catch (error) {
      const message = (error as Error).message;
      if (message !== lastError) props.log?.(`spot notice: cannot ask IMDS (${message}); retrying`);
      lastError = message;
    }
    if (!stopped) timer = setTimeout(() => void look(), interval);
  };
  void look();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
