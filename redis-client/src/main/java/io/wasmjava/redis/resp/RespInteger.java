package io.wasmjava.redis.resp;

/**
 * An integer reply such as {@code :42\r\n}: a signed 64-bit value (counters, {@code EXISTS}, {@code TTL}, the
 * return value of a Lua script that returns a number). Built by {@link RespValue#integer(long)} or decoded by
 * {@link RespDecoder}; immutable.
 */
public final class RespInteger extends RespValue {

    /** Lowest and highest value {@link #of} shares: TTLs (-2, -1), flags, counters, small script results. */
    private static final int CACHE_LOW = -2;
    private static final int CACHE_HIGH = 1023;
    /** Filled as values are first asked for, so a plugin that never decodes an integer allocates none of them. */
    private static final RespInteger[] CACHE = new RespInteger[CACHE_HIGH - CACHE_LOW + 1];

    private final long value;

    RespInteger(long value) {
        this.value = value;
    }

    /** Returns the integer {@code value}; small values are shared instances (values are immutable). */
    static RespInteger of(long value) {
        if (value < CACHE_LOW || value > CACHE_HIGH) {
            return new RespInteger(value);
        }
        int index = (int) value - CACHE_LOW;
        RespInteger cached = CACHE[index];
        if (cached == null) {
            // A race between threads only creates an equal instance twice; the final field makes either one safe.
            cached = new RespInteger(value);
            CACHE[index] = cached;
        }
        return cached;
    }

    @Override
    public RespType type() {
        return RespType.INTEGER;
    }

    @Override
    public long asLong() {
        return value;
    }

    /** Returns the decimal form, for example {@code "-5"}. */
    @Override
    public String asString() {
        return Long.toString(value);
    }

    /** Returns the ASCII decimal form, the bytes that follow {@code :} on the wire. */
    @Override
    public byte[] asBytes() {
        return utf8(Long.toString(value));
    }

    @Override
    void appendTo(StringBuilder out) {
        out.append(':').append(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RespInteger && value == ((RespInteger) o).value;
    }

    @Override
    public int hashCode() {
        return 31 * ':' + (int) (value ^ (value >>> 32));
    }

    /**
     * Parses {@code bytes[from..to)} as an optional {@code -} followed by decimal digits, the form Redis writes.
     *
     * @throws NumberFormatException with the reason ("not a decimal integer" or "out of range") if it is not one
     */
    static long parse(byte[] bytes, int from, int to) {
        boolean negative = from < to && bytes[from] == '-';
        int i = negative ? from + 1 : from;
        if (i == to) {
            throw new NumberFormatException("not a decimal integer");
        }
        // Accumulate negatively so that Long.MIN_VALUE, whose magnitude has no positive long, parses too.
        long result = 0;
        for (; i < to; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new NumberFormatException("not a decimal integer");
            }
            if (result < Long.MIN_VALUE / 10) {
                throw new NumberFormatException("out of range for a signed 64-bit integer");
            }
            result *= 10;
            if (result < Long.MIN_VALUE + digit) {
                throw new NumberFormatException("out of range for a signed 64-bit integer");
            }
            result -= digit;
        }
        if (!negative) {
            if (result == Long.MIN_VALUE) {
                throw new NumberFormatException("out of range for a signed 64-bit integer");
            }
            result = -result;
        }
        return result;
    }

    /** {@link #parse} for {@link RespValue#asLong()} of a string value: failures become IllegalStateException. */
    static long parseOrThrow(byte[] text, RespValue owner) {
        try {
            return parse(text, 0, text.length);
        } catch (NumberFormatException e) {
            throw owner.wrongType("an integer or a numeric string", e.getMessage());
        }
    }
}
