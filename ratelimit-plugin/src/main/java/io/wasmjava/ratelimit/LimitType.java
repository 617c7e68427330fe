package io.wasmjava.ratelimit;

/**
 * Where a rule item takes its key from, named by its configuration field. The field name is also the limit-type
 * segment of the Redis key.
 */
enum LimitType {
    /** A request header; {@code limit_keys} are exact values. */
    HEADER("limit_by_header", Source.HEADER, false),
    /** The first value of a URL query parameter; exact values. */
    PARAM("limit_by_param", Source.PARAM, false),
    /** The {@code x-mse-consumer} header set by an auth plugin; exact consumer names. */
    CONSUMER("limit_by_consumer", Source.CONSUMER, false),
    /** A cookie; exact values. */
    COOKIE("limit_by_cookie", Source.COOKIE, false),
    /** A request header, one counter per value; keys are {@code *} or {@code regexp:}. */
    PER_HEADER("limit_by_per_header", Source.HEADER, true),
    /** A URL query parameter, one counter per value. */
    PER_PARAM("limit_by_per_param", Source.PARAM, true),
    /** The consumer, one counter per consumer. */
    PER_CONSUMER("limit_by_per_consumer", Source.CONSUMER, true),
    /** A cookie, one counter per value. */
    PER_COOKIE("limit_by_per_cookie", Source.COOKIE, true),
    /** The client IP, one counter per address; keys are addresses or CIDR blocks. */
    PER_IP("limit_by_per_ip", Source.IP, true);

    /** What part of the request holds the value. */
    enum Source {
        HEADER,
        PARAM,
        CONSUMER,
        COOKIE,
        IP
    }

    private final String field;
    private final Source source;
    private final boolean perValue;

    LimitType(String field, Source source, boolean perValue) {
        this.field = field;
        this.source = source;
        this.perValue = perValue;
    }

    /** The configuration field, e.g. {@code limit_by_per_header}. */
    String field() {
        return field;
    }

    Source source() {
        return source;
    }

    /** True for the {@code limit_by_per_*} kinds, which keep one counter per distinct value. */
    boolean isPerValue() {
        return perValue;
    }

    /** The nine field names, comma-separated, for error messages. */
    static String fieldList() {
        StringBuilder out = new StringBuilder();
        for (LimitType type : values()) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(type.field);
        }
        return out.toString();
    }

    /** The type named by {@code field}, or null. */
    static LimitType ofField(String field) {
        for (LimitType type : values()) {
            if (type.field.equals(field)) {
                return type;
            }
        }
        return null;
    }
}
