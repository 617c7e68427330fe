package io.wasmjava.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.core.abi.HeaderMapCodec;
import io.wasmjava.core.host.HostStatus;
import io.wasmjava.core.host.MapType;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Wasm host's ABI handling on every engine (Chicory compiled and interpreted, V8), driven by hand-written modules
 * ({@code src/test/resources/.../*.wat}) whose {@code probe_*} exports each make one host call with fixed arguments
 * and return its status. The same host functions run on every engine, so every test expects the same outcome on each.
 */
class WasmEngineTest {
    private final HostEmulator host = new HostEmulator();

    static Path module(String name) {
        try {
            return Path.of(WasmEngineTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private WasmEngine probe(WasmExecution execution) {
        return start("abi-probe.wasm", execution);
    }

    /** The probe, started while the host is in the request-headers callback of a stream with {@code :path /}. */
    private WasmEngine probeInRequestHeaders(WasmExecution execution) {
        HostFixtures.streamInHeaderCallback(host, Headers.of(":path", "/"));
        return probe(execution);
    }

    private WasmEngine start(String module, WasmExecution execution) {
        return (WasmEngine) factory(module, execution).create(host);
    }

    /** The engine's factory; a test on an engine this machine cannot run is skipped, with the reason. */
    static PluginEngine.Factory factory(String module, WasmExecution execution) {
        Optional<String> unavailable = WasmEngine.unavailable(execution);
        assumeTrue(unavailable.isEmpty(), unavailable::get);
        return WasmEngine.factory(module(module), execution);
    }

    private static int u32(WasmEngine engine, int address) {
        return engine.memory().readU32(address);
    }

    @ParameterizedTest
    @EnumSource(WasmExecution.class)
    void logsAMessageReadFromGuestMemory(WasmExecution execution) {
        try (WasmEngine engine = probe(execution)) {
            assertThat(engine.call("probe_log_hello")).isEqualTo(HostStatus.OK.code());
        }

        assertThat(host.logs()).containsExactly(new LogRecord(LogLevel.INFO, "hello"));
    }

    /**
     * Probes whose host call the host refuses without touching its state (nothing logged, the request headers as they
     * were, no call dispatched): each probe answers {@code status}, and the host records {@code problems} (none for a
     * refusal the ABI foresees).
     */
    private record RefusedCall(String name, List<String> probes, HostStatus status, List<String> problems) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> refusedCalls() {
        return Stream.of(
                new RefusedCall("a log level outside the ABI", List.of("probe_log_bad_level"), HostStatus.BAD_ARGUMENT,
                        List.of()),
                new RefusedCall("a log message past the end of memory",
                        List.of("probe_log_past_end", "probe_log_negative_pointer"), HostStatus.INVALID_MEMORY_ACCESS,
                        List.of("proxy_log: bytes [65530, 65630) lie outside the 65536-byte memory",
                                "proxy_log: bytes [4294967280, 4294967284) lie outside the 65536-byte memory")),
                new RefusedCall("a linked function that is not modelled", List.of("probe_grpc_cancel"),
                        HostStatus.UNIMPLEMENTED, List.of("proxy_grpc_cancel: not modelled by this host")),
                new RefusedCall("a malformed header map to set", List.of("probe_set_malformed_pairs"),
                        HostStatus.BAD_ARGUMENT, List.of("proxy_set_header_map_pairs: malformed header map from host: "
                                + "count 5 does not fit (offset 0 of 4 bytes)")),
                new RefusedCall("an HTTP call whose header map is truncated",
                        List.of("probe_http_call_truncated_headers"), HostStatus.BAD_ARGUMENT,
                        List.of("proxy_http_call: malformed header map from host: pair 2 runs past the end (offset 48 "
                                + "of 60 bytes)")))
                .flatMap(call -> Arrays.stream(WasmExecution.values()).map(execution -> arguments(call, execution)));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("refusedCalls")
    void answersARefusedCallWithItsStatusLeavingTheHostAsItWas(RefusedCall call, WasmExecution execution) {
        int stream = HostFixtures.streamInHeaderCallback(host, Headers.of(":path", "/"));
        try (WasmEngine engine = probe(execution)) {
            for (String probe : call.probes()) {
                assertThat(engine.call(probe)).as(probe).isEqualTo(call.status().code());
            }
        }

        assertThat(host.logs()).isEmpty();
        assertThat(host.streams.stream(stream).map(MapType.HTTP_REQUEST_HEADERS)).isEqualTo(Headers.of(":path", "/"));
        assertThat(host.pendingHttpCalls()).isEmpty();
        assertThat(host.problems()).isEqualTo(call.problems());
    }

    @ParameterizedTest
    @EnumSource(WasmExecution.class)
    void returnsHeaderPairsInABlockFromTheModulesAllocator(WasmExecution execution) {
        Headers headers = Headers.of(":path", "/x", "accept", "*/*");
        HostFixtures.streamInHeaderCallback(host, headers);
        try (WasmEngine engine = probe(execution)) {
            assertThat(engine.call("probe_get_pairs")).isEqualTo(HostStatus.OK.code());

            int pointer = u32(engine, 32);
            int size = u32(engine, 36);
            assertThat(pointer).isEqualTo(1024);
            assertThat(engine.memory().read(pointer, size)).isEqualTo(HeaderMapCodec.encode(headers));
        }
    }

    @ParameterizedTest
    @EnumSource(WasmExecution.class)
    void returnsAnEmptyMapAsNullPointerAndZeroSizeWithoutAllocating(WasmExecution execution) {
        HostFixtures.streamInHeaderCallback(host, Headers.empty());
        try (WasmEngine engine = probe(execution)) {
            engine.memory().writeU32(32, 99);
            engine.memory().writeU32(36, 99);

            assertThat(engine.call("probe_get_pairs")).isEqualTo(HostStatus.OK.code());

            assertThat(List.of(u32(engine, 32), u32(engine, 36))).containsExactly(0, 0);
        }
    }

    @ParameterizedTest
    @EnumSource(WasmExecution.class)
    void checksOutParametersBeforeAskingTheModuleForMemory(WasmExecution execution) {
        try (WasmEngine engine = probeInRequestHeaders(execution)) {
            assertThat(engine.call("probe_get_pairs_bad_out_pointer"))
                    .isEqualTo(HostStatus.INVALID_MEMORY_ACCESS.code());
            assertThat(engine.call("probe_get_pairs")).isEqualTo(HostStatus.OK.code());

            assertThat(u32(engine, 32)).as("the first allocation").isEqualTo(1024);
        }
        assertThat(host.problems())
                .containsExactly("proxy_get_header_map_pairs: bytes [65534, 65538) lie outside the 65536-byte memory");
    }

    @ParameterizedTest
    @EnumSource(WasmExecution.class)
    void answersInvalidMemoryAccessWhenTheAllocatorDeclines(WasmExecution execution) {
        // As proxy-wasm-cpp-host's copyToPointerSize: a module may decline data (a full heap); not a fault.
        try (WasmEngine engine = probeInRequestHeaders(execution)) {
            engine.call("probe_fail_allocations");

            assertThat(engine.call("probe_get_pairs")).isEqualTo(HostStatus.INVALID_MEMORY_ACCESS.code());
        }
        assertThat(host.problems()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(WasmExecution.class)
    void answersNotFoundForAnAbsentHeaderAndTheValueOtherwise(WasmExecution execution) {
        HostFixtures.streamInHeaderCallback(host, Headers.of(":path", "/found"));
        try (WasmEngine engine = probe(execution)) {
            assertThat(engine.call("probe_get_path")).isEqualTo(HostStatus.OK.code());
            assertThat(engine.memory().readString(u32(engine, 32), u32(engine, 36))).isEqualTo("/found");

            host.setHeaders(MapType.HTTP_REQUEST_HEADERS, Headers.empty());
            assertThat(engine.call("probe_get_path")).isEqualTo(HostStatus.NOT_FOUND.code());
        }
    }

    @ParameterizedTest
    @EnumSource(WasmExecution.class)
    void dispatchesAnHttpCallDecodedFromGuestMemory(WasmExecution execution) {
        int stream = HostFixtures.streamInHeaderCallback(host, Headers.of(":path", "/"));
        try (WasmEngine engine = probe(execution)) {
            assertThat(engine.call("probe_http_call")).isEqualTo(HostStatus.OK.code());
            assertThat(u32(engine, 44)).as("token").isEqualTo(4);
        }
        HttpCallout call = host.pendingHttpCalls().get(0);
        assertThat(List.of(call.token(), call.timeoutMillis(), call.contextId())).containsExactly(4, 1500, stream);
        assertThat(call.cluster()).isEqualTo("hello");
        assertThat(call.headers()).isEqualTo(Headers.of(":method", "GET", ":path", "/", ":authority", "a"));
        assertThat(call.bodyText()).isEqualTo("hello");
        assertThat(call.trailers()).isEqualTo(Headers.empty());
    }

    @ParameterizedTest
    @EnumSource(WasmExecution.class)
    void initialisesAndCallsRedisThroughHigressFunctions(WasmExecution execution) {
        int stream = HostFixtures.streamInHeaderCallback(host, Headers.of(":path", "/"));
        try (WasmEngine engine = probe(execution)) {
            assertThat(engine.call("probe_redis_init")).isEqualTo(HostStatus.OK.code());
            assertThat(engine.call("probe_redis_call")).isEqualTo(HostStatus.OK.code());
            assertThat(u32(engine, 44)).as("token").isEqualTo(7);
        }
        assertThat(host.redisInits()).containsExactly(new RedisInit("hello", ":path", "", 2000));
        RedisCallout call = host.pendingRedisCalls().get(0);
        assertThat(List.of(call.token(), call.contextId())).containsExactly(7, stream);
        assertThat(call.queryText()).isEqualTo("hello\n");
    }

    @ParameterizedTest
    @EnumSource(WasmExecution.class)
    void logsStandardOutputAtInfoWithoutTheNewline(WasmExecution execution) {
        try (WasmEngine engine = probe(execution)) {
            assertThat(engine.call("probe_write_stdout")).isZero();
            assertThat(u32(engine, 40)).as("bytes written").isEqualTo(6);
            assertThat(engine.call("probe_write_bad_fd")).as("EBADF").isEqualTo(8);
        }
        assertThat(host.logs()).containsExactly(new LogRecord(LogLevel.INFO, "hello"));
    }

    @ParameterizedTest
    @EnumSource(WasmExecution.class)
    void reportsATrapAndRefusesFurtherCalls(WasmExecution execution) {
        try (WasmEngine engine = probe(execution)) {
            assertThatThrownBy(() -> engine.call("probe_trap"))
                    .isInstanceOf(WasmTrapException.class)
                    .hasMessageStartingWith("abi-probe.wasm (" + execution.name().toLowerCase() + "): probe_trap(): ");
            assertThatThrownBy(() -> engine.call("probe_log_hello"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("trapped earlier");
        }
    }

    @ParameterizedTest
    @EnumSource(WasmExecution.class)
    void namesEveryImportItCannotLink(WasmExecution execution) {
        assertThatThrownBy(() -> factory("unlinkable.wasm", execution).create(host))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the module cannot be linked: env.proxy_teleport ")
                .hasMessageContaining("proxy-wasm hosts do not provide it; env.proxy_log ")
                .hasMessageContaining(": hosts provide ");
    }

    @ParameterizedTest
    @EnumSource(WasmExecution.class)
    void refusesAModuleWithoutTheRequiredExports(WasmExecution execution) {
        assertThatThrownBy(() -> factory("no-configure.wasm", execution).create(host))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith("no-configure.wasm is not a proxy-wasm module: it does not export "
                        + "proxy_on_configure");
    }

    @ParameterizedTest
    @EnumSource(WasmExecution.class)
    void seesMemoryTheModuleGrewWithoutAMaximum(WasmExecution execution) {
        try (WasmEngine engine = probe(execution)) {
            assertThat(engine.memoryBytes()).isEqualTo(65536);

            assertThat(engine.call("probe_grow_then_log")).isEqualTo(HostStatus.OK.code());

            assertThat(engine.memoryBytes()).isEqualTo(2 * 65536);
        }
        assertThat(host.logs()).containsExactly(new LogRecord(LogLevel.INFO, "grown"));
    }

    @ParameterizedTest
    @EnumSource(WasmExecution.class)
    void answersPluginVmMemoryWithTheCurrentMemorySize(WasmExecution execution) {
        try (WasmEngine engine = probe(execution)) {
            host.measureVmMemory(engine::memoryBytes);
            assertThat(host.property(List.of("plugin_vm_memory"))).containsExactly(0, 0, 1, 0, 0, 0, 0, 0);

            assertThat(engine.call("probe_grow_then_log")).isEqualTo(HostStatus.OK.code());

            assertThat(host.property(List.of("plugin_vm_memory"))).containsExactly(0, 0, 2, 0, 0, 0, 0, 0);
        }
    }

    @ParameterizedTest
    @EnumSource(WasmExecution.class)
    void seesMemoryTheModuleGrewUpToItsMaximum(WasmExecution execution) {
        try (WasmEngine engine = start("bounded-memory.wasm", execution)) {
            assertThat(engine.call("probe_log_past_end")).isEqualTo(HostStatus.INVALID_MEMORY_ACCESS.code());
            assertThat(engine.call("probe_grow_then_log")).isEqualTo(HostStatus.OK.code());
            assertThat(engine.call("probe_grow_then_log")).isEqualTo(HostStatus.OK.code());
            assertThat(engine.call("probe_log_past_end")).isEqualTo(HostStatus.INVALID_MEMORY_ACCESS.code());

            assertThat(engine.memoryBytes()).isEqualTo(3 * 65536);
        }
        assertThat(host.logs()).containsExactly(new LogRecord(LogLevel.INFO, "grown"),
                new LogRecord(LogLevel.INFO, "grown"));
        assertThat(host.problems()).containsExactly(
                "proxy_log: bytes [196600, 196700) lie outside the 65536-byte memory",
                "proxy_log: bytes [196600, 196700) lie outside the 196608-byte memory");
    }

    @ParameterizedTest
    @EnumSource(WasmExecution.class)
    void reportsATrapInTheAllocatorTheHostCalledAsATrapOfTheCallback(WasmExecution execution) {
        try (WasmEngine engine = probeInRequestHeaders(execution)) {
            engine.call("probe_trap_allocations");

            assertThatThrownBy(() -> engine.call("probe_get_pairs"))
                    .isInstanceOf(WasmTrapException.class)
                    .hasMessageStartingWith("abi-probe.wasm (" + execution.name().toLowerCase()
                            + "): probe_get_pairs(): proxy_on_memory_allocate(");
            assertThatThrownBy(() -> engine.call("probe_log_hello")).hasMessageContaining("trapped earlier");
        }
        assertThat(host.problems()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(WasmExecution.class)
    void answersWasiRandomClockAndEnvironmentCalls(WasmExecution execution) {
        host.setTime(Instant.ofEpochSecond(1, 234_567_890));
        byte[] expectedRandom = new byte[8];
        new Random(0x5eed).nextBytes(expectedRandom);
        try (WasmEngine engine = probe(execution)) {
            assertThat(engine.call("probe_random")).isZero();
            assertThat(engine.memory().read(48, 8)).isEqualTo(expectedRandom);

            assertThat(engine.call("probe_clock")).isZero();
            assertThat(List.of(u32(engine, 48), u32(engine, 52))).containsExactly(1_234_567_890, 0);

            assertThat(engine.call("probe_environ_sizes")).isZero();
            assertThat(List.of(u32(engine, 48), u32(engine, 52))).containsExactly(0, 0);
        }
    }

    @ParameterizedTest
    @EnumSource(WasmExecution.class)
    void reportsProcExitAsATrapWithTheExitCode(WasmExecution execution) {
        try (WasmEngine engine = probe(execution)) {
            assertThatThrownBy(() -> engine.call("probe_exit_3"))
                    .isInstanceOf(WasmTrapException.class)
                    .hasMessage("abi-probe.wasm (" + execution.name().toLowerCase() + "): probe_exit_3(): the module "
                            + "exited with code 3 (proc_exit)");
        }
    }
}
