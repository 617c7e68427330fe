package io.wasmjava.redis.resp;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * An array such as {@code *2\r\n$3\r\nfoo\r\n:5\r\n}: an ordered list of values, which may themselves be arrays
 * (the replies of {@code MGET}, {@code HGETALL}, {@code EXEC}, and of Lua scripts returning tables). The null array
 * {@code *-1\r\n} is a distinct value from the empty array {@code *0\r\n}: {@link #isNull()} tells them apart. Built
 * by {@link RespValue#array(RespValue...)}, {@link RespValue#array(List)}, {@link RespValue#nullArray()} or decoded
 * by {@link RespDecoder}; immutable.
 */
public final class RespArray extends RespValue {

    static final RespArray NULL = new RespArray((RespValue[]) null);

    /** How many elements {@link #toString} shows before it writes {@code ...}. */
    static final int DEBUG_MAX_ELEMENTS = 32;

    /** Owned, never modified, no nulls; null only for {@link #NULL}. */
    private final RespValue[] elements;
    /**
     * The read-only list {@link #asArray()} returns, made on first use: most replies are read by index, and a view per
     * decoded array would be one more allocation per array. Racy but benign: every view is equal and immutable.
     */
    private List<RespValue> view;

    /**
     * Takes ownership of {@code elements} (no copy, no nulls): the caller never touches the array again. Null makes
     * the null array.
     */
    RespArray(RespValue[] elements) {
        this.elements = elements;
    }

    static RespArray copyOf(List<? extends RespValue> elements) {
        RespValue[] copy = new RespValue[elements.size()];
        for (int i = 0; i < copy.length; i++) {
            RespValue element = elements.get(i);
            if (element == null) {
                throw new IllegalArgumentException("array element " + i + " is null (expected: a RespValue; "
                        + "use RespValue.nullBulk() or RespValue.nullArray() for a RESP null)");
            }
            copy[i] = element;
        }
        return new RespArray(copy);
    }

    @Override
    public RespType type() {
        return RespType.ARRAY;
    }

    @Override
    public boolean isNull() {
        return elements == null;
    }

    /** Returns the number of elements; -1 for the null array (its wire length). */
    public int size() {
        return elements == null ? -1 : elements.length;
    }

    /**
     * Returns the element at {@code index}, never null (a RESP null element is {@link RespValue#nullBulk()} or
     * {@link RespValue#nullArray()}). The same as {@code asArray().get(index)}, without making the list view.
     *
     * @throws IllegalStateException if this is the null array
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < size()}
     */
    public RespValue element(int index) {
        if (elements == null) {
            throw new IllegalStateException("expected an array element but was the null array");
        }
        if (index < 0 || index >= elements.length) {
            throw new IndexOutOfBoundsException("index " + index + " out of bounds for length " + elements.length);
        }
        return elements[index];
    }

    @Override
    public List<RespValue> asArray() {
        if (elements == null) {
            return null;
        }
        List<RespValue> list = view;
        if (list == null) {
            list = new Elements(elements);
            view = list;
        }
        return list;
    }

    @Override
    void appendTo(StringBuilder out) {
        if (elements == null) {
            out.append("*-1");
            return;
        }
        out.append('*').append(elements.length).append('[');
        for (int i = 0; i < elements.length; i++) {
            if (i > 0) {
                out.append(", ");
            }
            if (i == DEBUG_MAX_ELEMENTS) {
                out.append("...");
                break;
            }
            elements[i].appendTo(out);
        }
        out.append(']');
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RespArray)) {
            return false;
        }
        RespValue[] other = ((RespArray) o).elements;
        // Arrays.equals(null, null) is true, and null never equals an array, so *-1 != *0.
        return Arrays.equals(elements, other);
    }

    @Override
    public int hashCode() {
        // Arrays.hashCode of the elements is List.hashCode of the view.
        return elements == null ? -2 : 31 * '*' + Arrays.hashCode(elements);
    }

    /** A read-only list over an array nobody else holds. */
    private static final class Elements extends AbstractList<RespValue> implements RandomAccess {
        private final RespValue[] elements;

        Elements(RespValue[] elements) {
            this.elements = elements;
        }

        @Override
        public RespValue get(int index) {
            return elements[index];
        }

        @Override
        public int size() {
            return elements.length;
        }
    }
}
