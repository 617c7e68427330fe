package io.wasmjava.teavm;

import org.teavm.backend.wasm.TeaVMWasmHost;
import org.teavm.backend.wasm.WasmTarget;
import org.teavm.vm.spi.TeaVMHost;
import org.teavm.vm.spi.TeaVMPlugin;

/**
 * Entry point TeaVM finds through {@code META-INF/services/org.teavm.vm.spi.TeaVMPlugin} on the classpath it
 * compiles from. Every part can be switched off with a TeaVM property (an execution's {@code <properties>}), which
 * the negative tests use to show what TeaVM emits without it:
 *
 * <ul>
 *   <li>{@code wasmjava.importRewrite=false}: {@link ImportRewriter} off;</li>
 *   <li>{@code wasmjava.javaSemantics=false}: {@link JavaSemanticsTransformer} off;</li>
 *   <li>{@code wasmjava.unmanagedFix=false}: {@link JavaSemanticsTransformer} also rewrites TeaVM's
 *       {@code @Unmanaged} runtime (only to reproduce the trap at instantiation that this caused: see there);</li>
 *   <li>{@code wasmjava.wasiArgsFix=false}: {@link WasiArgsFix} off;</li>
 *   <li>{@code wasmjava.stringAppendFix=false}: {@link StringAppendFix} off;</li>
 *   <li>{@code wasmjava.heapGrowthFix=false}: {@link HeapGrowthFix} off (only to reproduce TeaVM's own heap
 *       behaviour: large allocations then trap below the maximum heap);</li>
 *   <li>{@code wasmjava.gcStorageFix=false}: {@link GcStorageFix} off (TeaVM's {@code heap / 16} GC storage, which a
 *       fragmented heap overflows); {@code wasmjava.gcStorageDivisor=N} sets the storage to {@code heap / N};</li>
 *   <li>{@code wasmjava.inlineStackFrames=false}: {@link InlineStackFrames} off (a call per shadow-stack frame, as
 *       TeaVM emits it);</li>
 *   <li>{@code wasmjava.compat=false}: all of the above and {@link MathIntrinsics} off.</li>
 * </ul>
 */
public final class ProxyWasmCompatPlugin implements TeaVMPlugin {
    @Override
    public void install(TeaVMHost host) {
        if (disabled(host, "wasmjava.compat")) {
            return;
        }
        if (!disabled(host, "wasmjava.importRewrite")) {
            host.add(new ImportRewriter());
        }
        if (!disabled(host, "wasmjava.javaSemantics")) {
            host.add(new JavaSemanticsTransformer(disabled(host, "wasmjava.unmanagedFix")));
        }
        if (!disabled(host, "wasmjava.wasiArgsFix")) {
            host.add(new WasiArgsFix());
        }
        if (!disabled(host, "wasmjava.stringAppendFix")) {
            host.add(new StringAppendFix());
        }
        if (!disabled(host, "wasmjava.heapGrowthFix")) {
            host.add(new HeapGrowthFix());
        }
        TeaVMWasmHost wasmHost = host.getExtension(TeaVMWasmHost.class);
        if (wasmHost instanceof WasmTarget && !disabled(host, "wasmjava.gcStorageFix")) {
            String divisor = host.getProperties().getProperty("wasmjava.gcStorageDivisor");
            host.add(GcStorageFix.install((WasmTarget) wasmHost,
                    divisor == null ? GcStorageFix.DEFAULT_DIVISOR : Integer.parseInt(divisor.trim())));
        }
        if (wasmHost != null) {
            wasmHost.add(context -> new MathIntrinsics());
            if (!disabled(host, "wasmjava.inlineStackFrames")) {
                wasmHost.add(context -> new InlineStackFrames());
            }
        }
    }

    private static boolean disabled(TeaVMHost host, String property) {
        return "false".equals(host.getProperties().getProperty(property));
    }
}
