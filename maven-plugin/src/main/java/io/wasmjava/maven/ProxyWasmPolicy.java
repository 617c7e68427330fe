package io.wasmjava.maven;

import io.wasmjava.maven.WasmModuleSurface.Export;
import io.wasmjava.maven.WasmModuleSurface.Import;
import io.wasmjava.maven.WasmModuleSurface.Kind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a proxy-wasm host (Envoy, Higress) accepts: which function imports it provides and which exports it calls.
 *
 * <p>The allowlist is the proxy-wasm ABI 0.2.1 host functions in module {@code env}, the Higress extensions, and the
 * WASI {@code wasi_snapshot_preview1} subset that Envoy's proxy-wasm-cpp-host provides. Every allowed import is a
 * function: a module that imports its memory (or anything else) cannot be instantiated, because hosts expect the module
 * to export its memory. Required exports are {@code memory} and the functions hosts call unconditionally.
 *
 * <p>Instances are immutable; {@link #withExtraAllowedImports(Collection)} returns a new policy.
 */
public final class ProxyWasmPolicy {
    private static final String ENV = "env";
    private static final String WASI = "wasi_snapshot_preview1";

    private static final Set<String> DEFAULT_ALLOWED = names(ENV,
            // proxy-wasm ABI 0.2.1, https://github.com/proxy-wasm/spec/tree/main/abi-versions/v0.2.1
            "proxy_log", "proxy_get_log_level", "proxy_get_current_time_nanoseconds",
            "proxy_set_tick_period_milliseconds", "proxy_get_buffer_bytes", "proxy_set_buffer_bytes",
            "proxy_get_buffer_status", "proxy_get_header_map_pairs", "proxy_set_header_map_pairs",
            "proxy_get_header_map_value", "proxy_add_header_map_value", "proxy_replace_header_map_value",
            "proxy_remove_header_map_value", "proxy_get_header_map_size", "proxy_get_property", "proxy_set_property",
            "proxy_continue_stream", "proxy_close_stream", "proxy_send_local_response", "proxy_http_call",
            "proxy_grpc_call", "proxy_grpc_stream", "proxy_grpc_send", "proxy_grpc_cancel", "proxy_grpc_close",
            "proxy_get_status", "proxy_set_effective_context", "proxy_done", "proxy_call_foreign_function",
            "proxy_get_shared_data", "proxy_set_shared_data", "proxy_register_shared_queue",
            "proxy_resolve_shared_queue", "proxy_enqueue_shared_queue", "proxy_dequeue_shared_queue",
            "proxy_define_metric", "proxy_increment_metric", "proxy_record_metric", "proxy_get_metric",
            "proxy_continue_request", "proxy_continue_response", "proxy_clear_route_cache",
            // Higress extensions
            "proxy_redis_init", "proxy_redis_call", "proxy_inject_encoded_data_to_filter_chain",
            "proxy_get_upstream_hosts", "proxy_set_upstream_override_host");

    private static final Set<String> WASI_ALLOWED = names(WASI,
            "fd_write", "fd_read", "fd_close", "fd_seek", "fd_fdstat_get", "fd_prestat_get", "fd_prestat_dir_name",
            "clock_time_get", "random_get", "environ_get", "environ_sizes_get", "args_get", "args_sizes_get",
            "proc_exit", "sched_yield", "poll_oneoff");

    /** Required exports in the order they are reported when missing. */
    private static final List<Export> REQUIRED_EXPORTS = List.of(
            new Export("memory", Kind.MEMORY),
            new Export("proxy_abi_version_0_2_1", Kind.FUNC),
            new Export("proxy_on_memory_allocate", Kind.FUNC),
            new Export("proxy_on_context_create", Kind.FUNC),
            new Export("proxy_on_vm_start", Kind.FUNC),
            new Export("proxy_on_configure", Kind.FUNC),
            new Export("_start", Kind.FUNC));

    /** Allowed function imports as {@code module.name}. */
    private final Set<String> allowedImports;

    private ProxyWasmPolicy(Set<String> allowedImports) {
        this.allowedImports = Set.copyOf(allowedImports);
    }

    /** Returns the policy for proxy-wasm ABI 0.2.1 hosts with the Higress extensions. */
    public static ProxyWasmPolicy create() {
        Set<String> allowed = new LinkedHashSet<>(DEFAULT_ALLOWED);
        allowed.addAll(WASI_ALLOWED);
        return new ProxyWasmPolicy(allowed);
    }

    /**
     * Returns a policy that also allows the given function imports, for hosts with more extensions.
     *
     * @param imports entries of the form {@code module.name}, split at the first dot, such as
     *     {@code env.proxy_my_extension}
     * @throws IllegalArgumentException if an entry lacks a dot or has an empty module or name
     */
    public ProxyWasmPolicy withExtraAllowedImports(Collection<String> imports) {
        Set<String> allowed = new LinkedHashSet<>(allowedImports);
        for (String entry : imports) {
            int dot = entry.indexOf('.');
            if (dot <= 0 || dot == entry.length() - 1) {
                throw new IllegalArgumentException(
                        "allowed import '" + entry + "' must have the form module.name, such as env.proxy_foo");
            }
            allowed.add(entry);
        }
        return new ProxyWasmPolicy(allowed);
    }

    /**
     * Returns every way {@code module} breaks this policy, as readable sentences: first the imports in module order,
     * then the required exports in a fixed order. Returns an empty list when a host can load the module. Examples:
     * {@code import teavmMath.sin (f64)->f64 is not provided by proxy-wasm hosts},
     * {@code missing export proxy_on_configure}.
     */
    public List<String> violations(WasmModuleSurface module) {
        List<String> violations = new ArrayList<>();
        for (Import anImport : module.imports()) {
            String qualified = anImport.module() + "." + anImport.name();
            if (!allowedImports.contains(qualified)) {
                violations.add("import " + anImport + " is not provided by proxy-wasm hosts"
                        + (anImport.kind() == Kind.MEMORY ? "; the module must export its own memory" : ""));
            } else if (anImport.kind() != Kind.FUNC) {
                violations.add("import " + anImport + " must be a function");
            }
        }
        for (Export required : REQUIRED_EXPORTS) {
            Optional<Export> export =
                    module.exports().stream().filter(e -> e.name().equals(required.name())).findFirst();
            if (export.isEmpty()) {
                violations.add("missing export " + required.name());
            } else if (export.get().kind() != required.kind()) {
                violations.add("export " + required.name() + " is a " + export.get().kind() + ", expected a "
                        + required.kind());
            }
        }
        return List.copyOf(violations);
    }

    private static Set<String> names(String module, String... names) {
        Set<String> qualified = new LinkedHashSet<>();
        for (String name : names) {
            qualified.add(module + "." + name);
        }
        return qualified;
    }
}
