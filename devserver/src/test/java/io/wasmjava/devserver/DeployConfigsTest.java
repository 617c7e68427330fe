package io.wasmjava.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wasmjava.devserver.GatewayConfig.PluginSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code deploy/<plugin>/} files read as the tools that use them would: envoy.yaml by the devserver's parser
 * and as Envoy's v3 static configuration, docker-compose.yaml against it (services, ports, mounts), the Dockerfile,
 * and the Higress {@code WasmPlugin} resource. {@link DeployConfigsIT} runs them end to end.
 */
class DeployConfigsTest {
    private static final List<String> PLUGINS = DeployFiles.PLUGINS;
    private static final String GATEWAY_IMAGE = "higress-registry.cn-hangzhou.cr.aliyuncs.com/higress/gateway:";
    private static final String MODULE_IN_CONTAINER = "/etc/envoy/plugin.wasm";
    private static final Set<String> WASM_PLUGIN_SPEC_FIELDS = Set.of("url", "sha256", "imagePullPolicy",
            "imagePullSecret", "verificationKey", "pluginConfig", "pluginName", "phase", "priority", "failStrategy",
            "vmConfig", "defaultConfig", "matchRules", "defaultConfigDisable");
    private static final Set<String> MATCH_RULE_FIELDS = Set.of("ingress", "domain", "service", "config",
            "configDisable");

    static List<String> plugins() {
        return PLUGINS;
    }

