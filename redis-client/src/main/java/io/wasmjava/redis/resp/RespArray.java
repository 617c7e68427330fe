package io.wasmjava.redis.resp;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
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

    static final RespArray NULL = new RespArray((List<RespValue>) null);

    /** How many elements {@link #toString} shows before it writes {@code ...}. */
    static final int DEBUG_MAX_ELEMENTS = 32;

    /** Unmodifiable; null only for {@link #NULL}. */
    private final List<RespValue> elements;

    /** Takes ownership of {@code elements} (no copy): the caller never touches the list again. */
    RespArray(List<RespValue> elements) {
        this.elements = elements == null ? null : Collections.unmodifiableList(elements);
    }

    /**
     * Takes ownership of {@code elements} (no copy, no nulls): the caller never touches the array again. The
     * decoder's constructor: one read-only view instead of a list plus an unmodifiable wrapper.
     */
    RespArray(RespValue[] elements) {
        this.elements = new Elements(elements);
    }

    static RespArray copyOf(List<? extends RespValue> elements) {
        List<RespValue> copy = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            RespValue element = elements.get(i);
            if (element == null) {
                throw new IllegalArgumentException("array element " + i + " is null (expected: a RespValue; "
                        + "use RespValue.nullBulk() or RespValue.nullArray() for a RESP null)");
            }
            copy.add(element);
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
        return elements == null ? -1 : elements.size();
    }

    @Override
    public List<RespValue> asArray() {
        return elements;
    }

    @Override
    void appendTo(StringBuilder out) {
        if (elements == null) {
            out.append("*-1");
            return;
        }
        out.append('*').append(elements.size()).append('[');
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            if (i == DEBUG_MAX_ELEMENTS) {
                out.append("...");
                break;
            }
            elements.get(i).appendTo(out);
        }
        out.append(']');
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RespArray)) {
            return false;
        }
        List<RespValue> other = ((RespArray) o).elements;
        return elements == null ? other == null : elements.equals(other);
    }

    @Override
    public int hashCode() {
        return elements == null ? -2 : 31 * '*' + elements.hashCode();
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
