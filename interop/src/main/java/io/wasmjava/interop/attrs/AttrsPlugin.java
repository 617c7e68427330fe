package io.wasmjava.interop.attrs;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.HttpContext;
import io.wasmjava.core.Log;
import io.wasmjava.core.Plugin;
import io.wasmjava.core.PluginContext;
import io.wasmjava.core.UnknownForeignFunctionException;
import io.wasmjava.core.Utf8;
import io.wasmjava.core.config.ConfigNode;
import io.wasmjava.core.config.Json;
import io.wasmjava.core.config.JsonKind;
import io.wasmjava.core.config.JsonValue;
import io.wasmjava.core.host.HostStatusException;
import java.util.ArrayList;
import java.util.List;

/**
 * Uses the APIs of issue #15 that need no callout. Built with every VM lifecycle option
 * ({@link #REBUILD_AFTER_REQUESTS}, {@link #REBUILD_MAX_MEMORY_BYTES}, {@link #MAX_REQUESTS_PER_IO_CYCLE}) and in
 * safe-log mode. At start it reads plugin-level properties, outside any request, and keeps them. Each request says
 * what to do in its request headers (all in the request-headers phase):
 *
 * <ul>
 *   <li>{@code x-attrs}: a JSON object; each member becomes a user attribute (a string, an integer as {@code long},
 *       another number as {@code double}, a boolean, or null);</li>
 *   <li>{@code x-write}: comma-separated writers to run, {@code trace} or a log property name ({@code custom_log}
 *       through {@code writeUserAttributesToLog()}, any other through {@code writeUserAttributesToLog(name)}); the
 *       results are added as header {@code x-written} ({@code name=true|false}, {@code trace});</li>
 *   <li>{@code x-props}: any value; adds {@code x-props-result} with the typed request getters and {@code x-plugin-props}
 *       with the plugin-level properties read now and at start;</li>
 *   <li>{@code x-ff}: a foreign function name, called with the bytes of {@code x-ff-arg}; adds {@code x-ff-result}
 *       ({@code ok:<result as text>}, {@code unknown:<name>} or {@code failed:<status>});</li>
 *   <li>{@code x-log}: any value; logs with templates and a sensitive argument at each level, and an unsafe
 *       message.</li>
 * </ul>
 */
public final class AttrsPlugin {
    public static final long REBUILD_AFTER_REQUESTS = 3;
    public static final long REBUILD_MAX_MEMORY_BYTES = 100L * 1024 * 1024;
    public static final long MAX_REQUESTS_PER_IO_CYCLE = 20;
    private static final String AT_START = "at-start";

    private AttrsPlugin() {
    }

    public static Plugin<ConfigNode> definition() {
        return Plugin.builder("attrs")
                .rebuildAfterRequests(REBUILD_AFTER_REQUESTS)
                .rebuildMaxMemoryBytes(REBUILD_MAX_MEMORY_BYTES)
                .maxRequestsPerIoCycle(MAX_REQUESTS_PER_IO_CYCLE)
                .enableSafeLog()
                .onPluginStart(plugin -> plugin.setAttribute(AT_START, pluginProperties(plugin)))
                .onRequestHeaders((http, config) -> requestHeaders(http))
                .build();
    }

    private static String pluginProperties(PluginContext plugin) {
        return "name=" + plugin.envoyPluginName() + " node=" + plugin.nodeId() + " region="
                + plugin.nodeMetadata("REGION") + " vm=" + plugin.propertyString("plugin_vm_id");
    }

    private static HeaderStatus requestHeaders(HttpContext http) {
        String attrs = http.requestHeader("x-attrs");
        if (attrs != null) {
            setAttributes(http, Json.parse(attrs));
        }
        String writers = http.requestHeader("x-write");
        if (writers != null) {
            StringBuilder written = new StringBuilder();
            for (String writer : commaSeparated(writers)) {
                if (written.length() > 0) {
                    written.append(',');
                }
                if (writer.equals("trace")) {
                    http.writeUserAttributesToTrace();
                    written.append("trace");
                } else if (writer.equals(HttpContext.CUSTOM_LOG_KEY)) {
                    written.append(writer).append('=').append(http.writeUserAttributesToLog());
                } else {
                    written.append(writer).append('=').append(http.writeUserAttributesToLog(writer));
                }
            }
            http.addRequestHeader("x-written", written.toString());
        }
        if (http.requestHeader("x-props") != null) {
            http.addRequestHeader("x-props-result", "route=" + http.routeName() + " cluster=" + http.clusterName() + " id="
                    + http.requestId() + " source=" + http.sourceAddress() + " destination="
                    + http.destinationAddress() + " details=" + http.responseCodeDetails() + " attrs="
                    + http.userAttributes());
            http.addRequestHeader("x-plugin-props", pluginProperties(http.plugin()) + "; at start: "
                    + http.plugin().attribute(AT_START));
        }
        String function = http.requestHeader("x-ff");
        if (function != null) {
            String argument = http.requestHeader("x-ff-arg");
            String result;
            try {
                result = "ok:" + Utf8.decode(http.plugin().callForeignFunction(function,
                        argument == null ? new byte[0] : Utf8.encode(argument)));
            } catch (UnknownForeignFunctionException e) {
                result = "unknown:" + e.function();
            } catch (HostStatusException e) {
                result = "failed:" + e.status();
            }
            http.addRequestHeader("x-ff-result", result);
        }
        if (http.requestHeader("x-log") != null) {
            Log log = http.log();
            Object token = Log.sensitive("s3cr3t");
            log.debug("debug: user {} token {}", "alice", token);
            log.info("info: user {} took {} ms, token {}", "alice", 12, token);
            log.warn("warn: {} of {} {}", 1, 2);
            log.unsafeInfo("unsafe: body {}", "{\"q\":1}");
        }
        return HeaderStatus.CONTINUE;
    }

    private static boolean isInteger(String number) {
        return number.indexOf('.') < 0 && number.indexOf('e') < 0 && number.indexOf('E') < 0;
    }

    private static List<String> commaSeparated(String text) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int comma = text.indexOf(','); comma >= 0; comma = text.indexOf(',', from)) {
            parts.add(text.substring(from, comma));
            from = comma + 1;
        }
        parts.add(text.substring(from));
        return parts;
    }

    private static void setAttributes(HttpContext http, JsonValue attributes) {
        for (String key : attributes.keys()) {
            JsonValue value = attributes.member(key);
            JsonKind kind = value.kind();
            if (kind == JsonKind.STRING) {
                http.setUserAttribute(key, value.stringValue());
            } else if (kind == JsonKind.BOOLEAN) {
                http.setUserAttribute(key, value.booleanValue());
            } else if (kind == JsonKind.NUMBER && isInteger(value.numberText())) {
                http.setUserAttribute(key, value.longValue());
            } else if (kind == JsonKind.NUMBER) {
                http.setUserAttribute(key, value.doubleValue());
            } else {
                http.setUserAttribute(key, (String) null);
            }
        }
    }
}
