package io.wasmjava.redis.resp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Writes RESP2 wire bytes: any {@link RespValue} with {@link #encode}, and a Redis command (an array of bulk
 * strings) with {@link #encodeCommand(Object...)}.
 *
 * <p>The wire forms are exactly those of the RESP2 specification: {@code +OK\r\n}, {@code -ERR x\r\n},
 * {@code :5\r\n}, {@code $3\r\nfoo\r\n}, {@code $0\r\n\r\n}, {@code $-1\r\n}, {@code *0\r\n}, {@code *-1\r\n}, and
 * {@code *N\r\n} followed by the N encoded elements. Nesting is handled with an explicit stack, so deep arrays do not
 * consume Java stack.
 *
 * <p>Stateless: every method returns a fresh array that the caller owns.
 */
public final class RespEncoder {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    private RespEncoder() {
    }

    /** Returns the RESP2 encoding of {@code value}. */
    public static byte[] encode(RespValue value) {
        ByteSink out = new ByteSink(64);
        // Iterators of the arrays being written, innermost last.
        List<Iterator<RespValue>> open = new ArrayList<>();
        RespValue next = value;
        while (next != null) {
            writeHead(out, next);
            if (next instanceof RespArray && !next.isNull() && !next.asArray().isEmpty()) {
                open.add(next.asArray().iterator());
            }
            next = null;
            while (!open.isEmpty()) {
                Iterator<RespValue> innermost = open.get(open.size() - 1);
                if (innermost.hasNext()) {
                    next = innermost.next();
                    break;
                }
                open.remove(open.size() - 1);
            }
        }
        return out.toByteArray();
    }

    /**
     * Returns a command as Redis expects it and as Higress's Go SDK writes it: an array with one bulk string per
     * argument, for example {@code encodeCommand("get", "foo")} is {@code *2\r\n$3\r\nget\r\n$3\r\nfoo\r\n}.
     *
     * <p>Each argument becomes the bytes that Go's {@code fmt.Sprint} gives for the same value, so that a command
     * sent from Java is byte-identical to the one the Go SDK sends:
     *
     * <ul>
     *   <li>{@code String} (or any other {@code CharSequence}): its UTF-8 bytes;
     *   <li>{@code Long}, {@code Integer}, {@code Short}, {@code Byte}: decimal, for example {@code -5};
     *   <li>{@code Double}: Go's {@code strconv.FormatFloat(f, 'g', -1, 64)}: shortest round-trip digits, exponent
     *       form when the decimal exponent is below -4 or at least 6: {@code 0.1}, {@code 100000}, {@code 1e+06},
     *       {@code 1.234567e+06}, {@code 1e-05}, {@code -0}, {@code NaN}, {@code +Inf}, {@code -Inf}. Note that this
     *       is not Java's {@code Double.toString} ({@code 1000000.0} is {@code 1e+06}, not {@code 1000000.0});
     *   <li>{@code Float}: the same with 32-bit shortest digits ({@code 0.1f} is {@code 0.1}), as Go formats a
     *       {@code float32};
     *   <li>{@code Boolean}: {@code true} or {@code false};
     *   <li>{@code byte[]}: the raw bytes, copied. This deliberately differs from Go, where {@code fmt.Sprint} of a
     *       {@code []byte} gives its debug form ({@code [104 105]} for "hi"): a known pitfall of the Go SDK that no
     *       caller wants reproduced.
     * </ul>
     *
     * @param args the command name followed by its arguments
     * @throws IllegalArgumentException if there are no arguments, if an argument is null (Go would send the text
     *     {@code <nil>}), or if an argument has another type; the message names the argument's index
     */
    public static byte[] encodeCommand(Object... args) {
        return encodeCommand(Arrays.asList(args));
    }

    /**
     * Returns a command built from a list of arguments; the same as {@link #encodeCommand(Object...)}.
     *
     * @throws IllegalArgumentException as for {@link #encodeCommand(Object...)}
     */
    public static byte[] encodeCommand(List<?> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("command has 0 arguments (expected: at least the command name)");
        }
        byte[][] parts = new byte[args.size()][];
        long size = 1 + decimalLength(parts.length) + 2;
        for (int i = 0; i < parts.length; i++) {
            parts[i] = argumentBytes(args.get(i), i);
            size += 1 + decimalLength(parts[i].length) + 2 + parts[i].length + 2;
        }
        ByteSink out = new ByteSink((int) Math.min(size, Integer.MAX_VALUE - 8));
        out.write('*');
        out.writeDecimal(parts.length);
        out.write(CRLF);
        for (byte[] part : parts) {
            out.write('$');
            out.writeDecimal(part.length);
            out.write(CRLF);
            out.write(part);
            out.write(CRLF);
        }
        return out.toByteArray();
    }

    /** Returns the bytes Go's {@code fmt.Sprint(arg)} gives (with the {@code []byte} exception documented above). */
    static byte[] argumentBytes(Object arg, int index) {
        if (arg == null) {
            throw new IllegalArgumentException("argument " + index + " is null (expected: a String, byte[], number or "
                    + "Boolean; Go's fmt.Sprint would send the text <nil>)");
        }
        if (arg instanceof String) {
            return RespValue.utf8((String) arg);
        }
        if (arg instanceof byte[]) {
            return ((byte[]) arg).clone();
        }
        if (arg instanceof Long || arg instanceof Integer || arg instanceof Short || arg instanceof Byte) {
            long n = ((Number) arg).longValue();
            ByteSink digits = new ByteSink(decimalLength(n));
            digits.writeDecimal(n);
            return digits.toByteArray();
        }
        if (arg instanceof Double) {
            return RespValue.utf8(GoFloatFormat.format(((Double) arg).doubleValue()));
        }
        if (arg instanceof Float) {
            return RespValue.utf8(GoFloatFormat.format(((Float) arg).floatValue()));
        }
        if (arg instanceof Boolean) {
            return (((Boolean) arg).booleanValue() ? TRUE : FALSE).clone();
        }
        if (arg instanceof CharSequence) {
            return RespValue.utf8(arg.toString());
        }
        throw new IllegalArgumentException("argument " + index + " has unsupported type " + arg.getClass().getName()
                + " (expected: String, byte[], Long, Integer, Short, Byte, Double, Float or Boolean)");
    }

    /** Writes a scalar value whole, or an array's {@code *N\r\n} header (its elements follow separately). */
    private static void writeHead(ByteSink out, RespValue value) {
        switch (value.type()) {
            case SIMPLE_STRING:
            case ERROR:
                RespLine line = (RespLine) value;
                out.write(line.type().marker());
                out.write(line.bytes());
                out.write(CRLF);
                break;
            case INTEGER:
                out.write(':');
                out.writeDecimal(value.asLong());
                out.write(CRLF);
                break;
            case BULK_STRING: {
                byte[] content = ((RespBulkString) value).bytes();
                out.write('$');
                if (content == null) {
                    out.writeDecimal(-1);
                    out.write(CRLF);
                } else {
                    out.writeDecimal(content.length);
                    out.write(CRLF);
                    out.write(content);
                    out.write(CRLF);
                }
                break;
            }
            default: {
                out.write('*');
                out.writeDecimal(((RespArray) value).size());
                out.write(CRLF);
            }
        }
    }

    /** The number of characters of {@code n} in decimal, the sign included. */
    static int decimalLength(long n) {
        if (n == Long.MIN_VALUE) {
            return 20;
        }
        int length = n < 0 ? 2 : 1;
        for (long rest = Math.abs(n); rest >= 10; rest /= 10) {
            length++;
        }
        return length;
    }

    /** A growable byte array; {@link #toByteArray} trims to the written size. */
    private static final class ByteSink {
        private byte[] bytes;
        private int size;

        ByteSink(int capacity) {
            bytes = new byte[Math.max(capacity, 16)];
        }

        void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        void write(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, bytes, size, b.length);
            size += b.length;
        }

        void writeDecimal(long n) {
            int length = decimalLength(n);
            ensure(length);
            int end = size + length;
            if (n < 0) {
                bytes[size] = '-';
            }
            // Digits from the least significant, each from a negative remainder: -n overflows for Long.MIN_VALUE.
            long rest = n < 0 ? n : -n;
            int position = end;
            do {
                bytes[--position] = (byte) ('0' - rest % 10);
                rest /= 10;
            } while (rest != 0);
            size = end;
        }

        private void ensure(int more) {
            if (bytes.length - size >= more) {
                return;
            }
            long wanted = Math.max((long) size + more, 2L * bytes.length);
            int capacity = (int) Math.min(wanted, Integer.MAX_VALUE - 8);
            if (capacity < (long) size + more) {
                throw new IllegalStateException("encoding exceeds " + (Integer.MAX_VALUE - 8) + " bytes");
            }
            bytes = Arrays.copyOf(bytes, capacity);
        }

        byte[] toByteArray() {
            return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        }
    }
}
