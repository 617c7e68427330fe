package io.wasmjava.token;

import io.wasmjava.core.HeaderValidator;
import io.wasmjava.core.config.ConfigNode;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code skipRules} of a configuration: requests that get no token. A request is skipped if any rule matches it;
 * a rule matches if its path condition (when set) and its method condition (when set) both hold. This is the shape of
 * Higress {@code ext-auth}'s {@code match_list} in {@code whitelist} mode (alibaba/higress 4e0d6914,
 * {@code plugins/wasm-go/extensions/ext-auth/expr/match_rules.go:56-70}: path and method must both match, an unset
 * one matches anything), with camel-case names: {@code path} ({@code match_rule_path}), {@code pathMatch}
 * ({@code match_rule_type}: {@code exact}, {@code prefix}, {@code suffix} or {@code contains}; {@code exact} when
 * unset) and {@code methods} ({@code match_rule_method}, compared exactly, as HTTP methods are case-sensitive).
 * Immutable. Matching is a comparison of strings: linear in the path, whatever the client sends.
 *
 * <p>The path is the request's {@code :path} up to its first {@code ?}, as Envoy's router matches it: not
 * percent-decoded. Higress's {@code ext-auth} instead matches Go's {@code url.Parse(path).Path}
 * ({@code main.go:59}), which decodes escapes and reads {@code //evil/x} as host {@code evil} and path {@code /x}:
 * a client could then make the plugin see another path than the router routes.
 *
 * <p>ext-auth's {@code regex} type is not offered: linking the SDK's linear-time {@code io.wasmjava.regex.Regex}
 * into this module made {@code main.wasm} 132 KB (33%) larger (535,442 against 402,978 bytes, measured), for a
 * case the four string matches and several rules cover; this plugin's configuration uses no regular expression
 * elsewhere. {@code "pathMatch": "regex"} fails the configuration with that reason.
 */
final class SkipRules {
    static final String KEY = "skipRules";
    private static final List<String> FIELDS = Arrays.asList("path", "pathMatch", "methods");

    private enum PathMatch {
        EXACT("exact"),
        PREFIX("prefix"),
        SUFFIX("suffix"),
        CONTAINS("contains");

        final String value;

        PathMatch(String value) {
            this.value = value;
        }
    }

    private static final class Rule {
        final PathMatch pathMatch;
        final String path;
        final String[] methods;

        Rule(PathMatch pathMatch, String path, String[] methods) {
            this.pathMatch = pathMatch;
            this.path = path;
            this.methods = methods;
        }

        boolean matches(String method, String path) {
            return (pathMatch == null || pathMatches(path)) && (methods == null || hasMethod(method));
        }

        private boolean hasMethod(String method) {
            for (String candidate : methods) {
                if (candidate.equals(method)) {
                    return true;
                }
            }
            return false;
        }

        private boolean pathMatches(String requestPath) {
            // Ifs, not a switch on this enum: javac would add a synthetic switch-map class to the module.
            if (pathMatch == PathMatch.EXACT) {
                return requestPath.equals(path);
            }
            if (pathMatch == PathMatch.PREFIX) {
                return requestPath.startsWith(path);
            }
            if (pathMatch == PathMatch.SUFFIX) {
                return requestPath.endsWith(path);
            }
            return requestPath.contains(path);
        }
    }

    private final Rule[] rules;

    private SkipRules(Rule[] rules) {
        this.rules = rules;
    }

    /**
     * The rules at {@value #KEY}, or null if there are none (absent, {@code null} or an empty list), so that a
     * configuration without rules costs nothing per request.
     *
     * @throws io.wasmjava.core.config.ConfigException naming the bad field, e.g.
     *     {@code skipRules[1].pathMatch: must be "exact", "prefix", "suffix" or "contains" but was "glob"}
     */
    static SkipRules parse(ConfigNode json) {
        List<ConfigNode> nodes = json.array(KEY, null);
        if (nodes == null || nodes.isEmpty()) {
            return null;
        }
        Rule[] rules = new Rule[nodes.size()];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = rule(nodes.get(i).asObject());
        }
        return new SkipRules(rules);
    }

    private static Rule rule(ConfigNode node) {
        for (String key : node.keys()) {
            if (!FIELDS.contains(key)) {
                throw node.error(key, "unknown field");
            }
        }
        boolean hasPath = !node.isNull("path");
        boolean hasMethods = !node.isNull("methods");
        if (!hasPath && !hasMethods) {
            throw node.error("set path, methods or both: a rule without either would skip nothing");
        }
        if (!hasPath && !node.isNull("pathMatch")) {
            throw node.error("pathMatch", "needs a path");
        }
        PathMatch pathMatch = null;
        String path = null;
        if (hasPath) {
            path = node.string("path");
            if (path.isEmpty()) {
                throw node.error("path", "must not be empty");
            }
            pathMatch = pathMatch(node, node.string("pathMatch", PathMatch.EXACT.value));
        }
        return new Rule(pathMatch, path, hasMethods ? methods(node) : null);
    }

    private static PathMatch pathMatch(ConfigNode node, String value) {
        for (PathMatch candidate : PathMatch.values()) {
            if (candidate.value.equals(value)) {
                return candidate;
            }
        }
        if (value.equals("regex")) {
            throw node.error("pathMatch", "\"regex\" is not supported (it would make the module about 130 KB "
                    + "larger); use \"exact\", \"prefix\", \"suffix\" or \"contains\", with several rules if needed");
        }
        throw node.error("pathMatch", "must be \"exact\", \"prefix\", \"suffix\" or \"contains\" but was \"" + value
                + "\"");
    }

    private static String[] methods(ConfigNode node) {
        List<ConfigNode> elements = node.array("methods");
        if (elements.isEmpty()) {
            throw node.error("methods", "must not be empty (leave it out to match every method)");
        }
        String[] methods = new String[elements.size()];
        for (int i = 0; i < methods.length; i++) {
            ConfigNode element = elements.get(i);
            String method = element.asString();
            // A method is an RFC 9110 token, the character set of a header name.
            boolean token = !method.isEmpty();
            for (int c = 0; c < method.length() && token; c++) {
                token = HeaderValidator.isNameChar(method.charAt(c));
            }
            if (!token) {
                throw element.error("not an HTTP method (an RFC 9110 token): \"" + method + "\"");
            }
            methods[i] = method;
        }
        return methods;
    }

    /**
     * True if a rule matches the request: {@code method} is its {@code :method}, {@code path} its {@code :path}
     * (query included; it is cut here). Both may be empty (a request without them), never null.
     */
    boolean matches(String method, String path) {
        int query = path.indexOf('?');
        String requestPath = query < 0 ? path : path.substring(0, query);
        for (Rule rule : rules) {
            if (rule.matches(method, requestPath)) {
                return true;
            }
        }
        return false;
    }
}
