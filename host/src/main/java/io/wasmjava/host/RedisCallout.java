package io.wasmjava.host;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A Redis command the plugin sent with Higress's {@code proxy_redis_call}, as the host recorded it. Immutable: the
 * query is copied in and out.
 *
 * @param token the callout token; Redis tokens satisfy {@code token & 3 == 3}, as in Higress's host
 * @param cluster the cluster the command went to
 * @param query the RESP-encoded command
 * @param contextId the context that was effective when the call was made
 */
public record RedisCallout(int token, String cluster, byte[] query, int contextId) implements Callout {
    /**
     * @throws NullPointerException if a reference argument is null
     */
    public RedisCallout {
        Objects.requireNonNull(cluster, "cluster");
        query = query.clone();
    }

    /** The RESP-encoded command; a copy the caller owns. */
    @Override
    public byte[] query() {
        return query.clone();
    }

    /** The RESP-encoded command as text, e.g. {@code *2\r\n$4\r\nINCR\r\n$1\r\nk\r\n}. */
    public String queryText() {
        return new String(query, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RedisCallout{token=" + token + ", cluster=" + cluster + ", query="
                + queryText().replace("\r\n", "\\r\\n") + ", context=" + contextId + "}";
    }
}
