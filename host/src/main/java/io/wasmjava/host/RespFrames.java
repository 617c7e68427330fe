package io.wasmjava.host;

/**
 * Finds where RESP values end, without decoding them: all the Redis bridge needs to know is how many replies to wait
 * for and where each one stops. The host has its own framing rather than redis-client's {@code RespDecoder}: that
 * decoder reads RESP2 values and rejects RESP3 and inline commands ("not supported"), which the bridge must frame,
 * and building values the bridge never looks at would only cost time.
 *
 * <p>Understands RESP2 ({@code + - : $ *}) and, should a plugin switch the connection with {@code HELLO 3}, RESP3
 * ({@code _ , # ( ! = % ~ > |}). In a query, a line that does not start with a type byte is an inline command, as
 * Redis accepts it ({@code PING\r\n}).
 */
final class RespFrames {
    private RespFrames() {
    }

    /**
     * The index just past the value that starts at {@code start}, or -1 if {@code buffer[start, limit)} holds only
     * part of it.
     *
     * @throws IllegalArgumentException if the bytes cannot be RESP; the message gives the offset
     */
    static int endOfValue(byte[] buffer, int start, int limit) {
        int position = start;
        // Values still to skip: elements of the arrays (maps, sets, ...) opened so far, plus the one we started with.
        long remaining = 1;
        while (remaining > 0) {
            if (position >= limit) {
                return -1;
            }
            int lineEnd = lineEnd(buffer, position + 1, limit);
            if (lineEnd < 0) {
                return -1;
            }
            byte type = buffer[position];
            int next = lineEnd + 2;
            remaining--;
            switch (type) {
                case '+': case '-': case ':': case '_': case ',': case '#': case '(':
                    break;
                case '$': case '!': case '=': {
                    long length = length(buffer, position, lineEnd);
                    if (length == -1 && type == '$') {
                        break;
                    }
                    if (length < 0) {
                        throw malformed(position, "negative length " + length);
                    }
                    // <type><length>\r\n <here> {data...}\r\n
                    long end = next + length + 2;
                    if (end > limit) {
                        return -1;
                    }
                    if (buffer[(int) end - 2] != '\r' || buffer[(int) end - 1] != '\n') {
                        throw malformed((int) end - 2, "expected \\r\\n after " + length + " data bytes");
                    }
                    next = (int) end;
                    break;
                }
                case '*': case '~': case '>': case '%': case '|': {
                    long count = length(buffer, position, lineEnd);
                    if (count == -1 && type == '*') {
                        break;
                    }
                    if (count < 0) {
                        throw malformed(position, "negative element count " + count);
                    }
                    if (type == '%') {
                        count *= 2;
                    } else if (type == '|') {
                        // An attribute map is followed by the value it describes.
                        count = count * 2 + 1;
                    }
                    remaining += count;
                    break;
                }
                default:
                    throw malformed(position, "unknown type byte " + describe(type));
            }
            position = next;
        }
        return position;
    }

    /**
     * How many commands {@code query} holds (each gets one reply): RESP arrays, or inline commands ending in
     * {@code \n}.
     *
     * @throws IllegalArgumentException if the query is empty, ends inside a command, or is not RESP
     */
    static int countCommands(byte[] query) {
        if (query.length == 0) {
            throw new IllegalArgumentException("the query is empty");
        }
        int commands = 0;
        int position = 0;
        while (position < query.length) {
            int end;
            if (query[position] == '*') {
                end = endOfValue(query, position, query.length);
            } else {
                int newline = indexOf(query, (byte) '\n', position, query.length);
                end = newline < 0 ? -1 : newline + 1;
            }
            if (end < 0) {
                throw new IllegalArgumentException("the query ends inside command " + (commands + 1) + " (offset "
                        + position + " of " + query.length + " bytes); Redis would wait for the rest");
            }
            commands++;
            position = end;
        }
        return commands;
    }

    /** The index of the {@code \r} of the first {@code \r\n} at or after {@code from}, or -1. */
    private static int lineEnd(byte[] buffer, int from, int limit) {
        for (int i = from; i + 1 < limit; i++) {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] buffer, byte wanted, int from, int limit) {
        for (int i = from; i < limit; i++) {
            if (buffer[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** The decimal number between the type byte at {@code typeAt} and {@code lineEnd}. */
    private static long length(byte[] buffer, int typeAt, int lineEnd) {
        int from = typeAt + 1;
        boolean negative = from < lineEnd && buffer[from] == '-';
        int digitsFrom = negative ? from + 1 : from;
        if (digitsFrom == lineEnd || lineEnd - digitsFrom > 18) {
            throw malformed(typeAt, "expected a length of 1 to 18 digits");
        }
        long value = 0;
        for (int i = digitsFrom; i < lineEnd; i++) {
            byte b = buffer[i];
            if (b < '0' || b > '9') {
                throw malformed(i, "expected a digit but was " + describe(b));
            }
            value = value * 10 + (b - '0');
        }
        return negative ? -value : value;
    }

    private static String describe(byte b) {
        return b >= 0x20 && b < 0x7f ? "'" + (char) b + "'" : String.format("0x%02x", b & 0xff);
    }

    private static IllegalArgumentException malformed(int offset, String what) {
        return new IllegalArgumentException("not RESP at offset " + offset + ": " + what);
    }
}
