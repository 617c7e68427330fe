package io.wasmjava.maven;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line form of {@code wasmjava:check}, usable without Maven:
 * {@code java -cp wasmjava-maven-plugin.jar io.wasmjava.maven.WasmCheckMain target/main.wasm ...}.
 *
 * <p>Prints a summary line per passing module on standard output and every problem on standard error. Exits with 0
 * when all modules pass, 1 on any violation, missing or malformed file, and 2 on a usage or read error.
 */
public final class WasmCheckMain {
    private WasmCheckMain() {
    }

    /** Checks each path against {@link ProxyWasmPolicy#create()} and exits non-zero unless all pass. */
    public static void main(String[] paths) {
        int status = run(List.of(paths), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs the check and returns the exit status described on the class. */
    static int run(List<String> paths, PrintStream out, PrintStream err) {
        if (paths.isEmpty()) {
            err.println("usage: WasmCheckMain <module.wasm>...");
            return 2;
        }
        ProxyWasmPolicy policy = ProxyWasmPolicy.create();
        List<String> problems = new ArrayList<>();
        for (String path : paths) {
            try {
                problems.addAll(ModuleCheck.check(Path.of(path), policy, out::println));
            } catch (IOException e) {
                err.println("cannot read " + path + ": " + e);
                return 2;
            }
        }
        problems.forEach(err::println);
        return problems.isEmpty() ? 0 : 1;
    }
}
