package io.wasmjava.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.host.HttpStream;
import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TokenPluginScenarios} on the JVM, and what only the JVM can inspect: the token cache's own state. */
class TokenPluginTest extends TokenPluginScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.jvm(TokenPlugin.definition()));
    }

    @Test
    void aWaitingRequestLeavesTheWaiterListWhenItsStreamEnds() {
        List<TokenConfig> parsed = new ArrayList<>();
        PluginHarness harness = track(PluginHarness.builder(Engines.jvm(TokenPlugin.definition(parsed::add)))
                .config(with(JSON_SOURCE, "\"timeoutMillis\":600000")).retainHistory(false).build());
        assertThat(harness.start()).isTrue();
        TokenCache cache = parsed.get(0).cache;
        List<HttpStream> live = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            live.add(request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK));
        }

        for (int i = 0; i < 10_000; i++) {
            request(harness, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK).complete();
        }

        assertThat(cache.waiting()).as("only the requests still there").isEqualTo(10);
        live.forEach(HttpStream::complete);
        assertThat(cache.waiting()).isZero();
        assertThat(harness.pendingHttpCalls()).as("the shared fetch is the plugin's: it stays").hasSize(1);
    }
}
