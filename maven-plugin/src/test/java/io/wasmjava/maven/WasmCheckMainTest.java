package io.wasmjava.maven;

import static io.wasmjava.maven.WasmModuleBuilder.validProxyWasmModule;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WasmCheckMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    @Test
    void printsSummaryAndExitsZeroWhenEveryModulePasses() throws Exception {
        byte[] binary = validProxyWasmModule().build();
        Path main = Files.write(dir.resolve("main.wasm"), binary);

        assertThat(run(main.toString())).isZero();
        assertThat(text(out)).isEqualTo(
                "main.wasm: 2 imports, 7 exports, " + binary.length + " bytes — proxy-wasm surface OK\n");
        assertThat(text(err)).isEmpty();
    }

    @Test
    void printsViolationsAndExitsOneWhenAModuleFails() throws Exception {
        Path main = Files.write(dir.resolve("main.wasm"),
                validProxyWasmModule().importFunction("teavmMath", "sin", "(f64)->f64").build());
        Path missing = dir.resolve("other.wasm");

        assertThat(run(main.toString(), missing.toString())).isEqualTo(1);
        assertThat(text(out)).isEmpty();
        assertThat(text(err)).isEqualTo(
                main + ": import teavmMath.sin (f64)->f64 is not provided by proxy-wasm hosts\n"
                + missing + " does not exist: the TeaVM step did not run or wrote its output elsewhere\n");
    }

    @Test
    void printsUsageAndExitsTwoWithoutArguments() {
        assertThat(run()).isEqualTo(2);
        assertThat(text(err)).isEqualTo("usage: WasmCheckMain <module.wasm>...\n");
    }

    private int run(String... paths) {
        return WasmCheckMain.run(List.of(paths), print(out), print(err));
    }

    private static PrintStream print(ByteArrayOutputStream buffer) {
        return new PrintStream(buffer, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream buffer) {
        return buffer.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
}
