/**
 * A lane is one worker's share of a workload: its own key range and key chooser and its own
 * reusable buffers for bulk calls. In the closed loop a lane is a worker; in the open loop a lane
 * is a slot of the in-flight window. Lanes never share state, so a call costs no coordination.
 */
import { keyChooser, type KeyChooser } from '../generators/key-choice';
import { keyIndexBase, type KeyGenerator } from '../generators/keys';
import type { ValueGenerator } from '../generators/values';
import type { OperationType } from '../operations';
import type { Target } from '../targets/target';
import type { OperationRecorder } from './recorder';
import type { LoadTestConfig } from '../config/schema';

/** A read that found no value or the wrong one, when reads are verified. */
export class VerificationError extends Error {
  constructor(readonly kind: 'value-missing' | 'value-mismatch') {
    super(kind === 'value-missing' ? 'the value was not found' : 'the value read differs');
  }
}
// Thrown for every failed check: one instance each, so a failing read allocates nothing.
const MISSING = new VerificationError('value-missing');
const MISMATCH = new VerificationError('value-mismatch');

export class Lane {
  private readonly chooser: KeyChooser;
  private readonly base: number;
  private readonly bulkSize: number;
  private readonly verify: boolean;
  private readonly keys: KeyGenerator;
  private readonly values: ValueGenerator;
  // Reused for every bulk call of this lane (targets must not keep them past the call).
  private readonly batch: [unknown, unknown][];
  private readonly batchKeys: unknown[];
  private readonly batchIndexes: number[];

  constructor(
    private readonly target: Target,
    config: LoadTestConfig,
    keys: KeyGenerator,
    values: ValueGenerator,
    lane: number,
  ) {
    this.chooser = keyChooser(config.keys.choice, config.keys.perWorker, config.keys.zipfianTheta);
    this.base = keyIndexBase(config.node.index, lane, config.keys.perWorker);
    this.bulkSize = config.bulkSize;
    this.verify = config.verifyReads;
    this.keys = keys;
    this.values = values;
    this.batch = Array.from({ length: this.bulkSize }, () => [undefined, undefined]);
    this.batchKeys = new Array<unknown>(this.bulkSize).fill(undefined);
    this.batchIndexes = new Array<number>(this.bulkSize).fill(0);
  }

  /** Entries one call of `op` carries. */
  entriesOf(op: OperationType): number {
    return op === 'bulkWrite' || op === 'bulkRead' || op === 'bulkDelete' ? this.bulkSize : 1;
  }

  /** Issues one call; resolves to the entries it carried. Misses are counted on `rec`. */
  call(op: OperationType, rec: OperationRecorder): Promise<number> {
    switch (op) {
      case 'write': {
        const i = this.base + this.chooser.next();
        return this.target.write(this.keys.generate(i), this.values.generate(i)).then(one);
      }
      case 'read':
        return this.read(rec);
      case 'delete':
        return this.target.delete(this.keys.generate(this.base + this.chooser.next())).then(one);
      case 'bulkWrite':
        for (const entry of this.batch) {
          const i = this.base + this.chooser.next();
          entry[0] = this.keys.generate(i);
          entry[1] = this.values.generate(i);
        }
        return this.target.writeAll(this.batch).then(() => this.bulkSize);
      case 'bulkRead':
        this.fillKeys();
        return this.target.readAll(this.batchKeys).then((found) => this.checkAll(found, rec));
      case 'bulkDelete':
        this.fillKeys();
        return this.target.deleteAll(this.batchKeys).then(() => this.bulkSize);
    }
  }

  private async read(rec: OperationRecorder): Promise<number> {
    const i = this.base + this.chooser.next();
    const value = await this.target.read(this.keys.generate(i));
    if (value === undefined) {
      rec.misses++;
      if (this.verify) throw MISSING;
    } else if (this.verify && !this.values.matches(this.values.generate(i), value)) {
      throw MISMATCH;
    }
    return 1;
  }

  private fillKeys(): void {
    for (let j = 0; j < this.bulkSize; j++) {
      const i = this.base + this.chooser.next();
      this.batchIndexes[j] = i;
      this.batchKeys[j] = this.keys.generate(i);
    }
  }

  private checkAll(found: ReadonlyMap<unknown, unknown>, rec: OperationRecorder): number {
    let missing = 0;
    let wrong = false;
    for (let j = 0; j < this.bulkSize; j++) {
      const value = found.get(this.batchKeys[j]);
      if (value === undefined) missing++;
      else if (this.verify && !wrong) {
        wrong = !this.values.matches(this.values.generate(this.batchIndexes[j] ?? 0), value);
      }
    }
    rec.misses += missing;
    if (this.verify && missing) throw MISSING;
    if (wrong) throw MISMATCH;
    return this.bulkSize;
  }
}

const one = (): number => 1;
