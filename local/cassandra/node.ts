import {
  cassandraLogFile,
  startCassandraNode,
  type CassandraNodeConfig,
  type RunningProcess,
  type ServiceEnvironment,
} from '../../services';
import { JvmNode, type JvmNodeSpec, type NodeStartOptions } from '../jvm-node';

/** Everything needed to (re)start one node; also what the CLI's state file stores. */
export interface CassandraNodeSpec extends JvmNodeSpec, CassandraNodeConfig {}

/** One local Cassandra node on a loopback alias, started by the `services/` Cassandra step. */
export class CassandraNode extends JvmNode<CassandraNodeSpec> {
  get name(): string {
    return `cassandra node ${this.spec.index} (${this.spec.address})`;
  }

  /** `host:port` of the node's CQL endpoint. */
  get contactPoint(): string {
    return `${this.spec.address}:${this.spec.nativePort}`;
  }

  get logFiles(): readonly string[] {
    return [cassandraLogFile(this.spec.dir)];
  }

  protected get ports(): readonly number[] {
    return [this.spec.nativePort, this.spec.storagePort];
  }

  protected startStep(env: ServiceEnvironment, options: NodeStartOptions): Promise<RunningProcess> {
    return startCassandraNode(env, this.runtime, {
      ...this.spec,
      name: this.name,
      marker: this.marker,
      ...options,
    });
  }
}
