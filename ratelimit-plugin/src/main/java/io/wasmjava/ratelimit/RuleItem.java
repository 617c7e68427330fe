package io.wasmjava.ratelimit;

import io.wasmjava.core.HttpContext;
import io.wasmjava.core.config.ConfigNode;
import java.util.ArrayList;
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

    private final LimitType type;
    /** The name used in the Redis key: header/param/cookie name, x-mse-consumer, or the per_ip source string. */
    private final String keyName;
    /** For per_ip: the header holding the client IP, or null for the connection's remote address. */
    private final String ipHeader;
    private final List<LimitKey> limitKeys;

    private RuleItem(LimitType type, String keyName, String ipHeader, List<LimitKey> limitKeys) {
        this.type = type;
        this.keyName = keyName;
        this.ipHeader = ipHeader;
        this.limitKeys = limitKeys;
    }

    /**
     * Parses one {@code rule_items} element.
     *
     * @throws io.wasmjava.core.config.ConfigException naming the path of the bad field
     */
    static RuleItem parse(ConfigNode node) {
        node.asObject();
        LimitType type = null;
        for (String field : node.keys()) {
            LimitType candidate = LimitType.ofField(field);
            if (candidate == null) {
                if (!field.equals("limit_keys")) {
                    throw node.error(field, "unknown field");
                }
                continue;
            }
            if (node.isNull(field)) {
                continue;
            }
            if (type != null) {
                // Higress lets the last one in its own field order win, silently.
                throw node.error("only one of " + LimitType.fieldList() + " may be set, but found " + type.field()
                        + " and " + candidate.field());
            }
            type = candidate;
        }
        if (type == null) {
            throw node.error("one of " + LimitType.fieldList() + " must be set");
        }
        String value = node.string(type.field());
        String keyName;
        String ipHeader = null;
        switch (type.source()) {
            case CONSUMER:
                if (!value.isEmpty()) {
                    throw node.error(type.field(), "must be \"\": the consumer is always read from the "
                            + CONSUMER_HEADER + " header, but was \"" + value + "\"");
                }
                keyName = CONSUMER_HEADER;
                break;
            case IP:
                if (value.startsWith(FROM_HEADER_PREFIX)) {
                    ipHeader = value.substring(FROM_HEADER_PREFIX.length());
                    if (ipHeader.isEmpty()) {
                        throw node.error(type.field(), "needs a header name after \"" + FROM_HEADER_PREFIX + "\"");
                    }
                } else if (!value.equals(FROM_REMOTE_ADDR)) {
                    throw node.error(type.field(), "must be \"" + FROM_REMOTE_ADDR + "\" or \"" + FROM_HEADER_PREFIX
                            + "<header name>\" but was \"" + value + "\"");
                }
                keyName = value;
                break;
            default:
                if (value.isEmpty()) {
                    throw node.error(type.field(), "must not be empty");
                }
                keyName = value;
        }
        List<ConfigNode> keyNodes = node.array("limit_keys");
        if (keyNodes.isEmpty()) {
            throw node.error("limit_keys", "must not be empty");
        }
        List<LimitKey> limitKeys = new ArrayList<>(keyNodes.size());
        for (ConfigNode keyNode : keyNodes) {
            limitKeys.add(LimitKey.parse(keyNode, type));
        }
        return new RuleItem(type, keyName, ipHeader, Collections.unmodifiableList(limitKeys));
    }

    /**
     * Returns the limit this item puts on the request, or null if the item does not apply (its value is absent or no
     * {@code limit_keys} entry matches it), in which case the next item is tried.
     */
    Limit match(HttpContext http, String ruleName) {
        if (type.source() == LimitType.Source.IP) {
            String source = ipHeader == null ? http.propertyString("source", "address") : firstElement(
                    http.requestHeader(ipHeader));
            byte[] address = source == null ? null : IpAddresses.parseHostPort(source);
            if (address == null) {
                return null;
            }
            for (LimitKey key : limitKeys) {
                if (key.contains(address)) {
                    return limit(ruleName, IpAddresses.format(address), key.quota());
                }
            }
            return null;
        }
        String value = value(http);
        if (value == null) {
            return null;
        }
        for (LimitKey key : limitKeys) {
            if (key.matches(value)) {
                return limit(ruleName, value, key.quota());
            }
        }
        return null;
    }

    private String value(HttpContext http) {
        switch (type.source()) {
            case HEADER:
                return http.requestHeader(keyName);
            case PARAM:
                return RequestValues.queryParam(http.path(), keyName);
            case COOKIE: {
                String cookie = http.requestHeader("cookie");
                return cookie == null ? null : RequestValues.cookie(cookie, keyName);
            }
            default: {
                // Auth plugins append x-mse-consumer, so a copy sent by the client comes first: take the last.
                List<String> consumers = http.requestHeaders().values(CONSUMER_HEADER);
                return consumers.isEmpty() ? null : consumers.get(consumers.size() - 1);
            }
        }
    }

    private Limit limit(String ruleName, String value, Quota quota) {
        String redisKey = Limit.KEY_PREFIX + ":" + ruleName + ":" + type.field() + ":" + quota.windowSeconds() + ":"
                + keyName + ":" + value;
        return new Limit(redisKey, quota);
    }

    /** The first comma-separated element, trimmed ({@code X-Forwarded-For: client, proxy1}); null stays null. */
    private static String firstElement(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).trim();
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
