/**
 * Numbers of the bridge ↔ sidecar protocol (PROTOCOL.md beside this file). The Java bridge's
 * `Protocol.java` holds the same; shared test vectors keep both honest.
 */

/** Sent in HELLO; a peer with another version is refused. */
export const PROTOCOL_VERSION = 2;

/** Largest frame either side sends or accepts (length prefix excluded). */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

/** Request op codes. */
export const Op = {
  HELLO: 0x01,
  HEALTH: 0x02,
  LOAD: 0x10,
  LOAD_ALL: 0x11,
  WRITE: 0x12,
  WRITE_ALL: 0x13,
  DELETE: 0x14,
  DELETE_ALL: 0x15,
  LOAD_CACHE: 0x16,
  CREDIT: 0x17,
  CANCEL: 0x18,
  TX_END: 0x19,
  LOAD_MULTI: 0x1a,
  WRITE_MULTI: 0x1b,
  DELETE_MULTI: 0x1c,
} as const;
export type OpCode = (typeof Op)[keyof typeof Op];

/** Response statuses. */
export const Status = { OK: 0, ERROR: 1, PARTIAL: 2, CHUNK: 3, END: 4 } as const;
export type StatusCode = (typeof Status)[keyof typeof Status];

/** What became of one entry of a LOAD_MULTI / WRITE_MULTI / DELETE_MULTI answer. */
export const Outcome = { OK: 0, ERROR: 1 } as const;

/** Value tags. */
export const Tag = {
  NULL: 0,
  BOOL: 1,
  BYTE: 2,
  SHORT: 3,
  INT: 4,
  LONG: 5,
  FLOAT: 6,
  DOUBLE: 7,
  CHAR: 8,
  STRING: 9,
  BYTES: 10,
  UUID: 11,
  DATE: 12,
  TIMESTAMP: 13,
  DECIMAL: 14,
  OBJECT: 15,
  LIST: 16,
  SET: 17,
  MAP: 18,
} as const;
export type TagCode = (typeof Tag)[keyof typeof Tag];

/**
 * Flag of a declared field tag: an Ignite array of the flagged element type (`ARRAY_OF | STRING` is
 * String[]); the value travels as a LIST.
 */
export const ARRAY_OF = 0x80;

/** Op names, for messages and health counters. */
export const OP_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(Op).map(([name, code]) => [code, name]),
);
