/**
 * The only package that touches {@code org.teavm.interop}: proxy-wasm 0.2.1 imports and exports, Higress's Redis
 * extension, linear-memory hand-off, and the Wasm implementation of the {@code Host} seam.
 */
package io.wasmjava.core.abi;
