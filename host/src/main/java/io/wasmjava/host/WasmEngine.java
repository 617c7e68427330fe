package io.wasmjava.host;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a compiled plugin module on a Wasm engine (Chicory or V8, as {@link WasmExecution} says): our own proxy-wasm
 * host over a {@link HostEmulator}, with the same host functions ({@link WasmHostFunctions}) and the same guest memory
 * checks ({@link GuestMemory}) on every engine. One instance per engine; {@code _start} runs when the engine is
 * created. A trap on any engine is a {@link WasmTrapException} naming the export, its arguments and the engine's
 * message. Not thread-safe: one thread uses an engine (V8 also requires it).
 */
public abstract sealed class WasmEngine implements PluginEngine permits ChicoryEngine, V8Engine {
    /** Exports hosts call unconditionally; a module without them cannot be driven. */
    private static final List<String> REQUIRED_EXPORTS = List.of("memory", "proxy_on_memory_allocate",
            "proxy_on_context_create", "proxy_on_vm_start", "proxy_on_configure");

    private static final Map<FileKey, ModuleFile> FILES = new ConcurrentHashMap<>();

    private final String description;
    private final Set<String> exports = new HashSet<>();
    private String trap;

    /**
     * Checks that {@code module} is a proxy-wasm module.
     *
     * @throws IllegalStateException if a required export is missing or {@code memory} is not a memory
     */
    WasmEngine(ModuleFile file, WasmExecution execution) {
        Path path = file.path();
        WasmModule module = file.module();
        this.description = path.getFileName() + " (" + execution.name().toLowerCase() + ")";
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            exports.add(module.exportSection().getExport(i).name());
        }
        for (String required : REQUIRED_EXPORTS) {
            if (!exports.contains(required)) {
                throw new IllegalStateException(path + " is not a proxy-wasm module: it does not export " + required);
            }
        }
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            if (module.exportSection().getExport(i).name().equals("memory")
                    && module.exportSection().getExport(i).exportType() != ExternalType.MEMORY) {
                throw new IllegalStateException(path + ": export memory is not a memory");
            }
        }
    }

    /**
     * A factory for the module at {@code path}, run as {@code execution} says. The module is parsed (and on Chicory
     * compiled) on first use only and cached per file and modification time for the JVM's lifetime; on V8 each
     * instance compiles it in its own isolate. Each instance is new.
     *
     * @throws IllegalStateException if the file does not exist
     */
    public static PluginEngine.Factory factory(Path path, WasmExecution execution) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(execution, "execution");
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("Wasm module not found: " + path.toAbsolutePath().normalize());
        }
        return execution == WasmExecution.V8 ? V8Engine.onV8(path)
                : ChicoryEngine.compiledOrInterpreted(path, execution);
    }

    /**
     * Why modules cannot run as {@code execution} says on this machine (V8 needs Javet's native library for this
     * platform), or empty if they can. Tests turn a reason into a skipped test, never a pass.
     */
    public static Optional<String> unavailable(WasmExecution execution) {
        return execution == WasmExecution.V8 ? V8Engine.unavailable() : Optional.empty();
    }

    /**
     * The module file at {@code path}, read and parsed (imports, exports, types: both engines link against them) on
     * first use and cached per file, size and modification time for the JVM's lifetime: parsing a large module takes
     * Chicory's parser half a second, more than V8 takes to start an isolate and compile the module.
     *
     * @throws IllegalStateException if the file cannot be read or is not a Wasm module
     */
    static ModuleFile load(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        FileKey key;
        try {
            key = new FileKey(absolute, Files.size(absolute), Files.getLastModifiedTime(absolute).toMillis());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read Wasm module " + absolute + ": " + e.getMessage(), e);
        }
        return FILES.computeIfAbsent(key, k -> {
            try {
                byte[] bytes = Files.readAllBytes(absolute);
                return new ModuleFile(k, Parser.parse(bytes), bytes);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read Wasm module " + absolute + ": " + e.getMessage(), e);
            } catch (ChicoryException e) {
                throw new IllegalStateException("cannot parse Wasm module " + absolute + ": " + e.getMessage(), e);
            }
        });
    }

    /** A file's identity for the caches: a rebuilt module is a new entry. */
    record FileKey(Path path, long size, long lastModifiedMillis) {
    }

    /** A module file: its bytes and their parsed structure. Do not modify {@code bytes}. */
    record ModuleFile(FileKey key, WasmModule module, byte[] bytes) {
        Path path() {
            return key.path();
        }
    }

    /** Runs {@code _initialize} if exported, else {@code _start} (proxy-wasm 0.2.1; TeaVM emits _start). */
    final void start() {
        String start = exports.contains("_initialize") ? "_initialize" : "_start";
        if (exports.contains(start)) {
            try {
                call(start);
            } catch (WasmTrapException e) {
                close();
                throw e;
            }
        }
    }

    // ---- exports ----

    /**
     * Calls the export on the engine and returns its i32 result, or 0 if it returns nothing.
     *
     * @throws WasmTrapException if the module trapped (the message is the engine's; this class adds the export)
     * @throws ModuleExitException if the module called {@code proc_exit}
     */
    abstract int invoke(String name, int[] args);

    /**
     * Calls an export; a missing optional export behaves as proxy-wasm hosts treat it (not called, result 0).
     * Package-private for tests of the host with hand-written modules.
     */
    final int call(String name, int... args) {
        if (trap != null) {
            throw new IllegalStateException(description + " trapped earlier (" + trap + "); the instance is "
                    + "unusable: start a new harness");
        }
        if (!exports.contains(name)) {
            return 0;
        }
        try {
            return invoke(name, args);
        } catch (ModuleExitException e) {
            if (e.exitCode() == 0) {
                // proc_exit(0), e.g. from _start: main returned.
                return 0;
            }
            throw trapped(name, args, e.getMessage(), e);
        } catch (WasmTrapException e) {
            throw trapped(name, args, e.getMessage(), e);
        } catch (StackOverflowError e) {
            throw trapped(name, args, "stack overflow", e);
        }
    }

    private WasmTrapException trapped(String name, int[] args, String message, Throwable cause) {
        trap = name + Arrays.toString(args).replace('[', '(').replace(']', ')') + ": " + message;
        return new WasmTrapException(description + ": " + trap, cause);
    }

    /** The instance's linear memory, checked as host functions see it; for tests that inspect it. */
    abstract GuestMemory memory();

    @Override
    public int call(Export export, int... args) {
        // A module without proxy_on_done is done at once.
        if (export == Export.DONE && !exports.contains(export.symbol())) {
            return 1;
        }
        return call(export.symbol(), export.checked(args));
    }

    @Override
    public String toString() {
        return "Wasm engine for " + description;
    }
}
