package io.wasmjava.cluster;

/**
 * A Kubernetes service: Go's {@code K8sCluster}.
 *
 * <ul>
 *   <li>Cluster name: {@code outbound|<port>|<version>|<serviceName>.<namespace>.svc.cluster.local}, e.g.
 *       {@code outbound|8080|1.0|foo.bar.svc.cluster.local}; the version is empty when not set.
 *   <li>Authority: the host if set, else {@code <serviceName>.<namespace>.svc.cluster.local}.
 * </ul>
 *
 * <p>The namespace defaults to {@link #DEFAULT_NAMESPACE} in <em>both</em>. This deliberately differs from the Go
 * SDK, whose {@code HostName()} does not apply the default and yields {@code foo..svc.cluster.local} when the
 * namespace is empty; the cluster name is identical to Go's in every case.
 *
 * @param serviceName the Kubernetes service name
 * @param namespace the namespace; null given to the constructor means {@link #DEFAULT_NAMESPACE}, so this
 *     component is never null
 * @param port the service port, 1–65535
 * @param version the service version, e.g. {@code 1.0}, or null to leave the version field of the name empty
 * @param host the authority to send instead of the cluster-local FQDN, or null for that FQDN
 */
public record K8sCluster(String serviceName, String namespace, int port, String version, String host)
        implements FixedCluster {
    /** The namespace used when none is set. */
    public static final String DEFAULT_NAMESPACE = "default";

    /**
     * Checks the components and defaults the namespace.
     *
     * @throws IllegalArgumentException naming the field, if a name part ({@code serviceName}, a non-null
     *     {@code namespace} or {@code version}) is empty or contains {@code |} or whitespace, {@code port} is outside
     *     1–65535, or {@code host} is empty or contains whitespace
     */
    public K8sCluster {
        Checks.namePart("serviceName", serviceName);
        namespace = namespace == null ? DEFAULT_NAMESPACE : Checks.namePart("namespace", namespace);
        Checks.port("port", port);
        Checks.optionalNamePart("version", version);
        Checks.optionalToken("host", host);
    }

    /**
     * Returns the cluster {@code outbound|<port>||<serviceName>.<namespace>.svc.cluster.local} with that FQDN as
     * authority.
     *
     * @param namespace the namespace, or null for {@link #DEFAULT_NAMESPACE}
     * @throws IllegalArgumentException as the constructor
     */
    public static K8sCluster of(String serviceName, String namespace, int port) {
        return new K8sCluster(serviceName, namespace, port, null, null);
    }

    /** Returns {@code outbound|<port>|<version>|<serviceName>.<namespace>.svc.cluster.local}. */
    @Override
    public String clusterName() {
        return Checks.outbound(port, version, fqdn());
    }

    /** Returns the host if set, else {@code <serviceName>.<namespace>.svc.cluster.local} (namespace defaulted). */
    @Override
    public String authority() {
        return host != null ? host : fqdn();
    }

    private String fqdn() {
        return serviceName + "." + namespace + ".svc.cluster.local";
    }
}
