package io.wasmjava.teavm;

import java.lang.reflect.Field;
import org.teavm.backend.wasm.WasmHeap;
import org.teavm.backend.wasm.WasmTarget;
import org.teavm.model.Instruction;
import org.teavm.model.Program;
import org.teavm.model.Variable;
import org.teavm.model.instructions.IntegerConstantInstruction;
import org.teavm.model.util.InstructionVariableMapper;

/**
 * Gives TeaVM's garbage collector the bookkeeping space its worst case needs, so that a fragmented heap cannot make
 * it write past the end of linear memory.
 *
 * <p>TeaVM 0.13.1 (linear-memory backend) reserves {@code heap / 16} bytes of "GC storage" after the heap. A sweep
 * writes one 4-byte holder per free chunk into it, and compaction then writes one 12-byte relocation block per run
 * of objects it may not move (stack roots, and in a young collection every run of old objects) after them. Nothing
 * bounds either count by the storage's size: a heap of small survivors interleaved with garbage (a parsed JSON array
 * of 30,000 numbers is enough) needs more than {@code heap / 16}, and the collector writes beyond the storage, which
 * is the last thing in linear memory: the VM traps with an out-of-bounds access. A free chunk and a live object are
 * at least 8 bytes each, so there are at most {@code heap / 16} chunks and about as many blocks: 16 bytes each, the
 * size of the heap itself in the worst case. The default, half the heap, holds every free chunk's holder and leaves a
 * quarter of the heap for relocation blocks; it passed every fragmentation sweep we ran (JSON documents of up to
 * 500,000 small values, to the heap's limit), where {@code heap / 16} trapped from 25,000 numbers on. {@code 1}
 * covers the worst case at the cost of linear memory twice the heap.
 *
 * <p>This fix makes the storage {@code heap / divisor} ({@value #DEFAULT_DIVISOR} by default, property
 * {@code wasmjava.gcStorageDivisor}) by rewriting {@code WasmHeap.calculateStorageSize} in the module. The module's
 * declared maximum memory is computed by the compiler with the original formula, so the compiler is told a larger
 * heap ({@link #declaredMaxHeap}) that makes room for the larger storage, and {@code WasmHeap.initHeap} is rewritten to
 * use the configured maximum: the heap still grows to exactly {@code wasmjava.maxHeapMiB}.
 */
final class GcStorageFix extends RuntimePatch {
    static final String WASM_HEAP = "org.teavm.backend.wasm.WasmHeap";
    /** Storage of half the heap: every free chunk's holder in the worst case, and room for relocation blocks. */
    static final int DEFAULT_DIVISOR = 2;
    private static final int ORIGINAL_DIVISOR = 16;

    private final int maxHeapBytes;
    private final int divisor;

    private GcStorageFix(int maxHeapBytes, int divisor) {
        super(WASM_HEAP, "calculateStorageSize", "initHeap");
        this.maxHeapBytes = maxHeapBytes;
        this.divisor = divisor;
    }

    /**
     * Prepares the fix for {@code target}: reads the configured maximum heap and raises the compiler's figure so that
     * the module declares enough memory for the larger storage.
     *
     * @throws IllegalStateException if the target's fields are not those of TeaVM 0.13.1
     */
    static GcStorageFix install(WasmTarget target, int divisor) {
        if (divisor < 1 || divisor > ORIGINAL_DIVISOR) {
            throw new IllegalArgumentException("wasmjava.gcStorageDivisor must be 1 to 16: " + divisor);
        }
        int configured = readMaxHeapSize(target);
        target.setMaxHeapSize(declaredMaxHeap(configured, divisor));
        return new GcStorageFix(configured, divisor);
    }

    /**
     * The smallest heap size whose layout with the original storage ({@code heap / 16}) covers the layout of
     * {@code maxHeap} with storage {@code maxHeap / divisor}, plus alignment slack.
     */
    static int declaredMaxHeap(int maxHeap, int divisor) {
        long needed = layout(maxHeap, maxHeap / divisor) + 64;
        long declared = maxHeap;
        while (layout(declared, declared / ORIGINAL_DIVISOR) < needed) {
            declared += Math.max(16, (needed - layout(declared, declared / ORIGINAL_DIVISOR)) / 2);
        }
        if (declared > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maximum heap too large for the GC storage fix: " + maxHeap);
        }
        return (int) declared;
    }

    /** Heap, region table, card table and storage, as {@code WasmHeap.resizeHeap} lays them out (16-byte aligned). */
    private static long layout(long heap, long storage) {
        int regionsCount = WasmHeap.calculateRegionsCount((int) heap, WasmHeap.DEFAULT_REGION_SIZE);
        int regionsSize = WasmHeap.calculateRegionsSize(regionsCount);
        return align16(heap) + align16(regionsSize) + align16(regionsCount) + align16(storage);
    }

    private static long align16(long value) {
        return (value + 15) & ~15L;
    }

    private static int readMaxHeapSize(WasmTarget target) {
        try {
            Field field = WasmTarget.class.getDeclaredField("maxHeapSize");
            field.setAccessible(true);
            return field.getInt(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("wasm-java GcStorageFix: WasmTarget.maxHeapSize not found (a TeaVM "
                    + "version this fix was not written for?)", e);
        }
    }

    @Override
    void patch(String method, Program program) {
        if (method.equals("calculateStorageSize")) {
            replaceConstant(program, ORIGINAL_DIVISOR, divisor, method);
        } else {
            replaceParameterReads(program, 3, maxHeapBytes, method);
        }
    }

    /** Changes the one integer constant {@code from} in {@code program} to {@code to}. */
    private static void replaceConstant(Program program, int from, int to, String method) {
        int replaced = 0;
        for (int i = 0; i < program.basicBlockCount(); i++) {
            for (Instruction insn : program.basicBlockAt(i)) {
                if (insn instanceof IntegerConstantInstruction
                        && ((IntegerConstantInstruction) insn).getConstant() == from) {
                    ((IntegerConstantInstruction) insn).setConstant(to);
                    replaced++;
                }
            }
        }
        if (replaced != 1) {
            throw new IllegalStateException("wasm-java GcStorageFix: " + method + " has " + replaced
                    + " constants " + from + ", expected 1");
        }
    }

    /** Every read of parameter {@code index} becomes a read of the constant {@code value}. */
    private static void replaceParameterReads(Program program, int index, int value, String method) {
        Variable parameter = program.variableAt(index);
        Variable constantValue = program.createVariable();
        int[] replaced = {0};
        InstructionVariableMapper mapper = new InstructionVariableMapper(variable -> {
            if (variable == parameter) {
                replaced[0]++;
                return constantValue;
            }
            return variable;
        });
        for (int i = 0; i < program.basicBlockCount(); i++) {
            mapper.apply(program.basicBlockAt(i));
        }
        if (replaced[0] == 0) {
            throw new IllegalStateException("wasm-java GcStorageFix: " + method + " never reads parameter " + index);
        }
        IntegerConstantInstruction constant = new IntegerConstantInstruction();
        constant.setConstant(value);
        constant.setReceiver(constantValue);
        program.basicBlockAt(0).addFirst(constant);
    }
}
