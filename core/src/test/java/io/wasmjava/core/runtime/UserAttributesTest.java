package io.wasmjava.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.HttpContext;
import io.wasmjava.core.Plugin;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** User attributes on the JVM runtime: typed values, order, and nothing kept once the stream is deleted. */
class UserAttributesTest {
    private final List<HttpContext> requests = new ArrayList<>();
    private final RuntimeFixture fixture = new RuntimeFixture(Plugin.builder("attrs").onRequestHeaders((http, c) -> {
        requests.add(http);
        http.setUserAttribute("model", "qwen");
        http.setUserAttribute("tokens", 21);
        http.setUserAttribute("ratio", 0.5);
        http.setUserAttribute("cached", false);
        http.setUserAttribute("none", (String) null);
        http.setUserAttribute("model", "qwen-max");
        http.removeUserAttribute("absent");
        return HeaderStatus.CONTINUE;
    }).build());

    @Test
    void keepsTypedValuesInTheOrderFirstSet() {
        assertThat(fixture.configure("{}")).isTrue();
        fixture.requestHeaders(2, Headers.of(":path", "/"), true);
        HttpContext http = requests.get(0);

        assertThat(http.userAttributes()).containsExactly(Map.entry("model", "qwen-max"), Map.entry("tokens", 21L),
                Map.entry("ratio", 0.5), Map.entry("cached", false), new java.util.AbstractMap.SimpleEntry<>("none",
                        null));
        assertThat(http.userAttribute("tokens")).isEqualTo(21L);
        assertThatThrownBy(() -> http.setUserAttribute(null, "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> http.userAttributes().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void dropsTheAttributesWhenTheStreamIsDeleted() {
        assertThat(fixture.configure("{}")).isTrue();
        fixture.requestHeaders(2, Headers.of(":path", "/"), true);
        HttpContext http = requests.get(0);
        http.writeUserAttributesToLog();
        assertThat(new String(fixture.host.properties.get(List.of("custom_log")), StandardCharsets.UTF_8))
                .isEqualTo("{\\\"cached\\\":false,\\\"model\\\":\\\"qwen-max\\\",\\\"none\\\":null,\\\"ratio\\\":0.5,"
                        + "\\\"tokens\\\":21}");

        fixture.complete(2);

        assertThat(http.userAttributes()).isEmpty();
        assertThat(http.userAttribute("model")).isNull();
    }
}
