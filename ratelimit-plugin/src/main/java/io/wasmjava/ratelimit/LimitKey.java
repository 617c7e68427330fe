package io.wasmjava.ratelimit;

import io.wasmjava.core.config.ConfigNode;
import io.wasmjava.regex.Regex;
import io.wasmjava.regex.RegexSyntaxException;

/**
 * One {@code limit_keys} entry: which values it matches and their {@link Quota}. Immutable.
 *
 * <table>
 *   <caption>Key forms by limit type</caption>
 *   <tr><th>type</th><th>{@code key}</th><th>matches</th></tr>
 *   <tr><td>{@code limit_by_header|param|consumer|cookie}</td><td>any text</td><td>exactly that value (a
 *       {@code *} is a literal star)</td></tr>
 *   <tr><td>{@code limit_by_per_header|param|consumer|cookie}</td><td>{@code *}</td><td>every value</td></tr>
 *   <tr><td></td><td>{@code regexp:<re>}</td><td>values in which {@code re}, in Go's RE2 syntax, finds a match
 *       (unanchored, as Go's {@code MatchString}; anchor with {@code ^...$}); matched in linear time by
 *       {@link Regex}, so no header value can stall a worker</td></tr>
 *   <tr><td>{@code limit_by_per_ip}</td><td>an IPv4/IPv6 address or CIDR block</td><td>client addresses in it</td></tr>
 * </table>
 */
final class LimitKey {
    static final String ANY = "*";
    static final String REGEXP_PREFIX = "regexp:";

    private enum Kind {
        EXACT,
        ANY,
        REGEXP,
        IP_RANGE
    }

    private final Kind kind;
    private final String key;
    private final Regex pattern;
    private final IpPrefix range;
    private final Quota quota;

    private LimitKey(Kind kind, String key, Regex pattern, IpPrefix range, Quota quota) {
        this.kind = kind;
        this.key = key;
        this.pattern = pattern;
        this.range = range;
        this.quota = quota;
    }

    /**
     * Parses one {@code limit_keys} element for a rule item of {@code type}.
     *
     * @throws io.wasmjava.core.config.ConfigException naming the element's path
     */
    static LimitKey parse(ConfigNode node, LimitType type) {
        node.asObject();
        for (String field : node.keys()) {
            if (!field.equals("key") && !Quota.isField(field)) {
                throw node.error(field, "unknown field");
            }
        }
        String key = node.string("key");
        if (key.isEmpty()) {
            throw node.error("key", "must not be empty");
        }
        Kind kind;
        Regex pattern = null;
        IpPrefix range = null;
        if (type == LimitType.PER_IP) {
            kind = Kind.IP_RANGE;
            try {
                range = IpPrefix.parse(key);
            } catch (IllegalArgumentException e) {
                throw node.error("key", e.getMessage());
            }
        } else if (!type.isPerValue()) {
            // "*" and "regexp:" would be literal here; Higress silently never matches them (issue #3310), so say so.
            if (key.equals(ANY) || key.startsWith(REGEXP_PREFIX)) {
                String form = key.equals(ANY) ? "\"*\"" : "\"regexp:\"";
                throw node.error("key", form + " keys are only valid with limit_by_per_* types; " + type.field()
                        + " matches values exactly");
            }
            kind = Kind.EXACT;
        } else if (key.equals(ANY)) {
            kind = Kind.ANY;
        } else if (key.startsWith(REGEXP_PREFIX)) {
            String regex = key.substring(REGEXP_PREFIX.length());
            if (regex.isEmpty()) {
                throw node.error("key", "empty regular expression after \"regexp:\" (use \"*\" to match every value)");
            }
            try {
                pattern = Regex.compile(regex);
            } catch (RegexSyntaxException e) {
                // Go's own message ("error parsing regexp: ..."), as Higress would log it, behind the field's path.
                throw node.error("key", e.getMessage());
            }
            kind = Kind.REGEXP;
        } else {
            throw node.error("key", "must be \"*\" or start with \"regexp:\" for " + type.field() + " but was \""
                    + key + "\"");
        }
        return new LimitKey(kind, key, pattern, range, Quota.parse(node));
    }

    /** True if this entry applies to {@code value}. */
    boolean matches(String value) {
        switch (kind) {
            case EXACT:
                return key.equals(value);
            case ANY:
                return true;
            case REGEXP:
                return pattern.find(value);
            default:
                return false;
        }
    }

    /** True if this {@code limit_by_per_ip} entry contains {@code address} (16 bytes). */
    boolean contains(byte[] address) {
        return kind == Kind.IP_RANGE && range.contains(address);
    }

    /** The configured key, as written. */
    String key() {
        return key;
    }

    Quota quota() {
        return quota;
    }

    @Override
    public String toString() {
        return "LimitKey{" + key + ", " + quota + "}";
    }
}
