import { deserialize, serialize } from 'node:v8';

import type { Serializer } from './serializer';

/**
 * Node's structured clone (the `v8` module): keeps Map, Set, Date, bigint, typed arrays and cyclic
 * graphs; Node-only, and its format may change between major Node versions.
 */
export const v8Serializer: Serializer = {
  name: 'v8',
  id: 3,
  encode: (value) => serialize(value),
  decode: (bytes) => deserialize(bytes) as unknown,
};
