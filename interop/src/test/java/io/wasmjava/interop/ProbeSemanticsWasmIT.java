package io.wasmjava.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.roastedroot.proxywasm.internal.Action;
import io.wasmjava.interop.probe.ProbePlugin;
import io.wasmjava.maven.ProxyWasmPolicy;
import io.wasmjava.maven.WasmModuleSurface;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Java semantics inside the compiled module, where TeaVM's backend alone would trap or corrupt memory. The probe
 * plugin answers with the outcome of the probe named in {@code x-probe}, on operand {@code x-operand}.
 */
class ProbeSemanticsWasmIT {
    private static RoastedrootHost host;

    @BeforeAll
    static void start() throws Exception {
        host = RoastedrootHost.start(RoastedrootHost.module("target/main.wasm"), "{}");
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    static Stream<Arguments> probes() {
        return Stream.of(
                Arguments.of("int-divide", "7", "142"),
                Arguments.of("int-divide", "0", "ArithmeticException: / by zero"),
                Arguments.of("int-remainder", "0", "ArithmeticException: / by zero"),
                Arguments.of("int-remainder", "-1", "0"),
                Arguments.of("long-divide", "0", "ArithmeticException: / by zero"),
                Arguments.of("long-remainder", "0", "ArithmeticException: / by zero"),
                Arguments.of("min-int-divide", "-1", "-2147483648"),
                Arguments.of("min-long-divide", "-1", "-9223372036854775808"),
                Arguments.of("new-array", "3", "length 3"),
                Arguments.of("new-array", "-1", "NegativeArraySizeException: -1"),
                Arguments.of("new-matrix", "-2", "NegativeArraySizeException: -2"),
                Arguments.of("sqrt", "16", "4.0"),
                Arguments.of("nano-time", "0", "positive"),
                Arguments.of("string-building", "0", ProbePlugin.stringBuilding(0)),
                Arguments.of("string-building", "40", ProbePlugin.stringBuilding(40)));
    }

    @ParameterizedTest(name = "{0}({1}) = {2}")
    @MethodSource("probes")
    void behavesLikeJava(String probe, String operand, String expected) {
        RoastedrootHost.Exchange exchange = host.request(":path", "/", "x-probe", probe, "x-operand", operand);

        assertThat(exchange.localStatus).isEqualTo(200);
        assertThat(exchange.localBodyText()).isEqualTo(expected);
    }

    @Test
    void uncaughtExceptionIsLoggedAtCriticalAndTheRequestContinues() {
        RoastedrootHost.Exchange failed = host.request(":path", "/", "x-probe", "throw");
        RoastedrootHost.Exchange next = host.request(":path", "/", "x-probe", "int-divide", "x-operand", "10");

        assertThat(failed.action).isEqualTo(Action.CONTINUE);
        assertThat(failed.localStatus).isEqualTo(-1);
        assertThat(host.logs).contains("CRITICAL [probe-plugin] uncaught exception in proxy_on_request_headers: "
                + "java.lang.IllegalStateException: probe asked to throw");
        assertThat(next.localBodyText()).isEqualTo("100");
    }

    @Test
    void withoutTheCompatPluginTeaVMImportsWhatNoProxyWasmHostProvides() throws Exception {
        WasmModuleSurface surface = WasmModuleSurface.read(Path.of("target/probe-without-compat.wasm"));

        assertThat(ProxyWasmPolicy.create().violations(surface)).containsExactly(
                "import teavm.nanoTime ()->f64 is not provided by proxy-wasm hosts",
                "import teavmMath.sqrt (f64)->f64 is not provided by proxy-wasm hosts");
    }

    @Test
    void withTheCompatPluginTheProbeModuleIsInsideTheAllowlist() throws Exception {
        WasmModuleSurface surface = WasmModuleSurface.read(Path.of("target/main.wasm"));

        assertThat(ProxyWasmPolicy.create().violations(surface)).isEmpty();
    }
}
