/**
 * Plugin metrics: counters, gauges and histograms that the host exports as Envoy stats ({@code wasmcustom.<name>}),
 * defined once per VM, and {@link io.wasmjava.core.metrics.MetricName} for the tagged names Higress builds. Everything
 * is non-null unless a method says otherwise.
 */
package io.wasmjava.core.metrics;
