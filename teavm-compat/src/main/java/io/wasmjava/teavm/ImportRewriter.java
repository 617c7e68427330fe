package io.wasmjava.teavm;

import org.teavm.interop.Import;
import org.teavm.model.AnnotationReader;
import org.teavm.model.ClassHolder;
import org.teavm.model.ClassHolderTransformer;
import org.teavm.model.ClassHolderTransformerContext;
import org.teavm.model.ClassReader;
import org.teavm.model.ElementModifier;
import org.teavm.model.MethodDescriptor;
import org.teavm.model.MethodHolder;
import org.teavm.model.MethodReader;
import org.teavm.model.ValueType;
import org.teavm.model.emit.ProgramEmitter;
import org.teavm.model.emit.ValueEmitter;

/**
 * Gives a Java body to class-library natives that TeaVM would import from its private host modules
 * ({@code teavm}, {@code teavmMath}), which no proxy-wasm host provides. A native imported as
 * {@code <module>.<name>} is rewritten to call {@code TeaVMImports.<module>_<name>} when that method exists with the
 * same signature; natives without a replacement keep their import, and the build's import check names them.
 */
final class ImportRewriter implements ClassHolderTransformer {
    static final String REPLACEMENTS = "io.wasmjava.teavm.runtime.TeaVMImports";

    @Override
    public void transformClass(ClassHolder cls, ClassHolderTransformerContext context) {
        if (cls.getName().equals(REPLACEMENTS)) {
            return;
        }
        ClassReader replacements = null;
        for (MethodHolder method : cls.getMethods()) {
            if (!method.hasModifier(ElementModifier.NATIVE) || !method.hasModifier(ElementModifier.STATIC)) {
                continue;
            }
            AnnotationReader annotation = method.getAnnotations().get(Import.class.getName());
            if (annotation == null || annotation.getValue("module") == null) {
                continue;
            }
            String module = annotation.getValue("module").getString();
            if (!module.equals("teavm") && !module.equals("teavmMath")) {
                continue;
            }
            if (replacements == null) {
                replacements = context.getHierarchy().getClassSource().get(REPLACEMENTS);
                if (replacements == null) {
                    return;
                }
            }
            String name = annotation.getValue("name").getString();
            MethodReader replacement = replacements.getMethod(
                    new MethodDescriptor(module + "_" + name, method.getSignature()));
            if (replacement == null) {
                continue;
            }
            method.getModifiers().remove(ElementModifier.NATIVE);
            method.getAnnotations().remove(Import.class.getName());
            ProgramEmitter emitter = ProgramEmitter.create(method, context.getHierarchy());
            ValueEmitter[] arguments = new ValueEmitter[method.parameterCount()];
            for (int i = 0; i < arguments.length; ++i) {
                arguments[i] = emitter.var(i + 1, method.parameterType(i));
            }
            ValueEmitter result = emitter.invoke(replacement.getReference(), arguments);
            if (method.getResultType() == ValueType.VOID) {
                emitter.exit();
            } else {
                result.returnValue();
            }
        }
    }
}
