package io.wasmjava.regex;

import java.util.Arrays;

/**
 * Case-folding orbits for {@code (?i)}, the equivalent of Go's {@code unicode.SimpleFold}: {@link #next} steps
 * through the orbit of a code point in increasing order and wraps around, so {@code k -> U+212A (KELVIN SIGN) -> K
 * -> k}.
 *
 * <p>Go derives its orbits from Unicode's CaseFolding.txt (simple and common foldings). TeaVM's class library has no
 * folding table, so the orbits here are built from the runtime's simple case mappings: two code points share an
 * orbit when a chain of {@code toUpperCase}/{@code toLowerCase} mappings connects them. That reproduces
 * CaseFolding's simple orbits, with two exceptions handled explicitly and one accepted divergence:
 * <ul>
 *   <li>U+0130 (İ) and U+0131 (ı) fold only in Turkic locales (CaseFolding status {@code T}); Go keeps each alone, and
 *       so does this table.</li>
 *   <li>ASCII letters never need the table: their orbits are fixed ({@code k} and {@code s} have a third member,
 *       U+212A and U+017F, as in Go's {@code asciiFoldTable}), so ASCII-only {@code (?i)} patterns never build it.</li>
 *   <li>Divergence: the few CaseFolding entries that have no case mapping at all (U+1FD3 and U+0390, U+1FE3 and
 *       U+03B0, U+FB05 and U+FB06) are separate orbits here, and the runtime's Unicode version decides new letters.</li>
 * </ul>
 */
final class CaseFolding {
    /** The smallest and largest code points that have a non-trivial orbit (Go's {@code minFold} and {@code maxFold}). */
    static final int MIN_FOLD = 0x41;
    static final int MAX_FOLD = 0x1E943;

    private static final int KELVIN_SIGN = 0x212A;
    private static final int LONG_S = 0x17F;

    private CaseFolding() {
    }

    /** The next code point in {@code c}'s orbit, or {@code c} itself when it folds to nothing else. */
    static int next(int c) {
        if (c < MIN_FOLD || c > MAX_FOLD) {
            return c;
        }
        if (c < 0x80) {
            return nextAscii(c);
        }
        int i = Arrays.binarySearch(Table.FROM, c);
        return i < 0 ? c : Table.SUCCESSOR[i];
    }

    /** The smallest member of {@code c}'s orbit, the form a case-insensitive literal is stored in (as Go does). */
    static int min(int c) {
        int m = c;
        for (int f = next(c); f != c; f = next(f)) {
            m = Math.min(m, f);
        }
        return m;
    }

    private static int nextAscii(int c) {
        if (c >= 'A' && c <= 'Z') {
            return c + ('a' - 'A');
        }
        if (c == 'k') {
            return KELVIN_SIGN;
        }
        if (c == 's') {
            return LONG_S;
        }
        if (c >= 'a' && c <= 'z') {
            return c - ('a' - 'A');
        }
        return c;
    }

    /**
     * The orbits of non-ASCII code points, built on first use (class initialisation, so at most once and thread-safe
     * on the JVM): {@code FROM} lists every code point with a non-trivial orbit, sorted, and {@code SUCCESSOR[i]} is
     * the next member after {@code FROM[i]}.
     */
    private static final class Table {
        static final int[] FROM;
        static final int[] SUCCESSOR;

        static {
            long[] pairs = orbitPairs();
            FROM = new int[pairs.length];
            SUCCESSOR = new int[pairs.length];
            for (int k = 0; k < pairs.length; k++) {
                FROM[k] = (int) (pairs[k] >>> 32);
                SUCCESSOR[k] = (int) pairs[k];
            }
        }
    }

    /**
     * Every (code point, successor) pair packed into a long, sorted by code point. Orbits are the connected
     * components of "c maps to d by toUpperCase or toLowerCase", built with union-find, so every code point is in
     * exactly one orbit and following successors always comes back to the start, whatever the runtime's tables say
     * (TeaVM's are not the JDK's: an orbit built from keys alone once sent the successor chain into a cycle that
     * never returned, and {@code (?i)\pL} looped).
     */
    private static long[] orbitPairs() {
        long[] edges = new long[4096];
        int e = 0;
        for (int c = MIN_FOLD; c <= MAX_FOLD; c++) {
            if (c == 0x130 || c == 0x131) {
                continue; // Turkic dotted and dotless i fold only under Turkic rules; Go keeps them alone
            }
            int upper = Character.toUpperCase(c);
            int lower = Character.toLowerCase(c);
            for (int d : new int[] {upper, lower}) {
                if (d != c && d != 0x130 && d != 0x131) {
                    if (e == edges.length) {
                        edges = Arrays.copyOf(edges, e * 2);
                    }
                    edges[e++] = ((long) c << 32) | d;
                }
            }
        }
        // The code points involved, sorted and unique: union-find runs over their indexes.
        int[] nodes = new int[2 * e];
        for (int k = 0; k < e; k++) {
            nodes[2 * k] = (int) (edges[k] >>> 32);
            nodes[2 * k + 1] = (int) edges[k];
        }
        Arrays.sort(nodes);
        int n = 0;
        for (int k = 0; k < nodes.length; k++) {
            if (n == 0 || nodes[n - 1] != nodes[k]) {
                nodes[n++] = nodes[k];
            }
        }
        int[] parent = new int[n];
        for (int k = 0; k < n; k++) {
            parent[k] = k;
        }
        for (int k = 0; k < e; k++) {
            int a = root(parent, Arrays.binarySearch(nodes, 0, n, (int) (edges[k] >>> 32)));
            int b = root(parent, Arrays.binarySearch(nodes, 0, n, (int) edges[k]));
            parent[Math.max(a, b)] = Math.min(a, b);
        }
        // Group by root (its index orders the groups), members ascending; each member's successor is the next one.
        long[] byRoot = new long[n];
        for (int k = 0; k < n; k++) {
            byRoot[k] = ((long) root(parent, k) << 32) | nodes[k];
        }
        Arrays.sort(byRoot);
        long[] pairs = new long[n];
        int m = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && byRoot[j] >>> 32 == byRoot[i] >>> 32) {
                j++;
            }
            for (int k = i; k < j; k++) {
                int successor = (int) byRoot[k + 1 < j ? k + 1 : i];
                pairs[m++] = ((long) (int) byRoot[k] << 32) | successor;
            }
            i = j;
        }
        Arrays.sort(pairs, 0, m);
        return m == n ? pairs : Arrays.copyOf(pairs, m);
    }

    private static int root(int[] parent, int k) {
        while (parent[k] != k) {
            parent[k] = parent[parent[k]];
            k = parent[k];
        }
        return k;
    }
}
