/**
 * Compile-time TeaVM plugin that keeps compiled plugins inside the proxy-wasm import surface and restores the
 * Java semantics TeaVM's linear-memory Wasm backend does not implement. Runs inside the TeaVM compiler only.
 */
package io.wasmjava.teavm;
