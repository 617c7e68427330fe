package io.wasmjava.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmjava.core.Plugin;
import io.wasmjava.host.Loopback;
import io.wasmjava.host.RedisBridge;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** What {@link PluginScenarios#start} says when the plugin does not start, on the JVM. */
class PluginScenariosTest extends PluginScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.jvm(Plugin.builder("strict")
                .parseConfig((json, context) -> json.string("name"))
                .build()));
    }

    @Test
    void aRefusedConfigurationFailsWithTheConfigurationAndThePluginsLogs() {
        assertThatThrownBy(() -> start("{\"name\": 3}")).isInstanceOf(AssertionError.class)
                .hasMessage("the plugin did not start with configuration {\"name\": 3}; logs: ["
                        + "ERROR [strict] [nil] [nil] parse rule config failed: name: expected string but was number, "
                        + "ERROR [strict] [nil] [nil] plugin start failed]");
    }

    @Test
    void aFailedRedisInitAddsTheBridgesErrors() throws IOException {
        int port = Loopback.closedPort();
        PluginHarness.Builder builder = PluginHarness.builder(Engines.jvm(RedisBridgeJvmTest.counterPlugin()))
                .config("{}").redisBridge(RedisBridge.of(RedisBridgeScenarios.CLUSTER,
                        new InetSocketAddress("127.0.0.1", port)));

        String refused = "cannot connect to 127.0.0.1:" + port + " within 1000 ms: java.net.ConnectException: "
                + "Connection refused";

        assertThatThrownBy(() -> start(builder)).isInstanceOf(AssertionError.class)
                .hasMessage("the plugin did not start with configuration {}; logs: [CRITICAL [redis-counter] uncaught "
                        + "exception in proxy_on_configure: io.wasmjava.core.host.HostStatusException: "
                        + "proxy_redis_init: INTERNAL_FAILURE; caused by java.io.IOException: " + refused
                        + "; caused by java.net.ConnectException: Connection refused]; redis bridge errors: "
                        + "[proxy_redis_init " + RedisBridgeScenarios.INIT_CLUSTER + ": " + refused + "]");
    }
}
