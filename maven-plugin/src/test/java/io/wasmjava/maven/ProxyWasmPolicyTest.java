package io.wasmjava.maven;

import static io.wasmjava.maven.WasmModuleBuilder.validProxyWasmModule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyWasmPolicyTest {
    private final ProxyWasmPolicy policy = ProxyWasmPolicy.create();

    @Test
    void acceptsModuleWithAllowedImportsAndEveryRequiredExport() throws Exception {
        assertThat(violations(validProxyWasmModule())).isEmpty();
    }

    @Test
    void acceptsEveryProxyWasmHigressAndWasiHostFunction() throws Exception {
        WasmModuleBuilder module = validProxyWasmModule()
                .importFunction("env", "proxy_get_property", "(i32,i32,i32,i32)->i32")
                .importFunction("env", "proxy_clear_route_cache", "()->i32")
                .importFunction("env", "proxy_redis_call", "(i32,i32,i32,i32,i32)->i32")
                .importFunction("env", "proxy_set_upstream_override_host", "(i32,i32)->i32")
                .importFunction("wasi_snapshot_preview1", "clock_time_get", "(i32,i64,i32)->i32")
                .importFunction("wasi_snapshot_preview1", "poll_oneoff", "(i32,i32,i32,i32)->i32");

        assertThat(violations(module)).isEmpty();
    }

    @Test
    void reportsTeavmImportAsTheOnlyViolation() throws Exception {
        WasmModuleBuilder module = validProxyWasmModule().importFunction("teavmMath", "sin", "(f64)->f64");

        assertThat(violations(module)).containsExactly(
                "import teavmMath.sin (f64)->f64 is not provided by proxy-wasm hosts");
    }

    @Test
    void reportsWasiFunctionThatEnvoyDoesNotProvide() throws Exception {
        WasmModuleBuilder module = validProxyWasmModule().importFunction("wasi_snapshot_preview1", "path_open",
                "(i32,i32,i32,i32,i32,i64,i64,i32,i32)->i32");

        assertThat(violations(module)).containsExactly("import wasi_snapshot_preview1.path_open "
                + "(i32,i32,i32,i32,i32,i64,i64,i32,i32)->i32 is not provided by proxy-wasm hosts");
    }

    @Test
    void reportsMissingExport() throws Exception {
        byte[] binary = new WasmModuleBuilder()
                .exportMemory("memory")
                .exportFunction("proxy_abi_version_0_2_1")
                .exportFunction("proxy_on_memory_allocate")
                .exportFunction("proxy_on_context_create")
                .exportFunction("proxy_on_vm_start")
                .exportFunction("_start")
                .build();

        assertThat(policy.violations(WasmModuleSurface.parse(binary)))
                .containsExactly("missing export proxy_on_configure");
    }

    @Test
    void reportsEveryRequiredExportOfAnEmptyModuleInOrder() throws Exception {
        assertThat(violations(new WasmModuleBuilder())).containsExactly(
                "missing export memory",
                "missing export proxy_abi_version_0_2_1",
                "missing export proxy_on_memory_allocate",
                "missing export proxy_on_context_create",
                "missing export proxy_on_vm_start",
                "missing export proxy_on_configure",
                "missing export _start");
    }

    @Test
    void reportsMemoryImport() throws Exception {
        WasmModuleBuilder module = validProxyWasmModule().importMemory("env", "memory");

        assertThat(violations(module)).containsExactly(
                "import env.memory (memory) is not provided by proxy-wasm hosts; the module must export its own memory");
    }

    @Test
    void reportsAllowedHostFunctionImportedAsAnotherKind() throws Exception {
        WasmModuleBuilder module = validProxyWasmModule().importGlobal("env", "proxy_done");

        assertThat(violations(module)).containsExactly("import env.proxy_done (global) must be a function");
    }

    @Test
    void reportsRequiredExportOfTheWrongKind() throws Exception {
        byte[] binary = new WasmModuleBuilder()
                .exportFunction("memory")
                .exportFunction("proxy_abi_version_0_2_1")
                .exportFunction("proxy_on_memory_allocate")
                .exportFunction("proxy_on_context_create")
                .exportGlobal("proxy_on_vm_start")
                .exportFunction("proxy_on_configure")
                .exportFunction("_start")
                .build();

        assertThat(policy.violations(WasmModuleSurface.parse(binary))).containsExactly(
                "export memory is a func, expected a memory",
                "export proxy_on_vm_start is a global, expected a func");
    }

    @Test
    void listsImportViolationsInModuleOrderBeforeExportViolations() throws Exception {
        WasmModuleBuilder module = new WasmModuleBuilder()
                .importFunction("teavm", "logString", "(i32)->()")
                .importFunction("env", "proxy_log", "(i32,i32,i32)->i32")
                .importMemory("env", "memory")
                .importTable("teavm", "table")
                .exportMemory("memory")
                .exportFunction("proxy_abi_version_0_2_1")
                .exportFunction("proxy_on_memory_allocate")
                .exportFunction("proxy_on_context_create")
                .exportFunction("proxy_on_vm_start");

        assertThat(violations(module)).containsExactly(
                "import teavm.logString (i32)->() is not provided by proxy-wasm hosts",
                "import env.memory (memory) is not provided by proxy-wasm hosts; the module must export its own memory",
                "import teavm.table (table) is not provided by proxy-wasm hosts",
                "missing export proxy_on_configure",
                "missing export _start");
    }

    @Test
    void allowsConfiguredExtraImports() throws Exception {
        WasmModuleBuilder module = validProxyWasmModule()
                .importFunction("env", "proxy_my_extension", "(i32)->i32")
                .importFunction("teavmMath", "sin", "(f64)->f64");

        ProxyWasmPolicy extended = policy.withExtraAllowedImports(List.of("env.proxy_my_extension"));

        assertThat(extended.violations(WasmModuleSurface.parse(module.build()))).containsExactly(
                "import teavmMath.sin (f64)->f64 is not provided by proxy-wasm hosts");
        assertThat(violations(module)).containsExactly(
                "import env.proxy_my_extension (i32)->i32 is not provided by proxy-wasm hosts",
                "import teavmMath.sin (f64)->f64 is not provided by proxy-wasm hosts");
    }

    @Test
    void rejectsExtraImportWithoutModuleAndName() {
        for (String entry : List.of("proxy_foo", ".proxy_foo", "env.")) {
            assertThatThrownBy(() -> policy.withExtraAllowedImports(List.of(entry)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("allowed import '" + entry + "' must have the form module.name, such as env.proxy_foo");
        }
    }

    private List<String> violations(WasmModuleBuilder module) throws MalformedWasmException {
        return policy.violations(WasmModuleSurface.parse(module.build()));
    }
}
