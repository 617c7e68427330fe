package io.wasmjava.regex;

import java.util.Arrays;

/**
 * Case-folding orbits for {@code (?i)}, the equivalent of Go's {@code unicode.SimpleFold}: {@link #next} steps
 * through the orbit of a code point in increasing order and wraps around, so {@code k -> U+212A (KELVIN SIGN) -> K
 * -> k}.
 *
 * <p>Go derives its orbits from Unicode's CaseFolding.txt (simple and common foldings). TeaVM's class library has no
 * folding table, so the orbits here are built from the runtime's simple case mappings: two code points share an
 * orbit when {@code toLowerCase(toUpperCase(c))} is the same. That reproduces CaseFolding's simple orbits, with two
 * exceptions handled explicitly and one accepted divergence:
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

    /** Every (code point, successor) pair packed into a long, sorted by code point. */
    private static long[] orbitPairs() {
        // Group every cased code point by its orbit key; a long packs (key, code point) so one sort groups and orders.
        long[] keyed = new long[4096];
        int n = 0;
        for (int c = MIN_FOLD; c <= MAX_FOLD; c++) {
            if (c == 0x130 || c == 0x131) {
                continue;
            }
            int upper = Character.toUpperCase(c);
            int lower = Character.toLowerCase(c);
            if (upper == c && lower == c) {
                continue;
            }
            int key = Character.toLowerCase(upper);
            if (n == keyed.length) {
                keyed = Arrays.copyOf(keyed, n * 2);
            }
            keyed[n++] = ((long) key << 32) | c;
        }
        // A key that is itself uncased in the other direction (e.g. ß for ẞ) must be a member of its own orbit.
        int base = n;
        for (int i = 0; i < base; i++) {
            int key = (int) (keyed[i] >>> 32);
            if (n == keyed.length) {
                keyed = Arrays.copyOf(keyed, n * 2);
            }
            keyed[n++] = ((long) key << 32) | key;
        }
        Arrays.sort(keyed, 0, n);
        int[] members = new int[n];
        int[] next = new int[n];
        int m = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            int key = (int) (keyed[i] >>> 32);
            int groupStart = m;
            while (j < n && (int) (keyed[j] >>> 32) == key) {
                int c = (int) keyed[j];
                if (m == groupStart || members[m - 1] != c) {
                    members[m++] = c;
                }
                j++;
            }
            int size = m - groupStart;
            if (size == 1) {
                m = groupStart;
            } else {
                for (int k = groupStart; k < m; k++) {
                    next[k] = k + 1 < m ? members[k + 1] : members[groupStart];
                }
            }
            i = j;
        }
        long[] pairs = new long[m];
        for (int k = 0; k < m; k++) {
            pairs[k] = ((long) members[k] << 32) | next[k];
        }
        Arrays.sort(pairs);
        return pairs;
    }
}
