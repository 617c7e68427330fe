package io.wasmjava.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roastedroot.proxywasm.StartException;
import io.roastedroot.proxywasm.internal.Action;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hello plugin's main.wasm in an independent proxy-wasm host (io.roastedroot:proxy-wasm-java-host 0.0.5). */
class HelloPluginInteropWasmIT {
    private static final Path HELLO = RoastedrootHost.module("../examples/hello-plugin/target/main.wasm");

    @Test
    void addsHelloWorldHeaderAndContinues() throws Exception {
        try (RoastedrootHost host = RoastedrootHost.start(HELLO, "{}")) {
            RoastedrootHost.Exchange exchange = host.request(":authority", "example.com", ":path", "/get",
                    ":method", "GET");

            assertThat(exchange.action).isEqualTo(Action.CONTINUE);
            assertThat(exchange.requestHeaders.get("hello")).isEqualTo("world");
            assertThat(exchange.localStatus).isEqualTo(-1);
            assertThat(host.logs).contains("INFO [hello-plugin] [nil] [nil] plugin start successfully");
        }
    }

    @Test
    void answersLocallyWhenMockIsEnabled() throws Exception {
        try (RoastedrootHost host = RoastedrootHost.start(HELLO, "{\"mockEnable\": true}")) {
            RoastedrootHost.Exchange exchange = host.request(":authority", "example.com", ":path", "/get");

            assertThat(exchange.localStatus).isEqualTo(200);
            assertThat(exchange.localBodyText()).isEqualTo("hello world");
            assertThat(exchange.requestHeaders.get("hello")).isEqualTo("world");
        }
    }

    @Test
    void servesManyRequestsFromOneInstance() throws Exception {
        try (RoastedrootHost host = RoastedrootHost.start(HELLO, "{\"mockEnable\": true}")) {
            for (int i = 0; i < 500; i++) {
                RoastedrootHost.Exchange exchange = host.request(":authority", "example.com", ":path", "/r/" + i,
                        "x-request-id", "req-" + i);
                assertThat(exchange.localStatus).isEqualTo(200);
                assertThat(exchange.localBodyText()).isEqualTo("hello world");
            }
        }
    }

    @Test
    void failsToStartOnABadConfigurationAndNamesTheField() {
        List<String> logs = new ArrayList<>();

        assertThatThrownBy(() -> RoastedrootHost.start(HELLO, "{\"mockEnable\": \"yes\"}", logs))
                .isInstanceOf(StartException.class);
        assertThat(logs).containsExactly(
                "ERROR [hello-plugin] [nil] [nil] parse rule config failed: mockEnable: expected boolean but was string",
                "ERROR [hello-plugin] [nil] [nil] plugin start failed");
    }
}
