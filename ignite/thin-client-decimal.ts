/**
 * A correction for `apache-ignite-client` 1.0.0's decimals: it converts the unscaled value to
 * and from hexadecimal with decimal.js arithmetic, which rounds to 20 significant digits, so a
 * DECIMAL of more digits (a `decimal` column holds any number; a `varint` travels as a DECIMAL) is
 * written and read changed, without an error. {@link fixThinClientDecimals} replaces the reader
 * and the writer with exact ones (bigint arithmetic; decimal.js keeps every digit of a value it
 * parses from text or prints with `toExponential()`). Applied by `ignite/thin-client.ts` on import.
 */
import { parseDecimal } from '../common/decimal';
import IgniteClient from 'apache-ignite-client';

interface MessageBufferLike {
  readInteger(): number;
  readBuffer(length: number): Buffer;
  writeInteger(value: number): void;
  writeBuffer(value: Buffer): void;
}

/** Ignite's DECIMAL magnitude: big-endian, the top bit kept free for the sign. */
export function igniteDecimalBytes(unscaled: bigint): Buffer {
  const negative = unscaled < 0n;
  let hex = (negative ? -unscaled : unscaled).toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.alloc(1), bytes]);
  if (negative) bytes[0] = (bytes[0] ?? 0) | 0x80;
  return bytes;
}

let fixed = false;

/**
 * Ignite's binary DECIMAL (scale, then the magnitude big-endian with the sign in the top bit) as
 * exact decimal text `[-]digitsE<−scale>`.
 */
export function igniteDecimalText(scale: number, data: Buffer): string {
  const magnitude = Buffer.from(data);
  const negative = magnitude.length > 0 && ((magnitude[0] ?? 0) & 0x80) !== 0;
  if (negative) magnitude[0] = (magnitude[0] ?? 0) & 0x7f;
  const unscaled = magnitude.length === 0 ? 0n : BigInt(`0x${magnitude.toString('hex')}`);
  return `${negative ? '-' : ''}${unscaled}e${-scale}`;
}

/** Makes the client read and write decimals exactly (idempotent; only version 1.0.0 is corrected). */
export function fixThinClientDecimals(): boolean {
  if (fixed) return true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the client's own version
  const { version } = require('apache-ignite-client/package.json') as { version: string };
  if (version !== '1.0.0') {
    process.emitWarning(
      `apache-ignite-client ${version}: the exact decimal correction for 1.0.0 is not applied`,
    );
    return false;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the class the client reads with
  const BinaryCommunicator = require('apache-ignite-client/lib/internal/BinaryCommunicator') as {
    prototype: {
      _readDecimal: (buffer: MessageBufferLike) => unknown;
      _writeDecimal: (buffer: MessageBufferLike, decimal: { toExponential(): string }) => void;
    };
  };
  BinaryCommunicator.prototype._writeDecimal = function (buffer, decimal) {
    const parts = parseDecimal(decimal.toExponential());
    if (!parts) throw new TypeError(`not a finite decimal: ${decimal.toExponential()}`);
    const bytes = igniteDecimalBytes(parts.unscaled);
    buffer.writeInteger(parts.scale);
    buffer.writeInteger(bytes.length);
    buffer.writeBuffer(bytes);
  };
  BinaryCommunicator.prototype._readDecimal = function (buffer: MessageBufferLike) {
    const scale = buffer.readInteger();
    const length = buffer.readInteger();
    return new IgniteClient.Decimal(igniteDecimalText(scale, buffer.readBuffer(length)));
  };
  fixed = true;
  return true;
}
