package io.wasmjava.host;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.exceptions.JavetExecutionException;
import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.interop.callback.IJavetDirectCallable;
import com.caoccao.javet.interop.callback.JavetCallbackContext;
import com.caoccao.javet.interop.callback.JavetCallbackType;
import com.caoccao.javet.interop.options.V8RuntimeOptions;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.primitive.V8ValuePrimitive;
import com.caoccao.javet.values.reference.V8ValueArrayBuffer;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValueObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link WasmEngine} on V8, the engine Envoy and Higress run plugins on, through Javet: each engine is its own
 * {@link V8Runtime} (an isolate), and the module is compiled and instantiated there with the {@code WebAssembly} API.
 *
 * <p>Host calls reach Java through one Javet direct callback ({@link JavetCallbackType#DirectCallNoThisAndNoResult},
 * no reflection) and a call frame shared with JavaScript ({@link #INSTANTIATE}). Guest memory is read and written in
 * place through the memory's {@code ArrayBuffer} as a direct {@link ByteBuffer}. A module memory with a maximum
 * (TeaVM declares one) is turned into a resizable buffer ({@code WebAssembly.Memory.prototype.toResizableBuffer}, V8
 * flag {@code --experimental-wasm-rab-integration}): it keeps its address when the module grows the memory, so the
 * view is fetched again only when the host needs an address beyond it. A memory without a maximum has a buffer that
 * {@code memory.grow} detaches, so the view is fetched again on every host call. A trap
 * ({@code WebAssembly.RuntimeError}, or V8's stack limit) ends the export call as a {@link WasmTrapException} with
 * V8's message. Use an engine from one thread at a time.
 */
final class V8Engine extends WasmEngine {
    /** Bytes of the call frame: slot 0 (function id in, result out) and one 8-byte slot per argument. */
    private static final int FRAME_BYTES = 8 * 16;

    /**
     * Instantiates the module with one small JavaScript function per import, which stores the import's id and its
     * arguments in a call frame shared with Java and calls the one Java dispatcher without arguments: V8 then passes
     * Javet nothing to convert. A host call costs about a third less than through a direct callback taking the Wasm
     * arguments (a loop of calls like HostCallCost's, both bindings interleaved in one isolate on the loaded 2-core
     * machine: 1.5-2.4 us against 2.4-3.7 us). Turns the memory's buffer resizable if it can.
     */
    private static final String INSTANTIATE = """
            (bytes, dispatch, signatures) => {
              const frame = new ArrayBuffer(%d);
              const i32 = new Int32Array(frame), i64 = new BigInt64Array(frame);
              const imports = {};
              JSON.parse(signatures).forEach(([module, name, params, returns], id) => {
                const args = [...params].map((type, k) => 'a' + k);
                const stores = [...params].map((type, k) =>
                    type === 'j' ? `i64[${k + 1}] = a${k};` : `i32[${2 * (k + 1)}] = a${k};`).join(' ');
                const body = `i32[0] = ${id}; ${stores} dispatch();` + (returns ? ' return i32[0];' : '');
                (imports[module] ??= {})[name] = new Function('i32', 'i64', 'dispatch',
                    `return function(${args.join(', ')}) { ${body} };`)(i32, i64, dispatch);
              });
              const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
              const memory = instance.exports.memory;
              let resizable = false;
              if (typeof memory.toResizableBuffer === 'function') {
                try { memory.toResizableBuffer(); resizable = true; } catch (e) { /* no maximum: stays detachable */ }
              }
              return { exports: instance.exports, memory, resizable, frame };
            }""".formatted(FRAME_BYTES);

    static {
        try {
            // Must precede V8's start in this JVM; flags are process-wide and only add the resizable-buffer API.
            V8RuntimeOptions.V8_FLAGS.setCustomFlags("--experimental-wasm-rab-integration");
        } catch (RuntimeException e) {
            // V8 was started by someone else: memories stay detachable and are fetched per host call.
        }
    }

    private final V8Runtime runtime;
    private final V8ValueObject exports;
    private final V8ValueObject memoryObject;
    private final WasmHostFunctions.HostImport[] table;
    /** The one Java callback every import calls. */
    private final JavetCallbackContext dispatchContext;
    /** The call frame {@link #INSTANTIATE} shares with {@link #dispatch()}; kept open so its view stays valid. */
    private final V8ValueArrayBuffer frameBuffer;
    private final ByteBuffer frame;
    private final boolean resizable;
    private final V8Memory linear;
    private final GuestMemory memory;
    private final Map<String, V8ValueFunction> exportFunctions = new HashMap<>();
    private boolean closed;

    private V8Engine(ModuleFile file, HostEmulator host) {
        super(file, WasmExecution.V8);
        Path path = file.path();
        byte[] bytes = file.bytes();
        WasmHostFunctions functions = WasmHostFunctions.link(file.module(), path.toString(), host);
        try {
            this.runtime = V8Host.getV8Instance().createV8Runtime();
        } catch (JavetException e) {
            throw new IllegalStateException("cannot start V8: " + e.getMessage(), e);
        }
        this.table = functions.imports().toArray(new WasmHostFunctions.HostImport[0]);
        IJavetDirectCallable.NoThisAndNoResult<RuntimeException> dispatch = ignored -> dispatch();
        this.dispatchContext =
                new JavetCallbackContext("dispatch", JavetCallbackType.DirectCallNoThisAndNoResult, dispatch);
        try (V8ValueFunction instantiate = runtime.getExecutor(INSTANTIATE).execute();
                V8ValueArrayBuffer code = runtime.createV8ValueArrayBuffer(bytes.length);
                V8ValueFunction dispatcher = runtime.createV8ValueFunction(dispatchContext)) {
            code.fromBytes(bytes);
            V8ValueObject instance = instantiate.call(null, code, dispatcher,
                    runtime.createV8ValueString(signatures(table)));
            this.exports = instance.get("exports");
            this.memoryObject = instance.get("memory");
            this.resizable = instance.getBoolean("resizable");
            this.frameBuffer = instance.get("frame");
            this.frame = frameBuffer.getByteBuffer().duplicate().order(ByteOrder.LITTLE_ENDIAN);
            instance.close();
        } catch (JavetException e) {
            IllegalStateException failure =
                    new IllegalStateException("cannot instantiate " + path + " on V8: " + e.getMessage(), e);
            try {
                closeRuntime();
            } catch (JavetException closing) {
                failure.addSuppressed(closing);
            }
            throw failure;
        }
        this.linear = new V8Memory();
        this.memory = new GuestMemory(linear, size -> {
            int pointer = invoke("proxy_on_memory_allocate", new int[] {size});
            if (!resizable) {
                linear.refresh();
            }
            return pointer;
        });
        functions.bind(memory);
        start();
    }

    static PluginEngine.Factory onV8(Path path) {
        return host -> {
            Optional<String> reason = unavailable();
            if (reason.isPresent()) {
                throw new IllegalStateException(reason.get());
            }
            return new V8Engine(load(path), host);
        };
    }

    /** Why V8 cannot run here (Javet's native library did not load), or empty; checked once per JVM. */
    static Optional<String> unavailable() {
        return Availability.REASON;
    }

    private static final class Availability {
        static final Optional<String> REASON = probe();

        private static Optional<String> probe() {
            String platform = System.getProperty("os.name") + "/" + System.getProperty("os.arch");
            try {
                V8Host v8 = V8Host.getV8Instance();
                if (!v8.isLibraryLoaded()) {
                    return Optional.of("V8 is unavailable: Javet's native library for " + platform + " did not load"
                            + (v8.getLastException() == null ? "" : " (" + v8.getLastException().getMessage() + ")"));
                }
                try (V8Runtime probe = v8.createV8Runtime()) {
                    return Optional.empty();
                }
            } catch (JavetException | LinkageError | RuntimeException e) {
                return Optional.of("V8 is unavailable: Javet cannot start V8 on " + platform + " (" + e + ")");
            }
        }
    }

    /**
     * The imports' signatures for {@link #INSTANTIATE}, as JSON: {@code [module, name, params, returns]} per import in
     * table order, params one letter each ({@code i} i32, {@code j} i64).
     */
    private static String signatures(WasmHostFunctions.HostImport[] table) {
        StringBuilder json = new StringBuilder("[");
        for (WasmHostFunctions.HostImport function : table) {
            json.append(json.length() > 1 ? "," : "").append("[\"").append(function.module()).append("\",\"")
                    .append(function.name()).append("\",\"");
            for (ValType param : function.type().params()) {
                json.append(param.equals(ValType.I64) ? 'j' : 'i');
            }
            json.append("\",").append(!function.type().returns().isEmpty()).append(']');
        }
        return json.append(']').toString();
    }

    /** Runs the host function the call frame names, with the arguments it holds, and leaves the result there. */
    private void dispatch() {
        if (!resizable) {
            linear.refresh();
        }
        WasmHostFunctions.HostImport function = table[frame.getInt(0)];
        // Read everything first: the function may re-enter the module, whose host calls reuse the frame.
        List<ValType> params = function.type().params();
        long[] args = new long[params.size()];
        for (int k = 0; k < args.length; k++) {
            int offset = 8 * (k + 1);
            args[k] = params.get(k).equals(ValType.I64) ? frame.getLong(offset) : frame.getInt(offset);
        }
        frame.putInt(0, (int) function.call(args));
    }

    @Override
    int invoke(String name, int[] args) {
        try {
            V8ValueFunction export = exportFunctions.get(name);
            if (export == null) {
                export = exports.get(name);
                exportFunctions.put(name, export);
            }
            V8Value[] values = new V8Value[args.length];
            for (int i = 0; i < args.length; i++) {
                values[i] = runtime.createV8ValueInteger(args[i]);
            }
            try (V8Value result = export.call(null, values)) {
                return result instanceof V8ValuePrimitive<?> primitive && primitive.getValue() instanceof Number number
                        ? number.intValue() : 0;
            }
        } catch (JavetExecutionException e) {
            // A trap or exit raised by a host function (a nested allocation) comes back as the cause.
            if (e.getCause() instanceof WasmTrapException trap) {
                throw trap;
            }
            if (e.getCause() instanceof ModuleExitException exit) {
                throw exit;
            }
            throw new WasmTrapException(e.getMessage(), e);
        } catch (JavetException e) {
            throw new WasmTrapException("V8 failed: " + e.getMessage(), e);
        }
    }

    @Override
    GuestMemory memory() {
        return memory;
    }

    @Override
    public long memoryBytes() {
        return closed ? -1 : memory.size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            linear.release();
            for (V8ValueFunction export : exportFunctions.values()) {
                export.close();
            }
            memoryObject.close();
            frameBuffer.close();
            exports.close();
            closeRuntime();
        } catch (JavetException e) {
            throw new IllegalStateException("cannot close V8: " + e.getMessage(), e);
        }
    }

    /**
     * Closes the isolate. The dispatcher's callback context is dropped first: the module's imports call it for as
     * long as the instance lives, which goes with the isolate, so Javet would warn on every close that it was "not
     * recycled".
     */
    private void closeRuntime() throws JavetException {
        runtime.removeCallbackContext(dispatchContext.getHandle());
        runtime.close();
    }

    /** The memory's buffer as a direct little-endian view of V8's backing store. */
    private final class V8Memory implements LinearMemory {
        private V8ValueArrayBuffer buffer;
        private ByteBuffer view;

        V8Memory() {
            refresh();
        }

        @Override
        public long byteSize() {
            return view.capacity();
        }

        @Override
        public boolean refresh() {
            long before = view == null ? -1 : view.capacity();
            try {
                V8ValueArrayBuffer current = memoryObject.get("buffer");
                release();
                buffer = current;
                view = current.getByteBuffer().duplicate().order(ByteOrder.LITTLE_ENDIAN);
            } catch (JavetException e) {
                throw new IllegalStateException("cannot read the module's memory on V8: " + e.getMessage(), e);
            }
            return view.capacity() != before;
        }

        void release() throws JavetException {
            if (buffer != null) {
                buffer.close();
                buffer = null;
            }
        }

        @Override
        public byte[] read(int address, int length) {
            byte[] bytes = new byte[length];
            view.get(address, bytes);
            return bytes;
        }

        @Override
        public int readI32(int address) {
            return view.getInt(address);
        }

        @Override
        public void writeI32(int address, int value) {
            view.putInt(address, value);
        }

        @Override
        public void writeI64(int address, long value) {
            view.putLong(address, value);
        }

        @Override
        public void write(int address, byte[] data) {
            view.put(address, data);
        }
    }
}
