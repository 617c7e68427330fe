package io.wasmjava.regex;

import java.util.List;

/**
 * One match of a {@link Regex} in a text, with the spans of its groups. Group 0 is the whole match. Positions are
 * {@code char} indexes into the text (end exclusive). Immutable.
 */
public final class Match {
    private final String text;
    private final int[] spans;
    private final List<String> names;

    Match(String text, int[] spans, List<String> names) {
        this.text = text;
        this.spans = spans;
        this.names = names;
    }

    /** Where the match starts. */
    public int start() {
        return spans[0];
    }

    /** Where the match ends (exclusive). */
    public int end() {
        return spans[1];
    }

    /** The matched text. */
    public String group() {
        return text.substring(spans[0], spans[1]);
    }

    /** The number of capturing groups of the pattern, not counting the whole match. */
    public int groupCount() {
        return spans.length / 2 - 1;
    }

    /**
     * Where group {@code index} starts, or -1 if it took no part in the match.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index <= groupCount()}
     */
    public int start(int index) {
        checkIndex(index);
        return spans[2 * index];
    }

    /**
     * Where group {@code index} ends (exclusive), or -1 if it took no part in the match.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index <= groupCount()}
     */
    public int end(int index) {
        checkIndex(index);
        return spans[2 * index + 1];
    }

    /**
     * The text of group {@code index}, or null if it took no part in the match (as opposed to matching empty).
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index <= groupCount()}
     */
    public String group(int index) {
        checkIndex(index);
        int from = spans[2 * index];
        return from < 0 ? null : text.substring(from, spans[2 * index + 1]);
    }

    /**
     * The text of the first group called {@code name}, or null if it took no part in the match.
     *
     * @throws IllegalArgumentException if no group has that name
     */
    public String group(String name) {
        int index = names.indexOf(name);
        if (index <= 0 || name.isEmpty()) {
            throw new IllegalArgumentException("no group named \"" + name + "\"");
        }
        return group(index);
    }

    private void checkIndex(int index) {
        if (index < 0 || index > groupCount()) {
            throw new IndexOutOfBoundsException("group " + index + " of " + groupCount());
        }
    }

    /** The match's span and text, for diagnostics. */
    @Override
    public String toString() {
        return "Match[" + spans[0] + ".." + spans[1] + " \"" + group() + "\"]";
    }
}
