package io.wasmjava.core.config;

import java.util.ArrayList;

/**
 * One use of the strict parser behind {@link Json}, over UTF-8: a loop over an explicit stack of open containers, so
 * the Java stack stays flat whatever the nesting.
 *
 * <p>The input is well-formed UTF-8 (validated by {@link Utf8#validate}) or the generalized UTF-8 of a {@code String}
 * ({@link io.wasmjava.core.Utf8#encodeGeneralized}), in which an unpaired surrogate is a three-byte sequence:
 * inside a string token this parser reports it. Whole-document text is never copied: a string without escapes becomes a {@link StringValue} over its
 * range of the input, a number a {@link NumberValue} over its own; only strings with escapes and object keys are
 * decoded here. The children of the open containers wait on one shared stack and are copied into exactly sized
 * arrays when their container closes.
 */
final class JsonParser {
    /** Slots of the cache of keys decoded by this parse: the keys of an array of like objects share their strings. */
    private static final int KEY_CACHE_SIZE = 256;

    /** An open array or object. */
    private static final class Frame {
        final boolean object;
        /** Where this container's children start on the pending stacks. */
        final int base;
        /** The {@link KeyIndex} of the keys of this object's members so far. */
        int[] keyIndex;
        /** The key of the member being read, or null before the first key. */
        String key;
        /** The index of the element being read, or -1 before the first element. */
        int index = -1;

        Frame(boolean object, int base) {
            this.object = object;
            this.base = base;
        }
    }

    private final byte[] in;
    private final int end;
    /** True for {@code String} input: error offsets and columns count chars. */
    private final boolean countChars;
    private final int maxDepth;
    private final int maxValues;
    private final ArrayList<Frame> stack = new ArrayList<>();
    /** The children of the open containers, innermost last: the keys (of objects' members) and the values. */
    private String[] pendingKeys = new String[16];
    private JsonValue[] pendingValues = new JsonValue[16];
    private int pendingSize;
    /** Where strings with escapes are decoded; grows to the longest. */
    private char[] scratch;
    /** Keys without escapes decoded so far, in slots picked by a hash of their bytes, and where those bytes are. */
    private String[] cachedKeys;
    private int[] cachedKeyStarts;
    private int[] cachedKeyEnds;
    /** The content of the last string read without escapes: {@code in[stringStart..stringEnd)}. */
    private int stringStart;
    private int stringEnd;
    private int pos;
    private int values;

    /** Parses {@code in[start..)}; {@code countChars} for the generalized UTF-8 of a {@code String}. */
    JsonParser(byte[] in, int start, boolean countChars, int maxDepth, int maxValues) {
        this.in = in;
        this.end = in.length;
        this.pos = start;
        this.countChars = countChars;
        this.maxDepth = maxDepth;
        this.maxValues = maxValues;
    }

    JsonValue parse() {
        JsonValue value;
        while (true) {
            skipWhitespace();
            // <here> the start of a value.
            if (pos >= end) {
                throw error(pos, "expected value but was end of input");
            }
            // Each value costs tens of bytes of heap: the count bounds the tree, not only the text.
            if (++values > maxValues) {
                throw error(pos, "more than " + maxValues + " values");
            }
            byte c = in[pos];
            if (c == '{' || c == '[') {
                if (stack.size() == maxDepth) {
                    throw error(pos, "nesting depth exceeds " + maxDepth);
                }
                Frame frame = new Frame(c == '{', pendingSize);
                stack.add(frame);
                pos++;
                skipWhitespace();
                if (pos < end && in[pos] == (frame.object ? '}' : ']')) {
                    pos++;
                    value = close();
                } else if (frame.object) {
                    readKeyAndColon(frame, "expected '\"' or '}' but was ");
                    continue;
                } else {
                    frame.index = 0;
                    continue;
                }
            } else if (c == '"') {
                String escaped = readString();
                value = escaped != null ? new StringValue(escaped) : new StringValue(in, stringStart, stringEnd);
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                value = readNumber();
            } else {
                value = readLiteral();
            }

            // A value is complete: add it to the open containers, closing those that end here.
            while (true) {
                skipWhitespace();
                if (stack.isEmpty()) {
                    if (pos < end) {
                        throw error(pos, "expected end of input but was " + describe(pos));
                    }
                    return value;
                }
                Frame frame = stack.get(stack.size() - 1);
                char closing = frame.object ? '}' : ']';
                push(frame.key, value);
                if (frame.object) {
                    frame.keyIndex = KeyIndex.add(frame.keyIndex, pendingKeys, frame.base, pendingSize - frame.base);
                }
                if (pos < end && in[pos] == ',') {
                    pos++;
                    skipWhitespace();
                    if (frame.object) {
                        readKeyAndColon(frame, "expected '\"' but was ");
                    } else {
                        frame.index++;
                    }
                    break;
                }
                if (pos < end && in[pos] == closing) {
                    pos++;
                    value = close();
                    continue;
                }
                throw error(pos, "expected ',' or '" + closing + "' but was " + describe(pos));
            }
        }
    }

