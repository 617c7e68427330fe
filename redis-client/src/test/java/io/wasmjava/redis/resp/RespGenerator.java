package io.wasmjava.redis.resp;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random RESP values and random chunkings for the fuzz and cross-check tests. */
final class RespGenerator {

    private static final String[] ERROR_CODES = {"ERR", "NOSCRIPT", "WRONGTYPE", "NOAUTH", "WRONGPASS", "BUSY",
            "LOADING", "READONLY", "EXECABORT", "OOM"};

    private final Random random;
    private final boolean asciiOnly;

    /**
     * @param asciiOnly if true, simple strings and errors are printable ASCII (Jedis reads error lines as Latin-1)
     */
    RespGenerator(Random random, boolean asciiOnly) {
        this.random = random;
        this.asciiOnly = asciiOnly;
    }

    /** Returns a random value nested at most {@code maxDepth} arrays deep. */
    RespValue value(int maxDepth) {
        int kind = random.nextInt(maxDepth > 0 ? 9 : 6);
        switch (kind) {
            case 0:
                return RespValue.simple(lineText());
            case 1:
                return RespValue.error(ERROR_CODES[random.nextInt(ERROR_CODES.length)]
                        + (random.nextBoolean() ? "" : " " + lineText()));
            case 2:
                return RespValue.integer(integer());
            case 3:
                return RespValue.bulk(bytes());
            case 4:
                return random.nextInt(4) == 0 ? RespValue.nullBulk() : RespValue.bulk("" + integer());
            case 5:
                return random.nextInt(3) == 0 ? RespValue.nullArray() : RespValue.array();
            default: {
                int size = random.nextInt(random.nextInt(10) == 0 ? 40 : 5);
                List<RespValue> elements = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    elements.add(value(maxDepth - 1));
                }
                return RespValue.array(elements);
            }
        }
    }

    /** Returns a value as deep as the default decoder limit allows, for a few deep-nesting cases. */
    RespValue deepValue() {
        // value(0) is at most 1 deep and value(1) at most 2, so wrapping 1 to 30 times stays within 32.
        RespValue value = value(0);
        int depth = 1 + random.nextInt(RespDecoder.Limits.DEFAULT_MAX_NESTING_DEPTH - 2);
        for (int i = 0; i < depth; i++) {
            value = random.nextBoolean() ? RespValue.array(value) : RespValue.array(value(1), value, value(0));
        }
        return value;
    }

    long integer() {
        switch (random.nextInt(5)) {
            case 0:
                return random.nextLong();
            case 1:
                return random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
            default:
                return random.nextInt(2001) - 1000;
        }
    }

    /** Random binary content, often containing CR, LF and RESP type bytes. */
    byte[] bytes() {
        int length = random.nextInt(8) == 0 ? random.nextInt(600) : random.nextInt(12);
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = random.nextInt(3) == 0 ? interestingByte() : (byte) random.nextInt(256);
        }
        return bytes;
    }

    /** Random text without CR or LF. */
    String lineText() {
        int length = random.nextInt(random.nextInt(10) == 0 ? 200 : 12);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            if (asciiOnly || random.nextInt(4) != 0) {
                text.append((char) (0x20 + random.nextInt(0x5f)));
            } else {
                char c = (char) (0x80 + random.nextInt(0xd000));
                text.append(c);
            }
        }
        return text.toString();
    }

    /** A byte that matters to the RESP grammar. */
    byte interestingByte() {
        byte[] interesting = {'\r', '\n', '$', '*', ':', '+', '-', '0', '1', '9', '\0', (byte) 0xff};
        return interesting[random.nextInt(interesting.length)];
    }

    /** Returns random chunk boundaries covering {@code [0, length)}: byte-by-byte, small, or large chunks. */
    int[] chunkSizes(int length) {
        List<Integer> sizes = new ArrayList<>();
        int style = random.nextInt(4);
        for (int at = 0; at < length; ) {
            int size;
            if (style == 0) {
                size = 1;
            } else if (style == 1) {
                size = 1 + random.nextInt(4);
            } else if (style == 2) {
                size = 1 + random.nextInt(64);
            } else {
                size = length - at;
            }
            size = Math.min(size, length - at);
            sizes.add(size);
            at += size;
        }
        int[] out = new int[sizes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = sizes.get(i);
        }
        return out;
    }

    /** Applies 1 to 3 random mutations: flip a bit, overwrite, insert, delete, truncate or duplicate a slice. */
    byte[] mutate(byte[] input) {
        byte[] bytes = input;
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            switch (random.nextInt(6)) {
                case 0:
                    if (bytes.length > 0) {
                        bytes = bytes.clone();
                        bytes[at] ^= (byte) (1 << random.nextInt(8));
                    }
                    break;
                case 1:
                    if (bytes.length > 0) {
                        bytes = bytes.clone();
                        bytes[at] = random.nextBoolean() ? interestingByte() : (byte) random.nextInt(256);
                    }
                    break;
                case 2: {
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    longer[at] = random.nextBoolean() ? interestingByte() : (byte) random.nextInt(256);
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    bytes = longer;
                    break;
                }
                case 3:
                    if (bytes.length > 0) {
                        byte[] shorter = new byte[bytes.length - 1];
                        System.arraycopy(bytes, 0, shorter, 0, at);
                        System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                        bytes = shorter;
                    }
                    break;
                case 4:
                    bytes = java.util.Arrays.copyOf(bytes, at);
                    break;
                default: {
                    int length = Math.min(bytes.length - at, 1 + random.nextInt(8));
                    byte[] longer = new byte[bytes.length + length];
                    System.arraycopy(bytes, 0, longer, 0, at + length);
                    System.arraycopy(bytes, at, longer, at + length, bytes.length - at);
                    bytes = longer;
                }
            }
        }
        return bytes;
    }
}
