package io.wasmjava.testkit;

import io.wasmjava.host.WasmExecution;

/** {@link RedisBridgeScenarios} with the hand-written {@code redis-counter.wasm} on V8 (skipped where V8 cannot run). */
class RedisBridgeV8Test extends RedisBridgeScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        return PluginHarness.builder(Engines.wasm(RedisBridgeWasmTest.module(), WasmExecution.V8));
    }
}
