package io.wasmjava.core.abi;

import io.wasmjava.core.Headers;
import io.wasmjava.core.Utf8;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * proxy-wasm header-map serialization, little-endian: {@code u32 count}, then {@code count × (u32 keyLength,
 * u32 valueLength)}, then each pair as {@code key bytes, 0x00, value bytes, 0x00}. Pure Java; decoding never reads
 * out of bounds and rejects malformed input with {@link IllegalArgumentException}.
 */
public final class HeaderMapCodec {
    private HeaderMapCodec() {
    }

    /** Serializes {@code headers}; the size is {@code 4 + Σ(8 + keyLength + 1 + valueLength + 1)}. */
    public static byte[] encode(Headers headers) {
        int count = headers.size();
        byte[][] names = new byte[count][];
        byte[][] values = new byte[count][];
        int size = 4;
        for (int i = 0; i < count; i++) {
            names[i] = Utf8.encode(headers.name(i));
            values[i] = Utf8.encode(headers.value(i));
            size += 8 + names[i].length + 1 + values[i].length + 1;
        }
        byte[] out = new byte[size];
        putInt(out, 0, count);
        int sizes = 4;
        int data = 4 + 8 * count;
        for (int i = 0; i < count; i++) {
            putInt(out, sizes, names[i].length);
            putInt(out, sizes + 4, values[i].length);
            sizes += 8;
            System.arraycopy(names[i], 0, out, data, names[i].length);
            data += names[i].length + 1;
            System.arraycopy(values[i], 0, out, data, values[i].length);
            data += values[i].length + 1;
        }
        return out;
    }

    /** Serializes a path (property) as its segments joined by {@code \0}, without a trailing NUL. */
    public static byte[] encodePath(List<String> path) {
        int segments = path.size();
        byte[][] encoded = new byte[segments][];
        int size = Math.max(0, segments - 1);
        for (int i = 0; i < segments; i++) {
            encoded[i] = Utf8.encode(path.get(i));
            size += encoded[i].length;
        }
        byte[] out = new byte[size];
        int position = 0;
        for (int i = 0; i < segments; i++) {
            if (i > 0) {
                out[position++] = 0;
            }
            System.arraycopy(encoded[i], 0, out, position, encoded[i].length);
            position += encoded[i].length;
        }
        return out;
    }

    /**
     * Decodes a serialized map. An empty array decodes to no headers.
     *
     * @throws IllegalArgumentException if the bytes are truncated, a length is negative or points past the end, a
     *     terminating NUL is missing, or bytes trail the last pair
     */
    public static Headers decode(byte[] data) {
        List<String> namesAndValues = new ArrayList<>();
        forEachPair(data, (nameStart, nameLength, valueStart, valueLength) -> {
            namesAndValues.add(Utf8.decode(data, nameStart, nameLength));
            namesAndValues.add(Utf8.decode(data, valueStart, valueLength));
        });
        // Not validated: the host's map may hold what the SDK refuses to send, and reading it must not fail.
        return Headers.unchecked(namesAndValues);
    }

    /**
     * The first value of each of {@code names} in a serialized map (ASCII case-insensitive), null where absent,
     * without decoding the other pairs. Validates the whole map like {@link #decode}. To select the same names from
     * many maps, build a {@link Selector} once.
     *
     * @throws IllegalArgumentException if the bytes are malformed, or a name is empty or not lower-case ASCII
     */
    public static String[] select(byte[] data, String[] names) {
        return new Selector(names).select(data);
    }

    /**
     * Selects the first values of a fixed set of names from serialized maps. Immutable; build it once (the SDK does
     * this per request, for the headers it caches), since it indexes the names by length so that each pair of a map
     * costs one lookup rather than one comparison per wanted name.
     */
    public static final class Selector {
        private final byte[][] names;
        /** {@code candidates[length]}: the indices of the names of that length, or null if there are none. */
        private final int[][] candidates;

