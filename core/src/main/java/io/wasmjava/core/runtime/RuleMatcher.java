package io.wasmjava.core.runtime;

import io.wasmjava.core.config.ConfigException;
import io.wasmjava.core.config.ConfigNode;
import io.wasmjava.core.config.JsonKind;
import io.wasmjava.core.config.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Global and per-rule configuration, with Higress's semantics ({@code pkg/matcher/rule_matcher.go}): a configuration
 * object may carry {@code _rules_}, each rule with {@code _match_route_}, {@code _match_domain_},
 * {@code _match_service_} and/or {@code _match_route_prefix_}. Rules are checked in order and the first match wins;
 * without a match the global configuration applies if there is one, else the plugin is inactive for the request.
 *
 * @param <C> the parsed configuration type
 */
public final class RuleMatcher<C> {
    static final String RULES_KEY = "_rules_";
    static final String MATCH_ROUTE_KEY = "_match_route_";
    static final String MATCH_DOMAIN_KEY = "_match_domain_";
    static final String MATCH_SERVICE_KEY = "_match_service_";
    static final String MATCH_ROUTE_PREFIX_KEY = "_match_route_prefix_";

    /** How a rule selects requests. */
    public enum Category {
        ROUTE,
        HOST,
        SERVICE,
        ROUTE_PREFIX,
        ROUTE_AND_SERVICE
    }

    private final C global;
    private final boolean hasGlobal;
    private final List<Rule<C>> rules;
    private final String ignoredGlobalError;

    private RuleMatcher(C global, boolean hasGlobal, List<Rule<C>> rules, String ignoredGlobalError) {
        this.global = global;
        this.hasGlobal = hasGlobal;
        this.rules = rules;
        this.ignoredGlobalError = ignoredGlobalError;
    }

    /** Parses one configuration object (the global part or a rule). */
    @FunctionalInterface
    public interface Parser<C> {
        /**
         * @param global the parsed global configuration for rules (null if none), null for the global part itself
         * @throws ConfigException naming the bad field's path
         */
        C parse(ConfigNode node, C global, boolean isRule);
    }

    /**
     * Parses {@code config}.
     *
     * @throws ConfigException if the document is not an object, a rule lacks match keys or fails to parse, or there
     *     is neither a rule nor a valid global configuration
     */
    public static <C> RuleMatcher<C> parse(JsonValue config, Parser<C> parser) {
        ConfigNode root = ConfigNode.root(config);
        if (config.kind() != JsonKind.OBJECT) {
            throw root.error("expected a JSON object but was " + config.kind().name().toLowerCase());
        }
        boolean hasRulesKey = !root.isNull(RULES_KEY);
        // Higress counts rules, not the key: an empty _rules_ array means "no rules" (rule_matcher.go len(rules) == 0).
        List<ConfigNode> ruleNodes = hasRulesKey ? root.array(RULES_KEY) : Collections.<ConfigNode>emptyList();
        boolean hasRules = !ruleNodes.isEmpty();
        boolean hasOtherKeys = false;
        for (String key : root.keys()) {
            if (!key.equals(RULES_KEY)) {
                hasOtherKeys = true;
            }
        }
        C global = null;
        boolean hasGlobal = false;
        String ignoredGlobalError = null;
        if (hasOtherKeys || !hasRulesKey) {
            try {
                global = parser.parse(root, null, false);
                hasGlobal = true;
            } catch (ConfigException e) {
                if (!hasRules) {
                    throw e;
                }
                // Higress: with rules present, a global part that does not parse just means "no global config".
                ignoredGlobalError = e.getMessage();
            }
        }
        if (!hasRules && !hasGlobal) {
            throw root.error(RULES_KEY, "no valid rules and no global config");
        }
        List<Rule<C>> rules = new ArrayList<>();
        for (ConfigNode ruleNode : ruleNodes) {
            rules.add(parseRule(ruleNode, global, parser));
        }
        return new RuleMatcher<>(global, hasGlobal, Collections.unmodifiableList(rules), ignoredGlobalError);
    }

    private static <C> Rule<C> parseRule(ConfigNode node, C global, Parser<C> parser) {
        node.asObject();
        List<String> routes = optionalStrings(node, MATCH_ROUTE_KEY);
        List<String> domains = optionalStrings(node, MATCH_DOMAIN_KEY);
        List<String> services = optionalStrings(node, MATCH_SERVICE_KEY);
        List<String> routePrefixes = optionalStrings(node, MATCH_ROUTE_PREFIX_KEY);
        if (routes.isEmpty() && domains.isEmpty() && services.isEmpty() && routePrefixes.isEmpty()) {
            throw node.error("there is at least one of  '_match_route_', '_match_domain_', '_match_service_' and "
                    + "'_match_route_prefix_' can present in configuration.");
        }
        Category category;
        if (!routes.isEmpty()) {
            category = services.isEmpty() ? Category.ROUTE : Category.ROUTE_AND_SERVICE;
        } else if (!domains.isEmpty()) {
            category = Category.HOST;
        } else if (!services.isEmpty()) {
            category = Category.SERVICE;
        } else {
            category = Category.ROUTE_PREFIX;
        }
        C config = parser.parse(node, global, true);
        return new Rule<>(category, routes, domains, services, routePrefixes, config);
    }

