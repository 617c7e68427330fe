package io.wasmjava.core.config;

import java.util.ArrayList;
import java.util.HashMap;

/**
 * One use of the strict parser behind {@link Json}: a loop over an explicit stack of open containers, so the Java
 * stack stays flat whatever the nesting.
 */
final class JsonParser {
    /** An open array or object. */
    private static final class Frame {
        final boolean object;
        final ArrayList<JsonValue> elements;
        final ArrayList<String> keys;
        final HashMap<String, JsonValue> members;
        /** The key of the member being read, or null before the first key. */
        String key;
        /** The index of the element being read, or -1 before the first element. */
        int index = -1;

        Frame(boolean object) {
            this.object = object;
            this.elements = object ? null : new ArrayList<>();
            this.keys = object ? new ArrayList<>() : null;
            this.members = object ? new HashMap<>() : null;
        }

        JsonValue close() {
            return object ? JsonValue.objectOf(keys, members) : JsonValue.arrayOf(elements);
        }
    }

    private final char[] in;
    private final int end;
    /** The original bytes when parsing {@code byte[]} input, to report byte offsets; null for a String. */
    private final byte[] source;
    private final int sourceStart;
    private final int maxDepth;
    private final int maxValues;
    private final ArrayList<Frame> stack = new ArrayList<>();
    private int pos;
    private int values;

    JsonParser(char[] in, int end, byte[] source, int sourceStart, int maxDepth, int maxValues) {
        this.in = in;
        this.end = end;
        this.source = source;
        this.sourceStart = sourceStart;
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
            // Each value costs tens to hundreds of bytes of heap: the count bounds the tree, not only the text.
            if (++values > maxValues) {
                throw error(pos, "more than " + maxValues + " values");
            }
            char c = in[pos];
            if (c == '{' || c == '[') {
                if (stack.size() == maxDepth) {
                    throw error(pos, "nesting depth exceeds " + maxDepth);
                }
                Frame frame = new Frame(c == '{');
                stack.add(frame);
                pos++;
                skipWhitespace();
                if (pos < end && in[pos] == (frame.object ? '}' : ']')) {
                    pos++;
                    stack.remove(stack.size() - 1);
                    value = frame.close();
                } else if (frame.object) {
                    readKeyAndColon(frame, "expected '\"' or '}' but was ");
                    continue;
                } else {
                    frame.index = 0;
                    continue;
                }
            } else if (c == '"') {
                value = JsonValue.stringOf(readString());
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
                if (frame.object) {
                    frame.keys.add(frame.key);
                    frame.members.put(frame.key, value);
                } else {
                    frame.elements.add(value);
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
                    stack.remove(stack.size() - 1);
                    value = frame.close();
                    continue;
                }
                throw error(pos, "expected ',' or '" + closing + "' but was " + describe(pos));
            }
        }
    }

    /** Reads {@code "key" :} at {@code pos}, which is not whitespace. */
    private void readKeyAndColon(Frame frame, String expectation) {
        if (pos >= end || in[pos] != '"') {
            throw error(pos, expectation + describe(pos));
        }
        int keyStart = pos;
        String key = readString();
        frame.key = key;
        if (frame.members.containsKey(key)) {
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

    /** Reads a string whose opening quote is at {@code pos}, and returns it decoded. */
    private String readString() {
        pos++;
        StringBuilder decoded = null;
        int chunkStart = pos;
        while (true) {
            if (pos >= end) {
                throw error(pos, "expected '\"' but was end of input");
            }
            char c = in[pos];
            if (c == '"') {
                String result;
                if (decoded == null) {
                    result = new String(in, chunkStart, pos - chunkStart);
                } else {
                    result = decoded.append(in, chunkStart, pos - chunkStart).toString();
                }
                pos++;
                return result;
            }
            if (c == '\\') {
                if (decoded == null) {
                    decoded = new StringBuilder();
                }
                decoded.append(in, chunkStart, pos - chunkStart);
                readEscape(decoded);
                chunkStart = pos;
            } else if (c < 0x20) {
                throw error(pos, "unescaped control character " + codePointName(c) + " in string");
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && pos + 1 < end && Character.isLowSurrogate(in[pos + 1])) {
                    pos += 2;
                } else {
                    throw error(pos, "unpaired surrogate " + codePointName(c) + " in string");
                }
            } else {
                pos++;
            }
        }
    }

    /** Reads the escape sequence whose backslash is at {@code pos} and appends what it stands for. */
    private void readEscape(StringBuilder out) {
        int backslash = pos;
        pos++;
        if (pos >= end) {
            throw error(pos, "expected escape character but was end of input");
        }
        char c = in[pos++];
        switch (c) {
            case '"':
            case '\\':
            case '/':
                out.append(c);
                return;
            case 'b':
                out.append('\b');
                return;
            case 'f':
                out.append('\f');
                return;
            case 'n':
                out.append('\n');
                return;
            case 'r':
                out.append('\r');
                return;
            case 't':
                out.append('\t');
                return;
            case 'u':
                break;
            default:
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
                    out.append(unit).append(low);
                    return;
                }
                pos = lowBackslash;
            }
            throw error(backslash, "unpaired surrogate escape " + quotedSource(backslash, 6));
        }
        out.append(unit);
    }

    private char readHex4() {
        int value = 0;
        for (int k = 0; k < 4; k++) {
            int digit = pos < end ? hexValue(in[pos]) : -1;
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
        JsonValue number = JsonValue.parsedNumber(new String(in, start, pos - start));
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
            char c = in[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    /** Returns the value of an ASCII hex digit, or -1; unlike {@link Character#digit}, rejects non-ASCII digits. */
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Describes the char at {@code index} for a message: {@code ']'}, {@code U+00A0} or {@code end of input}. */
    private String describe(int index) {
        if (index >= end) {
            return "end of input";
        }
        char c = in[index];
        if (c > ' ' && c < 0x7f) {
            return "'" + c + "'";
        }
        if (Character.isHighSurrogate(c) && index + 1 < end && Character.isLowSurrogate(in[index + 1])) {
            return codePointName(Character.toCodePoint(c, in[index + 1]));
        }
        return codePointName(c);
    }

    /** Returns {@code length} source chars from {@code start} in single quotes. */
    private String quotedSource(int start, int length) {
        return "'" + new String(in, start, Math.min(length, end - start)) + "'";
    }

    private static String codePointName(int codePoint) {
        StringBuilder name = new StringBuilder("U+");
        int digits = codePoint > 0xffff ? (codePoint > 0xfffff ? 6 : 5) : 4;
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            name.append("0123456789ABCDEF".charAt((codePoint >> shift) & 0xf));
        }
        return name.toString();
    }

    /** Returns the error at char {@code index}, located in the units of the original input. */
    private JsonSyntaxException error(int index, String problem) {
        int offset;
        int line = 1;
        int lineStart = 0;
        if (source == null) {
            offset = index;
            for (int i = 0; i < offset; i++) {
                if (in[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
        } else {
            offset = Utf8.byteOffset(source, sourceStart, index);
            for (int i = 0; i < offset; i++) {
                if (source[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
        }
        return new JsonSyntaxException(line, offset - lineStart + 1, offset, path(), problem);
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
