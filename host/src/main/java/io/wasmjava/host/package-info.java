/**
 * An emulated proxy-wasm 0.2.1 host (Envoy's Wasm filter with Higress's Redis calls) on the JVM, with no test
 * framework: the test kit and the devserver both sit on it.
 *
 * <p>The pieces: {@link io.wasmjava.host.HostEmulator} holds the host's state (headers, bodies, properties, logs,
 * clock, callouts, shared data, metrics), modelled on Envoy's Wasm {@code Context}; {@link io.wasmjava.host.HostOptions}
 * says how it serves (sinks, clock, cluster filter, callout listener, history). A {@link io.wasmjava.host.PluginEngine}
 * runs the plugin: {@link io.wasmjava.host.JvmEngine} runs its Java code through the SDK's dispatcher over a
 * {@link io.wasmjava.host.FakeHost}; {@link io.wasmjava.host.WasmEngine} runs the compiled module on Chicory or on
 * V8 (Javet), as {@link io.wasmjava.host.WasmExecution} says, through one set of host functions
 * ({@link io.wasmjava.host.WasmHostFunctions}) and one bounds-checked guest memory
 * ({@link io.wasmjava.host.GuestMemory}) for both. {@link io.wasmjava.host.PluginInstance} drives one instance the way
 * Envoy would ({@link io.wasmjava.host.HttpStream}, {@link io.wasmjava.host.PendingHttpCall},
 * {@link io.wasmjava.host.PendingRedisCall}); Redis calls can go to real servers through a
 * {@link io.wasmjava.host.RedisBridge}. Failures are typed: {@link io.wasmjava.host.HostProblemException},
 * {@link io.wasmjava.host.WasmTrapException}, {@link io.wasmjava.core.host.HostStatusException}. Everything is
 * non-null unless stated; nothing is thread-safe (the caller is the event loop, as Envoy's worker thread is).
 */
package io.wasmjava.host;
