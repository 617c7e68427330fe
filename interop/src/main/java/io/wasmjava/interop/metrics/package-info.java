/** A plugin that exercises the metrics API, compiled to {@code target/metrics.wasm} for both test-kit modes. */
package io.wasmjava.interop.metrics;
