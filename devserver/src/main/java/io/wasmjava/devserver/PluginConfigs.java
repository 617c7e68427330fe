package io.wasmjava.devserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Turns a plugin configuration as an operator writes it into what the plugin reads. JSON passes through unchanged, as
 * Envoy passes {@code configuration.value}; YAML is converted to JSON, as the Higress console does before it writes a
 * {@code WasmPlugin}. Blank text means "no configuration" (an empty buffer).
 */
final class PluginConfigs {
    static final ObjectMapper JSON = JsonMapper.builder().build();
    static final YAMLMapper YAML = new YAMLMapper();

    private PluginConfigs() {
    }

    /**
     * @throws IllegalArgumentException if the text is neither JSON nor YAML, or is YAML that is not a mapping
     */
    static String toJson(String text) {
        if (text.isBlank()) {
            return "";
        }
        try {
            JSON.readTree(text);
            return text;
        } catch (JsonProcessingException notJson) {
            // Fall through to YAML.
        }
        JsonNode yaml;
        try {
            yaml = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("plugin configuration is neither JSON nor YAML: "
                    + e.getOriginalMessage());
        }
        if (yaml == null || yaml.isMissingNode() || yaml.isNull()) {
            return "";
        }
        if (!yaml.isObject()) {
            throw new IllegalArgumentException("plugin configuration must be a mapping (a JSON object) but was a "
                    + yaml.getNodeType().name().toLowerCase());
        }
        return toJson(yaml);
    }

    static String toJson(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
