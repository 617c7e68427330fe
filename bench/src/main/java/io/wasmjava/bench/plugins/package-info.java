/** Plugins that exist to be measured: the no-op floor and a port of the Rust SDK's envoy_filter_metadata example. */
package io.wasmjava.bench.plugins;
