import { policies } from 'cassandra-driver';

// The typings order the decision enum differently from the runtime; read the runtime value.
const RETRY = (policies.retry.RetryPolicy as unknown as { retryDecision: { retry: number } })
  .retryDecision.retry;

/** The driver's default retry decisions, with each retry counted for the operation it belongs to. */
export class CountingRetryPolicy extends policies.retry.RetryPolicy {
  constructor(private readonly count: () => void) {
    super();
  }
  private counted(decision: policies.retry.DecisionInfo): policies.retry.DecisionInfo {
    if (decision.decision === RETRY) this.count();
    return decision;
  }
  override onReadTimeout(...args: Parameters<policies.retry.RetryPolicy['onReadTimeout']>) {
    return this.counted(super.onReadTimeout(...args));
  }
  override onWriteTimeout(...args: Parameters<policies.retry.RetryPolicy['onWriteTimeout']>) {
    return this.counted(super.onWriteTimeout(...args));
  }
  override onUnavailable(...args: Parameters<policies.retry.RetryPolicy['onUnavailable']>) {
    return this.counted(super.onUnavailable(...args));
  }
  override onRequestError(...args: Parameters<policies.retry.RetryPolicy['onRequestError']>) {
    return this.counted(super.onRequestError(...args));
  }
}
