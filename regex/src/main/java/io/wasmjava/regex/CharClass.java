package io.wasmjava.regex;

/**
 * A compiled character class: canonical ranges plus a 128-bit bitmap, so an ASCII code point is tested with one
 * shift and mask and only others pay for the binary search.
 */
final class CharClass {
    final int[] ranges;
    private final long ascii0;
    private final long ascii1;

    CharClass(int[] ranges) {
        this.ranges = ranges;
        long lo = 0;
        long hi = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            for (int c = ranges[i]; c <= ranges[i + 1] && c < 0x80; c++) {
                if (c < 64) {
                    lo |= 1L << c;
                } else {
                    hi |= 1L << (c - 64);
                }
            }
        }
        this.ascii0 = lo;
        this.ascii1 = hi;
    }

    boolean contains(int c) {
        if (c < 64) {
            return (ascii0 >>> c & 1) != 0;
        }
        if (c < 128) {
            return (ascii1 >>> (c - 64) & 1) != 0;
        }
        return CharRanges.contains(ranges, c);
    }
}
