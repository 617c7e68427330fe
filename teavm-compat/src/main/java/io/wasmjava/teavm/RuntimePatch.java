package io.wasmjava.teavm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.teavm.model.ClassHolder;
import org.teavm.model.ClassHolderTransformer;
import org.teavm.model.ClassHolderTransformerContext;
import org.teavm.model.MethodHolder;
import org.teavm.model.Program;

/**
 * A patch to named methods of one TeaVM runtime class. Every method must be found once, with a body: a TeaVM version
 * this was not written for fails the build here instead of producing a module with the old behaviour.
 */
abstract class RuntimePatch implements ClassHolderTransformer {
    private final String className;
    private final List<String> methods;

    RuntimePatch(String className, String... methods) {
        this.className = className;
        this.methods = Arrays.asList(methods);
    }

    /** Rewrites the body of {@code method}, one of the names given to the constructor. */
    abstract void patch(String method, Program program);

    @Override
    public final void transformClass(ClassHolder cls, ClassHolderTransformerContext context) {
        if (!cls.getName().equals(className)) {
            return;
        }
        List<String> patched = new ArrayList<>();
        for (MethodHolder method : cls.getMethods()) {
            if (methods.contains(method.getName()) && method.getProgram() != null) {
                patch(method.getName(), method.getProgram());
                patched.add(method.getName());
            }
        }
        if (patched.size() != methods.size() || !patched.containsAll(methods)) {
            throw new IllegalStateException("wasm-java " + getClass().getSimpleName() + ": expected to patch "
                    + methods + " in " + className + ", found " + patched
                    + " (a TeaVM version this fix was not written for?)");
        }
    }
}
