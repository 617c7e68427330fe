/**
 * The SDK's engine: owns context ids, routes host callbacks to plugin handlers, keeps callout tokens, selects the
 * per-rule configuration. Independent of how the host is reached, so the same code runs on the JVM against a fake
 * host and inside the Wasm module.
 */
package io.wasmjava.core.runtime;
