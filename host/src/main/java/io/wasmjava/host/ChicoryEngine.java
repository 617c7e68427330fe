package io.wasmjava.host;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.ChicoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** {@link WasmEngine} on Chicory: its runtime compiler or its interpreter, as {@link WasmExecution} says. */
final class ChicoryEngine extends WasmEngine {
    private static final Map<CacheKey, Function<Instance, Machine>> MACHINES = new ConcurrentHashMap<>();

    private final Instance instance;
    private final GuestMemory memory;
    private final Map<String, ExportFunction> exportFunctions = new ConcurrentHashMap<>();

    private ChicoryEngine(ModuleFile file, WasmExecution execution, HostEmulator host) {
        super(file, execution);
        WasmHostFunctions functions = WasmHostFunctions.link(file.module(), file.path().toString(), host);
        List<ImportFunction> linked = new ArrayList<>();
        for (WasmHostFunctions.HostImport function : functions.imports()) {
            boolean returns = !function.type().returns().isEmpty();
            linked.add(new HostFunction(function.module(), function.name(), function.type(), (instance, args) -> {
                long result = function.call(args);
                return returns ? new long[] {result} : null;
            }));
        }
        Instance.Builder builder = Instance.builder(file.module())
                .withImportValues(ImportValues.builder().withFunctions(linked).build())
                .withStart(false)
                // A plain byte[] with VarHandle access: every load and store the module makes goes through it, and it
                // is markedly cheaper per access than the default ByteBufferMemory.
                .withMemoryFactory(ByteArrayMemory::new);
        if (execution == WasmExecution.COMPILED) {
            // Compiling takes seconds: do it once per module file (and version of it) for the JVM's lifetime.
            builder.withMachineFactory(MACHINES.computeIfAbsent(new CacheKey(file.key(), execution),
                    k -> MachineFactoryCompiler.compile(file.module())));
        }
        try {
            this.instance = builder.build();
        } catch (ChicoryException e) {
            throw new IllegalStateException("cannot instantiate " + file.path() + ": " + e.getMessage(), e);
        }
        this.memory = new GuestMemory(new ChicoryMemory(instance.memory()),
                size -> invoke("proxy_on_memory_allocate", new int[] {size}));
        functions.bind(memory);
        start();
    }

    static PluginEngine.Factory compiledOrInterpreted(Path path, WasmExecution execution) {
        return host -> new ChicoryEngine(load(path), execution, host);
    }

    @Override
    int invoke(String name, int[] args) {
        long[] params = new long[args.length];
        for (int i = 0; i < args.length; i++) {
            params[i] = args[i];
        }
        try {
            long[] result = exportFunctions.computeIfAbsent(name, instance::export).apply(params);
            return result == null || result.length == 0 ? 0 : (int) result[0];
        } catch (ChicoryException e) {
            throw new WasmTrapException(e.getMessage(), e);
        }
    }

    @Override
    GuestMemory memory() {
        return memory;
    }

    @Override
    public long memoryBytes() {
        return memory.size();
    }

    @Override
    public void close() {
        // Nothing outside the JVM heap: the instance goes with this object.
    }

    /** Chicory's memory object; its size is always current. */
    private record ChicoryMemory(Memory memory) implements LinearMemory {
        @Override
        public long byteSize() {
            return (long) memory.pages() * Memory.PAGE_SIZE;
        }

        @Override
        public byte[] read(int address, int length) {
            return memory.readBytes(address, length);
        }

        @Override
        public int readI32(int address) {
            return memory.readInt(address);
        }

        @Override
        public void writeI32(int address, int value) {
            memory.writeI32(address, value);
        }

        @Override
        public void writeI64(int address, long value) {
            memory.writeLong(address, value);
        }

        @Override
        public void write(int address, byte[] data) {
            memory.write(address, data);
        }
    }

    private record CacheKey(FileKey file, WasmExecution execution) {
    }
}