    private static List<String> optionalStrings(ConfigNode node, String key) {
        if (!node.has(key) || node.isNull(key)) {
            return Collections.emptyList();
        }
        return node.stringList(key);
    }

    /** True if the document had a global part that parsed. */
    public boolean hasGlobal() {
        return hasGlobal;
    }

    /** The global configuration, or null. */
    public C global() {
        return global;
    }

    /** The rules in configuration order. */
    public List<Rule<C>> rules() {
        return rules;
    }

    /**
     * The error of a global part that was ignored because rules exist (Higress behaviour), or null. The runtime logs
     * it so operators can see it.
     */
    public String ignoredGlobalError() {
        return ignoredGlobalError;
    }

    /**
     * The configuration for a request: the first matching rule's, else the global one, else null (plugin inactive).
     *
     * @param host the request {@code :authority} (a port is stripped), may be null
     * @param routeName the {@code route_name} property, may be null
     * @param clusterName the {@code cluster_name} property, may be null
     */
    public C match(String host, String routeName, String clusterName) {
        for (Rule<C> rule : rules) {
            if (rule.matches(host, routeName, clusterName)) {
                return rule.config();
            }
        }
        return hasGlobal ? global : null;
    }

    /** Strips a port from a host, leaving IPv6 literals intact: {@code [::1]:80} becomes {@code [::1]}. */
    static String stripPort(String host) {
        int colon = host.lastIndexOf(':');
        if (colon != -1) {
            int bracket = host.lastIndexOf(']');
            if (bracket == -1 || bracket < colon) {
                return host.substring(0, colon);
            }
        }
        return host;
    }

    /** One {@code _rules_} entry. */
    public static final class Rule<C> {
        private final Category category;
        private final List<String> routes;
        private final List<String> domains;
        private final List<String> services;
        private final List<String> routePrefixes;
        private final C config;

        Rule(Category category, List<String> routes, List<String> domains, List<String> services,
                List<String> routePrefixes, C config) {
            this.category = category;
            this.routes = routes;
            this.domains = domains;
            this.services = services;
            this.routePrefixes = routePrefixes;
            this.config = config;
        }

        public Category category() {
            return category;
        }

        public C config() {
            return config;
        }

        boolean matches(String host, String routeName, String clusterName) {
            switch (category) {
                case ROUTE:
                    return routeName != null && routes.contains(routeName);
                case HOST:
                    return host != null && hostMatches(stripPort(host));
                case SERVICE:
                    return clusterName != null && serviceMatches(clusterName);
                case ROUTE_PREFIX:
                    return routeName != null && routePrefixMatches(routeName);
                case ROUTE_AND_SERVICE:
                    return routeName != null && routes.contains(routeName)
                            && clusterName != null && serviceMatches(clusterName);
                default:
                    return false;
            }
        }

        private boolean hostMatches(String host) {
            for (String domain : domains) {
                if (domain.startsWith("*")) {
                    if (host.endsWith(domain.substring(1))) {
                        return true;
                    }
                } else if (domain.endsWith("*")) {
                    if (host.startsWith(domain.substring(0, domain.length() - 1))) {
                        return true;
                    }
                } else if (host.equals(domain)) {
                    return true;
                }
            }
            return false;
        }

        private boolean routePrefixMatches(String routeName) {
            for (String prefix : routePrefixes) {
                if (routeName.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }

        private boolean serviceMatches(String clusterName) {
            // outbound|port|subset|fqdn: exactly four parts, split without regex (keeps the module small).
            int first = clusterName.indexOf('|');
            int second = first < 0 ? -1 : clusterName.indexOf('|', first + 1);
            int third = second < 0 ? -1 : clusterName.indexOf('|', second + 1);
            if (third < 0 || clusterName.indexOf('|', third + 1) >= 0) {
                return false;
            }
            String port = clusterName.substring(first + 1, second);
            String fqdn = clusterName.substring(third + 1);
            for (String service : services) {
                int colon = service.lastIndexOf(':');
                if (colon != -1) {
                    if (fqdn.equals(service.substring(0, colon)) && port.equals(service.substring(colon + 1))) {
                        return true;
                    }
                } else if (fqdn.equals(service)) {
                    return true;
                }
            }
            return false;
        }
    }
}
