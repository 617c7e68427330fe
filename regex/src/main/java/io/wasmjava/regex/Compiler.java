package io.wasmjava.regex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compiles a parse tree to a {@link Prog} by Thompson's construction, with Go's choices where they change which
 * match wins: counted repetition is expanded as Go's {@code simplify.go} does ({@code x{2,5}} is
 * {@code xx(x(x(x)?)?)?}), and a star over something that can match empty is compiled as {@code (x+)?}, as Go's
 * {@code compile.go} does since golang.org/issue/46123.
 */
final class Compiler {
    /** A compiled fragment: its entry, the holes (pc*2 for out, pc*2+1 for arg) to patch, and nullability. */
    private record Frag(int start, int[] holes, boolean nullable) {
    }

    private static final int[] NO_HOLES = new int[0];

    private byte[] op = new byte[16];
    private int[] out = new int[16];
    private int[] arg = new int[16];
    private int size;
    private final List<CharClass> classes = new ArrayList<>();

    static Prog compile(Node root, int groups) {
        Compiler c = new Compiler();
        c.emit(Prog.FAIL, 0); // pc 0 is the failure every dead end points to
        Frag f = c.compile(root);
        int match = c.emit(Prog.MATCH, 0);
        c.patch(f.holes, match);
        return new Prog(Arrays.copyOf(c.op, c.size), Arrays.copyOf(c.out, c.size), Arrays.copyOf(c.arg, c.size),
                c.classes.toArray(new CharClass[0]), f.start, 2 * (groups + 1), isAnchoredStart(root), prefix(root));
    }

    private int emit(byte opcode, int operand) {
        if (size == op.length) {
            op = Arrays.copyOf(op, size * 2);
            out = Arrays.copyOf(out, size * 2);
            arg = Arrays.copyOf(arg, size * 2);
        }
        op[size] = opcode;
        arg[size] = operand;
        return size++;
    }

    private void patch(int[] holes, int target) {
        for (int hole : holes) {
            if ((hole & 1) == 0) {
                out[hole >> 1] = target;
            } else {
                arg[hole >> 1] = target;
            }
        }
    }

