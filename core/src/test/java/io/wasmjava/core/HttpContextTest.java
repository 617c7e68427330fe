package io.wasmjava.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SDK boundary of {@link HttpContext}: headers are validated before the host sees them, and release actions run
 * once when the stream ends. Runs the real dispatcher over {@link PromiseFixture}'s host, which records what reaches
 * it ({@code "2 add HTTP_REQUEST_HEADERS x-a: 1"}).
 */
class HttpContextTest {
    private static final String SECRET = "sk-live-secret";

    private final PromiseFixture fixture = new PromiseFixture();
    private final List<String> events = new ArrayList<>();

    /** Runs {@code call} in a request's header phase; returns the message of what it threw, or null. */
    private String thrownInRequest(Consumer<HttpContext> call) {
        List<String> thrown = new ArrayList<>();
        fixture.openRequest(http -> {
            try {
                call.accept(http);
            } catch (InvalidHeaderException e) {
                thrown.add(e.getMessage());
            }
        });
        assertThat(fixture.logs(LogLevel.CRITICAL)).isEmpty();
        return thrown.isEmpty() ? null : thrown.get(0);
    }

    /** A row of the tables below, named: the lambda's type is the parameter's, so the rows need no cast. */
    private static Arguments change(String name, Consumer<HttpContext> change, String expected) {
        return argumentSet(name, change, expected);
    }

    static Stream<Arguments> acceptedHeaderChanges() {
        return Stream.of(
                change("add a request header",
                        http -> http.addRequestHeader("x-a", "1"),
                        "2 add HTTP_REQUEST_HEADERS x-a: 1"),
                change("add a request header with mixed case, HTAB and UTF-8 (the host lower-cases names)",
                        http -> http.addRequestHeader("X-Note", "a\tcafé"),
                        "2 add HTTP_REQUEST_HEADERS X-Note: a\tcafé"),
                change("rewrite :path", http -> http.replaceRequestHeader(":path", "/v2/a"),
                        "2 replace HTTP_REQUEST_HEADERS :path: /v2/a"),
                change("rewrite :authority",
                        http -> http.replaceRequestHeader(":authority", "backend:8443"),
                        "2 replace HTTP_REQUEST_HEADERS :authority: backend:8443"),
                change("rewrite :method",
                        http -> http.replaceRequestHeader(":method", "POST"),
                        "2 replace HTTP_REQUEST_HEADERS :method: POST"),
                change("rewrite :status",
                        http -> http.replaceResponseHeader(":status", "503"),
                        "2 replace HTTP_RESPONSE_HEADERS :status: 503"),
                change("add a response header",
                        http -> http.addResponseHeader("x-b", ""),
                        "2 add HTTP_RESPONSE_HEADERS x-b: "),
                change("a local response with headers",
                        http -> http.sendLocalResponse(429, Headers.of("retry-after", "5"),
                                new byte[0]),
                        "2 local 429  [retry-after: 5]"));
    }

    @ParameterizedTest
    @MethodSource("acceptedHeaderChanges")
    void passesValidHeadersToTheHost(Consumer<HttpContext> change, String reachedHost) {
        assertThat(thrownInRequest(change)).isNull();

        assertThat(fixture.host.streamActions).containsExactly(reachedHost);
    }

    static Stream<Arguments> refusedHeaderChanges() {
        return Stream.of(
                change("a token value with CR LF and a header after it",
                        http -> http.replaceRequestHeader("authorization",
                                "Bearer " + SECRET + "\r\nx-injected: evil"),
                        "not a valid value for header \"authorization\": character 0x0d at index 21"),
                change("LF alone", http -> http.addRequestHeader("x-a", SECRET + "\n"),
                        "not a valid value for header \"x-a\": character 0x0a at index 14"),
                change("NUL", http -> http.addResponseHeader("x-a", SECRET + "\0"),
                        "not a valid value for header \"x-a\": character 0x00 at index 14"),
                change("another control character",
                        http -> http.replaceResponseHeader("x-a", "\u001b[31m"),
                        "not a valid value for header \"x-a\": character 0x1b at index 0"),
                change("DEL", http -> http.addRequestHeader("x-a", "\u007f"),
                        "not a valid value for header \"x-a\": character 0x7f at index 0"),
                change("a null value", http -> http.addRequestHeader("x-a", null),
                        "value of header \"x-a\" is null"),
                change("a name with a space", http -> http.addRequestHeader("x a", "1"),
                        "not a valid header name: \"x a\" (character 0x20 at index 1)"),
                change("a name with a colon", http -> http.addRequestHeader("x:a", "1"),
                        "not a valid header name: \"x:a\" (character 0x3a at index 1)"),
                change("a name with CR LF",
                        http -> http.addRequestHeader("x\r\ny", "1"),
                        "not a valid header name: \"x\\u000d\\u000ay\" (character 0x0d at index 1)"),
                change("an empty name", http -> http.addRequestHeader("", "1"),
                        "not a valid header name: \"\" (empty)"),
                change("a second :path", http -> http.addRequestHeader(":path", "/x"),
                        "not a valid header name: \":path\" (a request has exactly one :path: replace it instead of "
                                + "adding one)"),
                change("a second :authority",
                        http -> http.addRequestHeader(":authority", "evil.example"),
                        "not a valid header name: \":authority\" (a request has exactly one :authority: replace it "
                                + "instead of adding one)"),
                change(":status on a request",
                        http -> http.replaceRequestHeader(":status", "200"),
                        "not a valid header name: \":status\" (a response pseudo-header, not allowed in request "
                                + "headers)"),
                change(":path on a response",
                        http -> http.replaceResponseHeader(":path", "/x"),
                        "not a valid header name: \":path\" (a request pseudo-header, not allowed in response "
                                + "headers)"),
                change("a second :status",
                        http -> http.addResponseHeader(":status", "200"),
                        "not a valid header name: \":status\" (a response has exactly one :status: replace it "
                                + "instead of adding one)"),
                change("an unknown pseudo-header",
                        http -> http.replaceRequestHeader(":protocol", "websocket"),
                        "not a valid header name: \":protocol\" (unknown pseudo-header)"),
                change("an upper-case pseudo-header (the host would lower-case it into a second :path)",
                        http -> http.addRequestHeader(":PATH", "/x"),
                        "not a valid header name: \":PATH\" (character 0x50 at index 1; pseudo-header names are lower "
                                + "case)"),
                change("a :path rewrite with a space (an HTTP/1 request line would break)",
                        http -> http.replaceRequestHeader(":path", "/a HTTP/1.1"),
                        "not a valid value for header \":path\": character 0x20 at index 2 (no spaces or control "
                                + "characters in a path)"),
                change("a :status rewrite that is not a status",
                        http -> http.replaceResponseHeader(":status", "99"),
                        "value of header \":status\" is not a status from 100 to 599"),
                change("an :authority rewrite with a port above 65535",
                        http -> http.replaceRequestHeader(":authority", "backend:65536"),
                        "value of header \":authority\" has a port above 65535"),
                change("a local response with a pseudo-header",
                        http -> http.sendLocalResponse(200, Headers.of(":status", "500"),
                                new byte[0]),
                        "not a valid header name: \":status\" (local responses take no pseudo-headers: the status "
                                + "is an argument)"),
                change("a local response with headers that were not validated when built",
                        http -> http.sendLocalResponse(200, "details",
                                Headers.unchecked("x-a", SECRET + "\r\nset-cookie: a=b"), new byte[0]),
                        "not a valid value for header \"x-a\": character 0x0d at index 14"));
    }

