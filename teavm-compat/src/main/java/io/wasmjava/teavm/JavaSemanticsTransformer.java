package io.wasmjava.teavm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.teavm.interop.Unmanaged;
import org.teavm.model.AnnotationContainerReader;
import org.teavm.model.BasicBlock;
import org.teavm.model.ClassHolder;
import org.teavm.model.ClassHolderTransformer;
import org.teavm.model.ClassHolderTransformerContext;
import org.teavm.model.Instruction;
import org.teavm.model.MethodHolder;
import org.teavm.model.MethodReference;
import org.teavm.model.Phi;
import org.teavm.model.Program;
import org.teavm.model.ValueType;
import org.teavm.model.Variable;
import org.teavm.model.instructions.BinaryInstruction;
import org.teavm.model.instructions.BinaryOperation;
import org.teavm.model.instructions.ConstructArrayInstruction;
import org.teavm.model.instructions.ConstructMultiArrayInstruction;
import org.teavm.model.instructions.IntegerConstantInstruction;
import org.teavm.model.instructions.InvocationType;
import org.teavm.model.instructions.InvokeInstruction;
import org.teavm.model.instructions.LongConstantInstruction;
import org.teavm.model.instructions.NumericOperandType;
import org.teavm.model.util.DefinitionExtractor;

/**
 * Restores two Java guarantees that TeaVM's linear-memory backend drops:
 *
 * <ul>
 *   <li>integer {@code /} and {@code %} by zero throw {@link ArithmeticException}; TeaVM emits bare
 *       {@code i32.div_s}, which traps and kills the VM (and {@code Integer.MIN_VALUE / -1} traps too, where Java
 *       wraps). Each such division becomes a call to {@code JavaSemantics.divide/remainder}, unless the divisor is
 *       a constant other than 0 and -1. This also avoids TeaVM's compiler crash on a constant zero divisor.</li>
 *   <li>{@code new T[n]} with negative {@code n} throws {@link NegativeArraySizeException}; TeaVM allocates an
 *       array of length -1 and corrupts its heap. A {@code JavaSemantics.checkArraySize} call is inserted before
 *       each allocation whose size is not a non-negative constant.</li>
 * </ul>
 *
 * <p>Code marked {@link Unmanaged} (class or method: TeaVM's own runtime, {@code WasmRuntime}, {@code WasmHeap},
 * {@code GC}, the allocator) is left alone. The helpers are managed Java: each call pushes a shadow-stack frame and
 * records a call site. Unmanaged code must not do that, and {@code WasmHeap.initHeap} shows why: it runs in the
 * module's start function, points the shadow stack just past the static data (after a 512-byte buffer), and only
 * then grows linear memory (TeaVM 0.13.1 {@code WasmHeap.java} lines 70-98), while the module's initial pages cover
 * the static data alone ({@code WasmTarget.renderMemoryLayout}, line 1061). Its divisions ({@code WasmRuntime.align}, {@code WasmHeap.calculateRegionsCount}),
 * rewritten into helper calls, wrote their frames into that stack before the memory existed: a module whose static
 * data ended a little more than 512 bytes or less below a 64 KiB page boundary trapped at instantiation (the phase-matrix
 * probe, data ending at 130,884 of 131,072 bytes, wrote at 131,420). TeaVM's own runtime divides only by its
 * alignments, page and region sizes, never by zero, so its bare Wasm divisions are safe there. With
 * {@code rewriteUnmanaged} (property {@code wasmjava.unmanagedFix=false}) unmanaged code is rewritten too, as
 * before this was understood: only to reproduce that trap.
 */
final class JavaSemanticsTransformer implements ClassHolderTransformer {
    static final String SUPPORT = "io.wasmjava.teavm.runtime.JavaSemantics";

    private static final MethodReference INT_DIVIDE = new MethodReference(SUPPORT, "divide",
            ValueType.INTEGER, ValueType.INTEGER, ValueType.INTEGER);
    private static final MethodReference INT_REMAINDER = new MethodReference(SUPPORT, "remainder",
            ValueType.INTEGER, ValueType.INTEGER, ValueType.INTEGER);
    private static final MethodReference LONG_DIVIDE = new MethodReference(SUPPORT, "divide",
            ValueType.LONG, ValueType.LONG, ValueType.LONG);
    private static final MethodReference LONG_REMAINDER = new MethodReference(SUPPORT, "remainder",
            ValueType.LONG, ValueType.LONG, ValueType.LONG);
    private static final MethodReference CHECK_SIZE = new MethodReference(SUPPORT, "checkArraySize",
            ValueType.INTEGER, ValueType.INTEGER);

    private final boolean rewriteUnmanaged;

    /** @param rewriteUnmanaged also rewrite {@link Unmanaged} code (unsafe: only to reproduce the start trap) */
    JavaSemanticsTransformer(boolean rewriteUnmanaged) {
        this.rewriteUnmanaged = rewriteUnmanaged;
    }

