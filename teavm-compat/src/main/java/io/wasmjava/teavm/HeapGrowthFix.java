package io.wasmjava.teavm;

import java.util.ArrayList;
import java.util.List;
import org.teavm.model.BasicBlock;
import org.teavm.model.Incoming;
import org.teavm.model.Instruction;
import org.teavm.model.Phi;
import org.teavm.model.Program;
import org.teavm.model.Variable;
import org.teavm.model.instructions.AssignInstruction;
import org.teavm.model.instructions.BinaryInstruction;
import org.teavm.model.instructions.BinaryOperation;
import org.teavm.model.instructions.BranchingCondition;
import org.teavm.model.instructions.BranchingInstruction;
import org.teavm.model.instructions.ExitInstruction;
import org.teavm.model.instructions.JumpInstruction;
import org.teavm.model.instructions.LongConstantInstruction;
import org.teavm.model.instructions.NumericOperandType;

/**
 * Makes TeaVM's linear-memory heap grow to fit any allocation up to its maximum, and never leave it without a free
 * chunk. Two patches to {@code org.teavm.runtime.GC} (TeaVM 0.13.1; the analysis is in the project's
 * {@code teavm-heap.md} notes):
 *
 * <ul>
 *   <li><b>Growth with slack.</b> When an allocation does not fit after a collection, {@code computeMinRequestedSize}
 *       asks for a heap ending exactly at <i>free tail start + size</i>, which the resize rounds up to a multiple of
 *       8. Half the time that leaves a tail of {@code size + 4}, which no fit test accepts (they want exactly
 *       {@code size} or at least {@code size + 8}); the follow-up full collection then asks for no growth at all and
 *       the VM traps with "Out of memory" far below the maximum heap. The request becomes
 *       <i>tail start + size + 16</i>, so the grown tail always has room for the object and a free-chunk header.</li>
 *   <li><b>No exact fits.</b> {@code hasAvailableMemory}, {@code getNextChunkIfPossible} and
 *       {@code hasAvailableChunk} also accept a chunk of exactly {@code size}. Taking it leaves the heap with no free
 *       chunk, and the next collection that finds no garbage never returns ({@code calculateRelocationTargets}
 *       loops): a hung worker instead of a trap. Each method's {@code chunk.size == size} test is made to fail, so
 *       every allocation leaves at least 8 free bytes behind it.</li>
 * </ul>
 *
 * <p>Only with both patches is the second safe: without the slack, every exact-fit growth would trap. Both are
 * matched structurally and counted (see {@link RuntimePatch}).
 */
final class HeapGrowthFix extends RuntimePatch {
    static final String GC = "org.teavm.runtime.GC";
    /** Bytes added to every growth request: two free-chunk headers ({@code GC.MIN_CHUNK_SIZE} is 8). */
    static final long GROWTH_SLACK_BYTES = 16;

    HeapGrowthFix() {
        super(GC, "computeMinRequestedSize", "hasAvailableMemory", "getNextChunkIfPossible", "hasAvailableChunk");
    }

    @Override
    void patch(String method, Program program) {
        if (method.equals("computeMinRequestedSize")) {
            addSlackToResult(program);
        } else {
            dropExactFit(method, program);
        }
    }

