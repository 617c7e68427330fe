package io.wasmjava.regex;

import java.util.Arrays;
import java.util.HashMap;

/**
 * A lazily built DFA that answers "is there a match" (Go's {@code MatchString}) or "does the whole text match",
 * the question the rate limiter asks on every request. A state is the set of NFA instructions reached after
 * consuming input (its kernel) plus what the empty-width assertions need to know about the previous code point; its
 * transitions are computed on first use, in O(program size), and cached, so a warm search costs one table lookup per
 * code point.
 *
 * <p>Code points are mapped to equivalence classes first: the program's range boundaries split the code space into
 * classes whose members every instruction treats alike, so a state's row has one entry per class (plus end of text), and
 * ASCII code points find their class in a 128-entry array.
 *
 * <p>The cache is bounded ({@code budgetInts}). When a new state does not fit, the cache is emptied and the search
 * goes on; after {@link #MAX_RESETS} such resets in one search it answers with {@link PikeVm} instead, so the worst
 * case stays O(program size x text length) time and bounded memory. Not thread-safe; {@link Regex} hands each
 * search its own instance or a cached idle one.
 */
final class Dfa {
    static final int DEFAULT_BUDGET_INTS = 1 << 18;
    static final int MAX_RESETS = 3;
    /**
     * Widest row worth building: a program whose classes split the code space into more pieces than this (thousands
     * of distinct ranges) is matched by the Pike VM instead, so no row allocation exceeds 16 KB.
     */
    static final int MAX_ROW_INTS = 4096;

    private static final int UNKNOWN = 0;
    private static final int MATCH = -1;
    private static final int DEAD = -2;
    private static final int FALLBACK = -3;

    private static final int AT_START = 1;
    private static final int PREV_NEWLINE = 2;
    private static final int PREV_WORD = 4;

    private final Prog prog;
    private final boolean entire;
    private final boolean restart;
    private final boolean trackNewline;
    private final boolean trackWord;
    private final boolean skipToPrefix;
    private final int budgetInts;

    private final int[] bounds;
    private final int[] asciiClass = new int[128];
    private final int endClass;
    private final int stride;
    private final boolean[] classIsWord;
    private final boolean[] classIsNewline;

    // The cache: one row of transitions per state, so no allocation is larger than a row (a single large array can
    // fail to fit a TeaVM heap that still has room). State ids start at 1, so 0 in a row means "not computed yet".
    private final HashMap<StateKey, Integer> ids = new HashMap<>();
    private int[][] kernels = new int[16][];
    private int[] stateFlags = new int[16];
    private int[][] rows = new int[16][];
    private int states;
    private int usedInts;
    private int resets;

    // Work space for closures.
    private final int[] sparse;
    private final int[] dense;
    private final int[] stack;
    private final int[] seen;
    private int generation;
    private int setSize;

    /** Table lookups plus instructions visited while building states: the unit of work of the linear bound. */
    long steps;
    /** How many searches this instance handed to the Pike VM because its cache thrashed. */
    int fallbacks;

    Dfa(Prog prog, boolean entire, int budgetInts) {
        this.prog = prog;
        this.entire = entire;
        this.restart = !entire && !prog.anchoredStart;
        this.trackNewline = (prog.emptyFlags & Prog.BEGIN_LINE) != 0;
        this.trackWord = (prog.emptyFlags & (Prog.WORD_BOUNDARY | Prog.NO_WORD_BOUNDARY)) != 0;
        this.skipToPrefix = restart && prog.prefix.length > 0 && !trackNewline && !trackWord;
        this.budgetInts = budgetInts;
        this.bounds = classBounds(prog, trackWord);
        this.endClass = bounds.length;
        this.stride = bounds.length + 1;
        this.classIsWord = new boolean[bounds.length];
        this.classIsNewline = new boolean[bounds.length];
        for (int k = 0; k < bounds.length; k++) {
            classIsWord[k] = UnicodeClasses.isWordChar(bounds[k]);
            classIsNewline[k] = bounds[k] == '\n';
            for (int c = bounds[k]; c < 0x80 && (k + 1 == bounds.length || c < bounds[k + 1]); c++) {
                asciiClass[c] = k;
            }
        }
        int n = prog.size();
        this.sparse = new int[n];
        this.dense = new int[n];
        this.stack = new int[2 * n + 2];
        this.seen = new int[n];
    }

