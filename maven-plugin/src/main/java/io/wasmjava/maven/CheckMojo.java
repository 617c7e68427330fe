package io.wasmjava.maven;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Verifies that every produced proxy-wasm module imports only functions that proxy-wasm hosts provide and exports
 * what they call (see {@link ProxyWasmPolicy}). Fails the build listing every violation with the offending file and
 * import or export name; logs one summary line per module that passes.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public final class CheckMojo extends AbstractMojo {
    /**
     * The modules to check (comma-separated on the command line). Each must exist: a missing file means the TeaVM step
     * did not run or wrote its output elsewhere.
     */
    @Parameter(property = "wasmjava.check.wasmFiles", defaultValue = "${project.build.directory}/main.wasm",
            required = true)
    private List<File> wasmFiles;

    /** Skips the check. */
    @Parameter(property = "wasmjava.check.skip", defaultValue = "false")
    private boolean skip;

    /** Further allowed function imports as {@code module.name}, for hosts with more extensions. */
    @Parameter
    private List<String> extraAllowedImports;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("wasmjava:check skipped");
            return;
        }
        ProxyWasmPolicy policy;
        try {
            policy = ProxyWasmPolicy.create()
                    .withExtraAllowedImports(extraAllowedImports == null ? List.of() : extraAllowedImports);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("extraAllowedImports: " + e.getMessage(), e);
        }
        check(wasmFiles == null ? List.of() : wasmFiles, policy);
    }

    /**
     * Checks {@code files} against {@code policy}, logging a summary for each module that passes.
     *
     * @throws MojoFailureException listing every problem of every file, if there is any, or if {@code files} is empty
     * @throws MojoExecutionException if an existing file cannot be read
     */
    void check(List<File> files, ProxyWasmPolicy policy) throws MojoExecutionException, MojoFailureException {
        if (files.isEmpty()) {
            throw new MojoFailureException("wasmFiles is empty: there is no proxy-wasm module to check");
        }
        List<String> problems = new ArrayList<>();
        for (File file : files) {
            try {
                problems.addAll(ModuleCheck.check(file.toPath(), policy, getLog()::info));
            } catch (IOException e) {
                throw new MojoExecutionException("cannot read " + file + ": " + e, e);
            }
        }
        if (!problems.isEmpty()) {
            throw new MojoFailureException("proxy-wasm check failed:\n  " + String.join("\n  ", problems));
        }
    }
}
