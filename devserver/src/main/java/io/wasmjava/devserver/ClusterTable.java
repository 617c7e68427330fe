package io.wasmjava.devserver;

import io.wasmjava.devserver.GatewayConfig.ClusterAddress;
import java.util.Map;

/**
 * Resolves the cluster names plugins and routes use to addresses. A name resolves if it is defined exactly (an Envoy
 * cluster name, or a full Higress name such as {@code outbound|6379||redis.static}), or if it is a Higress name
 * {@code outbound|<port>|<subset>|<fqdn>} whose FQDN is defined ({@code --cluster token.static=127.0.0.1:9000}
 * serves {@code outbound|80||token.static}). A trailing {@code ?db=...} of a Redis init string is ignored.
 */
final class ClusterTable {
    private final Map<String, ClusterAddress> clusters;

    private ClusterTable(Map<String, ClusterAddress> clusters) {
        this.clusters = clusters;
    }

    static ClusterTable of(Map<String, ClusterAddress> clusters) {
        return new ClusterTable(Map.copyOf(clusters));
    }

    /** The address for {@code cluster}, or null if it has none. */
    ClusterAddress resolve(String cluster) {
        int question = cluster.indexOf('?');
        String bare = question < 0 ? cluster : cluster.substring(0, question);
        ClusterAddress exact = clusters.get(bare);
        if (exact != null) {
            return exact;
        }
        String fqdn = higressFqdn(bare);
        return fqdn == null ? null : clusters.get(fqdn);
    }

    boolean knows(String cluster) {
        return resolve(cluster) != null;
    }

    /** The FQDN part of {@code outbound|port|subset|fqdn}, or null if {@code cluster} is not of that form. */
    static String higressFqdn(String cluster) {
        String[] parts = cluster.split("\\|", -1);
        if (parts.length != 4 || !parts[0].equals("outbound") || parts[3].isEmpty()) {
            return null;
        }
        return parts[3];
    }
}
