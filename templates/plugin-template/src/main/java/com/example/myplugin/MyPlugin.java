package com.example.myplugin;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Plugin;
import io.wasmjava.core.config.ConfigNode;

/**
 * Sets a request header from the configuration, {@code {"headerName": "x-my-plugin", "headerValue": "hello"}}, on
 * every request it sees; a client's own copy of that header is replaced. Per-route and per-domain settings go in
 * Higress's {@code _rules_}, which the SDK applies.
 */
public final class MyPlugin {
    static final String DEFAULT_HEADER_NAME = "x-my-plugin";

    private MyPlugin() {
    }

    /**
     * The parsed configuration of one rule (or of the global part).
     *
     * @param headerName the request header to set
     * @param headerValue its value
     */
    public record Config(String headerName, String headerValue) {
        /** Parses and checks {@code json}; a bad field fails the configuration with its path. */
        static Config parse(ConfigNode json) {
            String name = json.string("headerName", DEFAULT_HEADER_NAME);
            if (name.isEmpty()) {
                throw json.error("headerName", "must not be empty");
            }
            return new Config(name, json.string("headerValue"));
        }
    }

    public static Plugin<Config> definition() {
        return Plugin.builder("my-plugin")
                .parseConfig((json, plugin) -> Config.parse(json))
                .onRequestHeaders((http, config) -> {
                    http.replaceRequestHeader(config.headerName(), config.headerValue());
                    return HeaderStatus.CONTINUE;
                })
                .build();
    }
}
