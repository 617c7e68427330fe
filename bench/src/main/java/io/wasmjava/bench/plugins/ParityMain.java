package io.wasmjava.bench.plugins;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.Plugin;
import io.wasmjava.core.Utf8;
import io.wasmjava.core.WasmPlugin;

/**
 * The behaviour of the proxy-wasm Rust SDK's {@code envoy_filter_metadata} example, so that builds of the same
 * behaviour by other SDKs can be timed in the same harness: reads the property
 * {@code metadata.filter_metadata.envoy.filters.http.lua.uppercased-custom-metadata} and answers {@code 200
 * Hello, World!} with headers {@code Powered-By: proxy-wasm} and {@code uppercased-metadata: <value>}.
 */
public final class ParityMain {
    private static final byte[] BODY = Utf8.encode("Hello, World!");

    private ParityMain() {
    }

    public static void main(String[] args) {
        WasmPlugin.run(Plugin.builder("envoy-filter-metadata")
                .onRequestHeaders((http, config) -> {
                    String value = http.propertyString("metadata", "filter_metadata", "envoy.filters.http.lua",
                            "uppercased-custom-metadata");
                    http.sendLocalResponse(200, Headers.of("Powered-By", "proxy-wasm",
                            "uppercased-metadata", value == null ? "" : value), BODY);
                    return HeaderStatus.STOP_ITERATION;
                })
                .build());
    }
}
