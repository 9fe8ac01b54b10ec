import { TestbedError } from '../../common/errors';

/** A frame that breaks the protocol (bad length, unknown tag, truncated value). */
export class ProtocolError extends TestbedError {}

/** A value that cannot be written as the wire type asked for (names the field and both types). */
export class WireTypeError extends TestbedError {}
