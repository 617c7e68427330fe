package io.wasmjava.core;

/**
 * One host of the cluster a request is routed to, as Higress's {@code proxy_get_upstream_hosts} reports it (Higress
 * proxy-wasm-cpp-host {@code src/exports.cc}, {@code get_upstream_hosts}).
 *
 * @param address the host's {@code ip:port}, what {@link HttpContext#setUpstreamOverrideHost} takes
 * @param info what the host says about it: in Higress a JSON object with {@code health_status} (e.g.
 *     {@code "Healthy"}) and {@code metrics} (Prometheus text), as Higress's ai-load-balancer reads it
 */
public record UpstreamHost(String address, String info) {
}
