/**
 * A correction for `apache-ignite-client` 1.0.0's decimal reads: it builds the value as
 * `unscaled × 10^−scale` with decimal.js arithmetic, which rounds to 20 significant digits, so a
 * DECIMAL of more digits (a `decimal` column holds any number) comes back changed without an error.
 * {@link fixThinClientDecimalRead} replaces the reader with an exact one: decimal.js keeps every
 * digit of a value it parses from text. Applied by `ignite/thin-client.ts` on import.
 */
import IgniteClient from 'apache-ignite-client';

interface MessageBufferLike {
  readInteger(): number;
  readBuffer(length: number): Buffer;
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

/** Makes the client read decimals exactly (idempotent; only version 1.0.0 is corrected). */
export function fixThinClientDecimalRead(): boolean {
  if (fixed) return true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the client's own version
  const { version } = require('apache-ignite-client/package.json') as { version: string };
  if (version !== '1.0.0') {
    process.emitWarning(
      `apache-ignite-client ${version}: the exact decimal read correction for 1.0.0 is not applied`,
    );
    return false;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the class the client reads with
  const BinaryCommunicator = require('apache-ignite-client/lib/internal/BinaryCommunicator') as {
    prototype: { _readDecimal: (buffer: MessageBufferLike) => unknown };
  };
  BinaryCommunicator.prototype._readDecimal = function (buffer: MessageBufferLike) {
    const scale = buffer.readInteger();
    const length = buffer.readInteger();
    return new IgniteClient.Decimal(igniteDecimalText(scale, buffer.readBuffer(length)));
  };
  fixed = true;
  return true;
}
