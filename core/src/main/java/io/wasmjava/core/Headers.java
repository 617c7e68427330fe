package io.wasmjava.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An immutable, ordered list of header name/value pairs, as proxy-wasm header maps carry them. Lookups by name
 * ignore ASCII case; the stored names are kept as given (hosts lower-case HTTP/2-style names themselves). A name may
 * occur more than once.
 *
 * <p>Headers a plugin builds ({@link #of}, {@link Builder}) are validated as they are built: every name must be a
 * token or a pseudo-header name and no value may hold CR, LF, NUL or another control character
 * ({@link HeaderValidator} has the rules and the sources); a bad pair throws {@link InvalidHeaderException} at the
 * call that added it. Where headers are sent, the target's own rules apply on top (a local response takes no
 * pseudo-headers, a call takes no {@code :status}). Headers read from the host are not re-validated: a host map may
 * hold what the SDK would refuse to send ({@link #unchecked}).
 */
public final class Headers {
    private static final Headers EMPTY = new Headers(new String[0], true);

    private final String[] namesAndValues;
    /** True if every pair passed {@link HeaderValidator#checkName} and {@link HeaderValidator#checkValue}. */
    private final boolean validated;

    private Headers(String[] namesAndValues, boolean validated) {
        this.namesAndValues = namesAndValues;
        this.validated = validated;
    }

    /** True if built by {@link #of} or a {@link Builder}: the syntax of every name and value is checked. */
    boolean validated() {
        return validated;
    }

    /** The empty header list. */
    public static Headers empty() {
        return EMPTY;
    }

    /**
     * Headers from alternating names and values, e.g. {@code Headers.of(":status", "200", "x-a", "1")}.
     *
     * @throws InvalidHeaderException if a name or value is null or not valid (see {@link Builder#add})
     * @throws IllegalArgumentException if the count is odd
     */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Headers.of needs name/value pairs but got "
                    + namesAndValues.length + " strings");
        }
        if (namesAndValues.length == 0) {
            return EMPTY;
        }
        // Copied before it is checked, so that what was checked is what is kept.
        String[] copy = namesAndValues.clone();
        for (int i = 0; i < copy.length; i += 2) {
            HeaderValidator.checkName(copy[i]);
            HeaderValidator.checkValue(copy[i], copy[i + 1]);
        }
        return new Headers(copy, true);
    }

    /**
     * Headers from alternating names and values exactly as given, without validation (names must still be non-null
     * and non-empty, values non-null): for host adapters and test hosts, which must represent whatever a host's map
     * holds. Plugins build headers with {@link #of} or {@link Builder}; headers made here are still validated where
     * the SDK sends them (local responses, calls).
     *
     * @throws IllegalArgumentException if the count is odd, a name is null or empty, or a value is null
     */
    public static Headers unchecked(String... namesAndValues) {
        return uncheckedCopy(namesAndValues.clone());
    }

    /**
     * {@link #unchecked(String...)} of a list of alternating names and values, as a host adapter collects them.
     *
     * @throws IllegalArgumentException if the count is odd, a name is null or empty, or a value is null
     */
    public static Headers unchecked(List<String> namesAndValues) {
        return uncheckedCopy(copy(namesAndValues));
    }

    private static Headers uncheckedCopy(String[] copy) {
        if (copy.length % 2 != 0) {
            throw new IllegalArgumentException("Headers.unchecked needs name/value pairs but got "
                    + copy.length + " strings");
        }
        if (copy.length == 0) {
            return EMPTY;
        }
        for (int i = 0; i < copy.length; i += 2) {
            if (copy[i] == null || copy[i].isEmpty() || copy[i + 1] == null) {
                throw new IllegalArgumentException("header " + (i / 2) + " has a null or empty name or a null value");
            }
        }
        return new Headers(copy, false);
    }

    /**
     * The strings of {@code list} in a new array. Not {@code list.toArray(new String[0])}: under TeaVM that links a
     * reflective array allocation ({@code Array.newInstance}) and the generic {@code toArray}, about 3 KB of every
     * module.
     */
    private static String[] copy(List<String> list) {
        String[] copy = new String[list.size()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = list.get(i);
        }
        return copy;
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
     * ASCII case-insensitive comparison, the rule for HTTP field names and how Envoy keys its header map (only
     * {@code A-Z} fold; any other character, ASCII or not, equals only itself). Not {@code equalsIgnoreCase}, which
     * folds every character through Unicode tables: slower on this hot path, about 10 KB of every module, and it
     * would let a name spelt with U+017F (long s) find {@code x-request-id}, which Envoy does not.
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

    /**
     * A builder starting from these pairs, copied as they are (pairs read from the host are not re-validated; the
     * pairs added to the builder are).
     */
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

        /**
         * Appends a pair.
         *
         * @throws InvalidHeaderException if {@code name} is not a token or a pseudo-header name
         *     ({@link HeaderValidator#checkName}), or {@code value} is null or holds CR, LF, NUL or another control
         *     character ({@link HeaderValidator#checkValue}); nothing is appended then
         */
        public Builder add(String name, String value) {
            HeaderValidator.checkName(name);
            HeaderValidator.checkValue(name, value);
            namesAndValues.add(name);
            namesAndValues.add(value);
            return this;
        }

        /**
         * Removes every pair named {@code name} (ASCII case-insensitive), then appends one.
         *
         * @throws InvalidHeaderException as {@link #add}; nothing is removed then
         */
        public Builder set(String name, String value) {
            HeaderValidator.checkName(name);
            HeaderValidator.checkValue(name, value);
            remove(name);
            namesAndValues.add(name);
            namesAndValues.add(value);
            return this;
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
            return namesAndValues.isEmpty() ? EMPTY : new Headers(copy(namesAndValues), true);
        }
    }
}
