package io.wasmjava.regex;

/**
 * A compiled pattern: a Thompson NFA as parallel arrays (Go's {@code syntax.Prog}). Instruction {@code pc} has
 * opcode {@code op[pc]}, successor {@code out[pc]} and an operand {@code arg[pc]} whose meaning depends on the
 * opcode. Immutable once built.
 */
final class Prog {
    static final byte FAIL = 0;
    static final byte MATCH = 1;
    /** Try {@code out} first, then {@code arg}. */
    static final byte ALT = 2;
    /** Record the position in capture slot {@code arg}. */
    static final byte CAPTURE = 3;
    /** Continue only if every empty-width condition in {@code arg} holds here. */
    static final byte EMPTY = 4;
    static final byte NOP = 5;
    /** Consume the code point {@code arg}. */
    static final byte RUNE1 = 6;
    /** Consume a code point of {@code classes[arg]}. */
    static final byte CLASS = 7;
    static final byte ANY = 8;
    static final byte ANY_NOT_NL = 9;

    static final int BEGIN_LINE = 1;
    static final int END_LINE = 2;
    static final int BEGIN_TEXT = 4;
    static final int END_TEXT = 8;
    static final int WORD_BOUNDARY = 16;
    static final int NO_WORD_BOUNDARY = 32;

    final byte[] op;
    final int[] out;
    final int[] arg;
    final CharClass[] classes;
    final int start;
    /** Capture slots: two per group, the whole match included. */
    final int slots;
    /** Union of every EMPTY instruction's conditions. */
    final int emptyFlags;
    /** True if every match must start at the beginning of the text ({@code ^} or {@code \A} first). */
    final boolean anchoredStart;
    /** Chars every match starts with (case-sensitive), possibly none: lets a search skip ahead to them. */
    final char[] prefix;

    Prog(byte[] op, int[] out, int[] arg, CharClass[] classes, int start, int slots, boolean anchoredStart,
            char[] prefix) {
        this.op = op;
        this.out = out;
        this.arg = arg;
        this.classes = classes;
        this.start = start;
        this.slots = slots;
        this.anchoredStart = anchoredStart;
        this.prefix = prefix;
        int flags = 0;
        for (int pc = 0; pc < op.length; pc++) {
            if (op[pc] == EMPTY) {
                flags |= arg[pc];
            }
        }
        this.emptyFlags = flags;
    }

    int size() {
        return op.length;
    }

    /** True if the consuming instruction {@code pc} accepts code point {@code c}. */
    /**
     * Pushes onto {@code stack} at {@code sp} what {@code pc} reaches without consuming input when the empty-width
     * conditions {@code cond} hold: both branches of an ALT ({@code out} on top, so it is explored first), the
     * successor of a NOP or of an EMPTY whose conditions hold, nothing for any other instruction.
     *
     * @return the new stack size
     */
    int pushEmptySuccessors(int pc, int cond, int[] stack, int sp) {
        switch (op[pc]) {
            case ALT:
                stack[sp++] = arg[pc];
                stack[sp++] = out[pc];
                return sp;
            case NOP:
                stack[sp++] = out[pc];
                return sp;
            case EMPTY:
                if ((arg[pc] & ~cond) == 0) {
                    stack[sp++] = out[pc];
                }
                return sp;
            default:
                return sp;
        }
    }

    boolean accepts(int pc, int c) {
        switch (op[pc]) {
            case RUNE1:
                return c == arg[pc];
            case CLASS:
                return classes[arg[pc]].contains(c);
            case ANY:
                return true;
            case ANY_NOT_NL:
                return c != '\n';
            default:
                return false;
        }
    }

    /** The empty-width conditions that hold between code points {@code before} and {@code after} (-1: text edge). */
    static int context(int before, int after) {
        int flags = 0;
        if (before < 0) {
            flags |= BEGIN_TEXT | BEGIN_LINE;
        } else if (before == '\n') {
            flags |= BEGIN_LINE;
        }
        if (after < 0) {
            flags |= END_TEXT | END_LINE;
        } else if (after == '\n') {
            flags |= END_LINE;
        }
        boolean wordBefore = before >= 0 && UnicodeClasses.isWordChar(before);
        boolean wordAfter = after >= 0 && UnicodeClasses.isWordChar(after);
        flags |= wordBefore != wordAfter ? WORD_BOUNDARY : NO_WORD_BOUNDARY;
        return flags;
    }
}
