package io.wasmjava.testkit;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** {@link RedisBridgeScenarios} with the hand-written {@code redis-counter.wasm} on Chicory. */
class RedisBridgeWasmTest extends RedisBridgeScenarios {
    private static Path module() {
        try {
            return Path.of(RedisBridgeWasmTest.class.getResource("redis-counter.wasm").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.wasm(module()));
    }
}
