package io.wasmjava.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Checks one module file against a policy; shared by {@link CheckMojo} and {@link WasmCheckMain}. */
final class ModuleCheck {
    private ModuleCheck() {
    }

    /**
     * Checks {@code file} and returns its problems, each a line starting with the file path. A missing file and a
     * malformed module are problems too. When there are none, passes one summary line to {@code onSuccess}, such as
     * {@code main.wasm: 11 imports, 48 exports, 337613 bytes — proxy-wasm surface OK}.
     *
     * @throws IOException if the file exists but cannot be read
     */
    static List<String> check(Path file, ProxyWasmPolicy policy, Consumer<String> onSuccess) throws IOException {
        if (Files.notExists(file)) {
            return List.of(file + " does not exist: the TeaVM step did not run or wrote its output elsewhere");
        }
        WasmModuleSurface surface;
        try {
            surface = WasmModuleSurface.read(file);
        } catch (MalformedWasmException e) {
            return List.of(file + " is not a valid WebAssembly module: " + e.getMessage());
        }
        List<String> violations = policy.violations(surface);
        if (violations.isEmpty()) {
            onSuccess.accept(file.getFileName() + ": " + surface.imports().size() + " imports, "
                    + surface.exports().size() + " exports, " + surface.sizeBytes()
                    + " bytes — proxy-wasm surface OK");
        }
        return violations.stream().map(violation -> file + ": " + violation).toList();
    }
}
