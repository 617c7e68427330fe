/**
 * Testing proxy-wasm plugins written with wasm-java, on the JVM and as compiled Wasm, against the emulated
 * Envoy/Higress host of {@code io.wasmjava.host}: the JUnit/AssertJ face over it.
 *
 * <p>{@link io.wasmjava.testkit.PluginHarness} is the scenario API both engines share ({@link
 * io.wasmjava.testkit.Engines#jvm} runs the plugin's Java code, {@link io.wasmjava.testkit.Engines#wasm} runs
 * {@code target/main.wasm} on Chicory or V8); the test is the event loop and answers {@link
 * io.wasmjava.host.PendingHttpCall}s and {@link io.wasmjava.host.PendingRedisCall}s itself, or forwards Redis calls
 * to a real server through a {@link io.wasmjava.host.RedisBridge}. {@link io.wasmjava.testkit.HostileInputs} holds
 * the hostile inputs every plugin is run against.
 *
 * <p>The two-mode pattern: put scenarios in an abstract class extending
 * {@link io.wasmjava.testkit.PluginScenarios} (or any class with an abstract {@code harness()} method), and
 * subclass it twice: {@code FooTest} returns {@code PluginHarness.builder(Engines.jvm(Foo.definition()))} and runs in
 * surefire; {@code FooWasmIT} returns {@code PluginHarness.builder(Engines.wasm(Engines.mainWasm()))} and runs in
 * failsafe, after TeaVM wrote {@code target/main.wasm}. Everything is non-null unless stated.
 */
package io.wasmjava.testkit;
