// Jest runs each test file in its own V8 context, so `Float32Array` inside a
// test is not the `Float32Array` that onnxruntime-node's native binding
// creates, and onnxruntime's `instanceof` checks fail ("A float32 tensor's
// data must be type of Float32Array"). Sharing the host's typed-array and
// buffer constructors with the test context makes both sides agree.
const { TestEnvironment } = require('jest-environment-node');

const SHARED = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'Buffer',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

class SharedTypedArraysEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = SharedTypedArraysEnvironment;
