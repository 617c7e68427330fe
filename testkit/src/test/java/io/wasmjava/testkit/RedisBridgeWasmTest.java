package io.wasmjava.testkit;

import io.wasmjava.host.WasmExecution;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** {@link RedisBridgeScenarios} with the hand-written {@code redis-counter.wasm} on Chicory's compiler. */
class RedisBridgeWasmTest extends RedisBridgeScenarios {
    static Path module() {
        try {
            return Path.of(RedisBridgeWasmTest.class.getResource("redis-counter.wasm").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.wasm(module(), WasmExecution.COMPILED));
    }
}
