package io.wasmjava.redis.resp;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * An incremental RESP2 decoder: {@link #feed(byte[]) feed} it bytes as they arrive, in chunks of any size split at
 * any byte, and call {@link #next()} to take complete values out in wire order. A value split across chunks decodes
 * exactly as it would in one piece.
 *
 * <pre>{@code
 * RespDecoder decoder = new RespDecoder();
 * decoder.feed(chunk);
 * for (RespValue value = decoder.next(); value != null; value = decoder.next()) {
 *   handle(value);
 * }
 * }</pre>
 *
 * <p>A blocking stream, such as a socket's, can be read straight into the decoder with {@link #readFrom}, which saves
 * copying every read twice.
 *
 * <p>A value that has fully arrived, which is how most replies come, is decoded in one pass over the bytes. Anything
 * else goes to an explicit state machine in the manner of netty's {@code RedisDecoder}: it keeps the unread bytes,
 * the bulk string whose content has not fully arrived, and a stack of the arrays still being filled, so a value
 * split across reads is never decoded from its start again, and nesting never recurses on the Java stack beyond
 * {@value #ARRIVED_MAX_DEPTH} levels. A bulk string's content, once it spans reads, is copied straight from
 * {@link #feed} into the array the value will own, so large values are copied once; that array is allocated at its
 * declared length only up to {@value #PREALLOCATED_BULK_BYTES} bytes, and longer ones grow with the bytes that
 * arrive. Arrays grow with their elements. So a {@code $536870912} header costs nothing until its content is fed,
 * and a {@code *2000000000} header nothing until its elements are.
 *
 * <p>Input is checked strictly against {@link Limits} and the RESP2 grammar. Any violation throws
 * {@link RespProtocolException} naming what was found, what was expected and the byte offset; no input causes any
 * other exception, a hang, or memory beyond the bytes fed plus what the limits allow (and at most
 * {@value #PREALLOCATED_BULK_BYTES} bytes for a pending bulk string). After a protocol exception
 * the stream is corrupt: every later call to {@link #feed}, {@link #readFrom} or {@link #next} rethrows the same
 * exception.
 *
 * <p>Not thread-safe (proxy-wasm plugins are single-threaded).
 */
public final class RespDecoder {

    /**
     * Bounds on what one decoder accepts, so a corrupt or hostile stream cannot make it allocate without limit.
     * Immutable; start from {@link #defaults()} and change one bound at a time with the {@code with...} methods.
     *
     * @param maxBulkLength the largest accepted bulk string length in bytes ({@code $N}); a larger N is rejected
     * @param maxArrayLength the largest accepted array length in elements ({@code *N}); a larger N is rejected
     * @param maxNestingDepth the largest accepted nesting depth: the number of arrays around a value, counting an
     *     array itself, so {@code *1\r\n*0\r\n} has depth 2 and a top-level scalar has depth 0
     * @param maxInlineLength the largest accepted line, in bytes between the type byte and {@code \r\n}: the text of
     *     a simple string or error, and the digits of an integer or length header
     */
    public record Limits(int maxBulkLength, int maxArrayLength, int maxNestingDepth, int maxInlineLength) {

        /** 512 MiB, Redis's default {@code proto-max-bulk-len}. */
        public static final int DEFAULT_MAX_BULK_LENGTH = 512 * 1024 * 1024;
        /** 16,777,216 (2^24) elements per array: far above any reply a gateway plugin handles in its 4 GiB heap. */
        public static final int DEFAULT_MAX_ARRAY_LENGTH = 1 << 24;
        /** 32 levels of arrays (Redis replies nest 2 or 3 deep; Lua scripts rarely deeper). */
        public static final int DEFAULT_MAX_NESTING_DEPTH = 32;
        /** 64 KiB per line ({@code +...}, {@code -...}, {@code :...} and length headers), Redis's inline limit. */
        public static final int DEFAULT_MAX_INLINE_LENGTH = 64 * 1024;

        /** The largest accepted bound for lengths: the largest Java array, less room for framing. */
        static final int MAX_LENGTH_BOUND = Integer.MAX_VALUE - 1024;

        private static final Limits DEFAULTS = new Limits(DEFAULT_MAX_BULK_LENGTH, DEFAULT_MAX_ARRAY_LENGTH,
                DEFAULT_MAX_NESTING_DEPTH, DEFAULT_MAX_INLINE_LENGTH);

        /**
         * Checks every bound.
         *
         * @throws IllegalArgumentException if a bound is outside its range: 0 to {@code Integer.MAX_VALUE - 1024} for
         *     the bulk and array lengths, 1 to 100000 for the nesting depth, 1 to {@code Integer.MAX_VALUE - 1024} for
         *     the line length
         */
        public Limits {
            check("maxBulkLength", maxBulkLength, 0, MAX_LENGTH_BOUND);
            check("maxArrayLength", maxArrayLength, 0, MAX_LENGTH_BOUND);
            check("maxNestingDepth", maxNestingDepth, 1, 100_000);
            check("maxInlineLength", maxInlineLength, 1, MAX_LENGTH_BOUND);
        }

        private static void check(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + " to " + max + ")");
            }
        }

        /**
         * Returns the default limits: bulk strings up to {@value #DEFAULT_MAX_BULK_LENGTH} bytes, arrays up to
         * {@value #DEFAULT_MAX_ARRAY_LENGTH} elements, {@value #DEFAULT_MAX_NESTING_DEPTH} levels of nesting and lines
         * up to {@value #DEFAULT_MAX_INLINE_LENGTH} bytes.
         */
        public static Limits defaults() {
            return DEFAULTS;
        }

        /**
         * Returns a copy with another bulk string limit.
         *
         * @throws IllegalArgumentException unless {@code 0 <= bytes <= Integer.MAX_VALUE - 1024}
         */
        public Limits withMaxBulkLength(int bytes) {
            return new Limits(bytes, maxArrayLength, maxNestingDepth, maxInlineLength);
        }

        /**
         * Returns a copy with another array length limit.
         *
         * @throws IllegalArgumentException unless {@code 0 <= elements <= Integer.MAX_VALUE - 1024}
         */
        public Limits withMaxArrayLength(int elements) {
            return new Limits(maxBulkLength, elements, maxNestingDepth, maxInlineLength);
        }

        /**
         * Returns a copy with another nesting limit.
         *
         * @throws IllegalArgumentException unless {@code 1 <= depth <= 100000}
         */
        public Limits withMaxNestingDepth(int depth) {
            return new Limits(maxBulkLength, maxArrayLength, depth, maxInlineLength);
        }

        /**
         * Returns a copy with another line length limit.
         *
         * @throws IllegalArgumentException unless {@code 1 <= bytes <= Integer.MAX_VALUE - 1024}
         */
        public Limits withMaxInlineLength(int bytes) {
            return new Limits(maxBulkLength, maxArrayLength, maxNestingDepth, bytes);
        }
    }

    private static final byte[] EMPTY = new byte[0];
    /**
     * A pending bulk string declared at most this long gets its whole content array at once; a longer one starts
     * with room for twice what has arrived (at least 256 bytes) and doubles, up to its length. This bounds what a
     * header alone can make the decoder allocate.
     */
    static final int PREALLOCATED_BULK_BYTES = 64 * 1024;
    private static final RespArray EMPTY_ARRAY = new RespArray(new RespValue[0]);
    /**
     * Least room for an array's elements; it grows with the elements that arrive (doubling, or to what the bytes
     * already fed could hold), up to the declared length.
     */
    private static final int INITIAL_ELEMENTS = 16;
    /** The shortest RESP value, {@code +\r\n}. */
    private static final int MIN_VALUE_BYTES = 3;
    /** Longest digit run parsed on the fast paths: 18 digits cannot overflow a long. */
    private static final int FAST_DIGITS = 18;
    /** Arrays nested deeper than this within one {@link #decodeArrived} pass are left to the state machine. */
    private static final int ARRIVED_MAX_DEPTH = 16;
    private static final int INITIAL_CAPACITY = 256;
    /** The least room {@link #readFrom} offers a stream: Jedis's and the JDK's stream buffer size. */
    static final int READ_BYTES = 8192;
    /** A drained buffer larger than this is released rather than kept for the next value. */
    private static final int RETAINED_CAPACITY = 64 * 1024;
    private static final int MAX_BUFFER = Integer.MAX_VALUE - 8;

    private final Limits limits;

    /** Unread input is {@code buffer[head..tail)}; {@code buffer[i]} is stream byte {@code base + i}. */
    private byte[] buffer = EMPTY;
    private int head;
    private int tail;
    private long base;
    /** Where the search for the current line's {@code \r\n} resumes, so a long line is scanned only once. */
    private int scan;

    /** Content length of the bulk string being read, or -1 when the next byte starts a new value. */
    private int bulkLength = -1;
    /**
     * The pending bulk string's content once it spans reads: {@code bulk[0..bulkFilled)} has arrived, and
     * {@link #feed} appends to it directly. Null while the content is in {@code buffer} (or no bulk is pending).
     */
    private byte[] bulk;
    private int bulkFilled;
    /** Stream offset of the pending bulk string's {@code $}, for error messages. */
    private long bulkOffset;

    /**
     * The arrays whose header has been read and whose elements are still arriving: {@code depth} of them. The
     * innermost is in {@code elements}, {@code count} and {@code expected}: its elements so far (the array grows with
     * the elements that actually arrive, never from the declared length alone), how many there are, and its declared
     * length. The outer ones wait in the {@code outer...} stacks, outermost first, allocated on the first nesting.
     */
    private int depth;
    private RespValue[] elements;
    private int count;
    private int expected;
    private RespValue[][] outerElements;
    private int[] outerCounts;
    private int[] outerExpected;

    /** Where the value last decoded by {@link #decodeArrived} ends in {@code buffer}. */
    private int arrivedEnd;

    /** The number parsed by {@link #scanNumberLine}. */
    private long number;

    private RespProtocolException failure;

    /** Creates a decoder with {@link Limits#defaults()}. */
    public RespDecoder() {
        this(Limits.defaults());
    }

    /** Creates a decoder with the given limits. */
    public RespDecoder(Limits limits) {
        if (limits == null) {
            throw new NullPointerException("limits");
        }
        this.limits = limits;
    }

    /** Returns the limits this decoder enforces. */
    public Limits limits() {
        return limits;
    }

    /**
     * Decodes {@code bytes}, which must hold exactly one complete value, with the default limits.
     *
     * @throws RespProtocolException if the bytes are malformed, exceed a limit, end before the value is complete,
     *     or continue after it
     */
    public static RespValue decodeOne(byte[] bytes) {
        return decodeOne(bytes, Limits.defaults());
    }

    /**
     * Decodes {@code bytes}, which must hold exactly one complete value, with the given limits.
     *
     * @throws RespProtocolException if the bytes are malformed, exceed a limit, end before the value is complete,
     *     or continue after it
     */
    public static RespValue decodeOne(byte[] bytes, Limits limits) {
        RespDecoder decoder = new RespDecoder(limits);
        // Read the caller's array in place: the decoder never writes to its buffer outside feed(), values copy their
        // bytes out, and the decoder is dropped before this returns.
        decoder.buffer = bytes;
        decoder.tail = bytes.length;
        RespValue value = decoder.next();
        if (value == null) {
            throw new RespProtocolException("end of input after " + bytes.length + " bytes (expected: one complete value)",
                    bytes.length);
        }
        int trailing = decoder.buffered();
        if (trailing > 0) {
            throw new RespProtocolException("trailing bytes: " + trailing + " after a complete value (expected: 0)",
                    bytes.length - trailing);
        }
        return value;
    }

    /**
     * Appends all of {@code chunk} to the input. The bytes are copied: the caller may reuse the array at once.
     *
     * @throws RespProtocolException if an earlier call failed (the same exception again)
     */
    public void feed(byte[] chunk) {
        feed(chunk, 0, chunk.length);
    }

    /**
     * Appends {@code chunk[offset..offset+length)} to the input. The bytes are copied: the caller may reuse the array
     * at once. Feeding does no decoding; {@link #next()} does.
     *
     * @throws IndexOutOfBoundsException if the range is not within {@code chunk}
     * @throws RespProtocolException if an earlier call failed (the same exception again), or if the unread input
     *     would exceed the largest Java array
     */
    public void feed(byte[] chunk, int offset, int length) {
        if (offset < 0 || length < 0 || offset > chunk.length - length) {
            throw new IndexOutOfBoundsException("range [" + offset + ", " + offset + " + " + length + ") out of bounds "
                    + "for length " + chunk.length);
        }
        if (failure != null) {
            throw failure;
        }
        if (bulk != null && bulkFilled < bulkLength) {
            // $<length>\r\n <content so far> <here>: straight into the value's array.
            int count = Math.min(length, bulkLength - bulkFilled);
            if (bulkFilled + count > bulk.length) {
                bulk = Arrays.copyOf(bulk, (int) Math.min(bulkLength,
                        Math.max(2L * bulk.length, (long) bulkFilled + count)));
            }
            System.arraycopy(chunk, offset, bulk, bulkFilled, count);
            bulkFilled += count;
            // The buffer is empty while content is missing, so its first byte comes after these in the stream.
            base += count;
            offset += count;
            length -= count;
        }
        if (length == 0) {
            return;
        }
        if (buffer.length - tail < length) {
            ensureRoom(length);
        }
        System.arraycopy(chunk, offset, buffer, tail, length);
        tail += length;
    }

    /**
     * Reads from {@code in} once, straight into the input, as if the bytes read had been passed to {@link #feed}: the
     * way to decode a blocking stream such as a socket's without copying every read twice. Asks {@code in} for as
     * many bytes as there is room for, at least {@value #READ_BYTES}; while a bulk string's content is arriving, for
     * at most the rest of it, straight into the array the value will own (which grows as for {@link #feed}). Blocks
     * as long as {@code in.read} does.
     *
     * <pre>{@code
     * RespValue reply;
     * while ((reply = decoder.next()) == null) {
     *   if (decoder.readFrom(socketIn) < 0) {
     *     throw new EOFException("connection closed in the middle of a reply");
     *   }
     * }
     * }</pre>
     *
     * @return the number of bytes read (0 only if {@code in} returned 0), or -1 at the end of the stream
     * @throws IOException what {@code in} throws; the input is unchanged
     * @throws RespProtocolException if an earlier call failed (the same exception again)
     */
    public int readFrom(InputStream in) throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (bulk != null && bulkFilled < bulkLength) {
            // $<length>\r\n <content so far> <here>: straight into the value's array, as feed() does.
            if (bulkFilled == bulk.length) {
                bulk = Arrays.copyOf(bulk, (int) Math.min(bulkLength,
                        Math.max(2L * bulk.length, (long) bulkFilled + READ_BYTES)));
            }
            int read = in.read(bulk, bulkFilled, Math.min(bulk.length, bulkLength) - bulkFilled);
            if (read > 0) {
                bulkFilled += read;
                base += read;
            }
            return read;
        }
        if (buffer.length - tail < READ_BYTES) {
            ensureRoom(READ_BYTES);
        }
        int read = in.read(buffer, tail, buffer.length - tail);
        if (read > 0) {
            tail += read;
        }
        return read;
    }

    /**
     * Returns the next complete value, or {@code null} if more bytes are needed first. Call it until it returns
     * {@code null}: one chunk may hold several values (pipelined replies), and a value is returned as soon as its
     * last byte has been fed.
     *
     * @throws RespProtocolException if the input is not valid RESP2 or exceeds a limit; the decoder is then unusable
     *     and every later call throws the same exception
     */
    public RespValue next() {
        if (failure != null) {
            throw failure;
        }
        if (head == tail && bulk == null) {
            // Nothing to decode; a pending bulk string's content array is made once some of it has arrived.
            return null;
        }
        if (depth == 0 && bulkLength < 0 && bulk == null && scan == head) {
            // A new reply: most have fully arrived. decodeArrived throws nothing, so no failure to record here.
            RespValue value = decodeArrived(head, 0);
            if (value != null) {
                consume(arrivedEnd);
                return value;
            }
        }
        try {
            return decode();
        } catch (RespProtocolException e) {
            failure = e;
            throw e;
        }
    }

    /** Returns how many fed bytes are not yet part of a returned value or of an array element already decoded. */
    int buffered() {
        return tail - head + (bulk != null ? bulkFilled : 0);
    }

    /** Returns the capacity of the input buffer, for tests that check nothing is allocated ahead of the data. */
    int bufferCapacity() {
        return buffer.length;
    }

    private RespValue decode() {
        while (true) {
            RespValue value;
            if (bulk != null) {
                // $<length>\r\n <content, in bulk> <here> \r\n
                if (bulkFilled < bulkLength || tail - head < 2) {
                    return null;
                }
                if (buffer[head] != '\r' || buffer[head + 1] != '\n') {
                    throw badBulkEnd(head);
                }
                // Full, so exactly bulkLength long: the array only ever grows up to it.
                value = new RespBulkString(bulk);
                bulk = null;
                bulkFilled = 0;
                bulkLength = -1;
                consume(head + 2);
            } else if (bulkLength >= 0) {
                // $<length>\r\n <here> <content>\r\n
                if ((long) tail - head < (long) bulkLength + 2) {
                    startSpanningBulk();
                    return null;
                }
                int end = head + bulkLength;
                if (buffer[end] != '\r' || buffer[end + 1] != '\n') {
                    throw badBulkEnd(end);
                }
                value = new RespBulkString(Arrays.copyOfRange(buffer, head, end));
                bulkLength = -1;
                consume(end + 2);
            } else if (head == tail) {
                return null;
            } else if (scan == head && (value = decodeArrived(head, depth)) != null) {
                // The whole value had arrived: decoded in one pass (the usual case for a reply).
                consume(arrivedEnd);
            } else {
                // <here> <type byte><line>\r\n
                byte type = buffer[head];
                long offset = base + head;
                int from = head + 1;
                if (type == '+' || type == '-') {
                    int lineEnd = findLineEnd();
                    if (lineEnd < 0) {
                        return null;
                    }
                    byte[] text = Arrays.copyOfRange(buffer, from, lineEnd);
                    value = type == '+' ? new RespSimpleString(text) : new RespError(text);
                    consume(lineEnd + 2);
                } else if (type == ':' || type == '$' || type == '*') {
                    int lineEnd = scanNumberLine(head);
                    boolean parsed = lineEnd >= 0;
                    if (!parsed) {
                        lineEnd = findLineEnd();
                        if (lineEnd < 0) {
                            return null;
                        }
                    }
                    if (type == ':') {
                        value = RespInteger.of(parsed ? number : parseNumber("integer", from, lineEnd, offset));
                        consume(lineEnd + 2);
                    } else if (type == '$') {
                        long length = parsed ? number
                                : parseLength("bulk length", from, lineEnd, offset, limits.maxBulkLength);
                        checkLength("bulk length", length, limits.maxBulkLength, offset);
                        int start = lineEnd + 2;
                        // $-1, or $<length>\r\n <here> <content>\r\n all arrived and well-formed: the common case.
                        value = decodeArrivedBulk(length, start);
                        if (value != null) {
                            consume(arrivedEnd);
                        } else {
                            // The content is still arriving (or ends badly): the pending-bulk states take over.
                            consume(start);
                            bulkLength = (int) length;
                            bulkOffset = offset;
                            continue;
                        }
                    } else {
                        long length = parsed ? number
                                : parseLength("array length", from, lineEnd, offset, limits.maxArrayLength);
                        checkLength("array length", length, limits.maxArrayLength, offset);
                        if (depth + 1 > limits.maxNestingDepth) {
                            throw new RespProtocolException("nesting depth: " + (depth + 1) + " (expected: <= "
                                    + limits.maxNestingDepth + ")", offset);
                        }
                        consume(lineEnd + 2);
                        if (length > 0) {
                            push((int) length);
                            continue;
                        }
                        value = length == 0 ? EMPTY_ARRAY : RespArray.NULL;
                    }
                } else {
                    throw badType(type);
                }
            }
            // Attach the value to the innermost open array; close every array it completes.
            while (depth > 0) {
                if (count == elements.length) {
                    // Below the declared length (a full array would have closed): double, or make room for what
                    // can have arrived if that is more, up to that length.
                    elements = Arrays.copyOf(elements, (int) Math.min(expected,
                            Math.max(2L * count, (long) count + (tail - head) / MIN_VALUE_BYTES)));
                }
                elements[count++] = value;
                if (count < expected) {
                    value = null;
                    break;
                }
                value = new RespArray(elements);
                pop();
            }
            if (value != null) {
                return value;
            }
        }
    }

    /**
     * The fast path: decodes the value at {@code head} in one recursive pass if all of it has arrived and it is
     * well-formed and within the limits, leaving its end in {@link #arrivedEnd}; returns null for anything else
     * (incomplete, malformed, over a limit, nested more than {@value #ARRIVED_MAX_DEPTH} levels here), which the
     * state machine then decodes, errors and their offsets included. It keeps no state and throws nothing, so giving
     * up costs only the pass. It is tried only where the state machine has not yet scanned part of the value
     * ({@code scan == head}), so an incomplete value is passed over once, not at every {@link #feed}.
     *
     * @param position where the value starts in {@code buffer}
     * @param outerDepth how many arrays are open around the value (the state machine's and this pass's)
     */
    private RespValue decodeArrived(int position, int outerDepth) {
        if (position >= tail) {
            return null;
        }
        byte type = buffer[position];
        if (type != ':' && type != '$' && type != '*') {
            return type == '+' || type == '-' ? decodeArrivedLine(type, position) : null;
        }
        int lineEnd = scanNumberLine(position);
        if (lineEnd < 0) {
            return null;
        }
        long number = this.number;
        int start = lineEnd + 2;
        if (type == ':') {
            arrivedEnd = start;
            return RespInteger.of(number);
        }
        return type == '$' ? decodeArrivedBulk(number, start) : decodeArrivedArray(number, start, outerDepth);
    }

    /** {@link #decodeArrived} for a bulk string of {@code length} bytes from {@code start} on (its header read). */
    private RespValue decodeArrivedBulk(long length, int start) {
        if (length == -1) {
            arrivedEnd = start;
            return RespBulkString.NULL;
        }
        byte[] bytes = buffer;
        if (length < 0 || length > limits.maxBulkLength || tail - start < length + 2) {
            return null;
        }
        int contentEnd = start + (int) length;
        if (bytes[contentEnd] != '\r' || bytes[contentEnd + 1] != '\n') {
            return null;
        }
        arrivedEnd = contentEnd + 2;
        // new + arraycopy rather than Arrays.copyOfRange: measurably faster for short strings on HotSpot.
        byte[] content = new byte[(int) length];
        System.arraycopy(bytes, start, content, 0, content.length);
        return new RespBulkString(content);
    }

    /** {@link #decodeArrived} for an array of {@code length} elements from {@code start} on (its header read). */
    private RespValue decodeArrivedArray(long length, int start, int outerDepth) {
        // Elements take at least MIN_VALUE_BYTES each: a length the bytes cannot hold is not complete, and allocating
        // by it would let a header alone claim memory.
        if (length < -1 || length > limits.maxArrayLength || outerDepth + 1 > limits.maxNestingDepth
                || outerDepth - depth >= ARRIVED_MAX_DEPTH || length > (tail - start) / MIN_VALUE_BYTES) {
            return null;
        }
        if (length <= 0) {
            arrivedEnd = start;
            return length == 0 ? EMPTY_ARRAY : RespArray.NULL;
        }
        RespValue[] elements = new RespValue[(int) length];
        int next = start;
        for (int k = 0; k < elements.length; k++) {
            RespValue element = decodeArrived(next, outerDepth + 1);
            if (element == null) {
                return null;
            }
            elements[k] = element;
            next = arrivedEnd;
        }
        arrivedEnd = next;
        return new RespArray(elements);
    }

    /** {@link #decodeArrived} for a simple string or error ({@code type} is {@code +} or {@code -}). */
    private RespValue decodeArrivedLine(byte type, int position) {
        byte[] bytes = buffer;
        int from = position + 1;
        // The \r may come right after maxInlineLength bytes of text, and needs a byte after it.
        int limit = (int) Math.min(tail - 1L, (long) from + limits.maxInlineLength + 1);
        for (int i = from; i < limit; i++) {
            byte b = bytes[i];
            if (b == '\r') {
                if (bytes[i + 1] != '\n') {
                    return null;
                }
                arrivedEnd = i + 2;
                byte[] text = Arrays.copyOfRange(bytes, from, i);
                return type == '+' ? new RespSimpleString(text) : new RespError(text);
            }
            if (b == '\n') {
                return null;
            }
        }
        return null;
    }

    /**
     * The pending bulk string has not fully arrived: move its content so far out of the buffer into the array the
     * value will own, so that {@link #feed} appends the rest there and the buffer need not grow to hold it.
     */
    private void startSpanningBulk() {
        int arrived = Math.min(tail - head, bulkLength);
        int capacity = bulkLength <= PREALLOCATED_BULK_BYTES ? bulkLength
                : (int) Math.min(bulkLength, Math.max(2L * arrived, INITIAL_CAPACITY));
        bulk = new byte[capacity];
        System.arraycopy(buffer, head, bulk, 0, arrived);
        bulkFilled = arrived;
        consume(head + arrived);
    }

    /**
     * The fast path for an integer or length line that is complete and well-formed: its type byte at
     * {@code position}, then an optional {@code -}, 1 to {@value #FAST_DIGITS} digits, {@code \r\n}, within the line
     * length limit. Returns the index of its {@code \r} and leaves the value in {@link #number}, or returns -1 for
     * anything else (incomplete, malformed, long), which {@link #findLineEnd()} and the parsers then handle, errors
     * included.
     */
    private int scanNumberLine(int position) {
        byte[] bytes = buffer;
        int end = tail;
        int i = position + 1;
        boolean negative = i < end && bytes[i] == '-';
        if (negative) {
            i++;
        }
        int digitsStart = i;
        int digitsEnd = Math.min(end, digitsStart + FAST_DIGITS);
        long value = 0;
        while (i < digitsEnd) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                break;
            }
            value = value * 10 + digit;
            i++;
        }
        if (i == digitsStart || i + 1 >= end || bytes[i] != '\r' || bytes[i + 1] != '\n'
                || i - position - 1 > limits.maxInlineLength) {
            return -1;
        }
        number = negative ? -value : value;
        return i;
    }

    /**
     * Returns the index of the {@code \r} that ends the line starting at {@code head}, or -1 if the line has not
     * fully arrived. A {@code \r} or {@code \n} anywhere else in a line is a protocol error: RESP lines cannot carry
     * them, so accepting one would produce a value that cannot be encoded again.
     */
    private int findLineEnd() {
        int contentStart = head + 1;
        int i = Math.max(scan, contentStart);
        for (; i < tail; i++) {
            byte b = buffer[i];
            if (b == '\r') {
                if (i + 1 == tail) {
                    break; // the byte after \r has not arrived
                }
                if (buffer[i + 1] != '\n') {
                    throw new RespProtocolException("line terminator: \\r followed by " + describe(buffer[i + 1])
                            + " (expected: \\r\\n; a line cannot contain \\r)", base + i);
                }
                checkLineLength(i - contentStart, true);
                return i;
            }
            if (b == '\n') {
                throw new RespProtocolException("line terminator: \\n without \\r (expected: \\r\\n; a line cannot contain "
                        + "\\n)", base + i);
            }
        }
        scan = i;
        checkLineLength(i - contentStart, false);
        return -1;
    }

    private void checkLineLength(int length, boolean complete) {
        if (length > limits.maxInlineLength) {
            throw new RespProtocolException("line length: " + (complete ? String.valueOf(length)
                    : "more than " + limits.maxInlineLength + " bytes without \\r\\n") + " (expected: <= "
                    + limits.maxInlineLength + ")", base + head);
        }
    }

    private long parseNumber(String what, int from, int to, long offset) {
        try {
            return RespInteger.parse(buffer, from, to);
        } catch (NumberFormatException e) {
            throw new RespProtocolException(what + ": " + quote(from, to) + " is " + e.getMessage() + " (expected: an "
                    + "optional '-' and 1 to 19 decimal digits within the signed 64-bit range)", offset);
        }
    }

    /** Parses a {@code $} or {@code *} length line as a number; {@link #checkLength} checks its range. */
    private long parseLength(String what, int from, int to, long offset, int max) {
        try {
            return RespInteger.parse(buffer, from, to);
        } catch (NumberFormatException e) {
            if ("out of range for a signed 64-bit integer".equals(e.getMessage())) {
                throw new RespProtocolException(what + ": " + quote(from, to) + " (expected: -1 or 0 to " + max + ")", offset);
            }
            throw new RespProtocolException(what + ": " + quote(from, to) + " is not a decimal integer (expected: -1 or "
                    + "0 to " + max + ")", offset);
        }
    }

    /** Checks that a {@code $} or {@code *} length is -1 (null) or 0 to {@code max}. */
    private static void checkLength(String what, long length, int max, long offset) {
        if (length < -1 || length > max) {
            throw new RespProtocolException(what + ": " + length + " (expected: -1 or 0 to " + max + ")", offset);
        }
    }

    private void push(int length) {
        if (depth > 0) {
            int outer = depth - 1;
            if (outerElements == null) {
                outerElements = new RespValue[4][];
                outerCounts = new int[4];
                outerExpected = new int[4];
            } else if (outer == outerElements.length) {
                int capacity = Math.min(outerElements.length * 2, limits.maxNestingDepth);
                outerElements = Arrays.copyOf(outerElements, capacity);
                outerCounts = Arrays.copyOf(outerCounts, capacity);
                outerExpected = Arrays.copyOf(outerExpected, capacity);
            }
            outerElements[outer] = elements;
            outerCounts[outer] = count;
            outerExpected[outer] = expected;
        }
        // Room for the elements that can already have arrived (each takes at least 3 bytes, "+\r\n"), at least
        // INITIAL_ELEMENTS: proportional to the bytes fed, never to the declared length alone.
        elements = new RespValue[Math.min(length, Math.max(INITIAL_ELEMENTS, (tail - head) / MIN_VALUE_BYTES))];
        count = 0;
        expected = length;
        depth++;
    }

    /** Closes the innermost array (its elements were taken) and makes the next one out the innermost. */
    private void pop() {
        depth--;
        if (depth == 0) {
            elements = null;
            return;
        }
        int outer = depth - 1;
        elements = outerElements[outer];
        count = outerCounts[outer];
        expected = outerExpected[outer];
        outerElements[outer] = null;
    }

    private RespProtocolException badType(byte type) {
        return new RespProtocolException("type byte: " + describe(type) + " (expected: one of + - : $ *; RESP3 "
                + "and inline commands are not supported)", base + head);
    }

    private RespProtocolException badBulkEnd(int end) {
        return new RespProtocolException("bulk string of length " + bulkLength + " ends with "
                + describe(buffer[end]) + " " + describe(buffer[end + 1]) + " (expected: \\r \\n after exactly "
                + bulkLength + " content bytes)", bulkOffset);
    }

    /** Marks {@code buffer[head..newHead)} as read. */
    private void consume(int newHead) {
        head = newHead;
        scan = newHead;
        if (head == tail) {
            base += head;
            head = 0;
            tail = 0;
            scan = 0;
            if (buffer.length > RETAINED_CAPACITY) {
                buffer = EMPTY;
            }
        }
    }

    /** Makes room for {@code more} bytes after {@code tail}, compacting before growing. */
    private void ensureRoom(int more) {
        if (buffer.length - tail >= more) {
            return;
        }
        int unread = tail - head;
        long needed = (long) unread + more;
        if (needed > MAX_BUFFER) {
            throw new RespProtocolException("unread input: " + needed + " bytes (expected: <= " + MAX_BUFFER + ")",
                    base + tail);
        }
        byte[] target = buffer;
        // Grow unless compaction leaves at least half the buffer free; otherwise a large unread value fed in small
        // chunks would be shifted down again and again.
        if (needed > buffer.length / 2) {
            long doubled = Math.max((long) buffer.length * 2, INITIAL_CAPACITY);
            target = new byte[(int) Math.min(Math.max(doubled, needed), MAX_BUFFER)];
        }
        System.arraycopy(buffer, head, target, 0, unread);
        buffer = target;
        base += head;
        scan -= head;
        head = 0;
        tail = unread;
    }

    private String quote(int from, int to) {
        StringBuilder out = new StringBuilder();
        int shown = Math.min(to - from, 32);
        RespValue.appendEscaped(out, Arrays.copyOfRange(buffer, from, from + shown), true);
        if (shown < to - from) {
            out.append("...");
        }
        return out.toString();
    }

    private static String describe(byte b) {
        int c = b & 0xff;
        String hex = "0x" + Character.forDigit(c >>> 4, 16) + Character.forDigit(c & 0xf, 16);
        if (c == '\r') {
            return "'\\r' (" + hex + ")";
        }
        if (c == '\n') {
            return "'\\n' (" + hex + ")";
        }
        return c >= 0x20 && c < 0x7f ? "'" + (char) c + "' (" + hex + ")" : hex;
    }
}