    @Override
    public void transformClass(ClassHolder cls, ClassHolderTransformerContext context) {
        if (cls.getName().equals(SUPPORT)) {
            return;
        }
        boolean unmanagedClass = isUnmanaged(cls.getAnnotations());
        for (MethodHolder method : cls.getMethods()) {
            Program program = method.getProgram();
            if (program != null
                    && (rewriteUnmanaged || !(unmanagedClass || isUnmanaged(method.getAnnotations())))) {
                transform(program);
            }
        }
    }

    /** What TeaVM's {@code Characteristics.isManaged} tests: the annotation on the class or on the method. */
    private static boolean isUnmanaged(AnnotationContainerReader annotations) {
        return annotations.get(Unmanaged.class.getName()) != null;
    }

    private static void transform(Program program) {
        Map<Integer, Long> constants = null;
        for (int i = 0; i < program.basicBlockCount(); i++) {
            BasicBlock block = program.basicBlockAt(i);
            for (Instruction insn = block.getFirstInstruction(); insn != null; ) {
                Instruction next = insn.getNext();
                if (insn instanceof BinaryInstruction) {
                    BinaryInstruction binary = (BinaryInstruction) insn;
                    MethodReference helper = divisionHelper(binary);
                    if (helper != null) {
                        if (constants == null) {
                            constants = constants(program);
                        }
                        Long divisor = constants.get(binary.getSecondOperand().getIndex());
                        if (divisor == null || divisor == 0 || divisor == -1) {
                            InvokeInstruction call = invoke(helper, binary.getReceiver(),
                                    binary.getFirstOperand(), binary.getSecondOperand());
                            call.setLocation(binary.getLocation());
                            binary.replace(call);
                        }
                    }
                } else if (insn instanceof ConstructArrayInstruction) {
                    ConstructArrayInstruction array = (ConstructArrayInstruction) insn;
                    if (constants == null) {
                        constants = constants(program);
                    }
                    array.setSize(checkedSize(program, array, array.getSize(), constants));
                } else if (insn instanceof ConstructMultiArrayInstruction) {
                    ConstructMultiArrayInstruction array = (ConstructMultiArrayInstruction) insn;
                    if (constants == null) {
                        constants = constants(program);
                    }
                    List<Variable> dimensions = array.getDimensions();
                    for (int d = 0; d < dimensions.size(); d++) {
                        dimensions.set(d, checkedSize(program, array, dimensions.get(d), constants));
                    }
                }
                insn = next;
            }
        }
    }

    private static Variable checkedSize(Program program, Instruction allocation, Variable size,
            Map<Integer, Long> constants) {
        Long known = constants.get(size.getIndex());
        if (known != null && known >= 0) {
            return size;
        }
        Variable checked = program.createVariable();
        InvokeInstruction call = invoke(CHECK_SIZE, checked, size);
        call.setLocation(allocation.getLocation());
        allocation.insertPrevious(call);
        return checked;
    }

    private static InvokeInstruction invoke(MethodReference method, Variable receiver, Variable... arguments) {
        InvokeInstruction call = new InvokeInstruction();
        call.setType(InvocationType.SPECIAL);
        call.setMethod(method);
        call.setArguments(arguments);
        call.setReceiver(receiver);
        return call;
    }

    private static MethodReference divisionHelper(BinaryInstruction binary) {
        BinaryOperation operation = binary.getOperation();
        NumericOperandType type = binary.getOperandType();
        if (operation == BinaryOperation.DIVIDE) {
            return type == NumericOperandType.INT ? INT_DIVIDE : type == NumericOperandType.LONG ? LONG_DIVIDE : null;
        }
        if (operation == BinaryOperation.MODULO) {
            return type == NumericOperandType.INT ? INT_REMAINDER
                    : type == NumericOperandType.LONG ? LONG_REMAINDER : null;
        }
        return null;
    }

    /**
     * Variables whose only definition in the program is an integer or long constant. Programs are not necessarily
     * in SSA form here, so a variable assigned anywhere else (or by a phi) is not a constant.
     */
    private static Map<Integer, Long> constants(Program program) {
        Map<Integer, Long> values = new HashMap<>();
        Map<Integer, Integer> definitions = new HashMap<>();
        DefinitionExtractor extractor = new DefinitionExtractor();
        for (int i = 0; i < program.basicBlockCount(); i++) {
            BasicBlock block = program.basicBlockAt(i);
            for (Phi phi : block.getPhis()) {
                definitions.merge(phi.getReceiver().getIndex(), 1, (a, b) -> a + b);
            }
            for (Instruction insn = block.getFirstInstruction(); insn != null; insn = insn.getNext()) {
                insn.acceptVisitor(extractor);
                for (Variable defined : extractor.getDefinedVariables()) {
                    definitions.merge(defined.getIndex(), 1, (a, b) -> a + b);
                }
                if (insn instanceof IntegerConstantInstruction) {
                    IntegerConstantInstruction constant = (IntegerConstantInstruction) insn;
                    values.put(constant.getReceiver().getIndex(), (long) constant.getConstant());
                } else if (insn instanceof LongConstantInstruction) {
                    LongConstantInstruction constant = (LongConstantInstruction) insn;
                    values.put(constant.getReceiver().getIndex(), constant.getConstant());
                }
            }
        }
        values.keySet().removeIf(index -> definitions.getOrDefault(index, 0) != 1);
        return values;
    }
}
