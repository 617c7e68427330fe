package io.wasmjava.host;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** A Redis command the plugin sent with Higress's {@code proxy_redis_call}, as the host recorded it. Immutable. */
public final class RedisCallout implements Callout {
    private final int token;
    private final String cluster;
    private final byte[] query;
    private final int contextId;

    RedisCallout(int token, String cluster, byte[] query, int contextId) {
        this.token = token;
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.query = query.clone();
        this.contextId = contextId;
    }

    /** The callout token; Redis tokens satisfy {@code token & 3 == 3}, as in Higress's host. */
    public int token() {
        return token;
    }

    /** The cluster the command went to. */
    public String cluster() {
        return cluster;
    }

    /** The RESP-encoded command; a copy the caller owns. */
    public byte[] query() {
        return query.clone();
    }

    /** The RESP-encoded command as text, e.g. {@code *2\r\n$4\r\nINCR\r\n$1\r\nk\r\n}. */
    public String queryText() {
        return new String(query, StandardCharsets.UTF_8);
    }

    /** The context that was effective when the call was made. */
    public int contextId() {
        return contextId;
    }

    @Override
    public String toString() {
        return "RedisCallout{token=" + token + ", cluster=" + cluster + ", query="
                + queryText().replace("\r\n", "\\r\\n") + ", context=" + contextId + "}";
    }
}
