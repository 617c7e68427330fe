package io.wasmjava.regex;

import java.util.Arrays;

/**
 * A growable set of code points held as sorted {@code [lo, hi]} pairs: the representation of every character class
 * while parsing. {@link #toArray()} yields the canonical form (sorted, merged, no duplicates) that the compiled
 * program keeps.
 */
final class CharRanges {
    static final int MAX_CODE_POINT = 0x10FFFF;

    private int[] pairs = new int[8];
    private int length;

    int size() {
        return length;
    }

    /** Adds {@code [lo, hi]}; merges with the last pair when they touch, as most additions arrive in order. */
    CharRanges add(int lo, int hi) {
        if (length >= 2 && lo <= pairs[length - 1] + 1 && lo >= pairs[length - 2]) {
            pairs[length - 1] = Math.max(pairs[length - 1], hi);
            return this;
        }
        if (length + 2 > pairs.length) {
            pairs = Arrays.copyOf(pairs, pairs.length * 2);
        }
        pairs[length++] = lo;
        pairs[length++] = hi;
        return this;
    }

    /** Adds every pair of the canonical array {@code ranges}. */
    CharRanges addAll(int[] ranges) {
        for (int i = 0; i < ranges.length; i += 2) {
            add(ranges[i], ranges[i + 1]);
        }
        return this;
    }

    /** Adds the complement of the canonical array {@code ranges}. */
    CharRanges addNegated(int[] ranges) {
        int next = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            if (ranges[i] > next) {
                add(next, ranges[i] - 1);
            }
            next = ranges[i + 1] + 1;
        }
        if (next <= MAX_CODE_POINT) {
            add(next, MAX_CODE_POINT);
        }
        return this;
    }

    /** Adds {@code [lo, hi]} and every code point in the case-folding orbit of each of them. */
    CharRanges addFolded(int lo, int hi) {
        add(lo, hi);
        if (lo <= CaseFolding.MIN_FOLD && hi >= CaseFolding.MAX_FOLD) {
            return this; // every code point that folds is already in: folding cannot add more
        }
        int from = Math.max(lo, CaseFolding.MIN_FOLD);
        int to = Math.min(hi, CaseFolding.MAX_FOLD);
        for (int c = from; c <= to; c++) {
            for (int f = CaseFolding.next(c); f != c; f = CaseFolding.next(f)) {
                if (f < lo || f > hi) {
                    add(f, f); // members inside [lo, hi] are in already: adding them would only grow the array
                }
            }
        }
        return this;
    }

    /** Adds the case-folding closure of every pair of the canonical array {@code ranges}. */
    CharRanges addAllFolded(int[] ranges) {
        for (int i = 0; i < ranges.length; i += 2) {
            addFolded(ranges[i], ranges[i + 1]);
        }
        return this;
    }

    /** The canonical form: pairs sorted by {@code lo}, overlapping and adjacent pairs merged. */
    int[] toArray() {
        int n = length / 2;
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            packed[i] = ((long) pairs[2 * i] << 32) | pairs[2 * i + 1];
        }
        Arrays.sort(packed);
        int[] out = new int[length];
        int w = 0;
        for (long p : packed) {
            int lo = (int) (p >>> 32);
            int hi = (int) p;
            if (w > 0 && lo <= out[w - 1] + 1) {
                out[w - 1] = Math.max(out[w - 1], hi);
            } else {
                out[w++] = lo;
                out[w++] = hi;
            }
        }
        return w == out.length ? out : Arrays.copyOf(out, w);
    }

    /** The complement of the canonical array {@code ranges}, canonical. */
    static int[] negate(int[] ranges) {
        return new CharRanges().addNegated(ranges).toArray();
    }

    /** True if the canonical array {@code ranges} contains {@code c}; binary search. */
    static boolean contains(int[] ranges, int c) {
        int lo = 0;
        int hi = ranges.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (c < ranges[2 * mid]) {
                hi = mid - 1;
            } else if (c > ranges[2 * mid + 1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }
}