    /** {@code return x;} becomes {@code return x + 16L;} at the method's single return. */
    private static void addSlackToResult(Program program) {
        List<ExitInstruction> exits = new ArrayList<>();
        for (int i = 0; i < program.basicBlockCount(); i++) {
            Instruction last = program.basicBlockAt(i).getLastInstruction();
            if (last instanceof ExitInstruction && ((ExitInstruction) last).getValueToReturn() != null) {
                exits.add((ExitInstruction) last);
            }
        }
        if (exits.size() != 1) {
            throw new IllegalStateException("wasm-java HeapGrowthFix: computeMinRequestedSize has " + exits.size()
                    + " returns, expected 1");
        }
        ExitInstruction exit = exits.get(0);
        Variable slack = program.createVariable();
        LongConstantInstruction constant = new LongConstantInstruction();
        constant.setConstant(GROWTH_SLACK_BYTES);
        constant.setReceiver(slack);
        Variable result = program.createVariable();
        BinaryInstruction add = new BinaryInstruction(BinaryOperation.ADD, NumericOperandType.LONG);
        add.setFirstOperand(exit.getValueToReturn());
        add.setSecondOperand(slack);
        add.setReceiver(result);
        constant.setLocation(exit.getLocation());
        add.setLocation(exit.getLocation());
        exit.insertPrevious(constant);
        exit.insertPrevious(add);
        exit.setValueToReturn(result);
    }

    /**
     * Finds the one {@code compare(chunkSize, size)} (either operand order) whose result is tested for equality
     * with zero, and replaces that branch with a jump to its "not equal" side.
     */
    private static void dropExactFit(String name, Program program) {
        Variable size = program.variableAt(1);
        List<Variable> sizeCopies = copiesOf(program, size);
        int replaced = 0;
        for (int i = 0; i < program.basicBlockCount(); i++) {
            BasicBlock block = program.basicBlockAt(i);
            Instruction last = block.getLastInstruction();
            if (!(last instanceof BranchingInstruction)) {
                continue;
            }
            BranchingInstruction branch = (BranchingInstruction) last;
            BranchingCondition condition = branch.getCondition();
            if (condition != BranchingCondition.EQUAL && condition != BranchingCondition.NOT_EQUAL) {
                continue;
            }
            BinaryInstruction compare = comparisonDefining(block, branch.getOperand());
            if (compare == null || compare.getOperandType() != NumericOperandType.INT
                    || !(sizeCopies.contains(compare.getFirstOperand())
                        || sizeCopies.contains(compare.getSecondOperand()))) {
                continue;
            }
            BasicBlock notEqual = condition == BranchingCondition.EQUAL ? branch.getAlternative()
                    : branch.getConsequent();
            BasicBlock equal = condition == BranchingCondition.EQUAL ? branch.getConsequent()
                    : branch.getAlternative();
            removeIncomingFrom(equal, block);
            JumpInstruction jump = new JumpInstruction();
            jump.setTarget(notEqual);
            jump.setLocation(branch.getLocation());
            branch.replace(jump);
            replaced++;
        }
        if (replaced != 1) {
            throw new IllegalStateException("wasm-java HeapGrowthFix: " + GC + "." + name + " has " + replaced
                    + " exact-size comparisons, expected 1");
        }
    }

    /** The variable itself and every variable assigned from it by a plain copy ({@code @3 := @size}). */
    private static List<Variable> copiesOf(Program program, Variable variable) {
        List<Variable> copies = new ArrayList<>();
        copies.add(variable);
        for (int i = 0; i < program.basicBlockCount(); i++) {
            for (Instruction insn : program.basicBlockAt(i)) {
                if (insn instanceof AssignInstruction && ((AssignInstruction) insn).getAssignee() == variable) {
                    copies.add(((AssignInstruction) insn).getReceiver());
                }
            }
        }
        return copies;
    }

    private static BinaryInstruction comparisonDefining(BasicBlock block, Variable variable) {
        for (Instruction insn : block) {
            if (insn instanceof BinaryInstruction) {
                BinaryInstruction binary = (BinaryInstruction) insn;
                if (binary.getReceiver() == variable && binary.getOperation() == BinaryOperation.COMPARE) {
                    return binary;
                }
            }
        }
        return null;
    }

    private static void removeIncomingFrom(BasicBlock target, BasicBlock source) {
        for (Phi phi : target.getPhis()) {
            List<Incoming> incomings = phi.getIncomings();
            for (int i = incomings.size() - 1; i >= 0; i--) {
                if (incomings.get(i).getSource() == source) {
                    incomings.remove(i);
                }
            }
        }
    }
}