    /**
     * The first code point of each class, sorted: every boundary where some instruction's acceptance changes, plus
     * {@code \n} (line anchors) and the word characters' edges when {@code \b} or {@code \B} occur.
     */
    private static int[] classBounds(Prog prog, boolean word) {
        int[] edges = new int[64];
        int n = 0;
        edges[n++] = 0;
        edges[n++] = '\n';
        edges[n++] = '\n' + 1;
        if (word) {
            for (int c : new int[] {'0', '9' + 1, 'A', 'Z' + 1, '_', '_' + 1, 'a', 'z' + 1}) {
                edges[n++] = c;
            }
        }
        for (int pc = 0; pc < prog.size(); pc++) {
            int[] ranges;
            if (prog.op[pc] == Prog.RUNE1) {
                ranges = new int[] {prog.arg[pc], prog.arg[pc]};
            } else if (prog.op[pc] == Prog.CLASS) {
                ranges = prog.classes[prog.arg[pc]].ranges;
            } else {
                continue;
            }
            if (n + ranges.length + 2 > edges.length) {
                edges = Arrays.copyOf(edges, Math.max(edges.length * 2, n + ranges.length + 2));
            }
            for (int i = 0; i < ranges.length; i += 2) {
                edges[n++] = ranges[i];
                edges[n++] = ranges[i + 1] + 1;
            }
        }
        Arrays.sort(edges, 0, n);
        int w = 0;
        for (int i = 0; i < n; i++) {
            if (edges[i] <= CharRanges.MAX_CODE_POINT && (w == 0 || edges[i] != edges[w - 1])) {
                edges[w++] = edges[i];
            }
        }
        return Arrays.copyOf(edges, w);
    }

