import { MAX_FRAME_BYTES, Op } from '../../../ignite/protocol/constants';
import { ProtocolError, WireTypeError } from '../../../ignite/protocol/errors';
import { FrameDecoder } from '../../../ignite/protocol/frames';
import { WireReader } from '../../../ignite/protocol/reader';
import {
  formatDecimal,
  fromTwosComplement,
  parseDecimal,
  twosComplement,
  WireObject,
} from '../../../ignite/protocol/values';
import { WireWriter } from '../../../ignite/protocol/writer';

describe('protocol framing and values', () => {
  const frame = (id: number, text: string) => WireWriter.frame(Op.LOAD, id).str(text).finish();

  it('splits frames whatever the chunk boundaries', () => {
    const bytes = Buffer.concat([frame(1, 'a'), frame(2, 'bb'), frame(3, 'ccc')]);
    for (const size of [1, 3, 7, bytes.length]) {
      const decoder = new FrameDecoder();
      const got: [number, string][] = [];
      for (let i = 0; i < bytes.length; i += size) {
        for (const f of decoder.push(bytes.subarray(i, i + size))) {
          got.push([f.requestId, new WireReader(f.buf, f.bodyOffset, f.end).str()]);
        }
      }
      expect(got).toEqual([
        [1, 'a'],
        [2, 'bb'],
        [3, 'ccc'],
      ]);
      expect(decoder.buffered).toBe(0);
    }
  });

  it('refuses frame lengths outside the protocol bounds', () => {
    const tooBig = Buffer.alloc(9);
    tooBig.writeUInt32BE(MAX_FRAME_BYTES + 1, 0);
    expect(() => new FrameDecoder().push(tooBig)).toThrow(ProtocolError);
    expect(() => new FrameDecoder().push(Buffer.from([0, 0, 0, 2, 1, 0]))).toThrow(
      /frame length 2/,
    );
  });

  it('refuses truncated values and unknown tags', () => {
    expect(() => new WireReader(Buffer.from([9, 0, 0, 0, 5, 65]), 0).value()).toThrow(
      /5 bytes needed/,
    );
    expect(() => new WireReader(Buffer.from([99]), 0).value()).toThrow(/unknown value tag 99/);
    // A list claiming more elements than bytes left.
    expect(() => new WireReader(Buffer.from([16, 0xff, 0xff, 0xff, 0xff]), 0).value()).toThrow(
      /count/,
    );
  });

  it('names the value and both types when a value does not fit its wire type', () => {
    const w = WireWriter.bare();
    expect(() => w.value(2 ** 31, 'int', 'field qty of com.acme.Order')).toThrow(
      new WireTypeError(
        'field qty of com.acme.Order: expected an integer from -2147483648 to 2147483647 (int), got number 2147483648',
      ),
    );
    expect(() => w.value('x', 'uuid')).toThrow(/value: expected a UUID string, got string "x"/);
    expect(() => w.value(new WireObject('T', { a: 'no' }, { a: 'long' }))).toThrow(
      /field a of T: expected a 64-bit integer/,
    );
  });

  it('keeps decimals exact, scale included', () => {
    expect(parseDecimal('-12.340')).toEqual({ unscaled: -12340n, scale: 3 });
    expect(parseDecimal('1E+3')).toEqual({ unscaled: 1n, scale: -3 });
    expect(parseDecimal('abc')).toBeUndefined();
    expect(formatDecimal(-12340n, 3)).toBe('-12.340');
    expect(formatDecimal(5n, 4)).toBe('0.0005');
    expect(formatDecimal(1n, -3)).toBe('1E+3');
    for (const n of [0n, 127n, 128n, -128n, -129n, 2n ** 70n, -(2n ** 70n)]) {
      expect(fromTwosComplement(twosComplement(n))).toBe(n);
    }
    expect(twosComplement(128n).toString('hex')).toBe('0080');
    expect(twosComplement(-128n).toString('hex')).toBe('80');
  });
});
