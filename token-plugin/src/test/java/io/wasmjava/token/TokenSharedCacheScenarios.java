package io.wasmjava.token;

import static io.wasmjava.token.TokenPluginScenarios.JSON_SOURCE;
import static io.wasmjava.token.TokenPluginScenarios.REQUEST;
import static io.wasmjava.token.TokenPluginScenarios.answerJson;
import static io.wasmjava.token.TokenPluginScenarios.assertResumedWithBearer;
import static io.wasmjava.token.TokenPluginScenarios.plus;
import static io.wasmjava.token.TokenPluginScenarios.request;
import static io.wasmjava.token.TokenPluginScenarios.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.wasmjava.core.HeaderStatus;
import io.wasmjava.core.Headers;
import io.wasmjava.core.config.Json;
import io.wasmjava.host.HttpStream;
import io.wasmjava.host.LocalResponse;
import io.wasmjava.host.PendingHttpCall;
import io.wasmjava.host.SharedDataStore;
import io.wasmjava.testkit.PluginHarness;
import io.wasmjava.testkit.PluginScenarios;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One token for every VM of a gateway ({@link SharedTokenStore}): two VMs of the plugin on one shared-data store, as
 * two Envoy workers are, with their clocks moved together. {@link TokenSharedCacheTest} runs it on the JVM,
 * {@link TokenSharedCacheWasmIT} as the compiled module.
 */
abstract class TokenSharedCacheScenarios extends PluginScenarios {
    private final SharedDataStore store = new SharedDataStore();
    private final List<PluginHarness> vms = new ArrayList<>();

    /** Two started VMs of {@code config} on the scenario's store. */
    private List<PluginHarness> twoVms(String config) {
        for (int i = 0; i < 2; i++) {
            vms.add(start(harness().config(config).sharedData(store)));
        }
        return vms;
    }

    /** Moves every VM's clock, then runs a tick on each. */
    private void advanceAndTick(long millis) {
        for (PluginHarness vm : vms) {
            vm.advanceTime(millis);
        }
        for (PluginHarness vm : vms) {
            vm.tick();
        }
    }

