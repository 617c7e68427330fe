package io.wasmjava.host;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ExecutionCompletedException;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Runs a compiled plugin module on Chicory: our own proxy-wasm host over a {@link HostEmulator}. One instance per
 * engine; {@code _start} runs when the engine is created.
 */
public final class WasmEngine implements PluginEngine {
    /** Exports hosts call unconditionally; a module without them cannot be driven. */
    private static final List<String> REQUIRED_EXPORTS = List.of("memory", "proxy_on_memory_allocate",
            "proxy_on_context_create", "proxy_on_vm_start", "proxy_on_configure");

    private static final Map<CacheKey, LoadedModule> MODULES = new ConcurrentHashMap<>();

    private final String description;
    private final WasiPreview1 wasi;
    private final Instance instance;
    private final Set<String> exports = new HashSet<>();
    private final Map<String, ExportFunction> exportFunctions = new ConcurrentHashMap<>();
    private String trap;

    private WasmEngine(LoadedModule loaded, HostEmulator host) {
        this.description = loaded.path.getFileName() + " (" + loaded.execution.name().toLowerCase() + ")";
        WasmModule module = loaded.module;
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            exports.add(module.exportSection().getExport(i).name());
        }
        for (String required : REQUIRED_EXPORTS) {
            if (!exports.contains(required)) {
                throw new IllegalStateException(loaded.path + " is not a proxy-wasm module: it does not export "
                        + required);
            }
        }
        if (module.exportSection().getExport(exportIndex(module, "memory")).exportType() != ExternalType.MEMORY) {
            throw new IllegalStateException(loaded.path + ": export memory is not a memory");
        }
        this.wasi = WasiPreview1.builder().withOptions(WasiOptions.builder()
                .withRandom(new Random(0x5eed))
                .withStdout(OutputStream.nullOutputStream())
                .withStderr(OutputStream.nullOutputStream())
                .build()).build();
        Instance.Builder builder = Instance.builder(module)
                .withImportValues(WasmHostFunctions.link(module, host, wasi))
                .withStart(false)
                // A plain byte[] with VarHandle access: every load and store the module makes goes through it, and it
                // is markedly cheaper per access than the default ByteBufferMemory.
                .withMemoryFactory(ByteArrayMemory::new);
        if (loaded.machineFactory != null) {
            builder.withMachineFactory(loaded.machineFactory);
        }
        try {
            this.instance = builder.build();
        } catch (ChicoryException e) {
            wasi.close();
            throw new IllegalStateException("cannot instantiate " + loaded.path + ": " + e.getMessage(), e);
        }
        // proxy-wasm 0.2.1: _initialize if exported, else _start (TeaVM emits _start, which runs main()).
        String start = exports.contains("_initialize") ? "_initialize" : "_start";
        if (exports.contains(start)) {
            try {
                call(start);
            } catch (WasmTrapException e) {
                wasi.close();
                throw e;
            }
        }
    }

    private static int exportIndex(WasmModule module, String name) {
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            if (module.exportSection().getExport(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(name);
    }

    /**
     * A factory for the module at {@code path}, run as {@code execution} says. The module is parsed (and compiled)
     * on first use only and cached per file and modification time for the JVM's lifetime; each instance is new.
     *
     * @throws IllegalStateException if the file does not exist
     */
    public static PluginEngine.Factory factory(Path path, WasmExecution execution) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(execution, "execution");
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("Wasm module not found: " + path.toAbsolutePath().normalize());
        }
        return host -> new WasmEngine(load(path, execution), host);
    }

    private static LoadedModule load(Path path, WasmExecution execution) {
        Path absolute = path.toAbsolutePath().normalize();
        CacheKey key;
        try {
            key = new CacheKey(absolute, Files.size(absolute), Files.getLastModifiedTime(absolute).toMillis(),
                    execution);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read Wasm module " + absolute + ": " + e.getMessage(), e);
        }
        // Compiling takes seconds: do it once per module file (and version of it) for the JVM's lifetime.
        return MODULES.computeIfAbsent(key, k -> {
            WasmModule module;
            try {
                module = Parser.parse(absolute);
            } catch (ChicoryException e) {
                throw new IllegalStateException("cannot parse Wasm module " + absolute + ": " + e.getMessage(), e);
            }
            Function<Instance, Machine> machineFactory =
                    execution == WasmExecution.COMPILED ? MachineFactoryCompiler.compile(module) : null;
            return new LoadedModule(absolute, module, machineFactory, execution);
        });
    }

    // ---- exports ----

    private ExportFunction export(String name) {
        return exportFunctions.computeIfAbsent(name, instance::export);
    }

    /**
     * Calls an export; a missing optional export behaves as proxy-wasm hosts treat it (not called, result 0).
     * Package-private for tests of the host with hand-written modules.
     */
    int call(String name, int... args) {
        if (trap != null) {
            throw new IllegalStateException(description + " trapped earlier (" + trap + "); the instance is "
                    + "unusable: start a new harness");
        }
        if (!exports.contains(name)) {
            return 0;
        }
        long[] params = new long[args.length];
        for (int i = 0; i < args.length; i++) {
            params[i] = args[i];
        }
        try {
            long[] result = export(name).apply(params);
            return result == null || result.length == 0 ? 0 : (int) result[0];
        } catch (ExecutionCompletedException e) {
            // proc_exit(0) from _start: main returned.
            return 0;
        } catch (ChicoryException e) {
            trap = name + Arrays.toString(args).replace('[', '(').replace(']', ')') + ": " + e.getMessage();
            throw new WasmTrapException(description + ": " + trap, e);
        } catch (StackOverflowError e) {
            trap = name + Arrays.toString(args).replace('[', '(').replace(']', ')') + ": stack overflow";
            throw new WasmTrapException(description + ": " + trap, e);
        }
    }

    @Override
    public void onContextCreate(int contextId, int parentContextId) {
        call("proxy_on_context_create", contextId, parentContextId);
    }

    @Override
    public int onVmStart(int rootContextId, int vmConfigurationSize) {
        return call("proxy_on_vm_start", rootContextId, vmConfigurationSize);
    }

    @Override
    public int onConfigure(int rootContextId, int configurationSize) {
        return call("proxy_on_configure", rootContextId, configurationSize);
    }

    @Override
    public void onTick(int rootContextId) {
        call("proxy_on_tick", rootContextId);
    }

    @Override
    public int onRequestHeaders(int contextId, int headerCount, int endOfStream) {
        return call("proxy_on_request_headers", contextId, headerCount, endOfStream);
    }

    @Override
    public int onRequestBody(int contextId, int bodySize, int endOfStream) {
        return call("proxy_on_request_body", contextId, bodySize, endOfStream);
    }

    @Override
    public int onRequestTrailers(int contextId, int trailerCount) {
        return call("proxy_on_request_trailers", contextId, trailerCount);
    }

    @Override
    public int onResponseHeaders(int contextId, int headerCount, int endOfStream) {
        return call("proxy_on_response_headers", contextId, headerCount, endOfStream);
    }

    @Override
    public int onResponseBody(int contextId, int bodySize, int endOfStream) {
        return call("proxy_on_response_body", contextId, bodySize, endOfStream);
    }

    @Override
    public int onResponseTrailers(int contextId, int trailerCount) {
        return call("proxy_on_response_trailers", contextId, trailerCount);
    }

    @Override
    public void onHttpCallResponse(int rootContextId, int token, int headerCount, int bodySize, int trailerCount) {
        call("proxy_on_http_call_response", rootContextId, token, headerCount, bodySize, trailerCount);
    }

    @Override
    public void onRedisCallResponse(int rootContextId, int token, int status, int responseSize) {
        call("proxy_on_redis_call_response", rootContextId, token, status, responseSize);
    }

    @Override
    public int onDone(int contextId) {
        // A module without proxy_on_done is done at once.
        return exports.contains("proxy_on_done") ? call("proxy_on_done", contextId) : 1;
    }

    @Override
    public void onLog(int contextId) {
        call("proxy_on_log", contextId);
    }

    @Override
    public void onDelete(int contextId) {
        call("proxy_on_delete", contextId);
    }

    @Override
    public long memoryBytes() {
        Memory memory = instance.memory();
        return memory == null ? -1 : (long) memory.pages() * Memory.PAGE_SIZE;
    }

    /** The instance; for tests that inspect linear memory. */
    Instance instance() {
        return instance;
    }

    @Override
    public void close() {
        wasi.close();
    }

    @Override
    public String toString() {
        return "Wasm engine for " + description;
    }

    private static final class LoadedModule {
        final Path path;
        final WasmModule module;
        final Function<Instance, Machine> machineFactory;
        final WasmExecution execution;

        LoadedModule(Path path, WasmModule module, Function<Instance, Machine> machineFactory,
                WasmExecution execution) {
            this.path = path;
            this.module = module;
            this.machineFactory = machineFactory;
            this.execution = execution;
        }
    }

    private static final class CacheKey {
        final Path path;
        final long size;
        final long lastModifiedMillis;
        final WasmExecution execution;

        CacheKey(Path path, long size, long lastModifiedMillis, WasmExecution execution) {
            this.path = path;
            this.size = size;
            this.lastModifiedMillis = lastModifiedMillis;
            this.execution = execution;
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof CacheKey)) {
                return false;
            }
            CacheKey that = (CacheKey) other;
            return path.equals(that.path) && size == that.size && lastModifiedMillis == that.lastModifiedMillis
                    && execution == that.execution;
        }

        @Override
        public int hashCode() {
            return Objects.hash(path, size, lastModifiedMillis, execution);
        }
    }
}
