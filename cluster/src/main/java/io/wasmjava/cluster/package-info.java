/**
 * Cluster descriptors: immutable values that name the Envoy upstream cluster an HTTP or Redis callout goes to
 * ({@code proxy_http_call}, {@code proxy_redis_call}) and the {@code :authority} it sends, byte-identical to the
 * Higress Go SDK's {@code pkg/wrapper/cluster_wrapper.go}.
 *
 * <p>All parameters and return values in this package are non-null unless documented otherwise. Every class here
 * uses only plain Java, so it compiles under TeaVM into a plugin's WebAssembly module.
 */
package io.wasmjava.cluster;