    /** Adds a child to the innermost open container; {@code key} is null for an array's. */
    private void push(String key, JsonValue value) {
        if (pendingSize == pendingValues.length) {
            String[] keys = new String[pendingSize * 2];
            JsonValue[] grown = new JsonValue[pendingSize * 2];
            System.arraycopy(pendingKeys, 0, keys, 0, pendingSize);
            System.arraycopy(pendingValues, 0, grown, 0, pendingSize);
            pendingKeys = keys;
            pendingValues = grown;
        }
        pendingKeys[pendingSize] = key;
        pendingValues[pendingSize] = value;
        pendingSize++;
    }

    /** Pops the innermost open container and returns it as a value. */
    private JsonValue close() {
        Frame frame = stack.remove(stack.size() - 1);
        int count = pendingSize - frame.base;
        JsonValue[] children = count == 0 ? ArrayValue.NO_ELEMENTS : new JsonValue[count];
        System.arraycopy(pendingValues, frame.base, children, 0, count);
        JsonValue value;
        if (frame.object) {
            String[] keys = new String[count];
            System.arraycopy(pendingKeys, frame.base, keys, 0, count);
            value = new ObjectValue(keys, children, frame.keyIndex);
        } else {
            value = new ArrayValue(children);
        }
        // Drop the references, so that the stack does not keep the children alive after the tree is gone.
        for (int i = frame.base; i < pendingSize; i++) {
            pendingKeys[i] = null;
            pendingValues[i] = null;
        }
        pendingSize = frame.base;
        return value;
    }

    /** Reads {@code "key" :} at {@code pos}, which is not whitespace. */
    private void readKeyAndColon(Frame frame, String expectation) {
        if (pos >= end || in[pos] != '"') {
            throw error(pos, expectation + describe(pos));
        }
        int keyStart = pos;
        String escaped = readString();
        String key = escaped != null ? escaped : cachedKey(stringStart, stringEnd);
        frame.key = key;
        if (KeyIndex.find(frame.keyIndex, pendingKeys, frame.base, pendingSize - frame.base, key) >= 0) {
            StringBuilder quoted = new StringBuilder();
            JsonValue.appendQuoted(quoted, key);
            throw error(keyStart, "duplicate key " + quoted);
        }
        skipWhitespace();
        if (pos >= end || in[pos] != ':') {
            throw error(pos, "expected ':' but was " + describe(pos));
        }
        pos++;
    }