        /**
         * @param names lower-case ASCII header names, not empty; a name listed twice gets the same value twice
         * @throws IllegalArgumentException if a name is empty or has a byte outside {@code 0x21..0x7E} or an
         *     upper-case letter
         */
        public Selector(String... names) {
            this.names = new byte[names.length][];
            int longest = 0;
            for (int k = 0; k < names.length; k++) {
                String name = names[k];
                if (name == null || name.isEmpty()) {
                    throw new IllegalArgumentException("header name " + k + " is empty");
                }
                byte[] bytes = new byte[name.length()];
                for (int i = 0; i < bytes.length; i++) {
                    char c = name.charAt(i);
                    if (c <= 0x20 || c >= 0x7F || (c >= 'A' && c <= 'Z')) {
                        throw new IllegalArgumentException("header name " + k + " is not lower-case ASCII: " + name);
                    }
                    bytes[i] = (byte) c;
                }
                this.names[k] = bytes;
                longest = Math.max(longest, bytes.length);
            }
            this.candidates = new int[longest + 1][];
            for (int k = 0; k < names.length; k++) {
                int length = this.names[k].length;
                int[] previous = candidates[length];
                int[] extended = previous == null ? new int[1] : Arrays.copyOf(previous, previous.length + 1);
                extended[extended.length - 1] = k;
                candidates[length] = extended;
            }
        }

        /** The number of names, and so the length of what {@link #select} returns. */
        public int size() {
            return names.length;
        }

        /**
         * The first value of each name in {@code data} (in the order the names were given), null where absent.
         *
         * @throws IllegalArgumentException if the bytes are malformed, as {@link #decode} reports them
         */
        public String[] select(byte[] data) {
            String[] values = new String[names.length];
            forEachPair(data, (nameStart, nameLength, valueStart, valueLength) -> {
                int[] sameLength = nameLength < candidates.length ? candidates[nameLength] : null;
                if (sameLength == null) {
                    return;
                }
                for (int k : sameLength) {
                    if (values[k] == null && asciiNameEquals(data, nameStart, names[k])) {
                        values[k] = Utf8.decode(data, valueStart, valueLength);
                    }
                }
            });
            return values;
        }
    }

    /** Receives one validated pair as offsets into the serialized map. */
    private interface PairVisitor {
        void visit(int nameStart, int nameLength, int valueStart, int valueLength);
    }

    /** Validates {@code data} as a serialized map and hands every pair to {@code visitor}, in order. */
    private static void forEachPair(byte[] data, PairVisitor visitor) {
        if (data.length == 0) {
            return;
        }
        if (data.length < 4) {
            throw malformed("truncated count", 0, data.length);
        }
        long count = getInt(data, 0) & 0xFFFFFFFFL;
        if (count > (data.length - 4) / 10) {
            // Each pair needs at least 8 bytes of sizes and 2 NULs.
            throw malformed("count " + count + " does not fit", 0, data.length);
        }
        int n = (int) count;
        int sizes = 4;
        int position = 4 + 8 * n;
        for (int i = 0; i < n; i++) {
            long nameLength = getInt(data, sizes) & 0xFFFFFFFFL;
            long valueLength = getInt(data, sizes + 4) & 0xFFFFFFFFL;
            sizes += 8;
            if (position + nameLength + 1 + valueLength + 1 > data.length) {
                throw malformed("pair " + i + " runs past the end", position, data.length);
            }
            int nameEnd = position + (int) nameLength;
            if (data[nameEnd] != 0) {
                throw malformed("pair " + i + " name is not NUL-terminated", nameEnd, data.length);
            }
            int valueStart = nameEnd + 1;
            int valueEnd = valueStart + (int) valueLength;
            if (data[valueEnd] != 0) {
                throw malformed("pair " + i + " value is not NUL-terminated", valueEnd, data.length);
            }
            if (nameLength == 0) {
                throw malformed("pair " + i + " has an empty name", valueEnd + 1, data.length);
            }
            visitor.visit(position, (int) nameLength, valueStart, (int) valueLength);
            position = valueEnd + 1;
        }
        if (position != data.length) {
            throw malformed((data.length - position) + " trailing bytes", position, data.length);
        }
    }

    /** {@code name} is lower-case ASCII as long as the pair's name; the pair's bytes may be any case. */
    private static boolean asciiNameEquals(byte[] data, int offset, byte[] name) {
        for (int i = 0; i < name.length; i++) {
            int b = data[offset + i];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException malformed(String problem, int offset, int length) {
        return new IllegalArgumentException("malformed header map from host: " + problem + " (offset " + offset
                + " of " + length + " bytes)");
    }

    static void putInt(byte[] bytes, int position, int value) {
        bytes[position] = (byte) value;
        bytes[position + 1] = (byte) (value >>> 8);
        bytes[position + 2] = (byte) (value >>> 16);
        bytes[position + 3] = (byte) (value >>> 24);
    }

    static int getInt(byte[] bytes, int position) {
        return (bytes[position] & 0xFF) | (bytes[position + 1] & 0xFF) << 8 | (bytes[position + 2] & 0xFF) << 16
                | (bytes[position + 3] & 0xFF) << 24;
    }
}
