package io.wasmjava.teavm;

import org.teavm.model.ClassHolder;
import org.teavm.model.ClassHolderTransformer;
import org.teavm.model.ClassHolderTransformerContext;
import org.teavm.model.MethodDescriptor;
import org.teavm.model.MethodHolder;
import org.teavm.model.ValueType;
import org.teavm.model.emit.ProgramEmitter;

/**
 * Makes {@code WasiSupport.getArgs()} return an empty array. TeaVM's WASI {@code _start} allocates
 * {@code new String[argc - 1]}; proxy-wasm hosts report {@code argc == 0}, and without a size check the
 * {@code String[-1]} silently corrupts the heap until the first GC traps far from the cause. Plugins never read
 * program arguments.
 */
final class WasiArgsFix implements ClassHolderTransformer {
    private static final String WASI_SUPPORT = "org.teavm.backend.wasm.runtime.WasiSupport";

    @Override
    public void transformClass(ClassHolder cls, ClassHolderTransformerContext context) {
        if (!cls.getName().equals(WASI_SUPPORT)) {
            return;
        }
        MethodHolder getArgs = cls.getMethod(new MethodDescriptor("getArgs",
                ValueType.arrayOf(ValueType.object("java.lang.String"))));
        if (getArgs == null) {
            return;
        }
        ProgramEmitter emitter = ProgramEmitter.create(getArgs, context.getHierarchy());
        emitter.constructArray(String.class, 0).returnValue();
    }
}
