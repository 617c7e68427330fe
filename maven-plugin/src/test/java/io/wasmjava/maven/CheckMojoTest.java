package io.wasmjava.maven;

import static io.wasmjava.maven.WasmModuleBuilder.validProxyWasmModule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckMojoTest {
    private final CheckMojo mojo = new CheckMojo();
    private final RecordingLog log = new RecordingLog();
    private final ProxyWasmPolicy policy = ProxyWasmPolicy.create();

    @TempDir
    Path dir;

    CheckMojoTest() {
        mojo.setLog(log);
    }

    @Test
    void failsWithClearMessageWhenWasmFileIsMissing() {
        File missing = dir.resolve("target/main.wasm").toFile();

        assertThatThrownBy(() -> mojo.check(List.of(missing), policy))
                .isInstanceOf(MojoFailureException.class)
                .hasMessage("proxy-wasm check failed:\n  " + missing
                        + " does not exist: the TeaVM step did not run or wrote its output elsewhere");
    }

    @Test
    void logsSummaryOfEachPassingModule() throws Exception {
        byte[] binary = validProxyWasmModule().build();
        File main = write("main.wasm", binary);

        mojo.check(List.of(main), policy);

        assertThat(log.infos).containsExactly(
                "main.wasm: 2 imports, 7 exports, " + binary.length + " bytes — proxy-wasm surface OK");
    }

    @Test
    void failsListingEveryViolationOfEveryFile() throws Exception {
        File ok = write("ok.wasm", validProxyWasmModule().build());
        File teavm = write("teavm.wasm", validProxyWasmModule().importFunction("teavmMath", "sin", "(f64)->f64")
                .importMemory("env", "memory").build());
        File broken = write("broken.wasm", new byte[] {0x00, 0x61, 0x73});

        assertThatThrownBy(() -> mojo.check(List.of(ok, teavm, broken), policy))
                .isInstanceOf(MojoFailureException.class)
                .hasMessage("proxy-wasm check failed:\n"
                        + "  " + teavm + ": import teavmMath.sin (f64)->f64 is not provided by proxy-wasm hosts\n"
                        + "  " + teavm + ": import env.memory (memory) is not provided by proxy-wasm hosts; "
                        + "the module must export its own memory\n"
                        + "  " + broken + " is not a valid WebAssembly module: "
                        + "unexpected end of file reading magic number at offset 3");
        assertThat(log.infos).containsExactly(
                "ok.wasm: 2 imports, 7 exports, " + Files.size(ok.toPath()) + " bytes — proxy-wasm surface OK");
    }

    @Test
    void failsWhenNoFileIsListed() {
        assertThatThrownBy(() -> mojo.check(List.of(), policy))
                .isInstanceOf(MojoFailureException.class)
                .hasMessage("wasmFiles is empty: there is no proxy-wasm module to check");
    }

    private File write(String name, byte[] binary) throws Exception {
        return Files.write(dir.resolve(name), binary).toFile();
    }

    /** Keeps info messages instead of printing them. */
    private static final class RecordingLog extends SystemStreamLog {
        final List<String> infos = new ArrayList<>();

        @Override
        public void info(CharSequence content) {
            infos.add(content.toString());
        }
    }
}
