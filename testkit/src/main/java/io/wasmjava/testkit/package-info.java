/**
 * Testing proxy-wasm plugins written with wasm-java, on the JVM and as compiled Wasm, against an emulated
 * Envoy/Higress host.
 *
 * <p>The pieces: {@link io.wasmjava.testkit.HostEmulator} holds the host's state (headers, bodies, properties, logs,
 * clock, callouts, shared data, metrics), modelled on Envoy's Wasm {@code Context}. A
 * {@link io.wasmjava.testkit.PluginEngine} runs the plugin: {@link io.wasmjava.testkit.Engines#jvm} runs its Java code
 * through the SDK's dispatcher over a {@link io.wasmjava.testkit.FakeHost}; {@link io.wasmjava.testkit.Engines#wasm}
 * runs {@code target/main.wasm} on Chicory through the kit's own proxy-wasm 0.2.1 host (with Higress's Redis calls).
 * {@link io.wasmjava.testkit.PluginHarness} is the scenario API both share; the test is the event loop and answers
 * {@link io.wasmjava.testkit.PendingHttpCall}s and {@link io.wasmjava.testkit.PendingRedisCall}s itself, or
 * forwards Redis calls to a real server through a {@link io.wasmjava.testkit.RedisBridge} (started with
 * {@link io.wasmjava.testkit.RedisServerProcess}).
 *
 * <p>The two-mode pattern: put scenarios in an abstract class extending
 * {@link io.wasmjava.testkit.PluginScenarios} (or any class with an abstract {@code harness()} method), and
 * subclass it twice: {@code FooTest} returns {@code PluginHarness.builder(Engines.jvm(Foo.definition()))} and runs in
 * surefire; {@code FooWasmIT} returns {@code PluginHarness.builder(Engines.wasm(Engines.mainWasm()))} and runs in
 * failsafe, after TeaVM wrote {@code target/main.wasm}. Everything is non-null unless stated.
 */
package io.wasmjava.testkit;
