/**
 * A correction for `apache-ignite-client` 1.0.0, the only Node.js thin client on npm: it writes a
 * wrong hash code into every complex object (binary object) it sends. It hashes up to the schema
 * offset *relative* to the object as if it were absolute, so an object written after the request
 * header gets hash 1; and it adds bytes unsigned where Java adds them signed. Ignite uses a key's
 * hash code for its partition and its equality, so POJO keys written by this client all land in
 * one partition, and never equal the same key built by Java (the store bridge rebuilding keys from
 * Cassandra on loadCache, a Java client): the cache ends up with both.
 *
 * {@link fixThinClientBinaryHash} wraps the client's header writer so the hash is the one Ignite
 * computes (31·h + signed byte over the field data, from the end of the 24-byte header to the
 * schema). It is applied by `ignite/thin-client.ts` on import.
 */
import IgniteClient from 'apache-ignite-client';

/** The header fields and buffer of the client's BinaryObject that the correction touches. */
interface WritableBinaryObject {
  _startPos: number;
  _schemaOffset: number;
  _buffer: { _buffer: Buffer };
  _writeHeader: (this: WritableBinaryObject) => void;
}

const HEADER_LENGTH = 24;
const HASH_OFFSET = 8;
let fixed = false;

/** Ignite's hash of a binary object: 31·h + b over the field data, bytes signed, h starting at 1. */
export function igniteBinaryHash(data: Buffer, start: number, end: number): number {
  let hash = 1;
  for (let i = start; i < end; i++)
    hash = (Math.imul(31, hash) + (((data[i] ?? 0) << 24) >> 24)) | 0;
  return hash;
}

/**
 * Makes the client write Ignite's hash code into binary objects (idempotent). Only version 1.0.0
 * is corrected; another version is left alone and reported, so a fixed release is not patched twice.
 *
 * @returns whether the correction is in place
 */
export function fixThinClientBinaryHash(): boolean {
  if (fixed) return true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the client's own version
  const { version } = require('apache-ignite-client/package.json') as { version: string };
  const proto = (IgniteClient as unknown as { BinaryObject: { prototype: WritableBinaryObject } })
    .BinaryObject.prototype;
  if (version !== '1.0.0') {
    process.emitWarning(
      `apache-ignite-client ${version}: the binary hash correction for 1.0.0 is not applied`,
    );
    return false;
  }
  const writeHeader = proto._writeHeader;
  proto._writeHeader = function (this: WritableBinaryObject) {
    writeHeader.call(this);
    if (this._schemaOffset <= HEADER_LENGTH) return; // no fields: hash 1 either way
    const data = this._buffer._buffer;
    const hash = igniteBinaryHash(
      data,
      this._startPos + HEADER_LENGTH,
      this._startPos + this._schemaOffset,
    );
    data.writeInt32LE(hash, this._startPos + HASH_OFFSET);
  };
  fixed = true;
  return true;
}
