package io.wasmjava.ratelimit;

import io.wasmjava.core.Utf8;
import io.wasmjava.core.config.ConfigNode;
import io.wasmjava.core.config.GjsonReader;
import io.wasmjava.regex.Regex;
import io.wasmjava.regex.RegexSyntaxException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One {@code limit_keys} entry: which values it matches and their {@link Quota}. Immutable.
 *
 * <table>
 *   <caption>Key forms by limit type (Higress config.go:323-349, main.go:246-263)</caption>
 *   <tr><th>type</th><th>{@code key}</th><th>matches</th></tr>
 *   <tr><td>{@code limit_by_header|param|consumer|cookie}</td><td>any text</td><td>exactly that value, byte for
 *       byte ({@code *} and {@code regexp:...} included: they are literal here)</td></tr>
 *   <tr><td>{@code limit_by_per_header|param|consumer|cookie}</td><td>{@code *}</td><td>every value</td></tr>
 *   <tr><td></td><td>{@code regexp:<re>}</td><td>values in which {@code re}, in Go's RE2 syntax, finds a match
 *       (unanchored, as Go's {@code MatchString}; anchor with {@code ^...$}), and the value equal to the key's own
 *       text; matched in linear time by {@link Regex}, so no header value can stall a worker</td></tr>
 *   <tr><td>{@code limit_by_per_ip}</td><td>an IPv4/IPv6 address or CIDR block</td><td>client addresses it covers,
 *       as Higress's radix tree does (see {@link IpPrefix})</td></tr>
 * </table>
 */
final class LimitKey {
    static final String ANY = "*";
    static final String REGEXP_PREFIX = "regexp:";
    /** The fields of a {@code limit_keys} entry. */
    static final List<String> FIELDS;

    static {
        String[] fields = new String[Quota.FIELDS.size() + 1];
        fields[0] = "key";
        for (int i = 0; i < Quota.FIELDS.size(); i++) {
            fields[i + 1] = Quota.FIELDS.get(i);
        }
        FIELDS = Collections.unmodifiableList(Arrays.asList(fields));
    }

    private enum Kind {
        EXACT,
        ANY,
        REGEXP,
        IP_RANGE
    }

    private final Kind kind;
    private final String key;
    /** The key's UTF-8 bytes, which an exact key (and a regexp key, literally) equals. */
    private final byte[] keyBytes;
    private final Regex pattern;
    private final IpPrefix range;
    private final Quota quota;

    private LimitKey(Kind kind, String key, Regex pattern, IpPrefix range, Quota quota) {
        this.kind = kind;
        this.key = key;
        this.keyBytes = Utf8.encode(key);
        this.pattern = pattern;
        this.range = range;
        this.quota = quota;
    }

    /**
     * Parses one {@code limit_keys} element for a rule item of {@code type}, with Higress's checks in its order
     * (config.go:312-379).
     *
     * @throws io.wasmjava.core.config.ConfigException naming the element's path
     */
    static LimitKey parse(GjsonReader reader, ConfigNode node, LimitType type) {
        reader.unknownFields(node, FIELDS, false);
        String key = reader.string(node, "key");
        if (key.isEmpty()) {
            throw node.error("key", RuleItem.ITEM_ERROR + "limit_keys key is required");
        }
        Kind kind;
        Regex pattern = null;
        IpPrefix range = null;
        if (type == LimitType.PER_IP) {
            kind = Kind.IP_RANGE;
            range = IpPrefix.parse(key);
            if (range == null) {
                throw node.error("key", RuleItem.ITEM_ERROR + "failed to parse IPNet for key '" + key
                        + "': invalid IP[" + key + "]");
            }
            if (range.surprise() != null) {
                reader.tolerate(node.node("key"), range.surprise());
            }
        } else if (!type.isPerValue()) {
            if (key.equals(ANY) || key.startsWith(REGEXP_PREFIX)) {
                // Higress compares them as text too (issue #3310); usually a per_* type was meant.
                reader.tolerate(node.node("key"), "matches only the value \"" + key + "\" itself: \"*\" and "
                        + "\"regexp:\" keys are patterns only with limit_by_per_* types (Higress reads them the same "
                        + "way)");
            }
            kind = Kind.EXACT;
        } else if (key.equals(ANY)) {
            kind = Kind.ANY;
        } else if (key.startsWith(REGEXP_PREFIX)) {
            String regex = key.substring(REGEXP_PREFIX.length());
            if (regex.isEmpty()) {
                reader.tolerate(node.node("key"), "empty regular expression after \"regexp:\": it matches every "
                        + "value, like \"*\" (as in Higress)");
            }
            try {
                pattern = Regex.compile(regex);
            } catch (RegexSyntaxException e) {
                // Go's message ("error parsing regexp: ..."), as Higress wraps it.
                throw node.error("key", RuleItem.ITEM_ERROR + "failed to compile regex for key '" + key + "': "
                        + e.getMessage());
            }
            kind = Kind.REGEXP;
        } else {
            throw node.error("key", RuleItem.ITEM_ERROR + "the '" + type.field()
                    + "' restriction must start with 'regexp:' or be exactly '*'");
        }
        return new LimitKey(kind, key, pattern, range, Quota.parseKey(reader, node, key));
    }

    /** True if this entry applies to {@code value} (Higress main.go:246-263). */
    boolean matches(RequestValue value) {
        switch (kind) {
            case ANY:
                return true;
            case REGEXP:
                // Higress also compares the value with the key's text, so "regexp:^a" matches the value "regexp:^a".
                return pattern.find(value.text()) || value.hasBytes(keyBytes);
            case EXACT:
                return value.hasBytes(keyBytes);
            default:
                return false;
        }
    }

    /** True if this {@code limit_by_per_ip} entry covers {@code client} (4 or 16 bytes, see {@link IpPrefix}). */
    boolean covers(byte[] client) {
        return kind == Kind.IP_RANGE && range.contains(client);
    }

    /** The configured key, as Higress reads it. */
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