    /** Returns the key {@code in[start..end)}, without escapes: the string decoded for an earlier equal key if cached. */
    private String cachedKey(int start, int end) {
        if (cachedKeys == null) {
            cachedKeys = new String[KEY_CACHE_SIZE];
            cachedKeyStarts = new int[KEY_CACHE_SIZE];
            cachedKeyEnds = new int[KEY_CACHE_SIZE];
        }
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + in[i];
        }
        int slot = (h ^ (h >>> 8)) & (KEY_CACHE_SIZE - 1);
        String cached = cachedKeys[slot];
        if (cached != null && sameBytes(cachedKeyStarts[slot], cachedKeyEnds[slot], start, end)) {
            return cached;
        }
        String key = Utf8.decode(in, start, end);
        cachedKeys[slot] = key;
        cachedKeyStarts[slot] = start;
        cachedKeyEnds[slot] = end;
        return key;
    }

    private boolean sameBytes(int start1, int end1, int start2, int end2) {
        if (end1 - start1 != end2 - start2) {
            return false;
        }
        for (int i = start1, j = start2; i < end1; i++, j++) {
            if (in[i] != in[j]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads a string whose opening quote is at {@code pos}. Returns it decoded if it has escapes; otherwise returns
     * null, its content being {@code in[stringStart..stringEnd)}.
     */
    private String readString() {
        int start = ++pos;
        while (true) {
            if (pos >= end) {
                throw error(pos, "expected '\"' but was end of input");
            }
            byte c = in[pos];
            if (c >= 0x20 && c != '"' && c != '\\') {
                // Printable ASCII, the bulk of most strings.
                pos++;
                continue;
            }
            if (c == '"') {
                stringStart = start;
                stringEnd = pos++;
                return null;
            }
            if (c == '\\') {
                return readEscapedString(start);
            }
            pos = skipStringChar(pos);
        }
    }

    /** Reads on from the first escape, at {@code pos}, of the string whose content starts at {@code start}. */
    private String readEscapedString(int start) {
        int n = 0;
        int chunkStart = start;
        while (true) {
            if (pos >= end) {
                throw error(pos, "expected '\"' but was end of input");
            }
            byte c = in[pos];
            if (c == '"' || c == '\\') {
                // The raw chunk before, and two more chars for the escape.
                ensureScratch(n + pos - chunkStart + 2, start);
                n = Utf8.decodeInto(in, chunkStart, pos, scratch, n);
                if (c == '"') {
                    pos++;
                    return new String(scratch, 0, n);
                }
                n = readEscape(n);
                chunkStart = pos;
            } else {
                pos = skipStringChar(pos);
            }
        }
    }

    /** Returns the position after the unescaped string char at {@code i}, which is not a quote or backslash. */
    private int skipStringChar(int i) {
        byte c = in[i];
        if (c >= 0x20) {
            return i + 1;
        }
        if (c >= 0) {
            throw error(i, "unescaped control character " + codePointName(c) + " in string");
        }
        // ED A0..BF: a surrogate. Only a String's generalized UTF-8 holds them here: the UTF-8 validator rejects them.
        if (c == (byte) 0xED && (in[i + 1] & 0xff) >= 0xA0) {
            throw error(i, "unpaired surrogate " + codePointName(Utf8.codePointAt(in, i)) + " in string");
        }
        return i + Utf8.sequenceLength(c);
    }

    /**
     * Makes room for {@code capacity} chars in {@code scratch}, growing it by doubling, but never beyond the input left
     * from {@code start}, the content of the string being decoded: it cannot decode to more chars than that.
     */
    private void ensureScratch(int capacity, int start) {
        if (scratch == null || scratch.length < capacity) {
            int doubled = Math.min(scratch == null ? 64 : scratch.length * 2, end - start + 2);
            char[] grown = new char[Math.max(capacity, doubled)];
            if (scratch != null) {
                System.arraycopy(scratch, 0, grown, 0, scratch.length);
            }
            scratch = grown;
        }
    }

    /**
     * Reads the escape sequence whose backslash is at {@code pos}, writes what it stands for to {@code scratch} at
     * {@code n}, which has room for two chars, and returns the index after it.
     */
    private int readEscape(int n) {
        int backslash = pos;
        pos++;
        if (pos >= end) {
            throw error(pos, "expected escape character but was end of input");
        }
        byte c = in[pos++];
        int shortForm = JsonValue.SHORT_ESCAPE_LETTERS.indexOf(c);
        if (shortForm >= 0) {
            scratch[n] = JsonValue.SHORT_ESCAPED.charAt(shortForm);
            return n + 1;
        }
        if (c != 'u') {
            if (c > ' ' && c < 0x7f) {
                throw error(backslash, "invalid escape " + quotedSource(backslash, 2));
            }
            throw error(backslash, "invalid escape: '\\' followed by " + describe(pos - 1));
        }
        char unit = readHex4();
        if (Character.isLowSurrogate(unit)) {
            throw error(backslash, "unpaired surrogate escape " + quotedSource(backslash, 6));
        }
        if (Character.isHighSurrogate(unit)) {
            // <here> must come \\uDC00-\\uDFFF.
            if (pos + 1 < end && in[pos] == '\\' && in[pos + 1] == 'u') {
                int lowBackslash = pos;
                pos += 2;
                char low = readHex4();
                if (Character.isLowSurrogate(low)) {
                    scratch[n] = unit;
                    scratch[n + 1] = low;
                    return n + 2;
                }
                pos = lowBackslash;
            }
            throw error(backslash, "unpaired surrogate escape " + quotedSource(backslash, 6));
        }
        scratch[n] = unit;
        return n + 1;
    }

    private char readHex4() {
        int value = 0;
        for (int k = 0; k < 4; k++) {
            int digit = pos < end ? io.wasmjava.core.Utf8.hexDigitValue(in[pos]) : -1;
            if (digit < 0) {
                throw error(pos, "expected hex digit but was " + describe(pos));
            }
            value = (value << 4) | digit;
            pos++;
        }
        return (char) value;
    }

    /** Reads a number starting at {@code pos}, which holds {@code '-'} or a digit. */
    private JsonValue readNumber() {
        int start = pos;
        if (in[pos] == '-') {
            pos++;
        }
        if (pos < end && in[pos] == '0') {
            pos++;
            if (pos < end && isDigit(in[pos])) {
                throw error(start, "leading zeros are not allowed");
            }
        } else {
            readDigits();
        }
        if (pos < end && in[pos] == '.') {
            pos++;
            readDigits();
        }
        if (pos < end && (in[pos] == 'e' || in[pos] == 'E')) {
            pos++;
            if (pos < end && (in[pos] == '+' || in[pos] == '-')) {
                pos++;
            }
            readDigits();
        }
        JsonValue number = NumberValue.parse(in, start, pos);
        if (number == null) {
            throw error(start, "number out of range");
        }
        return number;
    }

    /** Reads one or more digits. */
    private void readDigits() {
        if (pos >= end || !isDigit(in[pos])) {
            throw error(pos, "expected digit but was " + describe(pos));
        }
        while (pos < end && isDigit(in[pos])) {
            pos++;
        }
    }

    /** Reads {@code true}, {@code false} or {@code null} at {@code pos}, or fails saying what is there instead. */
    private JsonValue readLiteral() {
        int start = pos;
        if (!isAsciiLetter(in[pos])) {
            throw error(pos, "expected value but was " + describe(pos));
        }
        int wordEnd = pos;
        while (wordEnd < end && (isAsciiLetter(in[wordEnd]) || isDigit(in[wordEnd]))) {
            wordEnd++;
        }
        int length = wordEnd - start;
        if (matches(start, length, "true")) {
            pos = wordEnd;
            return JsonValue.TRUE;
        }
        if (matches(start, length, "false")) {
            pos = wordEnd;
            return JsonValue.FALSE;
        }
        if (matches(start, length, "null")) {
            pos = wordEnd;
            return JsonValue.NULL;
        }
        throw error(start, "expected value but was " + quotedSource(start, Math.min(length, 32)));
    }

    private boolean matches(int start, int length, String word) {
        if (length != word.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (in[start + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte c = in[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetter(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Describes the char at {@code index} for a message: {@code ']'}, {@code U+00A0} or {@code end of input}. */
    private String describe(int index) {
        if (index >= end) {
            return "end of input";
        }
        byte c = in[index];
        if (c > ' ' && c < 0x7f) {
            return "'" + (char) c + "'";
        }
        return codePointName(Utf8.codePointAt(in, index));
    }

    /** Returns {@code length} source bytes from {@code start}, all ASCII, in single quotes. */
    private String quotedSource(int start, int length) {
        return "'" + Utf8.decode(in, start, start + Math.min(length, end - start)) + "'";
    }

    private static String codePointName(int codePoint) {
        StringBuilder name = new StringBuilder("U+");
        int digits = codePoint > 0xffff ? (codePoint > 0xfffff ? 6 : 5) : 4;
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            name.append("0123456789ABCDEF".charAt((codePoint >> shift) & 0xf));
        }
        return name.toString();
    }

    /** Returns the error at byte {@code index}, located in the units of the original input. */
    private JsonSyntaxException error(int index, String problem) {
        return JsonSyntaxException.at(in, index, countChars, path(), problem);
    }

    /** Returns the path of the value being read, in the format of {@link ConfigNode#path()}. */
    private String path() {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < stack.size(); i++) {
            Frame frame = stack.get(i);
            if (frame.object && frame.key != null) {
                ConfigNode.appendKeySegment(path, frame.key);
            } else if (!frame.object && frame.index >= 0) {
                path.append('[').append(frame.index).append(']');
            } else {
                break;
            }
        }
        return path.length() == 0 ? "$" : path.toString();
    }
}