    @ParameterizedTest
    @MethodSource("refusedHeaderChanges")
    void refusesInvalidHeadersAtTheCallBeforeTheHostSeesThemNamingTheHeaderButNeverTheValue(
            Consumer<HttpContext> change, String message) {
        assertThat(thrownInRequest(change)).isEqualTo(message).doesNotContain(SECRET);

        assertThat(fixture.host.streamActions).isEmpty();
    }

    @Test
    void aRefusedLocalResponseLeavesTheRequestUnanswered() {
        List<Boolean> answered = new ArrayList<>();
        thrownInRequest(http -> {
            try {
                http.sendLocalResponse(503, Headers.unchecked("x-a", "\n"), new byte[0]);
            } finally {
                answered.add(http.hasSentLocalResponse());
            }
        });

        assertThat(answered).containsExactly(false);
    }

    @Test
    void releaseActionsRunOnceInOrderAtProxyOnDone() {
        HttpContext http = fixture.openRequest(h -> {
            h.onStreamEnd(() -> events.add("first, ended=" + h.isStreamEnded()));
            h.onStreamEnd(() -> events.add("second"));
        });

        fixture.finishRequest(http);
        assertThat(events).containsExactly("first, ended=true", "second");
        fixture.deleteRequest(http);

        assertThat(events).containsExactly("first, ended=true", "second");
    }

    @Test
    void releaseActionsRunAtProxyOnDeleteWhenTheHostSkipsProxyOnDone() {
        HttpContext http = fixture.openRequest(h -> h.onStreamEnd(() -> events.add("released")));

        fixture.deleteRequest(http);

        assertThat(events).containsExactly("released");
    }

    @Test
    void aCancelledReleaseActionDoesNotRun() {
        HttpContext http = fixture.openRequest(h -> {
            Registration cancelled = h.onStreamEnd(() -> events.add("cancelled"));
            h.onStreamEnd(() -> events.add("kept"));
            cancelled.cancel();
        });

        fixture.endRequest(http);

        assertThat(events).containsExactly("kept");
    }

    @Test
    void aReleaseActionRegisteredAfterTheEndRunsAtOnce() {
        HttpContext http = fixture.openRequest(h -> { });
        fixture.endRequest(http);

        Registration registration = http.onStreamEnd(() -> events.add("at once"));

        assertThat(events).containsExactly("at once");
        assertThat(registration).isSameAs(Registration.NONE);
    }

    @Test
    void aFailingReleaseActionIsLoggedAndTheOthersStillRun() {
        HttpContext http = fixture.openRequest(h -> {
            h.onStreamEnd(() -> {
                throw new IllegalStateException("release failed");
            });
            h.onStreamEnd(() -> events.add("still ran"));
        });

        fixture.endRequest(http);

        assertThat(events).containsExactly("still ran");
        assertThat(fixture.logs(LogLevel.CRITICAL)).containsExactly("[promise-test] uncaught exception in stream end "
                + "action: java.lang.IllegalStateException: release failed");
    }

    @Test
    void attributesAreDroppedAtProxyOnDelete() {
        HttpContext http = fixture.openRequest(h -> h.setAttribute("user", "alice"));
        fixture.finishRequest(http);
        assertThat(http.attribute("user")).as("still readable between done and delete").isEqualTo("alice");

        fixture.deleteRequest(http);

        assertThat(http.attribute("user")).isNull();
    }
}
