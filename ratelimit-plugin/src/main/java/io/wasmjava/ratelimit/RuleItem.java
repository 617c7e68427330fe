package io.wasmjava.ratelimit;

import io.wasmjava.core.HttpContext;
import io.wasmjava.core.Utf8;
import io.wasmjava.core.config.ConfigNode;
import io.wasmjava.core.config.GjsonReader;
import io.wasmjava.core.config.JsonKind;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One {@code rule_items} entry: a {@link LimitType}, the name it reads (header, parameter, cookie, or the IP source),
 * and its {@code limit_keys}. Immutable.
 */
final class RuleItem {
    /** The header Higress auth plugins set to the authenticated consumer's name. */
    static final String CONSUMER_HEADER = "x-mse-consumer";
    static final String FROM_REMOTE_ADDR = "from-remote-addr";
    static final String FROM_HEADER_PREFIX = "from-header-";
    /** The prefix Higress puts on every error of a rule item (config.go:199). */
    static final String ITEM_ERROR = "failed to parse rule_item in rule_items: ";
    /** Higress's error for an item without a usable {@code limit_by_*} field (config.go:289), word for word. */
    private static final String NO_TYPE = "only one of 'limit_by_header' and 'limit_by_param' and "
            + "'limit_by_consumer' and 'limit_by_cookie' and 'limit_by_per_header' and 'limit_by_per_param' and "
            + "'limit_by_per_consumer' and 'limit_by_per_cookie' and 'limit_by_per_ip' can be set";
    /** The order in which Higress reads the fields; a later one overrides an earlier one (config.go:246-286). */
    private static final LimitType[] HIGRESS_ORDER = {LimitType.HEADER, LimitType.PARAM, LimitType.COOKIE,
        LimitType.PER_HEADER, LimitType.PER_PARAM, LimitType.PER_COOKIE, LimitType.CONSUMER, LimitType.PER_CONSUMER,
        LimitType.PER_IP};
    private static final List<String> FIELDS;

    static {
        List<String> fields = new ArrayList<>();
        for (LimitType type : LimitType.values()) {
            fields.add(type.field());
        }
        fields.add("limit_keys");
        FIELDS = Collections.unmodifiableList(fields);
    }

    private final LimitType type;
    /** The name used in the Redis key: header/param/cookie name, x-mse-consumer, or the per_ip source string. */
    private final String keyName;
    /** The key name's UTF-8 bytes: the Redis key segment, and the parameter name a query is searched for. */
    private final byte[] keyNameBytes;
    /** For per_ip: the header holding the client IP, or null for the connection's remote address. */
    private final String ipHeader;
    private final List<LimitKey> limitKeys;

    private RuleItem(LimitType type, String keyName, String ipHeader, List<LimitKey> limitKeys) {
        this.type = type;
        this.keyName = keyName;
        this.keyNameBytes = Utf8.encode(keyName);
        this.ipHeader = ipHeader;
        this.limitKeys = limitKeys;
    }

    /**
     * Parses one {@code rule_items} element as Higress's parseLimitRuleItem does (config.go:235-300): the
     * {@code limit_by_*} fields are read in Higress's order, an empty one counts as unset, {@code limit_by_consumer}
     * and {@code limit_by_per_consumer} count whatever their value, and the last one set wins; each field that loses
     * is reported.
     *
     * @throws io.wasmjava.core.config.ConfigException naming the path of the bad field
     */
    static RuleItem parse(GjsonReader reader, ConfigNode node) {
        reader.unknownFields(node, FIELDS, false);
        LimitType type = null;
        String keyName = null;
        String ipHeader = null;
        for (LimitType candidate : HIGRESS_ORDER) {
            String field = candidate.field();
            ConfigNode member = GjsonReader.get(node, field);
            if (member == null) {
                continue;
            }
            boolean consumer = candidate.source() == LimitType.Source.CONSUMER;
            if (!consumer && member.isNull()) {
                reader.tolerate(member, "ignored: null counts as unset (as in Higress)");
                continue;
            }
            String value = consumer ? null : reader.string(node, field);
            if (!consumer && value.isEmpty()) {
                reader.tolerate(member, "ignored: empty, so it counts as unset (as in Higress)");
                continue;
            }
            if (consumer && !(member.kind() == JsonKind.STRING && member.value().stringValue().isEmpty())) {
                reader.tolerate(member, "the value is ignored: the consumer is always read from the "
                        + CONSUMER_HEADER + " header (as in Higress)");
            }
            String name = value;
            String header = null;
            if (consumer) {
                name = CONSUMER_HEADER;
            } else if (candidate == LimitType.PER_IP) {
                if (value.startsWith(FROM_HEADER_PREFIX)) {
                    header = value.substring(FROM_HEADER_PREFIX.length());
                    if (header.isEmpty()) {
                        throw member.error(ITEM_ERROR + "limit_by_per_ip parse error: empty after 'from-header-'");
                    }
                } else if (!value.equals(FROM_REMOTE_ADDR)) {
                    throw member.error(ITEM_ERROR + "the 'limit_by_per_ip' restriction must start with "
                            + "'from-header-' or be exactly 'from-remote-addr'");
                }
            }
            if (type != null) {
                reader.tolerate(node.node(type.field()), "ignored: " + field + " is also set and wins, as in Higress, "
                        + "which reads the limit_by_* fields in a fixed order and keeps the last one set");
            }
            type = candidate;
            keyName = name;
            ipHeader = header;
        }
        if (type == null) {
            throw node.error(ITEM_ERROR + NO_TYPE);
        }
        if (!GjsonReader.exists(node, "limit_keys")) {
            throw node.error("limit_keys", ITEM_ERROR + "missing limit_keys in config");
        }
        List<ConfigNode> keyNodes = reader.array(node, "limit_keys");
        if (keyNodes.isEmpty()) {
            throw node.error("limit_keys", ITEM_ERROR + "config limit_keys cannot be empty");
        }
        List<LimitKey> limitKeys = new ArrayList<>(keyNodes.size());
        for (ConfigNode keyNode : keyNodes) {
            limitKeys.add(LimitKey.parse(reader, keyNode, type));
        }
        return new RuleItem(type, keyName, ipHeader, Collections.unmodifiableList(limitKeys));
    }

