package io.wasmjava.token;

import io.wasmjava.cluster.Cluster;
import io.wasmjava.cluster.ClusterContext;
import io.wasmjava.cluster.Clusters;
import io.wasmjava.cluster.DnsCluster;
import io.wasmjava.cluster.K8sCluster;
import io.wasmjava.cluster.NacosCluster;
import io.wasmjava.cluster.StaticIpCluster;
import io.wasmjava.cluster.TargetCluster;
import io.wasmjava.core.HeaderValidator;
import io.wasmjava.core.InvalidHeaderException;
import io.wasmjava.core.config.ConfigNode;
import io.wasmjava.core.config.GjsonReader;

/**
 * Where the token service is: the configuration's service fields, read into the {@link Cluster} the token request
 * goes to. Three forms, tried in this order:
 *
 * <ol>
 *   <li>{@code cluster} (and optionally {@code authority}): a raw Envoy cluster name, used verbatim.
 *   <li>{@code serviceSource} with {@code serviceName}, {@code servicePort} and, per source, {@code namespace} or
 *       {@code domain}: Higress's {@code http-call} example (alibaba/higress
 *       {@code plugins/wasm-go/extensions/http-call/main.go:60-99}), which builds wasm-go's {@code K8sCluster},
 *       {@code NacosCluster}, {@code StaticIpCluster} or {@code DnsCluster}. The cluster module's descriptors give
 *       the same cluster names and authorities as wasm-go's {@code pkg/wrapper/cluster_wrapper.go}.
 *   <li>{@code serviceName} alone, the full Higress service name with its registry suffix ({@code token.static},
 *       {@code httpbin.prod.svc.cluster.local}): {@link Clusters#fromService}, Go's {@code FQDNCluster}.
 * </ol>
 *
 * <p>Where Higress accepts a configuration that cannot work, this class refuses it with the reason instead: a
 * {@code nacos} source without {@code namespace} (Go builds {@code <svc>.DEFAULT-GROUP..nacos}, a name Higress's
 * Nacos registry never creates: it uses {@code public} for an unset namespace id,
 * {@code registry/nacos/v2/watcher.go:224-231}), and a {@code dns} source without {@code domain} (Go sends an empty
 * {@code :authority}). A field Higress ignores (a {@code domain} with {@code k8s}, a {@code namespace} without
 * {@code serviceSource}) is accepted and logged once at WARN with its path, so a misplaced field is still visible.
 *
 * <p>The fields of Higress's configuration ({@code serviceSource}, {@code serviceName}, {@code servicePort},
 * {@code namespace}, {@code domain}) are read as Higress reads them, with gjson's conversions ({@link GjsonReader}):
 * {@code "servicePort": "8000"} is port 8000, {@code "serviceName": 123} the name {@code 123}, and {@code null} is
 * unset. A conversion that changes a value ({@code 8000.5} read as 8000) is accepted with a WARN. This plugin's own
 * fields ({@code cluster}, {@code authority}) are read strictly.
 *
 * <p>Line references: {@code HC} is {@code http-call/main.go} at alibaba/higress 4e0d6914, {@code CW} is
 * {@code cluster_wrapper.go} at higress-group/wasm-go b573359 (the version http-call's {@code go.mod} pins).
 */
final class TokenService {
    /**
     * Higress's {@code serviceSource} values (HC:66-99, a case-sensitive switch): the suffix each registry's cluster
     * name appends to {@code serviceName}, and the service fields it does not read.
     */
    private enum Source {
        K8S("k8s", ".svc.cluster.local", "domain"),
        NACOS("nacos", ".nacos", "domain"),
        IP("ip", ".static", "namespace", "domain"),
        DNS("dns", ".dns", "namespace");

        final String value;
        final String suffix;
        final String[] unread;

        Source(String value, String suffix, String... unread) {
            this.value = value;
            this.suffix = suffix;
            this.unread = unread;
        }

        /** The source named {@code value}, or null. */
        static Source of(String value) {
            for (Source source : values()) {
                if (source.value.equals(value)) {
                    return source;
                }
            }
            return null;
        }

