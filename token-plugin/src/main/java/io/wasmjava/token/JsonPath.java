package io.wasmjava.token;

import io.wasmjava.core.config.JsonKind;
import io.wasmjava.core.config.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * A dotted path into a JSON document, such as {@code data.access_token} or {@code items[0].token}. Segments are
 * object member names; {@code [n]} selects an array element.
 */
final class JsonPath {
    private final String text;
    private final List<Object> steps;

    private JsonPath(String text, List<Object> steps) {
        this.text = text;
        this.steps = steps;
    }

    /**
     * @throws IllegalArgumentException describing the problem if the path is empty or malformed
     */
    static JsonPath parse(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        List<Object> steps = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int end = i;
            while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
                end++;
            }
            if (end > i) {
                steps.add(text.substring(i, end));
            } else if (end < text.length() && text.charAt(end) == '.' || steps.isEmpty() && end == text.length()) {
                throw new IllegalArgumentException("empty segment in \"" + text + "\"");
            }
            i = end;
            while (i < text.length() && text.charAt(i) == '[') {
                int close = text.indexOf(']', i);
                if (close < 0 || close == i + 1) {
                    throw new IllegalArgumentException("bad index in \"" + text + "\"");
                }
                int index = 0;
                for (int k = i + 1; k < close; k++) {
                    char c = text.charAt(k);
                    if (c < '0' || c > '9' || index > 100_000_000) {
                        throw new IllegalArgumentException("bad index in \"" + text + "\"");
                    }
                    index = index * 10 + (c - '0');
                }
                steps.add(index);
                i = close + 1;
            }
            if (i < text.length()) {
                if (text.charAt(i) != '.' || i + 1 == text.length()) {
                    throw new IllegalArgumentException("unexpected character at " + i + " in \"" + text + "\"");
                }
                i++;
            }
        }
        return new JsonPath(text, steps);
    }

    /** The value at this path, or null if a step is missing or has the wrong type. */
    JsonValue select(JsonValue root) {
        JsonValue current = root;
        for (Object step : steps) {
            if (step instanceof String) {
                if (current.kind() != JsonKind.OBJECT || !current.has((String) step)) {
                    return null;
                }
                current = current.member((String) step);
            } else {
                int index = (Integer) step;
                if (current.kind() != JsonKind.ARRAY || index >= current.size()) {
                    return null;
                }
                current = current.elements().get(index);
            }
        }
        return current;
    }

    @Override
    public String toString() {
        return text;
    }
}