    @Test
    void everyDeployFolderIsAReferencePluginWithAllItsFiles() throws IOException {
        try (Stream<Path> dirs = Files.list(DeployFiles.root().resolve("deploy"))) {
            assertThat(dirs.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(PLUGINS);
        }
        for (String plugin : PLUGINS) {
            for (String file : List.of("docker-compose.yaml", "envoy.yaml", "wasmplugin.yaml", "Dockerfile",
                    "README.md")) {
                assertThat(DeployFiles.dir(plugin).resolve(file)).as(plugin).isRegularFile();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("plugins")
    void theDevserverReadsEnvoyYamlWithoutWarningsAndFindsTheBuiltModule(String plugin) throws IOException {
        EnvoyConfig.Parsed parsed = EnvoyConfig.parse(DeployFiles.dir(plugin).resolve("envoy.yaml"));
        GatewayConfig config = parsed.builder().build();

        assertThat(parsed.warnings()).isEmpty();
        assertThat(config.listen()).isEqualTo(new InetSocketAddress("127.0.0.1", 10000));
        assertThat(config.plugins()).hasSize(1);
        PluginSpec spec = config.plugins().get(0);
        // Found through the docker-compose volume that mounts it at /etc/envoy/plugin.wasm.
        assertThat(spec.wasm()).isEqualTo(DeployFiles.root().resolve(plugin).resolve("target/main.wasm"));
        assertThat(PluginConfigs.JSON.readTree(spec.configuration()))
                .isEqualTo(PluginConfigs.JSON.readTree(DeployFiles.envoyPluginConfig(plugin)));
        assertThat(config.routes()).singleElement()
                .satisfies(route -> assertThat(route.cluster()).isEqualTo("httpbin"));
    }

    @ParameterizedTest
    @MethodSource("plugins")
    void envoyYamlIsAV3StaticConfigWithTheWasmFilterAsHigressDocumentsIt(String plugin) throws IOException {
        JsonNode filters = DeployFiles.httpFilters(plugin);
        assertThat(filters).hasSize(2);

        JsonNode wasm = filters.get(0);
        assertThat(wasm.path("name").asText()).isEqualTo("envoy.filters.http.wasm");
        assertThat(wasm.path("typed_config").path("@type").asText())
                .isEqualTo("type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm");
        JsonNode vm = wasm.path("typed_config").path("config").path("vm_config");
        assertThat(vm.path("runtime").asText()).isEqualTo("envoy.wasm.runtime.v8");
        assertThat(vm.path("code").path("local").path("filename").asText()).isEqualTo(MODULE_IN_CONTAINER);
        JsonNode configuration = wasm.path("typed_config").path("config").path("configuration");
        assertThat(configuration.path("@type").asText()).isEqualTo("type.googleapis.com/google.protobuf.StringValue");
        // A JSON string (not YAML): what Envoy hands the plugin verbatim.
        assertThat(PluginConfigs.JSON.readTree(configuration.path("value").asText()).isObject()).isTrue();

        JsonNode router = filters.get(1);
        assertThat(router.path("name").asText()).isEqualTo("envoy.filters.http.router");
        assertThat(router.path("typed_config").path("@type").asText())
                .isEqualTo("type.googleapis.com/envoy.extensions.filters.http.router.v3.Router");

        for (JsonNode cluster : DeployFiles.envoy(plugin).path("static_resources").path("clusters")) {
            assertThat(cluster.path("load_assignment").path("cluster_name").asText())
                    .isEqualTo(cluster.path("name").asText());
            assertThat(cluster.path("connect_timeout").asText()).matches("[0-9.]+s");
            assertThat(cluster.path("type").asText()).isIn("STATIC", "STRICT_DNS", "LOGICAL_DNS");
        }
    }

    @Test
    void theTokenPluginsHigressClusterIsAnEnvoyCluster() throws IOException {
        JsonNode config = PluginConfigs.JSON.readTree(DeployFiles.envoyPluginConfig("token-plugin"));
        String cluster = "outbound|" + config.path("servicePort").asInt() + "||" + config.path("serviceName").asText();

        assertThat(cluster).isEqualTo("outbound|80||token.static");
        assertThat(clusterNames("token-plugin")).containsExactly("httpbin", cluster);
    }

    @Test
    void theRateLimitPluginsRedisClusterIsAStaticEnvoyCluster() throws IOException {
        JsonNode redis = PluginConfigs.JSON.readTree(DeployFiles.envoyPluginConfig("ratelimit-plugin")).path("redis");
        String cluster = "outbound|" + redis.path("service_port").asInt() + "||" + redis.path("service_name").asText();

        assertThat(cluster).isEqualTo("outbound|6379||redis.static");
        assertThat(clusterNames("ratelimit-plugin")).containsExactly("httpbin", cluster);
        assertThat(cluster("ratelimit-plugin", cluster).path("type").asText()).isEqualTo("STATIC");
    }

    @ParameterizedTest
    @MethodSource("plugins")
    void dockerComposeRunsTheGatewayWithTheModuleAndEveryServiceEnvoyYamlNames(String plugin) {
        JsonNode services = DeployFiles.compose(plugin).path("services");
        JsonNode envoy = services.path("envoy");

        assertThat(envoy.path("image").asText()).startsWith(GATEWAY_IMAGE);
        assertThat(envoy.path("entrypoint").asText()).isEqualTo("/usr/local/bin/envoy");
        assertThat(String.join(" ", DeployFiles.commandArguments(envoy))).contains("-c /etc/envoy/envoy.yaml");
        assertThat(texts(envoy.path("volumes"))).containsExactlyInAnyOrder(
                "./envoy.yaml:/etc/envoy/envoy.yaml",
                "../../" + plugin + "/target/main.wasm:" + MODULE_IN_CONTAINER);
        assertThat(texts(envoy.path("ports"))).contains("10000:10000");
        List<String> others = new ArrayList<>();
        services.fieldNames().forEachRemaining(others::add);
        others.remove("envoy");
        assertThat(texts(envoy.path("depends_on"))).containsExactlyInAnyOrderElementsOf(others);

        for (JsonNode cluster : DeployFiles.envoy(plugin).path("static_resources").path("clusters")) {
            JsonNode socket = cluster.path("load_assignment").path("endpoints").get(0).path("lb_endpoints").get(0)
                    .path("endpoint").path("address").path("socket_address");
            String address = socket.path("address").asText();
            String name = cluster.path("name").asText();
            String service = address.matches("[0-9.]+") ? serviceWithAddress(services, address) : address;
            assertThat(services.has(service)).as("%s: compose service %s", name, service).isTrue();
            assertThat(DeployFiles.containerPorts(services.path(service)))
                    .as("%s: ports of compose service %s", name, service).contains(socket.path("port_value").asInt());
            // A service on a named network is reachable only from services on that network.
            for (String network : networks(services.path(service))) {
                assertThat(networks(envoy)).as("%s: envoy joins network %s", name, network).contains(network);
            }
        }
    }

    @Test
    void theTokenServiceAnswersInTheShapeTheTokenPluginReads() throws IOException {
        JsonNode service = DeployFiles.compose("token-plugin").path("services").path("token-service");
        JsonNode config = PluginConfigs.JSON.readTree(DeployFiles.envoyPluginConfig("token-plugin"));

        JsonNode answer = PluginConfigs.JSON.readTree(DeployFiles.argument(service, "-text"));

        assertThat(service.path("image").asText()).startsWith("hashicorp/http-echo:");
        assertThat(config.path("tokenJsonPath").asText()).isEqualTo("data.access_token");
        assertThat(answer.path("data").path("access_token").asText()).isEqualTo("token-from-compose");
        assertThat(answer.path(config.path("expiresInJsonPath").asText()).asInt()).isPositive();
    }

    @ParameterizedTest
    @MethodSource("plugins")
    void theDockerfileIsHigressesScratchImageWithPluginWasm(String plugin) throws IOException {
        List<String> instructions = Files.readAllLines(DeployFiles.dir(plugin).resolve("Dockerfile")).stream()
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .collect(Collectors.toList());

        assertThat(instructions).containsExactly("FROM scratch", "COPY main.wasm ./plugin.wasm");
    }

    @ParameterizedTest
    @MethodSource("plugins")
    void theWasmPluginResourceHasHigressesShape(String plugin) {
        JsonNode resource = DeployFiles.yaml(DeployFiles.dir(plugin).resolve("wasmplugin.yaml"));
        JsonNode spec = resource.path("spec");

        assertThat(resource.path("apiVersion").asText()).isEqualTo("extensions.higress.io/v1alpha1");
        assertThat(resource.path("kind").asText()).isEqualTo("WasmPlugin");
        assertThat(resource.path("metadata").path("name").asText()).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        assertThat(resource.path("metadata").path("namespace").asText()).isEqualTo("higress-system");
        assertThat(fieldNames(spec)).isSubsetOf(WASM_PLUGIN_SPEC_FIELDS);
        assertThat(spec.path("url").asText()).matches("oci://[^/]+/.+/" + plugin + ":[0-9][0-9.]*");
        assertThat(spec.path("phase").asText()).isIn("UNSPECIFIED_PHASE", "AUTHN", "AUTHZ", "STATS");
        assertThat(spec.path("priority").isInt()).isTrue();
        assertThat(spec.path("defaultConfig").isObject()).isTrue();
        assertThat(spec.path("matchRules").isArray()).isTrue();
        assertThat(spec.path("matchRules")).isNotEmpty().allSatisfy(rule -> {
            assertThat(fieldNames(rule)).isSubsetOf(MATCH_RULE_FIELDS);
            assertThat(rule.path("config").isObject()).isTrue();
            assertThat(rule.has("ingress") || rule.has("domain")).as("ingress or domain").isTrue();
            assertThat(texts(rule.path("ingress"))).allMatch(ingress -> ingress.matches("[a-z0-9-]+/[a-z0-9.-]+"));
            assertThat(texts(rule.path("domain"))).allMatch(domain -> domain.matches("(\\*\\.)?[a-z0-9.-]+"));
        });
    }

    @ParameterizedTest
    @MethodSource("plugins")
    void theReadmeShowsTheCommandsForTheseFiles(String plugin) throws IOException {
        String readme = Files.readString(DeployFiles.dir(plugin).resolve("README.md"));

        assertThat(readme).contains("docker compose up")
                .contains("-f deploy/" + plugin + "/Dockerfile " + plugin + "/target")
                .contains("wasmjava-devserver.jar oci --wasm " + plugin + "/target/main.wasm")
                .contains("java -jar devserver/target/wasmjava-devserver.jar deploy/" + plugin + "/envoy.yaml")
                .contains("kubectl apply -f deploy/" + plugin + "/wasmplugin.yaml");
    }

    private static List<String> clusterNames(String plugin) {
        List<String> names = new ArrayList<>();
        DeployFiles.envoy(plugin).path("static_resources").path("clusters")
                .forEach(cluster -> names.add(cluster.path("name").asText()));
        return names;
    }

    private static JsonNode cluster(String plugin, String name) {
        for (JsonNode cluster : DeployFiles.envoy(plugin).path("static_resources").path("clusters")) {
            if (cluster.path("name").asText().equals(name)) {
                return cluster;
            }
        }
        throw new AssertionError("no cluster " + name);
    }

    private static String serviceWithAddress(JsonNode services, String address) {
        List<String> names = new ArrayList<>();
        services.fields().forEachRemaining(service -> service.getValue().path("networks").fields()
                .forEachRemaining(network -> {
                    if (network.getValue().path("ipv4_address").asText().equals(address)) {
                        names.add(service.getKey());
                    }
                }));
        assertThat(names).as("compose services with ipv4_address " + address).hasSize(1);
        return names.get(0);
    }

    private static List<String> networks(JsonNode service) {
        JsonNode networks = service.path("networks");
        return networks.isArray() ? texts(networks) : fieldNames(networks);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
