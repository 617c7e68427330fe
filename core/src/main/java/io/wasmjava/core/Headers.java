package io.wasmjava.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An immutable, ordered list of header name/value pairs, as proxy-wasm header maps carry them. Lookups by name
 * ignore ASCII case; the stored names are kept as given (hosts lower-case HTTP/2-style names themselves). A name may
 * occur more than once.
 */
public final class Headers {
    private static final Headers EMPTY = new Headers(new String[0]);

    private final String[] namesAndValues;

    private Headers(String[] namesAndValues) {
        this.namesAndValues = namesAndValues;
    }

    /** The empty header list. */
    public static Headers empty() {
        return EMPTY;
    }

    /**
     * Headers from alternating names and values, e.g. {@code Headers.of(":status", "200", "x-a", "1")}.
     *
     * @throws IllegalArgumentException if the count is odd or an element is null
     */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Headers.of needs name/value pairs but got "
                    + namesAndValues.length + " strings");
        }
        Builder builder = new Builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    /** Number of pairs. */
    public int size() {
        return namesAndValues.length / 2;
    }

    /** True if there are no pairs. */
    public boolean isEmpty() {
        return namesAndValues.length == 0;
    }

    /** The name of pair {@code index}. */
    public String name(int index) {
        return namesAndValues[checkIndex(index) * 2];
    }

    /** The value of pair {@code index}. */
    public String value(int index) {
        return namesAndValues[checkIndex(index) * 2 + 1];
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("header index " + index + " of " + size());
        }
        return index;
    }

    /** The first value of {@code name} (ASCII case-insensitive), or null if absent. */
    public String value(String name) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (sameName(namesAndValues[i], name)) {
                return namesAndValues[i + 1];
            }
        }
        return null;
    }

    /** Every value of {@code name} in order (ASCII case-insensitive); empty if absent. */
    public List<String> values(String name) {
        List<String> result = null;
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (sameName(namesAndValues[i], name)) {
                if (result == null) {
                    result = new ArrayList<>(2);
                }
                result.add(namesAndValues[i + 1]);
            }
        }
        return result == null ? Collections.emptyList() : Collections.unmodifiableList(result);
    }

    /** True if {@code name} occurs (ASCII case-insensitive). */
    public boolean contains(String name) {
        return value(name) != null;
    }

    /**
     * ASCII case-insensitive comparison, the rule for HTTP field names. Written out because header lookups are hot
     * and TeaVM's {@code equalsIgnoreCase} folds every character through Unicode tables.
     */
    static boolean sameName(String a, String b) {
        int length = a.length();
        if (length != b.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x == y) {
                continue;
            }
            if (x >= 0x80 || y >= 0x80) {
                return a.equalsIgnoreCase(b);
            }
            if (x >= 'A' && x <= 'Z') {
                x += 'a' - 'A';
            }
            if (y >= 'A' && y <= 'Z') {
                y += 'a' - 'A';
            }
            if (x != y) {
                return false;
            }
        }
        return true;
    }

    /** A builder starting from these pairs. */
    public Builder newBuilder() {
        Builder builder = new Builder();
        builder.namesAndValues.addAll(Arrays.asList(namesAndValues));
        return builder;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Headers && Arrays.equals(((Headers) other).namesAndValues, namesAndValues);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(namesAndValues);
    }

    /** Debug form {@code [name: value, ...]}; do not log headers that may carry credentials above DEBUG. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(namesAndValues[i]).append(": ").append(namesAndValues[i + 1]);
        }
        return out.append(']').toString();
    }

    /** Mutable builder; {@link #build()} snapshots it. */
    public static final class Builder {
        private final List<String> namesAndValues = new ArrayList<>();

        public Builder() {
        }

        /** Appends a pair. */
        public Builder add(String name, String value) {
            namesAndValues.add(checkName(name));
            namesAndValues.add(checkValue(name, value));
            return this;
        }

        /** Removes every pair named {@code name} (ASCII case-insensitive), then appends one. */
        public Builder set(String name, String value) {
            remove(name);
            return add(name, value);
        }

        /** Removes every pair named {@code name} (ASCII case-insensitive). */
        public Builder remove(String name) {
            for (int i = namesAndValues.size() - 2; i >= 0; i -= 2) {
                if (sameName(namesAndValues.get(i), name)) {
                    namesAndValues.remove(i + 1);
                    namesAndValues.remove(i);
                }
            }
            return this;
        }

        public Headers build() {
            return namesAndValues.isEmpty() ? EMPTY : new Headers(namesAndValues.toArray(new String[0]));
        }

        private static String checkName(String name) {
            if (name == null) {
                throw new IllegalArgumentException("header name is null");
            }
            if (name.isEmpty()) {
                throw new IllegalArgumentException("header name is empty");
            }
            return name;
        }

        private static String checkValue(String name, String value) {
            if (value == null) {
                throw new IllegalArgumentException("value of header " + name + " is null");
            }
            return value;
        }
    }
}
