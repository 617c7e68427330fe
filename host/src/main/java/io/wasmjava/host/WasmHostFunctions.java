package io.wasmjava.host;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.ValType;
import io.wasmjava.core.Headers;
import io.wasmjava.core.LogLevel;
import io.wasmjava.core.abi.HeaderMapCodec;
import io.wasmjava.core.host.BufferType;
import io.wasmjava.core.host.Host;
import io.wasmjava.core.host.HostStatus;
import io.wasmjava.core.host.HostStatusException;
import io.wasmjava.core.host.MapType;
import io.wasmjava.core.host.MetricType;
import io.wasmjava.core.host.StreamType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The proxy-wasm 0.2.1 host functions ({@code env.proxy_*}), Higress's Redis extension and the WASI preview 1 calls
 * modules make, over a {@link HostEmulator}; written once for every engine, which only binds each {@link HostImport}
 * to its own function type. Each function decodes the module's pointers, calls the emulator, writes the outputs and
 * maps the outcome to a status: emulator statuses pass through; bad pointers become {@code INVALID_MEMORY_ACCESS} and
 * malformed data {@code BAD_ARGUMENT}, both recorded as {@linkplain HostEmulator#problems() problems}; an allocation
 * the module declines (its allocator returns 0) is {@code INVALID_MEMORY_ACCESS} without a problem; a trap inside
 * a nested {@code proxy_on_memory_allocate} propagates as {@link WasmTrapException}. Spec:
 * https://github.com/proxy-wasm/spec/tree/main/abi-versions/v0.2.1
 */
final class WasmHostFunctions {
    static final String ENV = "env";
    static final String WASI = "wasi_snapshot_preview1";

    /** ABI functions the kit links but does not model: calls fail with UNIMPLEMENTED and are reported. */
    private static final Map<String, Integer> UNMODELLED = unmodelled();

    private static final int OK = 0;
    private static final int WASI_EBADF = 8;
    private static final int WASI_EFAULT = 21;
    private static final int WASI_EINVAL = 28;
    private static final byte[] NO_BYTES = new byte[0];
    /**
     * The seed of {@code random_get}, plus the VM's {@linkplain SharedDataStore#nextVmOrdinal ordinal on its shared
     * store}: runs repeat exactly, on every engine, and VMs that share a store (the devserver's workers, a test's two
     * VMs) draw different numbers, so ids they draw (a leader election's, a lease owner's) differ as in Envoy.
     */
    private static final long RANDOM_SEED = 0x5eed;

    /** One host function as a module imports it; engines bind {@link #call} to their own function objects. */
    record HostImport(String module, String name, FunctionType type, Body body) {
        /** Runs the function; the result is ignored when {@link #type} returns nothing. */
        long call(long[] args) {
            return body.call(args);
        }
    }

    /** The body of a host function: i32 arguments as Java ints in longs, i64 as longs. */
    @FunctionalInterface
    interface Body {
        long call(long[] args);
    }

    private final HostEmulator host;
    private final Map<String, HostImport> functions = new LinkedHashMap<>();
    private final Random random;
    private final List<HostImport> imports;
    private GuestMemory memory;

    private WasmHostFunctions(WasmModule module, String moduleName, HostEmulator host) {
        this.host = host;
        this.random = new Random(RANDOM_SEED + host.sharedDataStore().nextVmOrdinal());
        defineWasi();
        defineProxyWasm();
        for (Map.Entry<String, Integer> entry : UNMODELLED.entrySet()) {
            String name = entry.getKey();
            env(name, entry.getValue(), (m, a) -> {
                throw host.unmodelled(name, "not modelled by this host");
            });
        }
        this.imports = resolve(module, moduleName);
    }

    private static Map<String, Integer> unmodelled() {
        Map<String, Integer> names = new LinkedHashMap<>();
        names.put("proxy_close_stream", 1);
        names.put("proxy_get_status", 3);
        names.put("proxy_grpc_call", 12);
        names.put("proxy_grpc_stream", 9);
        names.put("proxy_grpc_send", 4);
        names.put("proxy_grpc_cancel", 1);
        names.put("proxy_grpc_close", 1);
        return Collections.unmodifiableMap(names);
    }

    /**
     * The host functions for {@code module}, one per import in import order: every host function above, plus typed
     * stubs for the Higress extensions it imports. They reach guest memory once {@link #bind} was called.
     *
     * @param moduleName names the module in errors
     * @throws IllegalStateException naming the import if the module imports something hosts do not provide, with a
     *     different signature, or that is not a function
     */
    static WasmHostFunctions link(WasmModule module, String moduleName, HostEmulator host) {
        return new WasmHostFunctions(module, moduleName, host);
    }

    private List<HostImport> resolve(WasmModule module, String moduleName) {
        List<HostImport> linked = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import anImport = module.importSection().getImport(i);
            String key = anImport.module() + "." + anImport.name();
            if (anImport.importType() != ExternalType.FUNCTION) {
                errors.add(key + " (" + anImport.importType().name().toLowerCase() + "): hosts expect the module to "
                        + "define it itself");
                continue;
            }
            FunctionType wanted = module.typeSection().getType(((FunctionImport) anImport).typeIndex());
            HostImport provided = functions.get(key);
            if (provided != null) {
                if (!provided.type().equals(wanted)) {
                    errors.add(key + " " + wanted + ": hosts provide " + provided.type());
                }
                linked.add(provided);
            } else {
                errors.add(key + " " + wanted + ": proxy-wasm hosts do not provide it");
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("the module cannot be linked: " + String.join("; ", errors));
        }
        return List.copyOf(linked);
    }

    /** The functions to link, one per import of the module, in import order. */
    List<HostImport> imports() {
        return imports;
    }

    /** Gives the functions the instance's memory; engines call it once the instance exists, before any export. */
    void bind(GuestMemory guestMemory) {
        this.memory = guestMemory;
    }

    // ---- plumbing ----

    @FunctionalInterface
    private interface Call {
        /** Returns the status; throws HostStatusException for an emulator status. */
        int apply(GuestMemory memory, long[] args);
    }

    /** Defines {@code env.name} taking {@code i32Params} i32s and returning an i32 status. */
    private void env(String name, int i32Params, Call call) {
        env(name, i32s(i32Params), call);
    }

    private static ValType[] i32s(int count) {
        ValType[] params = new ValType[count];
        Arrays.fill(params, ValType.I32);
        return params;
    }

    private void env(String name, ValType[] params, Call call) {
        define(ENV, name, params, args -> invoke(name, args, call));
    }

    private void define(String module, String name, ValType[] params, Body body) {
        functions.put(module + "." + name,
                new HostImport(module, name, FunctionType.of(params, new ValType[] {ValType.I32}), body));
    }

    private int invoke(String name, long[] args, Call call) {
        try {
            return call.apply(memory, args);
        } catch (HostStatusException e) {
            return e.code();
        } catch (AllocationRefusedException e) {
            return HostStatus.INVALID_MEMORY_ACCESS.code();
        } catch (GuestMemoryException e) {
            host.reportProblem(name + ": " + e.getMessage());
            return HostStatus.INVALID_MEMORY_ACCESS.code();
        } catch (IllegalArgumentException e) {
            host.reportProblem(name + ": " + e.getMessage());
            return HostStatus.BAD_ARGUMENT.code();
        } catch (WasmTrapException | ModuleExitException e) {
            // The module trapped while the host re-entered it (proxy_on_memory_allocate): abort the callback.
            throw e;
        } catch (RuntimeException e) {
            host.reportProblem(name + ": the host failed: " + e);
            return HostStatus.INTERNAL_FAILURE.code();
        }
    }

    private static int i(long[] args, int index) {
        return (int) args[index];
    }

    private static int notFound() {
        return HostStatus.NOT_FOUND.code();
    }

    private static List<String> path(byte[] encoded) {
        return Arrays.asList(new String(encoded, StandardCharsets.UTF_8).split("\0", -1));
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private MapType mapType(String function, int code) {
        MapType type = AbiCodes.decode(MapType.values(), MapType::code, code);
        if (type == null) {
            throw host.unmodelled(function, "header map type " + code + " is not modelled by this host");
        }
        return type;
    }

    private BufferType bufferType(String function, int code) {
        BufferType type = AbiCodes.decode(BufferType.values(), BufferType::code, code);
        if (type == null) {
            throw host.unmodelled(function, "buffer type " + code + " is not modelled by this host");
        }
        return type;
    }

// ---- proxy-wasm 0.2.1 and Higress ----

    private void defineProxyWasm() {
        // https://github.com/proxy-wasm/spec/tree/main/abi-versions/v0.2.1#proxy_log
        env("proxy_log", 3, (m, a) -> {
            host.log(AbiCodes.decodeOrBadArgument("proxy_log", LogLevel.values(), LogLevel::code, i(a, 0)),
                    m.readString(i(a, 1), i(a, 2)));
            return OK;
        });
        env("proxy_get_log_level", 1, (m, a) -> {
            m.writeU32(i(a, 0), host.logLevel().code());
            return OK;
        });
        env("proxy_get_current_time_nanoseconds", 1, (m, a) -> {
            m.writeU64(i(a, 0), host.currentTimeNanos());
            return OK;
        });
        env("proxy_set_tick_period_milliseconds", 1, (m, a) -> {
            host.setTickPeriodMillis(i(a, 0));
            return OK;
        });
        env("proxy_get_buffer_bytes", 5, (m, a) -> {
            byte[] bytes = host.buffer(bufferType("proxy_get_buffer_bytes", i(a, 0)), i(a, 1), i(a, 2));
            if (bytes == null) {
                return notFound();
            }
            m.returnBytes(bytes, i(a, 3), i(a, 4));
            return OK;
        });
        env("proxy_set_buffer_bytes", 5, (m, a) -> {
            host.setBuffer(bufferType("proxy_set_buffer_bytes", i(a, 0)), i(a, 1), i(a, 2), m.read(i(a, 3), i(a, 4)));
            return OK;
        });
        env("proxy_get_buffer_status", 3, (m, a) -> {
            m.checkWritable(i(a, 2), 4);
            m.writeU32(i(a, 1), host.bufferLength(bufferType("proxy_get_buffer_bytes", i(a, 0))));
            m.writeU32(i(a, 2), 0);
            return OK;
        });
        env("proxy_get_header_map_pairs", 3, (m, a) -> {
            Headers headers = host.headers(mapType("proxy_get_header_map_pairs", i(a, 0)));
            m.returnBytes(headers.isEmpty() ? NO_BYTES : HeaderMapCodec.encode(headers), i(a, 1), i(a, 2));
            return OK;
        });
        env("proxy_set_header_map_pairs", 3, (m, a) -> {
            host.setHeaders(mapType("proxy_set_header_map_pairs", i(a, 0)), HeaderMapCodec.decode(m.read(i(a, 1), i(a, 2))));
            return OK;
        });
        env("proxy_get_header_map_value", 5, (m, a) -> {
            String value = host.header(mapType("proxy_get_header_map_value", i(a, 0)), m.readString(i(a, 1), i(a, 2)));
            if (value == null) {
                return notFound();
            }
            m.returnBytes(utf8(value), i(a, 3), i(a, 4));
            return OK;
        });
        env("proxy_add_header_map_value", 5, (m, a) -> {
            host.addHeader(mapType("proxy_add_header_map_value", i(a, 0)),
                    m.readString(i(a, 1), i(a, 2)), m.readString(i(a, 3), i(a, 4)));
            return OK;
        });
        env("proxy_replace_header_map_value", 5, (m, a) -> {
            host.replaceHeader(mapType("proxy_replace_header_map_value", i(a, 0)),
                    m.readString(i(a, 1), i(a, 2)), m.readString(i(a, 3), i(a, 4)));
            return OK;
        });
        env("proxy_remove_header_map_value", 3, (m, a) -> {
            host.removeHeader(mapType("proxy_remove_header_map_value", i(a, 0)), m.readString(i(a, 1), i(a, 2)));
            return OK;
        });
        env("proxy_get_header_map_size", 2, (m, a) -> {
            m.writeU32(i(a, 1), host.headerMapSize(mapType("proxy_get_header_map_size", i(a, 0))));
            return OK;
        });
        env("proxy_get_property", 4, (m, a) -> {
            byte[] value = host.property(path(m.read(i(a, 0), i(a, 1))));
            if (value == null) {
                return notFound();
            }
            m.returnBytes(value, i(a, 2), i(a, 3));
            return OK;
        });
        env("proxy_set_property", 4, (m, a) -> {
            host.setProperty(path(m.read(i(a, 0), i(a, 1))), m.read(i(a, 2), i(a, 3)));
            return OK;
        });
        env("proxy_continue_stream", 1, (m, a) -> {
            host.continueStream(
                    AbiCodes.decodeOrBadArgument("proxy_continue_stream", StreamType.values(), StreamType::code, i(a, 0)));
            return OK;
        });
        env("proxy_continue_request", 0, (m, a) -> {
            host.continueStream(StreamType.REQUEST);
            return OK;
        });
        env("proxy_continue_response", 0, (m, a) -> {
            host.continueStream(StreamType.RESPONSE);
            return OK;
        });
        env("proxy_clear_route_cache", 0, (m, a) -> OK);
        env("proxy_send_local_response", 8, (m, a) -> {
            host.sendLocalResponse(i(a, 0), m.readString(i(a, 1), i(a, 2)), m.read(i(a, 3), i(a, 4)),
                    HeaderMapCodec.decode(m.read(i(a, 5), i(a, 6))), i(a, 7));
            return OK;
        });
        env("proxy_http_call", 10, (m, a) -> {
            String cluster = m.readString(i(a, 0), i(a, 1));
            Headers headers = HeaderMapCodec.decode(m.read(i(a, 2), i(a, 3)));
            byte[] body = m.read(i(a, 4), i(a, 5));
            Headers trailers = HeaderMapCodec.decode(m.read(i(a, 6), i(a, 7)));
            m.checkWritable(i(a, 9), 4);
            int token = host.dispatchHttpCall(cluster, headers, body, trailers, i(a, 8));
            m.writeU32(i(a, 9), token);
            return OK;
        });
        env("proxy_set_effective_context", 1, (m, a) -> {
            host.setEffectiveContext(i(a, 0));
            return OK;
        });
        env("proxy_done", 0, (m, a) -> {
            host.done();
            return OK;
        });
        env("proxy_call_foreign_function", 6, (m, a) -> {
            byte[] result = host.callForeignFunction(m.readString(i(a, 0), i(a, 1)), m.read(i(a, 2), i(a, 3)));
            if (result == null) {
                return notFound();
            }
            m.returnBytes(result, i(a, 4), i(a, 5));
            return OK;
        });
        env("proxy_inject_encoded_data_to_filter_chain", 3, (m, a) -> {
            host.injectEncodedData(m.read(i(a, 0), i(a, 1)), i(a, 2) != 0);
            return OK;
        });
        env("proxy_get_upstream_hosts", 2, (m, a) -> {
            Headers hosts = host.upstreamHosts();
            m.returnBytes(hosts.isEmpty() ? NO_BYTES : HeaderMapCodec.encode(hosts), i(a, 0), i(a, 1));
            return OK;
        });
        env("proxy_set_upstream_override_host", 2, (m, a) -> {
            host.setUpstreamOverrideHost(m.readString(i(a, 0), i(a, 1)));
            return OK;
        });
        env("proxy_register_shared_queue", 3, (m, a) -> {
            m.writeU32(i(a, 2), host.registerSharedQueue(m.readString(i(a, 0), i(a, 1))));
            return OK;
        });
        env("proxy_resolve_shared_queue", 5, (m, a) -> {
            int token = host.resolveSharedQueue(m.readString(i(a, 0), i(a, 1)), m.readString(i(a, 2), i(a, 3)));
            if (token == 0) {
                return notFound();
            }
            m.writeU32(i(a, 4), token);
            return OK;
        });
        env("proxy_enqueue_shared_queue", 3, (m, a) -> {
            host.enqueueSharedQueue(i(a, 0), m.read(i(a, 1), i(a, 2)));
            return OK;
        });
        env("proxy_dequeue_shared_queue", 3, (m, a) -> {
            byte[] entry = host.dequeueSharedQueue(i(a, 0));
            if (entry == null) {
                return HostStatus.EMPTY.code();
            }
            m.returnBytes(entry, i(a, 1), i(a, 2));
            return OK;
        });
        env("proxy_get_shared_data", 5, (m, a) -> {
            Host.SharedData data = host.sharedData(m.readString(i(a, 0), i(a, 1)));
            if (data == null) {
                return notFound();
            }
            m.checkWritable(i(a, 4), 4);
            m.returnBytes(data.value(), i(a, 2), i(a, 3));
            m.writeU32(i(a, 4), data.cas());
            return OK;
        });
        env("proxy_set_shared_data", 5, (m, a) -> {
            host.setSharedData(m.readString(i(a, 0), i(a, 1)), m.read(i(a, 2), i(a, 3)), i(a, 4));
            return OK;
        });
        env("proxy_define_metric", 4, (m, a) -> {
            m.checkWritable(i(a, 3), 4);
            m.writeU32(i(a, 3), host.defineMetric(
                    AbiCodes.decodeOrBadArgument("proxy_define_metric", MetricType.values(), MetricType::code, i(a, 0)),
                    m.readString(i(a, 1), i(a, 2))));
            return OK;
        });
        env("proxy_increment_metric", new ValType[] {ValType.I32, ValType.I64}, (m, a) -> {
            host.incrementMetric(i(a, 0), a[1]);
            return OK;
        });
        env("proxy_record_metric", new ValType[] {ValType.I32, ValType.I64}, (m, a) -> {
            host.recordMetric(i(a, 0), a[1]);
            return OK;
        });
        env("proxy_get_metric", 2, (m, a) -> {
            m.checkWritable(i(a, 1), 8);
            m.writeU64(i(a, 1), host.metric(i(a, 0)));
            return OK;
        });
        // Higress: higress-group/proxy-wasm-cpp-host src/exports.cc
        env("proxy_redis_init", 7, (m, a) -> {
            host.redisInit(m.readString(i(a, 0), i(a, 1)), m.readString(i(a, 2), i(a, 3)),
                    m.readString(i(a, 4), i(a, 5)), i(a, 6));
            return OK;
        });
        env("proxy_redis_call", 5, (m, a) -> {
            String cluster = m.readString(i(a, 0), i(a, 1));
            byte[] query = m.read(i(a, 2), i(a, 3));
            m.checkWritable(i(a, 4), 4);
            m.writeU32(i(a, 4), host.dispatchRedisCall(cluster, query));
            return OK;
        });
    }

        // ---- WASI preview 1: what TeaVM and libc start-ups call; output and time go to the emulator ----

    private void defineWasi() {
        wasi("fd_write", 4, (m, a) -> {
            int fd = i(a, 0);
            if (fd != 1 && fd != 2) {
                return WASI_EBADF;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int k = 0; k < i(a, 2); k++) {
                int iovec = i(a, 1) + 8 * k;
                byte[] chunk = m.read(m.readU32(iovec), m.readU32(iovec + 4));
                out.write(chunk, 0, chunk.length);
            }
            m.writeU32(i(a, 3), out.size());
            String text = out.toString(StandardCharsets.UTF_8);
            if (text.endsWith("\n")) {
                text = text.substring(0, text.length() - 1);
            }
            if (!text.isEmpty()) {
                // proxy-wasm-cpp-host logs stdout at info and stderr at error.
                host.log(fd == 1 ? LogLevel.INFO : LogLevel.ERROR, text);
            }
            return OK;
        });
        wasi("clock_time_get", new ValType[] {ValType.I32, ValType.I64, ValType.I32}, (m, a) -> {
            int clock = i(a, 0);
            if (clock < 0 || clock > 3) {
                return WASI_EINVAL;
            }
            // Realtime and monotonic clocks both follow the emulator's settable clock.
            m.writeU64(i(a, 2), host.currentTimeNanos());
            return OK;
        });
        wasi("random_get", 2, (m, a) -> {
            byte[] bytes = new byte[i(a, 1)];
            m.checkWritable(i(a, 0), bytes.length);
            random.nextBytes(bytes);
            m.write(i(a, 0), bytes);
            return OK;
        });
        // No arguments and no environment: both lists are empty.
        for (String sizes : List.of("args_sizes_get", "environ_sizes_get")) {
            wasi(sizes, 2, (m, a) -> {
                m.checkWritable(i(a, 1), 4);
                m.writeU32(i(a, 0), 0);
                m.writeU32(i(a, 1), 0);
                return OK;
            });
        }
        wasi("args_get", 2, (m, a) -> OK);
        wasi("environ_get", 2, (m, a) -> OK);
        // No files: stdin and the preopened directories a libc start-up looks for do not exist.
        wasi("fd_read", 4, (m, a) -> WASI_EBADF);
        wasi("fd_close", 1, (m, a) -> WASI_EBADF);
        wasi("fd_seek", new ValType[] {ValType.I32, ValType.I64, ValType.I32, ValType.I32}, (m, a) -> WASI_EBADF);
        wasi("fd_fdstat_get", 2, (m, a) -> WASI_EBADF);
        wasi("fd_prestat_get", 2, (m, a) -> WASI_EBADF);
        wasi("fd_prestat_dir_name", 3, (m, a) -> WASI_EBADF);
        wasi("sched_yield", 0, (m, a) -> OK);
        functions.put(WASI + ".proc_exit", new HostImport(WASI, "proc_exit",
                FunctionType.of(new ValType[] {ValType.I32}, new ValType[0]), args -> {
                    throw new ModuleExitException(i(args, 0));
                }));
    }

    private void wasi(String name, int i32Params, Call call) {
        wasi(name, i32s(i32Params), call);
    }

    private void wasi(String name, ValType[] params, Call call) {
        define(WASI, name, params, args -> {
            try {
                return call.apply(memory, args);
            } catch (GuestMemoryException e) {
                host.reportProblem(name + ": " + e.getMessage());
                return WASI_EFAULT;
            }
        });
    }
}
