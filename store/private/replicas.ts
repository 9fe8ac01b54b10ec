/**
 * Which replicas hold a key's partition, from the driver's token map: what lets bulk calls send
 * the keys of one replica set in one request (see `bulkGrouping`).
 */
import driver, { type Client, type Host } from 'cassandra-driver';

import { formatCqlType, type CqlType } from '../settings/cql-types';

type TypeInfo = { code: number; info?: unknown };

/** The driver's value encoder and type names: exported by the package, absent from its typings. */
interface ValueEncoder {
  encode(value: unknown, typeInfo: TypeInfo): Buffer | null;
}
const untyped = driver as unknown as {
  Encoder: new (version: number, options: unknown) => ValueEncoder;
  types: { dataTypes: { getByName(name: string): TypeInfo } };
};

/** A partition column: its CQL type, or `blob` when the field is stored serialized. */
export interface PartitionColumn {
  readonly type: CqlType;
  readonly serialized: boolean;
}

/**
 * Serializes partition keys exactly as Cassandra hashes them, and names the replica set of each.
 * Two keys with the same {@link ReplicaRouter.routingKey} bytes are the same partition.
 */
export class ReplicaRouter {
  private readonly encoder: ValueEncoder;
  private readonly typeInfos: TypeInfo[];
  /** Replica lists of the token map are shared per token: their ids are computed once. */
  private readonly setIds = new WeakMap<readonly Host[], string>();

  private constructor(
    private readonly client: Client,
    private readonly keyspace: string,
    typeInfos: TypeInfo[],
  ) {
    // Protocol v4 and later encode every value type identically; routing keys are what v4 sends.
    this.encoder = new untyped.Encoder(
      driver.types.protocolVersion.v4,
      (client as unknown as { options: unknown }).options,
    );
    this.typeInfos = typeInfos;
  }

  /**
   * A router for a table's partition columns, or why there is none (a column type the driver's
   * encoder does not know): the caller reports that, since bulk calls then go ungrouped.
   */
  static create(
    client: Client,
    keyspace: string,
    columns: readonly PartitionColumn[],
  ): { readonly router: ReplicaRouter } | { readonly problem: string } {
    const infos: TypeInfo[] = [];
    for (const c of columns) {
      const name = c.serialized ? 'blob' : formatCqlType(c.type);
      try {
        infos.push(untyped.types.dataTypes.getByName(name));
      } catch (error) {
        return {
          problem: `the driver cannot compute routing keys of partition column type ${name} (${error instanceof Error ? error.message : String(error)})`,
        };
      }
    }
    return { router: new ReplicaRouter(client, keyspace, infos) };
  }

  /**
   * The serialized partition key of bound parameters (partition columns first), as the driver
   * routes it: the value itself for one column, length-prefixed components for several. Throws
   * when a value cannot be encoded (the statement would fail too).
   */
  routingKey(params: readonly unknown[]): Buffer {
    const infos = this.typeInfos;
    if (infos.length === 1) return this.encode(params[0], infos[0] as { code: number });
    const parts = infos.map((info, i) => this.encode(params[i], info));
    const out = Buffer.allocUnsafe(parts.reduce((n, p) => n + p.length + 3, 0));
    let at = 0;
    for (const p of parts) {
      at = out.writeUInt16BE(p.length, at);
      at += p.copy(out, at);
      at = out.writeUInt8(0, at);
    }
    return out;
  }

  /** The bytes of one partition-column value, as in the routing key. */
  encode(value: unknown, info: TypeInfo): Buffer {
    const b = this.encoder.encode(value, info);
    if (!b) throw new TypeError('a partition key column is null');
    return b;
  }

  /** The type of the first partition column, for {@link ReplicaRouter.encode}. */
  get firstType(): TypeInfo {
    return this.typeInfos[0] as TypeInfo;
  }

  /**
   * An id shared by every routing key whose partition has the same replicas; undefined when the
   * driver has no token map for the keyspace (metadata not loaded yet, or disabled).
   */
  replicaSet(routingKey: Buffer): string | undefined {
    const replicas = this.client.getReplicas(this.keyspace, routingKey) as
      readonly Host[] | null | undefined;
    if (!replicas?.length) return undefined;
    let id = this.setIds.get(replicas);
    if (id === undefined) {
      id = replicas
        .map((h) => h.address)
        .sort()
        .join(',');
      this.setIds.set(replicas, id);
    }
    return id;
  }
}