    private static int[] join(int[] a, int[] b) {
        if (a.length == 0) {
            return b;
        }
        if (b.length == 0) {
            return a;
        }
        int[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private Frag single(byte opcode, int operand, boolean nullable) {
        int pc = emit(opcode, operand);
        return new Frag(pc, new int[] {pc << 1}, nullable);
    }

    private Frag compile(Node node) {
        switch (node.op) {
            case NO_MATCH:
                return fail();
            case EMPTY_MATCH:
                return single(Prog.NOP, 0, true);
            case LITERAL:
                if ((node.flags & Parser.FOLD_CASE) != 0) {
                    return charClass(new CharRanges().addFolded(node.rune, node.rune).toArray());
                }
                return single(Prog.RUNE1, node.rune, false);
            case CHAR_CLASS:
                return charClass(node.ranges);
            case ANY_CHAR_NOT_NL:
                return single(Prog.ANY_NOT_NL, 0, false);
            case ANY_CHAR:
                return single(Prog.ANY, 0, false);
            case BEGIN_LINE:
                return single(Prog.EMPTY, Prog.BEGIN_LINE, true);
            case END_LINE:
                return single(Prog.EMPTY, Prog.END_LINE, true);
            case BEGIN_TEXT:
                return single(Prog.EMPTY, Prog.BEGIN_TEXT, true);
            case END_TEXT:
                return single(Prog.EMPTY, Prog.END_TEXT, true);
            case WORD_BOUNDARY:
                return single(Prog.EMPTY, Prog.WORD_BOUNDARY, true);
            case NO_WORD_BOUNDARY:
                return single(Prog.EMPTY, Prog.NO_WORD_BOUNDARY, true);
            case CAPTURE: {
                Frag open = single(Prog.CAPTURE, 2 * node.cap, true);
                Frag body = compile(node.subs[0]);
                Frag close = single(Prog.CAPTURE, 2 * node.cap + 1, true);
                return cat(cat(open, body), close);
            }
            case STAR:
                return star(compile(node.subs[0]), greedy(node));
            case PLUS:
                return plus(compile(node.subs[0]), greedy(node));
            case QUEST:
                return quest(compile(node.subs[0]), greedy(node));
            case REPEAT:
                return repeat(node);
            case CONCAT: {
                Frag f = null;
                for (Node sub : node.subs) {
                    Frag next = compile(sub);
                    f = f == null ? next : cat(f, next);
                }
                return f == null ? single(Prog.NOP, 0, true) : f;
            }
            case ALTERNATE: {
                Frag f = null;
                for (Node sub : node.subs) {
                    Frag next = compile(sub);
                    f = f == null ? next : alt(f, next);
                }
                return f == null ? fail() : f;
            }
            default:
                throw new IllegalStateException("unexpected node " + node.op);
        }
    }

    private static boolean greedy(Node node) {
        return (node.flags & Parser.NON_GREEDY) == 0;
    }

    private Frag fail() {
        return new Frag(0, NO_HOLES, false);
    }

    private Frag charClass(int[] ranges) {
        if (ranges.length == 0) {
            return fail();
        }
        if (ranges.length == 2 && ranges[0] == ranges[1]) {
            return single(Prog.RUNE1, ranges[0], false);
        }
        classes.add(new CharClass(ranges));
        return single(Prog.CLASS, classes.size() - 1, false);
    }

    private Frag cat(Frag a, Frag b) {
        if (a.start == 0 || b.start == 0) {
            return fail();
        }
        patch(a.holes, b.start);
        return new Frag(a.start, b.holes, a.nullable && b.nullable);
    }

    private Frag alt(Frag a, Frag b) {
        if (a.start == 0) {
            return b;
        }
        if (b.start == 0) {
            return a;
        }
        int pc = emit(Prog.ALT, b.start);
        out[pc] = a.start;
        return new Frag(pc, join(a.holes, b.holes), a.nullable || b.nullable);
    }

    /** An ALT looping back into {@code body}; greedy prefers another iteration. */
    private Frag loop(Frag body, boolean greedy) {
        int hole = altInto(body.start, greedy);
        patch(body.holes, hole >> 1);
        return new Frag(hole >> 1, new int[] {hole}, true);
    }

    /**
     * Emits an ALT with one branch into {@code start}: the preferred one ({@code out}) if greedy, else {@code arg}.
     * Returns the hole of the other branch; the ALT's pc is the hole {@code >> 1}.
     */
    private int altInto(int start, boolean greedy) {
        int pc = emit(Prog.ALT, 0);
        if (greedy) {
            out[pc] = start;
            return pc << 1 | 1;
        }
        arg[pc] = start;
        return pc << 1;
    }

    private Frag star(Frag body, boolean greedy) {
        if (body.start == 0) {
            return single(Prog.NOP, 0, true); // (fail)* matches only the empty string
        }
        if (body.nullable) {
            return quest(plus(body, greedy), greedy); // keeps Go's priority order for empty iterations
        }
        return loop(body, greedy);
    }

    private Frag plus(Frag body, boolean greedy) {
        if (body.start == 0) {
            return fail();
        }
        return new Frag(body.start, loop(body, greedy).holes, body.nullable);
    }

    private Frag quest(Frag body, boolean greedy) {
        if (body.start == 0) {
            return single(Prog.NOP, 0, true);
        }
        int hole = altInto(body.start, greedy);
        return new Frag(hole >> 1, join(new int[] {hole}, body.holes), true);
    }

    /** {@code x{n,m}} expanded as Go's {@code simplify.go} does; the sub-tree is compiled once per copy. */
    private Frag repeat(Node node) {
        Node sub = node.subs[0];
        boolean greedy = greedy(node);
        if (node.min == 0 && node.max == 0) {
            return single(Prog.NOP, 0, true);
        }
        if (node.max == -1) {
            if (node.min == 0) {
                return star(compile(sub), greedy);
            }
            Frag f = null;
            for (int i = 0; i < node.min - 1; i++) {
                f = f == null ? compile(sub) : cat(f, compile(sub));
            }
            Frag last = plus(compile(sub), greedy);
            return f == null ? last : cat(f, last);
        }
        if (node.min == 1 && node.max == 1) {
            return compile(sub);
        }
        Frag prefix = null;
        for (int i = 0; i < node.min; i++) {
            prefix = prefix == null ? compile(sub) : cat(prefix, compile(sub));
        }
        if (node.max > node.min) {
            // The optional copies nest, x(x(x)?)?, so a failed copy abandons the rest at once.
            Frag suffix = quest(compile(sub), greedy);
            for (int i = node.min + 1; i < node.max; i++) {
                suffix = quest(cat(compile(sub), suffix), greedy);
            }
            prefix = prefix == null ? suffix : cat(prefix, suffix);
        }
        return prefix == null ? fail() : prefix;
    }

    private static boolean isAnchoredStart(Node root) {
        Node first = root;
        while (first.op == Node.Op.CONCAT && first.subs.length > 0) {
            first = first.subs[0];
        }
        return first.op == Node.Op.BEGIN_TEXT;
    }

    /** The case-sensitive literal code points every match begins with. */
    private static char[] prefix(Node root) {
        StringBuilder b = new StringBuilder();
        Node[] items = root.op == Node.Op.CONCAT ? root.subs : new Node[] {root};
        for (Node item : items) {
            if (item.op != Node.Op.LITERAL || (item.flags & Parser.FOLD_CASE) != 0) {
                break;
            }
            b.appendCodePoint(item.rune);
        }
        return b.toString().toCharArray();
    }
}
