/**
 * A local gateway that runs compiled proxy-wasm plugins in front of a real upstream the way Envoy's HTTP Wasm filter
 * does, without Docker: {@link io.wasmjava.devserver.Gateway} (the server), {@link io.wasmjava.devserver.GatewayConfig}
 * (what it runs, from flags or a seed-style {@code envoy.yaml}) and {@link io.wasmjava.devserver.Main} (the command
 * line, with the {@code demo} and {@code oci} subcommands).
 */
package io.wasmjava.devserver;
