package io.wasmjava.regex;

import java.util.Arrays;

/**
 * Thompson NFA simulation with capture slots (Pike's VM), the engine behind positions and groups. Threads live in two
 * sparse sets ordered by priority; a thread that reaches an instruction already in the set is dropped, so each text
 * position costs at most one visit per instruction: O(program size x text length) time and O(program size x slots)
 * memory, whatever the pattern and text. Leftmost-first: once a thread matches, lower-priority threads are cut off,
 * as in Go's {@code regexp/exec.go}. Not thread-safe; one instance serves one search at a time.
 */
final class PikeVm {
    private final Prog prog;
    private Queue runq;
    private Queue nextq;
    private final int[] stack;
    private final int[] scratch;
    private final int[] matchCaps;
    private boolean matched;
    /** Instructions visited so far: the unit of work the linear bound is stated in. */
    long steps;

    PikeVm(Prog prog) {
        this.prog = prog;
        this.runq = new Queue(prog.size(), prog.slots);
        this.nextq = new Queue(prog.size(), prog.slots);
        // Each instruction is entered once per add and pushes at most three entries.
        this.stack = new int[3 * prog.size() + 3];
        this.scratch = new int[prog.slots];
        this.matchCaps = new int[prog.slots];
    }

    /**
     * Searches {@code s}: unanchored unless the pattern is, or {@code entire} asks for a match of the whole text.
     * Returns the capture slots of the leftmost-first match (a fresh array: start and end of each group, -1 for a
     * group that did not take part), or null if there is none.
     */
    int[] search(String text, boolean entire) {
        char[] s = Text.chars(text);
        boolean anchored = entire || prog.anchoredStart;
        int n = s.length;
        Arrays.fill(matchCaps, -1);
        matched = false;
        runq.clear();
        nextq.clear();
        int pos = 0;
        int before = -1;
        int r = Text.at(s, 0);
        while (true) {
            if (runq.size == 0) {
                if (anchored && pos != 0 || matched) {
                    break;
                }
                if (!anchored && prog.prefix.length > 0) {
                    int next = Text.indexOf(s, prog.prefix, pos);
                    if (next < 0) {
                        break;
                    }
                    if (next != pos) {
                        pos = next;
                        before = Text.before(s, pos);
                        r = Text.at(s, pos);
                    }
                }
            }
            if (!matched && (pos == 0 || !anchored)) {
                Arrays.fill(scratch, -1);
                scratch[0] = pos;
                add(runq, prog.start, pos, Prog.context(before, r));
            }
            int nextPos = r < 0 ? pos : pos + Text.width(r);
            int after = r < 0 ? -1 : Text.at(s, nextPos);
            step(pos, nextPos, r, Prog.context(r, after), entire ? n : -1);
            if (r < 0) {
                break;
            }
            before = r;
            r = after;
            pos = nextPos;
            Queue t = runq;
            runq = nextq;
            nextq = t;
        }
        return matched ? matchCaps.clone() : null;
    }

    /** Steps every thread of {@code runq} over code point {@code r} at {@code pos}; {@code end} >= 0 for a whole-text match. */
    private void step(int pos, int nextPos, int r, int nextCond, int end) {
        Queue q = runq;
        for (int j = 0; j < q.size; j++) {
            int pc = q.dense[j];
            byte opcode = prog.op[pc];
            if (opcode == Prog.MATCH) {
                if (end >= 0 && pos != end) {
                    continue;
                }
                System.arraycopy(q.caps, j * prog.slots, matchCaps, 0, prog.slots);
                matchCaps[1] = pos;
                matched = true;
                break; // leftmost-first: threads after this one have lower priority
            }
            if (opcode >= Prog.RUNE1 && r >= 0 && prog.accepts(pc, r)) {
                System.arraycopy(q.caps, j * prog.slots, scratch, 0, prog.slots);
                add(nextq, prog.out[pc], nextPos, nextCond);
            }
        }
        q.clear();
    }

    /** Adds {@code pc0} and everything it reaches without consuming input to {@code q}, in priority order. */
    private void add(Queue q, int pc0, int pos, int cond) {
        int[] caps = scratch;
        int sp = 0;
        stack[sp++] = pc0;
        while (sp > 0) {
            int entry = stack[--sp];
            if (entry < 0) {
                caps[-entry - 1] = stack[--sp]; // undo a capture once everything after it was explored
                continue;
            }
            int pc = entry;
            if (q.contains(pc)) {
                continue;
            }
            int k = q.insert(pc);
            steps++;
            switch (prog.op[pc]) {
                case Prog.FAIL:
                    break;
                case Prog.ALT:
                case Prog.NOP:
                case Prog.EMPTY:
                    sp = prog.pushEmptySuccessors(pc, cond, stack, sp);
                    break;
                case Prog.CAPTURE: {
                    int slot = prog.arg[pc];
                    stack[sp++] = caps[slot];
                    stack[sp++] = -slot - 1;
                    caps[slot] = pos;
                    stack[sp++] = prog.out[pc];
                    break;
                }
                default:
                    q.saveCaps(k, caps);
                    break;
            }
        }
    }

    /** A sparse set of instructions in insertion (priority) order, with capture slots for the threads in it. */
    private static final class Queue {
        final int[] sparse;
        final int[] dense;
        final int slots;
        int[] caps;
        int size;

        Queue(int instructions, int slots) {
            this.sparse = new int[instructions];
            this.dense = new int[instructions];
            this.slots = slots;
            this.caps = new int[Math.min(instructions, 16) * slots];
        }

        boolean contains(int pc) {
            int k = sparse[pc];
            return k < size && dense[k] == pc;
        }

        int insert(int pc) {
            sparse[pc] = size;
            dense[size] = pc;
            return size++;
        }

        void saveCaps(int k, int[] from) {
            int need = (k + 1) * slots;
            if (need > caps.length) {
                caps = Arrays.copyOf(caps, Math.max(need, Math.min(caps.length * 2, dense.length * slots)));
            }
            System.arraycopy(from, 0, caps, k * slots, slots);
        }

        void clear() {
            size = 0;
        }
    }
}
