package io.wasmjava.core.runtime;

import io.wasmjava.core.Utf8;
import io.wasmjava.core.config.ConfigException;
import io.wasmjava.core.config.ConfigNode;
import io.wasmjava.core.config.Gjson;
import io.wasmjava.core.config.GjsonReader;
import io.wasmjava.core.config.Json;
import io.wasmjava.core.config.JsonKind;
import io.wasmjava.core.config.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Global and per-rule configuration, read and matched as higress-group/wasm-go's {@code pkg/matcher/rule_matcher.go}
 * does (the version Higress's plugins pin; line numbers below are of that file at {@code 41d65db}).
 *
 * <p>A configuration object may carry {@code _rules_}, each rule with {@code _match_route_}, {@code _match_domain_},
 * {@code _match_service_} and/or {@code _match_route_prefix_}. One key decides each rule ({@link Category}); rules are
 * checked in order and the first match wins; without a match the global configuration applies if there is one, else
 * the plugin is inactive for the request. The values are read as gjson reads them: {@code null} is an empty list, a
 * single value a one-element list, and each entry becomes text ({@link Gjson#string}); empty route, route-prefix and
 * service entries are dropped (a domain entry {@code ""} stays and matches an empty host), and a rule left without an
 * entry is rejected.
 *
 * <p>Not taken from wasm-go, on purpose: a request without {@code :authority}, for which wasm-go logs an error and
 * skips the plugin ({@code plugin_wrapper.go:954-958}), is matched with an empty host, so that a client cannot
 * bypass a plugin by leaving the header out; and a global part that fails to parse when there are no rules is
 * reported with its own path and message, without wasm-go's {@code parse config failed, no valid rules; global config
 * parse error:} prefix. wasm-go's opt-in rule-level isolation (a rule that fails to parse replaced by its last good
 * version) has no equivalent: every rule error fails the configuration, as it does in wasm-go by default.
 *
 * @param <C> the parsed configuration type
 */
public final class RuleMatcher<C> {
    static final String RULES_KEY = "_rules_";
    static final String MATCH_ROUTE_KEY = "_match_route_";
    static final String MATCH_DOMAIN_KEY = "_match_domain_";
    static final String MATCH_SERVICE_KEY = "_match_service_";
    static final String MATCH_ROUTE_PREFIX_KEY = "_match_route_prefix_";
    /** wasm-go's message for a rule without a match entry (its double space included), {@code rule_matcher.go:234}. */
    static final String NO_MATCH_KEY = "there is at least one of  '_match_route_', '_match_domain_', "
            + "'_match_service_' and '_match_route_prefix_' can present in configuration.";
    /** wasm-go's message when neither rules nor a global part exist, {@code rule_matcher.go:212}. */
    static final String NO_RULES = "parse config failed, no valid rules; global config parse error:<nil>";

    /** How a rule selects requests: by the first of its non-empty keys in the order route, domain, service, prefix. */
    public enum Category {
        /** {@code _match_route_}: the route name is one of the entries. */
        ROUTE,
        /** {@code _match_domain_} (without routes): the host, port stripped, matches an entry. */
        HOST,
        /** {@code _match_service_} (without routes or domains): the cluster's FQDN (and port) match an entry. */
        SERVICE,
        /** {@code _match_route_prefix_} alone: the route name starts with an entry. */
        ROUTE_PREFIX,
        /** {@code _match_route_} and {@code _match_service_}: both must match. */
        ROUTE_AND_SERVICE
    }

    private final C global;
    private final boolean hasGlobal;
    private final List<Rule<C>> rules;
    private final String ignoredGlobalError;
    private final List<String> warnings;

    private RuleMatcher(C global, boolean hasGlobal, List<Rule<C>> rules, String ignoredGlobalError,
            List<String> warnings) {
        this.global = global;
        this.hasGlobal = hasGlobal;
        this.rules = rules;
        this.ignoredGlobalError = ignoredGlobalError;
        this.warnings = warnings;
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
     * Parses {@code config}. A document that is not an object has no keys for gjson ({@code Map()} is empty), so, as
     * in wasm-go ({@code rule_matcher.go:186-192}), it is the global configuration and reads as {@code {}}; a warning
     * says so.
     *
     * @throws ConfigException if a rule has no match entry or fails to parse, or there is neither a rule nor a
     *     valid global configuration
     */
    public static <C> RuleMatcher<C> parse(JsonValue config, Parser<C> parser) {
        List<String> warnings = new ArrayList<>();
        if (config.kind() != JsonKind.OBJECT) {
            warnings.add("$: the configuration is a JSON " + Utf8.lowerAscii(config.kind().name())
                    + ", not an object; read as {}, as Higress reads it");
            config = Json.parse("{}");
        }
        ConfigNode root = ConfigNode.root(config);
        // rule_matcher.go:193-196: the key counts even when its value is null or empty.
        boolean hasRulesKey = root.has(RULES_KEY);
        List<ConfigNode> ruleNodes =
                hasRulesKey ? GjsonReader.elements(root.node(RULES_KEY)) : Collections.<ConfigNode>emptyList();
        boolean hasRules = !ruleNodes.isEmpty();
        C global = null;
        boolean hasGlobal = false;
        String ignoredGlobalError = null;
        // rule_matcher.go:188-192 and 199-207: an empty object, or one with keys besides _rules_, is a global part.
        if (!hasRulesKey || root.keys().size() > 1) {
            try {
                global = parser.parse(root, null, false);
                hasGlobal = true;
            } catch (ConfigException e) {
                if (!hasRules) {
                    throw e;
                }
                // With rules present, a global part that does not parse just means "no global config".
                ignoredGlobalError = e.getMessage();
            }
        }
        if (!hasRules && !hasGlobal) {
            throw root.error(RULES_KEY, NO_RULES);
        }
        List<Rule<C>> rules = new ArrayList<>();
        for (ConfigNode ruleNode : ruleNodes) {
            rules.add(parseRule(ruleNode, global, parser, warnings));
        }
        return new RuleMatcher<>(global, hasGlobal, Collections.unmodifiableList(rules), ignoredGlobalError,
                Collections.unmodifiableList(warnings));
    }

    private static <C> Rule<C> parseRule(ConfigNode node, C global, Parser<C> parser, List<String> warnings) {
        List<String> routes = entries(node, MATCH_ROUTE_KEY, false, warnings);
        List<String> domains = entries(node, MATCH_DOMAIN_KEY, true, warnings);
        List<String> services = entries(node, MATCH_SERVICE_KEY, false, warnings);
        List<String> routePrefixes = entries(node, MATCH_ROUTE_PREFIX_KEY, false, warnings);
        if (routes.isEmpty() && domains.isEmpty() && services.isEmpty() && routePrefixes.isEmpty()) {
            throw node.error(NO_MATCH_KEY);
        }
        // rule_matcher.go:236-247. The keys a category does not read are kept by wasm-go and never consulted.
        Category category;
        String decidingKey;
        if (!routes.isEmpty()) {
            category = services.isEmpty() ? Category.ROUTE : Category.ROUTE_AND_SERVICE;
            decidingKey = MATCH_ROUTE_KEY;
        } else if (!domains.isEmpty()) {
            category = Category.HOST;
            decidingKey = MATCH_DOMAIN_KEY;
        } else if (!services.isEmpty()) {
            category = Category.SERVICE;
            decidingKey = MATCH_SERVICE_KEY;
        } else {
            category = Category.ROUTE_PREFIX;
            decidingKey = MATCH_ROUTE_PREFIX_KEY;
        }
        if (category != Category.HOST && !domains.isEmpty()) {
            warnUnused(node, MATCH_DOMAIN_KEY, decidingKey, warnings);
        }
        if (category == Category.HOST && !services.isEmpty()) {
            warnUnused(node, MATCH_SERVICE_KEY, decidingKey, warnings);
        }
        if (category != Category.ROUTE_PREFIX && !routePrefixes.isEmpty()) {
            warnUnused(node, MATCH_ROUTE_PREFIX_KEY, decidingKey, warnings);
        }
        C config = parser.parse(node, global, true);
        return new Rule<>(category, routes, domains, services, routePrefixes, config);
    }

    private static void warnUnused(ConfigNode rule, String key, String decidingKey, List<String> warnings) {
        warnings.add(rule.node(key).path() + ": never consulted, as in Higress: " + decidingKey + " decides this rule");
    }

    /**
     * The entries of {@code key} as wasm-go reads them ({@code rule_matcher.go:307-362}): gjson's {@code Array()} of
     * the value, each element's {@code String()}; an empty entry is dropped unless {@code keepEmpty} (domains), with a
     * warning. A rule that is not an object has no entries: gjson finds no key in it.
     */
    private static List<String> entries(ConfigNode rule, String key, boolean keepEmpty, List<String> warnings) {
        ConfigNode value = GjsonReader.get(rule, key);
        if (value == null) {
            return Collections.emptyList();
        }
        List<String> entries = new ArrayList<>();
        for (ConfigNode element : GjsonReader.elements(value)) {
            String entry = Gjson.string(element.value());
            if (entry.isEmpty() && !keepEmpty) {
                warnings.add(element.path() + ": empty entry ignored, as Higress ignores it");
            } else {
                entries.add(entry);
            }
        }
        return Collections.unmodifiableList(entries);
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
     * What the configuration has that Higress accepts but never uses (an empty match entry, a match key that another
     * key of its rule overrides, a document that is not an object), each as {@code path: what}; the runtime logs each
     * at WARN once, so a typo stays visible. Empty if there is none.
     */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * The configuration for a request: the first matching rule's, else the global one, else null (plugin inactive).
     * A null argument counts as empty, as a missing property does in wasm-go ({@code rule_matcher.go:132-139}).
     *
     * @param host the request {@code :authority} (a port is stripped), may be null
     * @param routeName the {@code route_name} property, may be null
     * @param clusterName the {@code cluster_name} property, may be null
     */
    public C match(String host, String routeName, String clusterName) {
        String strippedHost = stripPort(host == null ? "" : host);
        String route = routeName == null ? "" : routeName;
        String cluster = clusterName == null ? "" : clusterName;
        for (Rule<C> rule : rules) {
            if (rule.matches(strippedHost, route, cluster)) {
                return rule.config();
            }
        }
        return hasGlobal ? global : null;
    }

    /**
     * Strips a port from a host, leaving IPv6 literals intact: {@code [::1]:80} becomes {@code [::1]}
     * ({@code rule_matcher.go:364-379}, after Envoy's {@code header_utility.cc}).
     */
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

        /** The key that decides this rule. */
        public Category category() {
            return category;
        }

        /** The rule's parsed configuration. */
        public C config() {
            return config;
        }

        /** {@code rule_matcher.go:140-174}: only the category's keys are consulted. */
        boolean matches(String strippedHost, String routeName, String clusterName) {
            // Comparisons instead of a switch: javac compiles a switch on an enum to a lookup class ($SwitchMap),
            // which costs about 1.2 KB of every module under TeaVM.
            if (category == Category.ROUTE) {
                return routeMatches(routeName);
            }
            if (category == Category.HOST) {
                return hostMatches(strippedHost);
            }
            if (category == Category.SERVICE) {
                return serviceMatches(clusterName);
            }
            if (category == Category.ROUTE_PREFIX) {
                return routePrefixMatches(routeName);
            }
            return category == Category.ROUTE_AND_SERVICE && routeMatches(routeName) && serviceMatches(clusterName);
        }

        private boolean routeMatches(String routeName) {
            // indexOf, not contains: TeaVM's contains calls equals on each element, and its type analysis merges the
            // elements of every list in the module, JsonValue's children included, so contains would link
            // JsonValue.equals and hashCode (3.8 KB). indexOf calls equals on the argument, a String.
            return routes.indexOf(routeName) >= 0;
        }

        /** {@code rule_matcher.go:343-362, 381-402}: {@code *x} is a suffix, {@code x*} a prefix, else exact. */
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

        /**
         * {@code rule_matcher.go:404-420}: the cluster name must be {@code outbound|port|subset|fqdn}; an entry with a
         * {@code :} (the last one) matches fqdn and port, and any entry also matches when it equals the whole fqdn.
         */
        private boolean serviceMatches(String clusterName) {
            // Exactly four '|'-separated parts, split without regex (keeps the module small).
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
                if (colon != -1 && fqdn.equals(service.substring(0, colon))
                        && port.equals(service.substring(colon + 1))) {
                    return true;
                }
                if (fqdn.equals(service)) {
                    return true;
                }
            }
            return false;
        }
    }
}
