package io.wasmjava.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The repository's {@code deploy/<plugin>/} folders, read for the tests that keep them from rotting. */
final class DeployFiles {
    /** The folders, each named after the plugin module whose {@code target/main.wasm} it deploys. */
    static final List<String> PLUGINS = List.of("token-plugin", "ratelimit-plugin");

    private DeployFiles() {
    }

    /** The repository root (Maven runs the tests in devserver/). */
    static Path root() {
        return Path.of("..").toAbsolutePath().normalize();
    }

    static Path dir(String plugin) {
        return root().resolve("deploy").resolve(plugin);
    }

    static JsonNode yaml(Path file) {
        try {
            return PluginConfigs.YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    static JsonNode compose(String plugin) {
        return yaml(dir(plugin).resolve("docker-compose.yaml"));
    }

    static JsonNode envoy(String plugin) {
        return yaml(dir(plugin).resolve("envoy.yaml"));
    }

    /** The one Wasm filter's {@code config} in a deploy envoy.yaml (checked to be the first filter by the tests). */
    static JsonNode wasmFilterConfig(String plugin) {
        return httpFilters(plugin).get(0).path("typed_config").path("config");
    }

    static JsonNode httpFilters(String plugin) {
        return envoy(plugin).path("static_resources").path("listeners").get(0).path("filter_chains").get(0)
                .path("filters").get(0).path("typed_config").path("http_filters");
    }

    /** The plugin's configuration in envoy.yaml, as the JSON the plugin gets. */
    static String envoyPluginConfig(String plugin) {
        return PluginConfigs.toJson(wasmFilterConfig(plugin).path("configuration").path("value").asText());
    }

    /**
     * The ports a compose service's container listens on: the container side of its {@code ports} mappings, and a
     * {@code -listen=:N} argument of its command.
     */
    static Set<Integer> containerPorts(JsonNode service) {
        Set<Integer> ports = new LinkedHashSet<>();
        for (JsonNode mapping : service.path("ports")) {
            String text = mapping.asText();
            ports.add(Integer.parseInt(text.substring(text.lastIndexOf(':') + 1)));
        }
        for (String argument : commandArguments(service)) {
            if (argument.startsWith("-listen=")) {
                ports.add(Integer.parseInt(argument.substring(argument.lastIndexOf(':') + 1)));
            }
        }
        return ports;
    }

    /** A compose service's {@code command} as a list (a string command split at spaces). */
    static List<String> commandArguments(JsonNode service) {
        JsonNode command = service.path("command");
        List<String> arguments = new ArrayList<>();
        if (command.isTextual()) {
            arguments.addAll(List.of(command.asText().trim().split("\\s+")));
        } else {
            command.forEach(argument -> arguments.add(argument.asText()));
        }
        return arguments;
    }

    /** The value of a {@code -name=value} argument of a compose service's command. */
    static String argument(JsonNode service, String name) {
        for (String argument : commandArguments(service)) {
            if (argument.startsWith(name + "=")) {
                return argument.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + "= argument in " + service.path("command"));
    }
}
