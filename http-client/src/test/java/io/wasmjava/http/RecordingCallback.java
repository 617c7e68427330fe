package io.wasmjava.http;

import io.wasmjava.core.Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Records every outcome an {@link HttpClient} reports, as comparable values, then runs an optional follow-up. */
final class RecordingCallback implements HttpCallback {
    private final List<Outcome> outcomes;
    private final List<HttpResponse> responses = new ArrayList<>();
    private final Consumer<Outcome> then;

    RecordingCallback() {
        this(new ArrayList<>(), outcome -> { });
    }

    /** Records into {@code outcomes} (shared by several callbacks to see the order), then runs {@code then}. */
    RecordingCallback(List<Outcome> outcomes, Consumer<Outcome> then) {
        this.outcomes = outcomes;
        this.then = then;
    }

    @Override
    public void onResponse(HttpResponse response) {
        responses.add(response);
        Outcome outcome = Outcome.response(response.status(), response.headers(), response.bodyString());
        outcomes.add(outcome);
        then.accept(outcome);
    }

    @Override
    public void onFailure(HttpCallException failure) {
        Outcome outcome = Outcome.failure(failure.kind(), failure.getMessage());
        outcomes.add(outcome);
        then.accept(outcome);
    }

    /** Every outcome so far, in the order the callbacks ran. */
    List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** The responses themselves, to check what they hold after the callback returned. */
    List<HttpResponse> responses() {
        return List.copyOf(responses);
    }

    /** One outcome: a response (status, headers, UTF-8 body) or a failure (kind, message). */
    record Outcome(int status, Headers headers, String body, HttpCallException.Kind failure, String message) {
        static Outcome response(int status, Headers headers, String body) {
            return new Outcome(status, headers, body, null, null);
        }

        static Outcome failure(HttpCallException.Kind kind, String message) {
            return new Outcome(0, null, null, kind, message);
        }

        boolean isResponse() {
            return failure == null;
        }
    }
}
