export { deserialize, serialize, type Serializer } from './serializer';
export { jsonSerializer } from './json';
export { msgpackSerializer } from './msgpack';
export { v8Serializer } from './v8';