    /**
     * Returns the limit this item puts on the request, or null if the item does not apply (its value is absent or no
     * {@code limit_keys} entry matches it), in which case the next item is tried (Higress main.go:170-180).
     */
    Limit match(HttpContext http, byte[] ruleName) {
        if (type.source() == LimitType.Source.IP) {
            byte[] address = clientAddress(http);
            if (address == null) {
                return null;
            }
            // Go walks an IPv4 client (IPv4-mapped included) as 32 bits, others as 128 (see IpPrefix).
            byte[] bits = IpAddresses.isIpv4(address) ? Arrays.copyOfRange(address, 12, 16) : address;
            for (LimitKey key : limitKeys) {
                if (key.covers(bits)) {
                    return limit(ruleName, Utf8.encode(IpAddresses.format(address)), key.quota());
                }
            }
            return null;
        }
        RequestValue value = value(http);
        if (value == null) {
            return null;
        }
        for (LimitKey key : limitKeys) {
            if (key.matches(value)) {
                return limit(ruleName, value.bytes(), key.quota());
            }
        }
        return null;
    }

    /** The value this item's type reads from the request (Higress main.go:183-223), or null if there is none. */
    private RequestValue value(HttpContext http) {
        switch (type.source()) {
            case HEADER:
                return RawRequest.header(http, keyName);
            case PARAM: {
                byte[] value = RequestValues.queryParam(RawRequest.path(http), keyNameBytes);
                return value == null ? null : RequestValue.ofBytes(value);
            }
            case COOKIE: {
                RequestValue cookie = RawRequest.header(http, "cookie");
                byte[] value = cookie == null ? null : RequestValues.cookie(cookie.bytes(), keyNameBytes);
                return value == null ? null : RequestValue.ofBytes(value);
            }
            default:
                // Auth plugins append x-mse-consumer, so a copy the client sent comes first: the last value is the
                // one a trusted plugin set. Higress takes the first, which lets a client pick its own counter.
                return RawRequest.lastHeader(http, CONSUMER_HEADER);
        }
    }

    /**
     * The client's address (16 bytes, Go's form) from the header's first comma-separated element, as Higress takes it
     * (main.go:270-274: the header trimmed of spaces, cut at the first comma), or from {@code source.address}.
     */
    private byte[] clientAddress(HttpContext http) {
        String text;
        if (ipHeader == null) {
            text = http.propertyString("source", "address");
        } else {
            String header = http.requestHeader(ipHeader);
            if (header == null) {
                return null;
            }
            String trimmed = trimSpaces(header);
            int comma = trimmed.indexOf(',');
            text = comma < 0 ? trimmed : trimmed.substring(0, comma);
        }
        return text == null ? null : IpAddresses.parseClient(text);
    }

    /** Go's {@code strings.Trim(s, " ")}: spaces only. */
    private static String trimSpaces(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == ' ') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == ' ') {
            end--;
        }
        return text.substring(start, end);
    }

    /** {@code higress-cluster-key-rate-limit:<rule>:<type>:<window>:<key name>:<value>} (main.go:52, 119). */
    private Limit limit(byte[] ruleName, byte[] value, Quota quota) {
        ByteArrayOutputStream key = new ByteArrayOutputStream(Limit.KEY_PREFIX.length() + ruleName.length
                + keyNameBytes.length + value.length + 40);
        Limit.appendAscii(key, Limit.KEY_PREFIX + ":");
        key.write(ruleName, 0, ruleName.length);
        Limit.appendAscii(key, ":" + type.field() + ":" + quota.windowSeconds() + ":");
        key.write(keyNameBytes, 0, keyNameBytes.length);
        key.write(':');
        key.write(value, 0, value.length);
        return new Limit(key.toByteArray(), quota);
    }

    LimitType type() {
        return type;
    }

    /** The name in the Redis key; together with {@link #type()} it identifies the item for duplicate warnings. */
    String keyName() {
        return keyName;
    }

    @Override
    public String toString() {
        return "RuleItem{" + type.field() + "=" + keyName + ", " + limitKeys + "}";
    }
}
