package io.wasmjava.cluster;

/**
 * Builds a {@link Cluster} from a service as Higress plugin configurations carry it: a service name with its
 * registry suffix, as Higress lists it ({@code redis.static}, {@code my-svc.dns},
 * {@code svc.DEFAULT-GROUP.public.nacos}, {@code svc.ns.svc.cluster.local}), plus a port.
 *
 * <p>Higress's Go plugins turn every such name into {@code FQDNCluster{FQDN: serviceName, Port: port}}, so the
 * callout goes to {@code outbound|<port>||<serviceName>} with {@code :authority <serviceName>}. This factory returns
 * the descriptor that matches the suffix, built so that its cluster name <em>and</em> authority are byte-identical
 * to that: a ported plugin sends exactly what the Go plugin sent.
 *
 * <table>
 *   <caption>Service name to descriptor ({@code p} is the port after defaulting)</caption>
 *   <tr><th>service name</th><th>descriptor</th><th>cluster name</th><th>authority</th></tr>
 *   <tr><td>{@code x.static}</td><td>{@code StaticIpCluster(serviceName x, port p, host x.static)}</td>
 *       <td>{@code outbound|p||x.static}</td><td>{@code x.static}</td></tr>
 *   <tr><td>{@code x.dns}</td><td>{@code DnsCluster(serviceName x, domain x.dns, port p)}</td>
 *       <td>{@code outbound|p||x.dns}</td><td>{@code x.dns}</td></tr>
 *   <tr><td>{@code s.g.n.nacos}</td>
 *       <td>{@code NacosCluster(serviceName s, group g, namespaceId n, port p, host s.g.n.nacos)}</td>
 *       <td>{@code outbound|p||s.g.n.nacos}</td><td>{@code s.g.n.nacos}</td></tr>
 *   <tr><td>{@code s.g.n.nacos-ext}</td><td>the same, with {@code extRegistry}</td>
 *       <td>{@code outbound|p||s.g.n.nacos-ext}</td><td>{@code s.g.n.nacos-ext}</td></tr>
 *   <tr><td>{@code s.ns.svc.cluster.local}</td><td>{@code K8sCluster(serviceName s, namespace ns, port p)}</td>
 *       <td>{@code outbound|p||s.ns.svc.cluster.local}</td><td>{@code s.ns.svc.cluster.local}</td></tr>
 *   <tr><td>{@code s.dc.consul}</td>
 *       <td>{@code ConsulCluster(serviceName s, datacenter dc, port p, host s.dc.consul)}</td>
 *       <td>{@code outbound|p||s.dc.consul}</td><td>{@code s.dc.consul}</td></tr>
 *   <tr><td>anything else</td><td>{@code FqdnCluster(fqdn name, port p)}</td>
 *       <td>{@code outbound|p||name}</td><td>{@code name}</td></tr>
 * </table>
 *
 * <p>Details:
 * <ul>
 *   <li>Suffixes are matched case-sensitively, as Go's {@code strings.HasSuffix}. Within a Nacos or Consul name the
 *       service part is everything before the last two (Nacos) or the last one (Consul) dot-separated labels, so it
 *       may itself contain dots; a Kubernetes name must have exactly two labels before {@code .svc.cluster.local}.
 *   <li>A name whose labels do not fit its suffix (e.g. {@code .static} alone, {@code x.consul} without a
 *       datacenter, {@code a.b.c.svc.cluster.local}), or whose typed descriptor would change the name (a Nacos group
 *       containing {@code _}, which {@link NacosCluster} rewrites to {@code -}), becomes an {@link FqdnCluster}, so
 *       the cluster name stays the one Go produces.
 *   <li>The authority is the full service name, not the descriptor's own default (which would drop the suffix),
 *       because that is what the Go plugins send. A {@code .dns} name does not say which domain the registry
 *       resolves, so {@link DnsCluster#domain()} is the service name too. To send another {@code :authority}, give
 *       the HTTP client an absolute URL, or build the descriptor directly.
 *   <li>Port 0 means "not configured": a {@code .static} name gets {@link StaticIpCluster#DEFAULT_PORT} (80, Higress's
 *       logical port for static services), any other name the caller's default port (e.g. 6379 for Redis). The
 *       {@code .static} rule wins over the caller's default, as in every Higress plugin.
 * </ul>
 */
public final class Clusters {
    /** The {@code defaultPort} meaning "no default": port 0 is then an error for names other than {@code .static}. */
    public static final int NO_DEFAULT_PORT = 0;

    private static final String STATIC = ".static";
    private static final String DNS = ".dns";
    private static final String NACOS = ".nacos";
    private static final String NACOS_EXT = ".nacos-ext";
    private static final String K8S = ".svc.cluster.local";
    private static final String CONSUL = ".consul";

