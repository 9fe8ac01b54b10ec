import {
  currentServers,
  ignitePorts,
  startIgniteNode,
  type IgniteNodeSettings,
  type RunningProcess,
  type ServiceEnvironment,
} from '../../services';
import { JvmNode, type JvmNodeSpec, type NodeStartOptions } from '../jvm-node';

/** One Ignite server node: its Spring configuration plus where it runs. */
export interface IgniteNodeSpec extends JvmNodeSpec, IgniteNodeSettings {}

/** One local Ignite 2.x server node on a loopback alias, started by the `services/` Ignite step. */
export class IgniteNode extends JvmNode<IgniteNodeSpec> {
  get name(): string {
    return `ignite node ${this.spec.index} (${this.spec.address})`;
  }

  /** `host:port` of the thin-client connector. */
  get clientEndpoint(): string {
    return `${this.spec.address}:${this.spec.config.clientPort ?? 10800}`;
  }

  get configFile(): string {
    return this.file('ignite-config.xml');
  }

  /** Ignite logs INFO to stdout with IGNITE_QUIET=false: the captured output is its log. */
  get logFiles(): readonly string[] {
    return [];
  }

  protected get ports(): readonly number[] {
    return ignitePorts(this.spec.config);
  }

  protected startStep(env: ServiceEnvironment, options: NodeStartOptions): Promise<RunningProcess> {
    return startIgniteNode(env, this.runtime, {
      ...this.spec,
      name: this.name,
      marker: this.marker,
      ...options,
    });
  }

  /** Server nodes in the topology this node saw last. */
  currentServers(): number {
    return currentServers(this.spec.dir);
  }
}