    private int classOf(int c) {
        if (c < 0x80) {
            return asciiClass[c];
        }
        int lo = 0;
        int hi = bounds.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (bounds[mid] <= c) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Answers the question for {@code text}; falls back to {@link PikeVm} if the cache thrashes. */
    boolean matches(String text) {
        resets = 0;
        char[] s = Text.chars(text);
        int n = s.length;
        int state = stateId(new int[0], AT_START);
        if (state == FALLBACK) {
            return fallback(text);
        }
        // The hot loop keeps the rows, the class map and the step count in locals: under TeaVM a field is a memory
        // access, a local a Wasm local. The rows array is re-read after a transition is built (it may have grown).
        int[] ascii = asciiClass;
        int[][] cached = rows;
        boolean skip = skipToPrefix;
        int counted = 0;
        int i = 0;
        while (i < n) {
            if (skip && kernels[state].length == 0 && stateFlags[state] == 0) {
                // Nothing in progress: no match can start before the next occurrence of the literal prefix.
                int next = Text.indexOf(s, prog.prefix, i);
                if (next < 0) {
                    break;
                }
                i = next;
            }
            char ch = s[i];
            int cls;
            if (ch < 0x80) {
                cls = ascii[ch];
                i++;
            } else {
                int c = Text.at(s, i);
                cls = classOf(c);
                i += Text.width(c);
            }
            counted++;
            int next = cached[state][cls];
            if (next == UNKNOWN) {
                steps += counted;
                counted = 0;
                next = transition(state, cls);
                cached = rows;
            }
            if (next < 0) {
                steps += counted;
                return next == FALLBACK ? fallback(text) : next == MATCH;
            }
            state = next;
        }
        steps += counted;
        steps++;
        int last = rows[state][endClass];
        if (last == UNKNOWN) {
            last = transition(state, endClass);
        }
        return last == FALLBACK ? fallback(text) : last == MATCH;
    }

    private boolean fallback(String s) {
        fallbacks++;
        PikeVm vm = new PikeVm(prog);
        boolean found = vm.search(s, entire) != null;
        steps += vm.steps;
        return found;
    }

    /** Computes and caches the transition of {@code state} on {@code cls}, not yet in the table. */
    private int transition(int state, int cls) {
        int before = resets;
        int next = compute(state, cls);
        if (next != FALLBACK && resets == before) {
            rows[state][cls] = next; // not after a reset: then the id state no longer names this state
        }
        return next;
    }

    /** Builds the transition of {@code state} on class {@code cls} (or end of text). */
    private int compute(int state, int cls) {
        int flags = stateFlags[state];
        int cond = 0;
        if ((flags & AT_START) != 0) {
            cond |= Prog.BEGIN_TEXT | Prog.BEGIN_LINE;
        } else if ((flags & PREV_NEWLINE) != 0) {
            cond |= Prog.BEGIN_LINE;
        }
        boolean end = cls == endClass;
        if (end) {
            cond |= Prog.END_TEXT | Prog.END_LINE;
        } else if (classIsNewline[cls]) {
            cond |= Prog.END_LINE;
        }
        boolean wordBefore = (flags & PREV_WORD) != 0;
        boolean wordAfter = !end && classIsWord[cls];
        cond |= wordBefore != wordAfter ? Prog.WORD_BOUNDARY : Prog.NO_WORD_BOUNDARY;

        setSize = 0;
        boolean match = false;
        for (int pc : kernels[state]) {
            match |= close(pc, cond);
        }
        if (restart || (flags & AT_START) != 0) {
            match |= close(prog.start, cond);
        }
        if (match && (!entire || end)) {
            return MATCH;
        }
        if (end) {
            return DEAD;
        }
        int rep = bounds[cls];
        generation++;
        int[] kernel = new int[setSize];
        int k = 0;
        for (int j = 0; j < setSize; j++) {
            int pc = dense[j];
            if (prog.op[pc] >= Prog.RUNE1 && prog.accepts(pc, rep)) {
                int target = prog.out[pc];
                if (seen[target] != generation) {
                    seen[target] = generation;
                    kernel[k++] = target;
                }
            }
        }
        if (k == 0 && !restart) {
            return DEAD;
        }
        kernel = Arrays.copyOf(kernel, k);
        Arrays.sort(kernel);
        int nextFlags = (trackNewline && classIsNewline[cls] ? PREV_NEWLINE : 0)
                | (trackWord && classIsWord[cls] ? PREV_WORD : 0);
        return stateId(kernel, nextFlags);
    }

    /** Adds {@code pc0}'s closure under {@code cond} to the work set; true if it reaches MATCH. */
    private boolean close(int pc0, int cond) {
        boolean match = false;
        int sp = 0;
        stack[sp++] = pc0;
        while (sp > 0) {
            int pc = stack[--sp];
            int k = sparse[pc];
            if (k < setSize && dense[k] == pc) {
                continue;
            }
            sparse[pc] = setSize;
            dense[setSize++] = pc;
            steps++;
            switch (prog.op[pc]) {
                case Prog.MATCH:
                    match = true;
                    break;
                case Prog.CAPTURE: // the DFA tracks no submatches: a capture is a NOP here
                    stack[sp++] = prog.out[pc];
                    break;
                default:
                    sp = prog.pushEmptySuccessors(pc, cond, stack, sp);
                    break;
            }
        }
        return match;
    }

    /** The id of the state ({@code kernel}, {@code flags}), adding it (and emptying a full cache first) if new. */
    private int stateId(int[] kernel, int flags) {
        StateKey key = new StateKey(kernel, flags);
        Integer id = ids.get(key);
        if (id != null) {
            return id;
        }
        int cost = stride + kernel.length + 8;
        if (stride > MAX_ROW_INTS) {
            return FALLBACK;
        }
        if (usedInts + cost > budgetInts) {
            if (cost > budgetInts / 2 || ++resets > MAX_RESETS) {
                return FALLBACK;
            }
            reset();
        }
        int sid = ++states;
        if (sid >= kernels.length) {
            kernels = Arrays.copyOf(kernels, kernels.length * 2);
            stateFlags = Arrays.copyOf(stateFlags, stateFlags.length * 2);
            rows = Arrays.copyOf(rows, rows.length * 2);
        }
        kernels[sid] = kernel;
        stateFlags[sid] = flags;
        rows[sid] = new int[stride];
        usedInts += cost;
        ids.put(key, sid);
        return sid;
    }

    private void reset() {
        ids.clear();
        Arrays.fill(kernels, null);
        Arrays.fill(rows, null);
        states = 0;
        usedInts = 0;
    }

    /** Cache key: a sorted kernel and the flags. */
    private static final class StateKey {
        private final int[] kernel;
        private final int flags;
        private final int hash;

        StateKey(int[] kernel, int flags) {
            this.kernel = kernel;
            this.flags = flags;
            this.hash = Arrays.hashCode(kernel) * 31 + flags;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof StateKey other && other.flags == flags && Arrays.equals(other.kernel, kernel);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