        /**
         * The descriptor Higress's http-call builds for this source (HC:67-96).
         *
         * @throws IllegalArgumentException from the descriptor, naming its parameter
         */
        Cluster cluster(ConfigNode json, GjsonReader higress, String serviceName, int port) {
            // Ifs, not a switch on this enum: javac would add a synthetic switch-map class to the module.
            if (this == K8S) {
                // An empty namespace is Go's default too: K8sCluster.ClusterName uses "default" (CW:70-73).
                String namespace = TokenConfig.higressString(higress, json, "namespace");
                return K8sCluster.of(serviceName,
                        namespace.isEmpty() ? null : checkedAuthority(json, "namespace", namespace), port);
            }
            if (this == NACOS) {
                return NacosCluster.of(serviceName,
                        required(json, higress, "namespace", value, "the Nacos namespace id, e.g. public"), port);
            }
            if (this == IP) {
                return StaticIpCluster.of(serviceName, port);
            }
            return DnsCluster.of(serviceName, required(json, higress, "domain", value,
                    "the domain the service resolves, sent as :authority"), port);
        }
    }

    private TokenService() {
    }

    /**
     * The cluster the token request goes to, with the {@code :authority} it sends. {@code higress} reads the fields
     * of Higress's configuration and takes the warnings about them.
     *
     * @throws io.wasmjava.core.config.ConfigException naming the field, for a missing, conflicting or invalid one;
     *     an unknown {@code serviceSource} gives Higress's {@code unknown service source: <value>}
     */
    static Cluster cluster(ConfigNode json, GjsonReader higress) {
        String authority = json.has("authority")
                ? checkedAuthority(json, "authority", TokenConfig.nonEmpty(json, "authority")) : null;
        if (json.has("cluster")) {
            return explicitCluster(json, authority, higress);
        }
        // Unlike Higress, where it reads as "" (an unknown source), an unset serviceSource is the seed's form.
        boolean sourced = !json.isNull("serviceSource");
        Cluster service = sourced ? sourcedService(json, higress, higress.string(json, "serviceSource"))
                : namedService(json, higress);
        if (authority != null) {
            return TargetCluster.of(service.clusterName(ClusterContext.NONE), authority);
        }
        // Only a dns source takes its authority from another field than the service name.
        boolean dns = service instanceof DnsCluster && sourced;
        checkedAuthority(json, dns ? "domain" : "serviceName", service.authority(ClusterContext.NONE));
        return service;
    }

    private static Cluster explicitCluster(ConfigNode json, String authority, GjsonReader higress) {
        for (String key : new String[] {"serviceName", "serviceSource"}) {
            if (json.has(key)) {
                throw json.error("cluster", "set either cluster or " + key + ", not both");
            }
        }
        ignored(json, higress, "with cluster", "servicePort", "namespace", "domain");
        String cluster = TokenConfig.nonEmpty(json, "cluster");
        // Without an authority the cluster name stands in for it, so it must be a valid one.
        String host = authority != null ? authority : checkedAuthority(json, "cluster", cluster);
        try {
            return TargetCluster.of(cluster, host);
        } catch (IllegalArgumentException e) {
            throw descriptorError(json, e, "cluster");
        }
    }