    /** A request on {@code vm} whose fetch is answered with {@code token}, valid 60 s; the request's stream. */
    private static HttpStream fetchOn(PluginHarness vm, String token) {
        HttpStream stream = request(vm, HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        answerJson(vm.pendingHttpCalls().get(0), token, 60);
        return stream;
    }

    private int pendingCalls() {
        return vms.stream().mapToInt(vm -> vm.pendingHttpCalls().size()).sum();
    }

    @Test
    void oneFetchServesTheRequestsOfBothVms() {
        List<PluginHarness> vm = twoVms(JSON_SOURCE);
        HttpStream first = request(vm.get(0), HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        HttpStream second = request(vm.get(1), HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        HttpStream third = request(vm.get(1), HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        assertThat(vm.get(0).pendingHttpCalls()).hasSize(1);
        assertThat(vm.get(1).pendingHttpCalls()).as("the second VM waits for the first one's fetch").isEmpty();
        answerJson(vm.get(0).pendingHttpCalls().get(0), "tok-1", 60);
        assertResumedWithBearer(first, "tok-1");
        assertThat(second.requestResumeCount()).as("until its next tick").isZero();
        advanceAndTick(100);

        assertResumedWithBearer(second, "tok-1");
        assertResumedWithBearer(third, "tok-1");
        HttpStream later = request(vm.get(1), HeaderStatus.CONTINUE);
        assertThat(later.requestHeaders()).isEqualTo(plus(REQUEST, "authorization", "Bearer tok-1"));
        assertThat(pendingCalls()).isZero();
    }

    @Test
    void afterExpiryOneVmFetchesAgainForBoth() {
        List<PluginHarness> vm = twoVms(with(JSON_SOURCE, "\"refreshAheadSeconds\":0"));
        fetchOn(vm.get(0), "tok-1");
        advanceAndTick(60_000);

        HttpStream onSecond = request(vm.get(1), HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        HttpStream onFirst = request(vm.get(0), HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        assertThat(vm.get(1).pendingHttpCalls()).hasSize(1);
        assertThat(vm.get(0).pendingHttpCalls()).isEmpty();
        answerJson(vm.get(1).pendingHttpCalls().get(0), "tok-2", 60);
        advanceAndTick(100);

        assertResumedWithBearer(onSecond, "tok-2");
        assertResumedWithBearer(onFirst, "tok-2");
        assertThat(pendingCalls()).isZero();
    }

    @Test
    void aRefreshByOneVmReachesTheOtherWhileBothKeepServing() {
        List<PluginHarness> vm = twoVms(with(JSON_SOURCE, "\"refreshAheadSeconds\":10"));
        fetchOn(vm.get(0), "tok-1");
        advanceAndTick(51_000);

        request(vm.get(0), HeaderStatus.CONTINUE);
        request(vm.get(1), HeaderStatus.CONTINUE);
        assertThat(vm.get(0).pendingHttpCalls()).as("the first VM refreshes").hasSize(1);
        assertThat(vm.get(1).pendingHttpCalls()).as("the second sees its claim").isEmpty();
        answerJson(vm.get(0).pendingHttpCalls().get(0), "tok-2", 60);

        HttpStream onSecond = request(vm.get(1), HeaderStatus.CONTINUE);
        assertThat(onSecond.requestHeaders()).isEqualTo(plus(REQUEST, "authorization", "Bearer tok-2"));
    }

    @Test
    void aFailedFetchFailsTheRequestsWaitingOnTheOtherVm() {
        List<PluginHarness> vm = twoVms(with(JSON_SOURCE, "\"failureMode\":\"deny\""));
        HttpStream first = request(vm.get(0), HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        HttpStream second = request(vm.get(1), HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        vm.get(0).pendingHttpCalls().get(0).respond(503, "down");
        advanceAndTick(100);

        LocalResponse denied = LocalResponse.of(503, Headers.empty(), "token service unavailable");
        assertThat(first.localResponses()).containsExactly(denied);
        assertThat(second.localResponses()).containsExactly(denied);
        assertThat(pendingCalls()).as("the second VM did not fetch for itself").isZero();
    }

    @Test
    void thePauseAfterAFailedFetchHoldsForEveryVm() {
        // During an outage the gateway fetches once per pause (1 s, then 2 s), not once per VM.
        List<PluginHarness> vm = twoVms(JSON_SOURCE);
        request(vm.get(0), HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        vm.get(0).pendingHttpCalls().get(0).respond(503, "down");

        request(vm.get(1), HeaderStatus.CONTINUE);
        request(vm.get(0), HeaderStatus.CONTINUE);
        assertThat(pendingCalls()).as("no fetch during the pause, on either VM").isZero();
        advanceAndTick(1000);
        request(vm.get(1), HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        assertThat(vm.get(1).pendingHttpCalls()).hasSize(1);
        vm.get(1).pendingHttpCalls().get(0).respond(503, "down");
        advanceAndTick(1000);
        request(vm.get(0), HeaderStatus.CONTINUE);
        assertThat(pendingCalls()).as("the second failure in a row pauses 2 s, for both").isZero();

        assertThat(vm.get(1).logs(io.wasmjava.core.LogLevel.WARN)).containsExactly(TokenPluginScenarios.PLUGIN_LOG
                + "token fetch failed: token service answered 503; no new fetch for 2000 ms");
    }

    @Test
    void aClaimLapsesWhenItsVmNeverAnswersAndTheOtherVmFetches() {
        // The first VM's fetch (timeout 500 ms) never completes: it was rebuilt mid-fetch.
        List<PluginHarness> vm = twoVms(JSON_SOURCE);
        request(vm.get(0), HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        HttpStream waiting = request(vm.get(1), HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        advanceAndTick(1400);
        assertThat(vm.get(1).pendingHttpCalls()).as("the claim lasts timeout + 1 s").isEmpty();

        advanceAndTick(100);
        assertThat(vm.get(1).pendingHttpCalls()).hasSize(1);
        answerJson(vm.get(1).pendingHttpCalls().get(0), "tok-1", 60);

        assertResumedWithBearer(waiting, "tok-1");
    }

    @Test
    void anUpstream401OnOneVmDropsTheTokenForBoth() {
        List<PluginHarness> vm = twoVms(JSON_SOURCE);
        HttpStream first = fetchOn(vm.get(0), "tok-1");
        first.responseHeaders(Headers.of(":status", "401"), true);

        request(vm.get(1), HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        assertThat(vm.get(1).pendingHttpCalls()).hasSize(1);
    }

    static Stream<Arguments> configurationsThatShareNothing() {
        return Stream.of(
                argumentSet("without the shared cache each VM fetches its own",
                        with(JSON_SOURCE, "\"sharedCache\":false")),
                // The seed's configuration: no lifetime, a token per request; a VM waiting for another's fetch would
                // gain nothing from it.
                argumentSet("a configuration that never caches shares nothing", TokenPluginScenarios.SEED));
    }

    @ParameterizedTest
    @MethodSource("configurationsThatShareNothing")
    void eachVmFetchesItsOwnAndNothingIsStored(String config) {
        List<PluginHarness> vm = twoVms(config);
        request(vm.get(0), HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);
        request(vm.get(1), HeaderStatus.STOP_ALL_ITERATION_AND_WATERMARK);

        assertThat(vm.get(0).pendingHttpCalls()).hasSize(1);
        assertThat(vm.get(1).pendingHttpCalls()).hasSize(1);
        assertThat(store.keys()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "wasmjava-token 1\nsoon\n1\n\n0\n\n0\n0\ntok-x",
            "wasmjava-token 1\n1\n1\n\n0\n\n0\n0",
            "wasmjava-token 2\n99999999999999\n99999999999999\n\n0\n\n0\n0\ntok-x",
            "wasmjava-token 1\n99999999999999\n99999999999999\n\n0\n\n0\n0\ntok\rx",
            "wasmjava-token 1\n99999999999999\n99999999999999\n\n0\n\n0\n0\ntok-x\nbody\u0000",
            "wasmjava-token 1\n99999999999999\n99999999999999\n\n0\n\n65\n0\ntok-x", ""})
    void aValueItCannotReadAtItsKeyCountsAsNoTokenAndIsReplaced(String foreign) {
        String key = SharedTokenStore.key(Json.parse(JSON_SOURCE).toJson());
        store.set(key, foreign.getBytes(StandardCharsets.UTF_8), 0);
        List<PluginHarness> vm = twoVms(JSON_SOURCE);

        HttpStream first = fetchOn(vm.get(0), "tok-1");

        assertResumedWithBearer(first, "tok-1");
        assertThat(new String(store.get(key).value(), StandardCharsets.UTF_8)).startsWith("wasmjava-token 1\n")
                .endsWith("\ntok-1");
    }

    @Test
    void theEntryIsUnderOneKeyPerConfigurationAndHoldsNoTokenInItsName() {
        List<PluginHarness> vm = twoVms(JSON_SOURCE);
        fetchOn(vm.get(0), "tok-1");

        assertThat(store.keys()).containsExactly(SharedTokenStore.key(Json.parse(JSON_SOURCE).toJson()));
    }
}
