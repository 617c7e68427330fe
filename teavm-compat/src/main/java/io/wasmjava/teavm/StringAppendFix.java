package io.wasmjava.teavm;

import org.teavm.model.ClassHolder;
import org.teavm.model.ClassHolderTransformer;
import org.teavm.model.ClassHolderTransformerContext;
import org.teavm.model.MethodHolder;
import org.teavm.model.ValueType;
import org.teavm.model.emit.ProgramEmitter;
import org.teavm.model.emit.ValueEmitter;

/**
 * Makes {@code StringBuilder.append(String)} and {@code append(Object)} (and {@code StringBuffer}'s, and every
 * {@code +} on strings, which compiles to them) copy the string's characters in one {@code getChars} instead of one
 * call per character.
 *
 * <p>TeaVM 0.13.1's {@code AbstractStringBuilder.append(String)} calls {@code insert(length, string)}, which copies
 * through {@code string.length()} and {@code string.charAt(i)} for every character: two calls per character, each
 * with a shadow-stack frame in the linear-memory backend. In a proxy-wasm host that is the cost of a header
 * value built with {@code +} (12–14 % of the chain example's time). The replacement body, in Java terms:
 *
 * <pre>{@code
 * String text = String.valueOf((Object) string); // "null" for null, as Java appends it
 * int count = text.length();
 * int oldLength = this.length;
 * ensureCapacity(oldLength + count);
 * text.getChars(0, count, this.buffer, oldLength);
 * this.length = oldLength + count;
 * return this;
 * }</pre>
 *
 * <p>That is what the original does at the end of the buffer ({@code insert} at {@code length} moves nothing and
 * checks an index that is always valid there). {@code append(Object)} becomes {@code append(String.valueOf(object))},
 * which is what it did through {@code insert}. {@code insert} itself is left as it is.
 */
final class StringAppendFix implements ClassHolderTransformer {
    /** The class's name as the transformer sees it: TeaVM has already mapped its classlib to {@code java.*} names. */
    static final String BUILDER = "java.lang.AbstractStringBuilder";
    private static final ValueType STRING = ValueType.object("java.lang.String");
    private static final ValueType OBJECT = ValueType.object("java.lang.Object");

    @Override
    public void transformClass(ClassHolder cls, ClassHolderTransformerContext context) {
        if (!cls.getName().equals(BUILDER)) {
            return;
        }
        for (MethodHolder method : cls.getMethods()) {
            if (!method.getName().equals("append") || method.parameterCount() != 1 || method.getProgram() == null) {
                continue;
            }
            if (method.parameterType(0).equals(STRING)) {
                rewriteAppendString(cls, method, context);
            } else if (method.parameterType(0).equals(OBJECT)) {
                rewriteAppendObject(cls, method, context);
            }
        }
    }

    /** {@code append(Object)}: {@code return append(String.valueOf(object));} instead of the per-character insert. */
    private static void rewriteAppendObject(ClassHolder cls, MethodHolder method,
            ClassHolderTransformerContext context) {
        ProgramEmitter emitter = ProgramEmitter.create(method, context.getHierarchy());
        ValueEmitter self = emitter.var(0, cls);
        ValueEmitter object = emitter.var(1, Object.class);
        ValueEmitter text = emitter.invoke(String.class, "valueOf", String.class, object);
        self.invokeVirtual("append", ValueType.object(BUILDER), text).returnValue();
    }

    private static void rewriteAppendString(ClassHolder cls, MethodHolder method,
            ClassHolderTransformerContext context) {
        ProgramEmitter emitter = ProgramEmitter.create(method, context.getHierarchy());
        ValueEmitter self = emitter.var(0, cls);
        ValueEmitter string = emitter.var(1, String.class);
        ValueEmitter text = emitter.invoke(String.class, "valueOf", String.class, string.cast(Object.class));
        ValueEmitter count = text.invokeVirtual("length", int.class);
        ValueEmitter oldLength = self.getField("length", int.class);
        ValueEmitter newLength = oldLength.add(count);
        self.invokeVirtual("ensureCapacity", newLength);
        ValueEmitter buffer = self.getField("buffer", char[].class);
        text.invokeVirtual("getChars", emitter.constant(0), count, buffer, oldLength);
        self.setField("length", newLength);
        self.returnValue();
    }
}
