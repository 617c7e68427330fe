package io.wasmjava.devserver;

import io.wasmjava.devserver.GatewayConfig.ClusterAddress;
import io.wasmjava.devserver.GatewayConfig.Limits;
import io.wasmjava.host.WasmExecution;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The {@code wasmjava-devserver} command line. See {@link #USAGE}.
 */
public final class Main {
    static final String USAGE = String.join("\n",
            "usage:",
            "  wasmjava-devserver [run] <envoy.yaml> [--listen host:port] [--cluster name=host:port]...",
            "                     [--workers N] [--engine v8|chicory] [--log-level level] [--admin host:port] [limits]",
            "  wasmjava-devserver [run] --plugin main.wasm [--config plugin.yaml|JSON] [--plugin ... [--config ...]]...",
            "                     [--upstream http://host:port] [--listen host:port] [--cluster name=host:port]...",
            "                     [--workers N] [--engine v8|chicory] [--log-level level] [--admin host:port] [limits]",
            "  wasmjava-devserver demo [--listen host:port] [--limit N] [--workers N] [--engine v8|chicory]",
            "                     [--log-level level] [--admin host:port] [--check]",
            "  wasmjava-devserver oci --wasm main.wasm --out dir [--tar file.tar] [--ref-name tag]",
            "  wasmjava-devserver loadgen --url http://host:port/path [--connections N] [--seconds N] [--warmup N]",
            "  wasmjava-devserver echo [--listen host:port]",
            "",
            "run: serves HTTP/1.1 on --listen (default 127.0.0.1:10000, or the envoy.yaml listener) and runs each",
            "  request through the plugins (in the order given, as Envoy's http_filters) and on to the upstream.",
            "  --config is a file (JSON or YAML; YAML is converted to JSON) or inline JSON, for the --plugin before it.",
            "  --cluster gives an address to a cluster the plugins call: a full name (outbound|80||token.static), a",
            "  service FQDN (token.static, any port) or an envoy.yaml cluster name (overrides its address).",
            "  --workers: how many single-threaded workers, each with its own VM per plugin (default 2).",
            "  --engine: the Wasm engine of every plugin VM: v8 (default; Envoy's, each VM an isolate of its own) or",
            "  chicory (Chicory's compiler, pure Java).",
            "  --log-level: trace, debug, info (default), warn, error, critical; applies to plugin logs too.",
            "  --admin: serve Envoy's /stats and /stats/prometheus (plugin metrics, all workers) on host:port, e.g.",
            "  127.0.0.1:9901 as Envoy's admin; off by default (an envoy.yaml admin section is not used).",
            "  Limits (Envoy's fields and defaults; flags override envoy.yaml; see README, Limits and edge behaviour):",
            "  --max-request-headers-kb N (60)  --max-headers-count N (100)  --buffer-limit-bytes N (1048576)",
            "  --request-headers-timeout D (10s; 0 = none)  --stream-idle-timeout D (300s)  --idle-timeout D (3600s)",
            "  --accept-http-10  --max-connections N (1024); durations as 10s, 0.5s or 300ms",
            "demo: starts an echo upstream, a token service and Redis, then the gateway with the token and rate-limit",
            "  plugins in front of them, and prints curl lines to try (--check: send them itself and exit); its admin",
            "  listener (/stats) is on --admin, by default any free port, printed.",
            "oci: writes an OCI image layout for a plugin (Wasm artifact, as Higress/Istio pull for oci:// URLs).",
            "loadgen: a closed-loop HTTP/1.1 load generator (keep-alive connections); prints requests/s and latency.",
            "echo: the demo's upstream on its own (default 127.0.0.1:8080): answers with the request, as JSON.");

    private Main() {
    }

    public static void main(String[] args) {
        Gateway.configureJdkHttp();
        int code;
        try {
            code = run(args, System.out, System.err);
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            System.err.println("error: " + e.getMessage());
            code = 2;
        }
        System.exit(code);
    }

    /** Runs a command; returns the exit code. Commands that serve block until the process is stopped. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "demo":
                return Demo.run(rest, out, err);
            case "oci":
                return OciLayout.run(rest, out);
            case "loadgen":
                return LoadGen.run(rest, out);
            case "echo":
                return echo(rest, out);
            case "run":
                return serve(parseRun(rest), err);
            default:
                return serve(parseRun(args), err);
        }
    }

    private static int serve(GatewayConfig config, PrintStream err) {
        Gateway gateway = Gateway.start(config, GatewayLog.printingTo(err, config.logLevel()));
        awaitShutdown(gateway);
        return 0;
    }

    private static int echo(String[] args, PrintStream out) {
        EchoServer echo = EchoServer.start(
                bindAddress(options(args, "echo", "--listen").getOrDefault("--listen", "127.0.0.1:8080")));
        out.println("echo upstream on " + echo.uri());
        out.flush();
        awaitShutdown(echo);
        return 0;
    }

    /** Blocks until the JVM is asked to stop (Ctrl-C), then closes {@code resource}. */
    static void awaitShutdown(AutoCloseable resource) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                resource.close();
            } catch (Exception e) {
                // Exiting anyway.
            }
            stopped.countDown();
        }, "devserver-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The listener-limit flags that take an integer, each with the limit it sets. */
    private static final Map<String, BiFunction<Limits, Integer, Limits>> INTEGER_LIMITS =
            Map.of("--max-request-headers-kb", Limits::withMaxRequestHeadersKb,
                    "--max-headers-count", Limits::withMaxHeadersCount,
                    "--buffer-limit-bytes", Limits::withBufferLimitBytes,
                    "--max-connections", Limits::withMaxConnections);

    /** The listener-limit flags that take a duration, each with the timer it sets. */
    private static final Map<String, BiFunction<Limits, Duration, Limits>> DURATION_LIMITS =
            Map.of("--request-headers-timeout", Limits::withRequestHeadersTimeout,
                    "--stream-idle-timeout", Limits::withStreamIdleTimeout,
                    "--idle-timeout", Limits::withIdleTimeout);

    /**
     * The run flags that set one thing on the configuration whatever it started from (an envoy.yaml or the flags),
     * each with how; a repeated flag's last value wins, except that every {@code --cluster} counts.
     */
    private static final Map<String, BiConsumer<GatewayConfig.Builder, String>> SETTINGS = Map.of(
            "--listen", (builder, value) -> builder.listen(bindAddress(value)),
            "--cluster", Main::cluster,
            "--workers", (builder, value) -> builder.workers(integer(value, "--workers")),
            "--engine", (builder, value) -> builder.engine(engine(value)),
            "--log-level", (builder, value) -> builder.logLevel(GatewayLog.parseLevel(value)),
            "--admin", (builder, value) -> builder.admin(bindAddress(value)));

    /**
     * Parses the {@code run} arguments into a configuration.
     *
     * @throws IllegalArgumentException describing the first bad argument
     */
    static GatewayConfig parseRun(String[] args) {
        Path envoyYaml = null;
        List<String[]> plugins = new ArrayList<>();
        String upstream = null;
        // Applied in order once the builder (an envoy.yaml's or the flags') exists.
        List<Consumer<GatewayConfig.Builder>> settings = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (SETTINGS.containsKey(arg)) {
                String value = value(args, ++i, arg);
                settings.add(builder -> SETTINGS.get(arg).accept(builder, value));
                continue;
            }
            if (INTEGER_LIMITS.containsKey(arg)) {
                int number = integer(value(args, ++i, arg), arg);
                settings.add(builder -> builder.limits(INTEGER_LIMITS.get(arg).apply(builder.limits(), number)));
                continue;
            }
            if (DURATION_LIMITS.containsKey(arg)) {
                Duration duration = duration(value(args, ++i, arg), arg);
                settings.add(builder -> builder.limits(DURATION_LIMITS.get(arg).apply(builder.limits(), duration)));
                continue;
            }
            switch (arg) {
                case "--accept-http-10":
                    settings.add(builder -> builder.limits(builder.limits().withAcceptHttp10(true)));
                    break;
                case "--plugin":
                    plugins.add(new String[] {value(args, ++i, arg), null});
                    break;
                case "--config":
                    if (plugins.isEmpty() || plugins.get(plugins.size() - 1)[1] != null) {
                        throw new IllegalArgumentException("--config must follow the --plugin it configures");
                    }
                    plugins.get(plugins.size() - 1)[1] = value(args, ++i, arg);
                    break;
                case "--upstream":
                    upstream = value(args, ++i, arg);
                    break;
                default:
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
                    }
                    if (envoyYaml != null) {
                        throw new IllegalArgumentException("more than one configuration file: " + envoyYaml + ", "
                                + arg);
                    }
                    envoyYaml = Path.of(arg);
            }
        }
        GatewayConfig.Builder builder;
        if (envoyYaml != null) {
            if (!plugins.isEmpty() || upstream != null) {
                throw new IllegalArgumentException("give either an envoy.yaml or --plugin/--upstream, not both");
            }
            EnvoyConfig.Parsed parsed = EnvoyConfig.parse(envoyYaml);
            for (String warning : parsed.warnings()) {
                System.err.println("warning: " + warning);
            }
            builder = parsed.builder();
        } else {
            if (plugins.isEmpty() && upstream == null) {
                throw new IllegalArgumentException("nothing to run: give an envoy.yaml, or --plugin and --upstream\n"
                        + USAGE);
            }
            builder = GatewayConfig.builder();
            for (String[] plugin : plugins) {
                Path wasm = Path.of(plugin[0]);
                if (!Files.isRegularFile(wasm)) {
                    throw new IllegalArgumentException("no such module: " + wasm + " (build it first: mvn package)");
                }
                builder.plugin(wasm, plugin[1] == null ? "" : pluginConfig(plugin[1]));
            }
            if (upstream != null) {
                builder.upstream(URI.create(upstream));
            }
        }
        for (Consumer<GatewayConfig.Builder> setting : settings) {
            setting.accept(builder);
        }
        return builder.build();
    }

    /** {@code --cluster name=host:port}. */
    private static void cluster(GatewayConfig.Builder builder, String cluster) {
        int equals = cluster.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("--cluster expects name=host:port but was " + cluster);
        }
        builder.cluster(cluster.substring(0, equals), ClusterAddress.parse(cluster.substring(equals + 1)));
    }

    /** A {@code host:port} to listen on, resolved; port 0 means any free port. */
    static InetSocketAddress bindAddress(String hostPort) {
        InetSocketAddress address = ClusterAddress.parseSocketAddress(hostPort);
        return new InetSocketAddress(address.getHostString(), address.getPort());
    }

    /**
     * The engine {@code --engine} names: {@code v8} or {@code chicory} (Chicory's compiler).
     *
     * @throws IllegalArgumentException for any other name
     */
    static WasmExecution engine(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "v8" -> WasmExecution.V8;
            case "chicory" -> WasmExecution.COMPILED;
            default -> throw new IllegalArgumentException("--engine must be v8 or chicory but was " + name);
        };
    }

    /**
     * Reads a subcommand's options, each a {@code --name value} pair whose name is one of {@code names}; a repeated
     * option keeps its last value.
     *
     * @return the values by option name, for the options given
     * @throws IllegalArgumentException for an option not in {@code names} (naming {@code command}) or one without a
     *     value
     */
    static Map<String, String> options(String[] args, String command, String... names) {
        return options(args, command, List.of(), names);
    }

    /**
     * {@link #options(String[], String, String...)} where the options in {@code flags} take no value; a flag given
     * maps to {@code "true"}.
     */
    static Map<String, String> options(String[] args, String command, List<String> flags, String... names) {
        List<String> known = List.of(names);
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (flags.contains(name)) {
                options.put(name, "true");
            } else if (known.contains(name)) {
                options.put(name, value(args, ++i, name));
            } else {
                throw new IllegalArgumentException("unknown " + command + " option " + name + "\n" + USAGE);
            }
        }
        return options;
    }

    /** A {@code --config} value: inline JSON, or a JSON/YAML file. */
    static String pluginConfig(String value) {
        String text = value;
        if (!value.trim().startsWith("{")) {
            Path file = Path.of(value);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--config " + value + ": no such file (inline configuration must "
                        + "be a JSON object)");
            }
            try {
                text = ConfigFiles.readUtf8(file);
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw new IllegalArgumentException("--config " + value + ": " + e.getMessage(), e);
            }
        }
        try {
            return PluginConfigs.toJson(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--config " + value + ": " + e.getMessage());
        }
    }

    static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    /** A duration flag: {@code 10s}, {@code 0.5s}, {@code 300ms}, or {@code 0} (disabled). */
    static Duration duration(String value, String option) {
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        return EnvoyConfig.duration(value, option);
    }

    static int integer(String value, String option) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects a number but was " + value);
        }
    }
}
