/**
 * The typed seam between the SDK and the proxy-wasm host: every ABI call the SDK makes, in Java types. The Wasm
 * implementation lives in {@code io.wasmjava.core.abi}; tests use the test kit's fake.
 */
package io.wasmjava.core.host;
