package io.wasmjava.examples.hello;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Plugin;

/**
 * Adds {@code hello: world} to every request. With {@code {"mockEnable": true}} it answers the request itself with
 * {@code 200 hello world}, as Higress's {@code my-plugin} example does.
 */
public final class HelloPlugin {
    private HelloPlugin() {
    }

    /** The parsed configuration. */
    public static final class Config {
        private final boolean mockEnable;

        Config(boolean mockEnable) {
            this.mockEnable = mockEnable;
        }

        public boolean mockEnable() {
            return mockEnable;
        }
    }

    public static Plugin<Config> definition() {
        return Plugin.builder("hello-plugin")
                .parseConfig((json, plugin) -> new Config(json.bool("mockEnable", false)))
                .onRequestHeaders((http, config) -> {
                    http.addRequestHeader("hello", "world");
                    if (config.mockEnable()) {
                        http.sendLocalResponse(200, "hello world");
                    }
                    return HeaderStatus.CONTINUE;
                })
                .build();
    }
}
