package io.wasmjava.examples.hello;

import io.wasmjava.host.WasmExecution;
import io.wasmjava.testkit.Engines;
import io.wasmjava.testkit.PluginHarness;

/** {@link HelloPluginScenarios} against {@code target/main.wasm} on Chicory's interpreter. */
class HelloPluginInterpretedWasmIT extends HelloPluginScenarios {
    @Override
    protected PluginHarness.Builder harness() {
        Engines.assumeChicory("the scenarios on Chicory's interpreter; HelloPluginWasmIT runs them on V8");
        return PluginHarness.builder(Engines.wasm(Engines.mainWasm(), WasmExecution.INTERPRETED));
    }
}