    /** Higress {@code http-call}'s form: the registry in {@code serviceSource}, the name without its suffix. */
    private static Cluster sourcedService(ConfigNode json, GjsonReader higress, String source) {
        // Higress checks the name and port before the source (HC:61-65), so an unknown source with no port
        // reports the port, as there.
        String serviceName = TokenConfig.higressString(higress, json, "serviceName");
        if (serviceName.isEmpty()) {
            throw json.error("serviceName", "invalid service config (serviceSource needs a serviceName)");
        }
        int port = servicePort(json, higress);
        if (port == 0) {
            throw json.error("servicePort", "invalid service config (serviceSource needs a servicePort other than 0)");
        }
        Source registry = Source.of(source);
        if (registry == null) {
            throw json.error("serviceSource", "unknown service source: " + source);
        }
        ignored(json, higress, "with serviceSource " + source, registry.unread);
        Cluster cluster;
        try {
            cluster = registry.cluster(json, higress, serviceName, port);
        } catch (IllegalArgumentException e) {
            throw descriptorError(json, e, "serviceName");
        }
        if (serviceName.endsWith(registry.suffix)) {
            higress.tolerate(json.node("serviceName"), "\"" + serviceName + "\" already ends in " + registry.suffix
                    + " and serviceSource " + source + " appends its own, so the token request goes to "
                    + cluster.clusterName(ClusterContext.NONE) + ", as in Higress; to give the full service name, "
                    + "leave serviceSource out");
        }
        return cluster;
    }

    /** The form that names the whole service, registry suffix included. */
    private static Cluster namedService(ConfigNode json, GjsonReader higress) {
        if (!json.has("serviceName")) {
            throw json.error("serviceName", "required but missing (or set cluster)");
        }
        ignored(json, higress, "without serviceSource (serviceName is the full service name, e.g. "
                + "httpbin.prod.svc.cluster.local)", "namespace", "domain");
        String serviceName = TokenConfig.requiredHigressString(higress, json, "serviceName");
        int servicePort = servicePort(json, higress);
        try {
            return Clusters.fromService(serviceName, servicePort);
        } catch (IllegalArgumentException e) {
            throw descriptorError(json, e, "serviceName");
        }
    }

    /**
     * {@code servicePort} as Higress reads it, gjson's {@code Int()} (HC:62): {@code "8000"} is 8000, {@code 8000.5}
     * is 8000 (with a WARN); 0 if absent or {@code null}. Higress uses any other value in the cluster name
     * ({@code outbound|-1||...}); this plugin refuses a port outside 0-65535, which names no cluster.
     */
    private static int servicePort(ConfigNode json, GjsonReader higress) {
        if (json.isNull("servicePort")) {
            return 0;
        }
        long port = higress.integer(json, "servicePort");
        if (port < 0 || port > 65535) {
            throw json.error("servicePort", "must be between 0 and 65535 but was " + port);
        }
        return (int) port;
    }

    /** The non-empty string {@code key}, which {@code source} needs; {@code what} says what it is. */
    private static String required(ConfigNode json, GjsonReader higress, String key, String source, String what) {
        String value = TokenConfig.higressString(higress, json, key);
        if (value.isEmpty()) {
            throw json.error(key, "required with serviceSource " + source + ": " + what);
        }
        return value;
    }

    /** Reports each of {@code keys} that is set (not absent, not null) as ignored in this form. */
    private static void ignored(ConfigNode json, GjsonReader higress, String form, String... keys) {
        for (String key : keys) {
            if (!json.isNull(key)) {
                higress.tolerate(json.node(key), "ignored " + form);
            }
        }
    }

    /**
     * A descriptor's {@code field: problem} message as a configuration error at the field it came from: the
     * descriptors name their own parameters ({@code port}, {@code namespaceId}), the configuration its fields. A
     * parameter with no field of its own is reported at {@code otherField}.
     */
    private static RuntimeException descriptorError(ConfigNode json, IllegalArgumentException e, String otherField) {
        String message = e.getMessage();
        int colon = message.indexOf(':');
        String field = colon < 0 ? otherField : message.substring(0, colon);
        switch (field) {
            case "port":
                field = "servicePort";
                break;
            case "namespaceId":
                field = "namespace";
                break;
            case "namespace":
            case "domain":
            case "servicePort":
                break;
            default:
                field = otherField;
        }
        return json.error(field, message.substring(colon + 1).trim());
    }

    /** {@code authority}, which came from field {@code key}, if it is a valid {@code :authority}. */
    private static String checkedAuthority(ConfigNode json, String key, String authority) {
        try {
            HeaderValidator.checkAuthority(authority);
        } catch (InvalidHeaderException e) {
            throw json.error(key, e.getMessage());
        }
        return authority;
    }
}