    private Clusters() {
    }

    /**
     * Returns the cluster for a configured service with no default port: the same as
     * {@code fromService(serviceName, servicePort, NO_DEFAULT_PORT)}.
     *
     * @param serviceName the service name with its registry suffix, e.g. {@code redis.static}
     * @param servicePort the configured port, or 0 when not configured (only {@code .static} names have a default)
     * @throws IllegalArgumentException if {@code serviceName} is null, empty, blank or contains {@code |} or
     *     whitespace, or the port is outside 1–65535 after defaulting (e.g.
     *     {@code servicePort: must be 1-65535 but was 70000})
     */
    public static Cluster fromService(String serviceName, int servicePort) {
        return fromService(serviceName, servicePort, NO_DEFAULT_PORT);
    }

    /**
     * Returns the cluster for a configured service, mapped as the class documentation describes.
     *
     * @param serviceName the service name with its registry suffix, e.g. {@code redis.static}
     * @param servicePort the configured port, or 0 when not configured
     * @param defaultPort the port to use when {@code servicePort} is 0 and the name does not end in {@code .static},
     *     or {@link #NO_DEFAULT_PORT}
     * @return a descriptor whose cluster name is {@code outbound|<port>||<serviceName>} and whose authority is
     *     {@code serviceName}
     * @throws IllegalArgumentException if {@code serviceName} is null, empty, blank or contains {@code |} or
     *     whitespace, {@code defaultPort} is neither 0 nor 1–65535, or the port is outside 1–65535 after
     *     defaulting (e.g. {@code servicePort: must be 1-65535 but was 70000})
     */
    public static Cluster fromService(String serviceName, int servicePort, int defaultPort) {
        Checks.namePart("serviceName", serviceName);
        if (defaultPort != NO_DEFAULT_PORT && (defaultPort < Checks.MIN_PORT || defaultPort > Checks.MAX_PORT)) {
            throw new IllegalArgumentException("defaultPort: must be 0 (none) or 1-65535 but was " + defaultPort);
        }
        int port = servicePort;
        if (port == 0) {
            port = serviceName.endsWith(STATIC) ? StaticIpCluster.DEFAULT_PORT : defaultPort;
        }
        Checks.port("servicePort", port);

        FixedCluster typed = typed(serviceName, port);
        // The guarantee is Go parity, so any typed descriptor that would encode the name differently is dropped.
        if (typed != null
                && typed.clusterName().equals(Checks.outbound(port, null, serviceName))
                && typed.authority().equals(serviceName)) {
            return typed;
        }
        return FqdnCluster.of(serviceName, port);
    }

    /** Returns the descriptor for the name's registry suffix, or null when the name does not fit one. */
    private static FixedCluster typed(String name, int port) {
        if (name.endsWith(STATIC)) {
            String serviceName = strip(name, STATIC);
            return serviceName.isEmpty()
                    ? null
                    : new StaticIpCluster(serviceName, port, name);
        }
        if (name.endsWith(DNS)) {
            String serviceName = strip(name, DNS);
            return serviceName.isEmpty() ? null : DnsCluster.of(serviceName, name, port);
        }
        if (name.endsWith(NACOS) || name.endsWith(NACOS_EXT)) {
            boolean ext = name.endsWith(NACOS_EXT);
            String rest = strip(name, ext ? NACOS_EXT : NACOS);
            int namespaceDot = rest.lastIndexOf('.');
            int groupDot = namespaceDot <= 0 ? -1 : rest.lastIndexOf('.', namespaceDot - 1);
            if (groupDot <= 0 || namespaceDot == rest.length() - 1 || groupDot == namespaceDot - 1) {
                return null;
            }
            return new NacosCluster(rest.substring(0, groupDot), rest.substring(groupDot + 1, namespaceDot),
                    rest.substring(namespaceDot + 1), port, ext, null, name);
        }
        if (name.endsWith(K8S)) {
            String rest = strip(name, K8S);
            int dot = rest.indexOf('.');
            if (dot <= 0 || dot == rest.length() - 1 || rest.indexOf('.', dot + 1) >= 0) {
                return null;
            }
            return K8sCluster.of(rest.substring(0, dot), rest.substring(dot + 1), port);
        }
        if (name.endsWith(CONSUL)) {
            String rest = strip(name, CONSUL);
            int dot = rest.lastIndexOf('.');
            if (dot <= 0 || dot == rest.length() - 1) {
                return null;
            }
            return new ConsulCluster(rest.substring(0, dot), rest.substring(dot + 1), port, name);
        }
        return null;
    }

    private static String strip(String name, String suffix) {
        return name.substring(0, name.length() - suffix.length());
    }
}
