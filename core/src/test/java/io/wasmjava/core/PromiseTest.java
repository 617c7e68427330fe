package io.wasmjava.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.wasmjava.core.Promise.AllFailedException;
import io.wasmjava.core.Promise.Completer;
import io.wasmjava.core.Promise.Deferred;
import io.wasmjava.core.Promise.PromiseTimeoutException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Promise} inside a real dispatcher ({@link PromiseFixture}): every operator, ordering and exactly-once,
 * exception capture in each kind of stage, the combinators, timeouts on the tick, request binding,
 * {@code resumeOrReject}, and reporting of unhandled failures.
 */
class PromiseTest {
    private static final String PLUGIN_PREFIX = "[promise-test] [nil] [nil] ";
    private static final String REQUEST_PREFIX = "[promise-test] [nil] [req-2] ";

    private final PromiseFixture fixture = new PromiseFixture();
    private final PluginContext plugin = fixture.plugin();
    private final List<String> events = new ArrayList<>();
    private final IllegalStateException boom = new IllegalStateException("boom");

    @AfterEach
    void nothingEscapedToTheDispatcher() {
        assertThat(fixture.logs(LogLevel.CRITICAL)).isEmpty();
    }

    private <T> Deferred<T> deferred() {
        return Promise.deferred(plugin);
    }

    /** A pending promise that is bound to no request, and its completer. */
    private <T> Deferred<T> unbound() {
        List<Completer<T>> completer = new ArrayList<>();
        Promise<T> promise = Promise.createForPlugin(plugin, completer::add);
        return new Deferred<>(promise, completer.get(0));
    }

    private static <T> T fail(Throwable e) throws RuntimeException {
        if (e instanceof RuntimeException) {
            throw (RuntimeException) e;
        }
        throw new IllegalStateException(e);
    }

    @Nested
    class Completion {
        @Test
        void completesOnceAndIgnoresEveryLaterCompletion() {
            Deferred<String> d = deferred();

            assertThat(d.completer().succeed("first")).isTrue();
            assertThat(d.completer().succeed("second")).isFalse();
            assertThat(d.completer().fail(boom)).isFalse();

            assertThat(d.promise().isDone()).isTrue();
            assertThat(d.promise().isSucceeded()).isTrue();
            assertThat(d.promise().isFailed()).isFalse();
            assertThat(d.promise().value()).isEqualTo("first");
        }

        @Test
        void runsStagesAddedToAPendingPromiseInTheOrderAddedWhenItCompletes() {
            Deferred<String> d = deferred();
            d.promise().onSuccess(v -> events.add("first " + v));
            d.promise().map(v -> events.add("second " + v));
            d.promise().onComplete((v, e) -> events.add("third " + v));

            assertThat(events).isEmpty();
            d.completer().succeed("x");

            assertThat(events).containsExactly("first x", "second x", "third x");
        }

        @Test
        void runsAStageAddedToACompletedPromiseBeforeTheAddingMethodReturns() {
            Promise<String> done = Promise.succeeded(plugin, "x");

            done.onSuccess(v -> events.add("stage " + v));
            events.add("returned");

            assertThat(events).containsExactly("stage x", "returned");
        }

        @Test
        void runsEachStageExactlyOnceWhateverTheCompleterIsCalledWith() {
            Deferred<String> d = deferred();
            d.promise().onComplete((v, e) -> events.add("complete " + v + " " + e));
            d.promise().recover(e -> "recovered").onSuccess(v -> events.add("recover " + v));

            d.completer().succeed("a");
            d.completer().succeed("b");
            d.completer().fail(boom);

            assertThat(events).containsExactly("complete a null", "recover a");
        }

        @Test
        void runsAChainStageByStageAsEachResultArrives() {
            Deferred<Integer> first = deferred();
            Deferred<Integer> second = deferred();
            Promise<Integer> chain = first.promise()
                    .map(v -> {
                        events.add("map " + v);
                        return v + 1;
                    })
                    .flatMap(v -> {
                        events.add("flatMap " + v);
                        return second.promise().map(w -> v * w);
                    })
                    .onSuccess(v -> events.add("onSuccess " + v));

            first.completer().succeed(1);
            assertThat(events).containsExactly("map 1", "flatMap 2");
            second.completer().succeed(10);

            assertThat(events).containsExactly("map 1", "flatMap 2", "onSuccess 20");
            assertThat(chain.value()).isEqualTo(20);
        }

        @Test
        void createRunsStartAtOnceWithTheCompleter() {
            Promise<String> promise = Promise.create(plugin, completer -> {
                events.add("start");
                completer.succeed("v");
            });
            events.add("returned");

            assertThat(events).containsExactly("start", "returned");
            assertThat(promise.value()).isEqualTo("v");
        }

        @Test
        void createFailsWithTheExceptionStartThrows() {
            Promise<String> promise = Promise.create(plugin, completer -> {
                throw boom;
            });

            assertThat(promise.failure()).isSameAs(boom);
        }

        @Test
        void createLogsAnExceptionStartThrowsAfterItCompletedThePromise() {
            List<Promise<String>> made = new ArrayList<>();
            fixture.inPluginCallback(() -> made.add(Promise.create(plugin, completer -> {
                completer.succeed("v");
                throw boom;
            })));

            assertThat(made.get(0).value()).isEqualTo("v");
            assertThat(fixture.logs(LogLevel.ERROR)).containsExactly(PLUGIN_PREFIX
                    + "exception after the promise was completed: java.lang.IllegalStateException: boom");
        }

        @Test
        void failingWithNullFailsWithANullPointerException() {
            Deferred<String> d = deferred();

            d.completer().fail(null);

            assertThat(d.promise().failure()).isInstanceOf(NullPointerException.class)
                    .hasMessage("promise failed with a null failure");
        }

        @Test
        void valueAndFailureRefuseToAnswerForTheOtherOutcome() {
            Deferred<String> pending = deferred();
            Promise<String> failed = Promise.<String>failed(plugin, boom).onFailure(e -> { });

            assertThatThrownBy(() -> pending.promise().value()).isInstanceOf(IllegalStateException.class)
                    .hasMessage("promise has not succeeded");
            assertThatThrownBy(() -> pending.promise().failure()).isInstanceOf(IllegalStateException.class)
                    .hasMessage("promise has not failed");
            assertThatThrownBy(failed::value).isInstanceOf(IllegalStateException.class);
            assertThat(failed.failure()).isSameAs(boom);
        }

        @Test
        void aThrowingStageNeitherReachesTheCompleterNorStopsTheOtherStages() {
            Deferred<String> d = deferred();
            Promise<Object> thrown = d.promise().map(v -> fail(boom));
            d.promise().onSuccess(v -> events.add("other " + v));

            assertThat(d.completer().succeed("v")).isTrue();

            assertThat(events).containsExactly("other v");
            assertThat(thrown.failure()).isSameAs(boom);
        }

        @Test
        void rejectsANullPlugin() {
            assertThatThrownBy(() -> Promise.succeeded(null, "v")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("plugin must not be null");
            assertThatThrownBy(() -> Promise.create(null, c -> { })).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Stages {
        @Test
        void mapTransformsTheValue() {
            assertThat(Promise.succeeded(plugin, 2).map(v -> v * 21).value()).isEqualTo(42);
        }

        @Test
        void mapPassesAFailureThroughWithoutRunningItsFunction() {
            Promise<Integer> mapped = Promise.<Integer>failed(plugin, boom).map(v -> {
                events.add("ran");
                return v;
            }).onFailure(e -> { });

            assertThat(mapped.failure()).isSameAs(boom);
            assertThat(events).isEmpty();
        }

        @Test
        void flatMapCompletesLikeThePromiseItsFunctionReturns() {
            Deferred<String> inner = deferred();
            Promise<String> chained = Promise.succeeded(plugin, "a").flatMap(v -> inner.promise());

            assertThat(chained.isDone()).isFalse();
            inner.completer().succeed("b");

            assertThat(chained.value()).isEqualTo("b");
        }

        @Test
        void flatMapFailsLikeThePromiseItsFunctionReturns() {
            Promise<String> chained = Promise.succeeded(plugin, "a")
                    .flatMap(v -> Promise.<String>failed(plugin, boom)).onFailure(e -> { });

            assertThat(chained.failure()).isSameAs(boom);
        }

        @Test
        void flatMapPassesAFailureThroughWithoutRunningItsFunction() {
            Promise<String> chained = Promise.<String>failed(plugin, boom).flatMap(v -> {
                events.add("ran");
                return Promise.succeeded(plugin, v);
            }).onFailure(e -> { });

            assertThat(chained.failure()).isSameAs(boom);
            assertThat(events).isEmpty();
        }

        @Test
        void thenComposeIsFlatMap() {
            assertThat(Promise.succeeded(plugin, 1).thenCompose(v -> Promise.succeeded(plugin, v + 1)).value())
                    .isEqualTo(2);
        }

        @Test
        void recoverTurnsAFailureIntoAValue() {
            assertThat(Promise.<String>failed(plugin, boom).recover(e -> "from " + e.getMessage()).value())
                    .isEqualTo("from boom");
        }

        @Test
        void recoverPassesAValueThroughWithoutRunningItsFunction() {
            assertThat(Promise.succeeded(plugin, "v").recover(e -> "recovered").value()).isEqualTo("v");
        }

        @Test
        void recoverWithCompletesLikeThePromiseItsFunctionReturns() {
            Deferred<String> fallback = deferred();
            Promise<String> recovered = Promise.<String>failed(plugin, boom).recoverWith(e -> fallback.promise());

            assertThat(recovered.isDone()).isFalse();
            fallback.completer().succeed("fallback");

            assertThat(recovered.value()).isEqualTo("fallback");
        }

        @Test
        void recoverWithPassesAValueThrough() {
            assertThat(Promise.succeeded(plugin, "v").recoverWith(e -> null).value()).isEqualTo("v");
        }

        @Test
        void mapFailureReplacesTheFailure() {
            Promise<String> mapped = Promise.<String>failed(plugin, boom)
                    .mapFailure(e -> new IOException("step one", e)).onFailure(e -> { });

            assertThat(mapped.failure()).isInstanceOf(IOException.class).hasMessage("step one").hasCause(boom);
        }

        @Test
        void mapFailurePassesAValueThroughWithoutRunningItsFunction() {
            assertThat(Promise.succeeded(plugin, "v").mapFailure(e -> fail(boom)).value()).isEqualTo("v");
        }

        @Test
        void onSuccessRunsWithTheValueAndPassesItOn() {
            Promise<String> peeked = Promise.succeeded(plugin, "v").onSuccess(v -> events.add("saw " + v));

            assertThat(events).containsExactly("saw v");
            assertThat(peeked.value()).isEqualTo("v");
        }

        @Test
        void onSuccessDoesNotRunOnFailure() {
            Promise<String> peeked = Promise.<String>failed(plugin, boom).onSuccess(v -> events.add("ran"))
                    .onFailure(e -> { });

            assertThat(events).isEmpty();
            assertThat(peeked.failure()).isSameAs(boom);
        }

        @Test
        void onFailureRunsWithTheFailureAndStaysFailed() {
            Promise<String> peeked = Promise.<String>failed(plugin, boom).onFailure(e -> events.add("saw " + e));

            assertThat(events).containsExactly("saw java.lang.IllegalStateException: boom");
            assertThat(peeked.failure()).isSameAs(boom);
        }

        @Test
        void onFailureDoesNotRunOnSuccess() {
            Promise<String> peeked = Promise.succeeded(plugin, "v").onFailure(e -> events.add("ran"));

            assertThat(events).isEmpty();
            assertThat(peeked.value()).isEqualTo("v");
        }

        @Test
        void onCompleteRunsWithTheValueOrTheFailure() {
            Promise.succeeded(plugin, "v").onComplete((v, e) -> events.add(v + " " + e));
            Promise.<String>failed(plugin, boom).onComplete((v, e) -> events.add(v + " " + e));

            assertThat(events).containsExactly("v null", "null java.lang.IllegalStateException: boom");
        }

        /** A stage whose function or action throws {@code thrown}, on a source that makes it run. */
        interface ThrowingStage {
            Promise<?> build(PluginContext plugin, RuntimeException thrown);
        }

        static Stream<Arguments> stagesThatThrow() {
            IllegalStateException source = new IllegalStateException("source");
            return Stream.of(
                    argumentSet("map", (ThrowingStage) (p, t) -> Promise.succeeded(p, 1).map(v -> fail(t))),
                    argumentSet("flatMap", (ThrowingStage) (p, t) -> Promise.succeeded(p, 1).flatMap(v -> fail(t))),
                    argumentSet("recover", (ThrowingStage) (p, t) -> Promise.failed(p, source).recover(e -> fail(t))),
                    argumentSet("recoverWith",
                            (ThrowingStage) (p, t) -> Promise.failed(p, source).recoverWith(e -> fail(t))),
                    argumentSet("mapFailure",
                            (ThrowingStage) (p, t) -> Promise.failed(p, source).mapFailure(e -> fail(t))),
                    argumentSet("onSuccess", (ThrowingStage) (p, t) -> Promise.succeeded(p, 1).onSuccess(v -> fail(t))),
                    argumentSet("onFailure",
                            (ThrowingStage) (p, t) -> Promise.failed(p, source).onFailure(e -> fail(t))),
                    argumentSet("onComplete",
                            (ThrowingStage) (p, t) -> Promise.succeeded(p, 1).onComplete((v, e) -> fail(t))));
        }

        @ParameterizedTest
        @MethodSource("stagesThatThrow")
        void failsWithTheExceptionItsFunctionOrActionThrows(ThrowingStage stage) {
            IllegalArgumentException thrown = new IllegalArgumentException("thrown");

            assertThat(stage.build(plugin, thrown).onFailure(e -> { }).failure()).isSameAs(thrown);
        }

        static Stream<Arguments> stagesWhoseFunctionReturnsNull() {
            IllegalStateException source = new IllegalStateException("source");
            return Stream.of(
                    argumentSet("flatMap", (Function<PluginContext, Promise<?>>) p -> Promise.succeeded(p, 1)
                            .flatMap(v -> null), "flatMap function returned null"),
                    argumentSet("recoverWith", (Function<PluginContext, Promise<?>>) p -> Promise.failed(p, source)
                            .recoverWith(e -> null), "recoverWith function returned null"),
                    argumentSet("mapFailure", (Function<PluginContext, Promise<?>>) p -> Promise.failed(p, source)
                            .mapFailure(e -> null), "mapFailure function returned null"));
        }

        @ParameterizedTest
        @MethodSource("stagesWhoseFunctionReturnsNull")
        void failsWithANullPointerWhenItsFunctionReturnsNull(Function<PluginContext, Promise<?>> stage,
                String message) {
            assertThat(stage.apply(plugin).onFailure(e -> { }).failure())
                    .isInstanceOf(NullPointerException.class).hasMessage(message);
        }
    }

    @Nested
    class Combinators {
        @Test
        void allSucceedsWithEveryValueInTheOrderGivenWhateverTheOrderOfArrival() {
            Deferred<String> a = deferred();
            Deferred<String> b = deferred();
            Deferred<String> c = deferred();
            Promise<List<String>> all = Promise.all(plugin, Arrays.asList(a.promise(), b.promise(), c.promise()));

            c.completer().succeed("c");
            a.completer().succeed("a");
            assertThat(all.isDone()).isFalse();
            b.completer().succeed("b");

            assertThat(all.value()).containsExactly("a", "b", "c");
            assertThatThrownBy(() -> all.value().add("d")).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void allOfNoPromisesSucceedsAtOnceWithAnEmptyList() {
            assertThat(Promise.all(plugin, Collections.<Promise<String>>emptyList()).value()).isEmpty();
        }

        @Test
        void allAcceptsPromisesThatAlreadyCompleted() {
            Promise<List<Integer>> all = Promise.all(plugin,
                    Arrays.asList(Promise.succeeded(plugin, 1), Promise.succeeded(plugin, 2)));

            assertThat(all.value()).containsExactly(1, 2);
        }

        @Test
        void allFailsWithTheFirstFailureToArriveAndIgnoresTheOthers() {
            Deferred<String> a = deferred();
            Deferred<String> b = deferred();
            Deferred<String> c = deferred();
            IOException later = new IOException("later");
            List<Promise<List<String>>> made = new ArrayList<>();
            fixture.inPluginCallback(() -> made.add(Promise.all(plugin,
                    Arrays.asList(a.promise(), b.promise(), c.promise())).onFailure(e -> events.add("failed " + e))));

            fixture.inPluginCallback(() -> {
                a.completer().succeed("a");
                b.completer().fail(boom);
                c.completer().fail(later);
            });

            assertThat(events).containsExactly("failed java.lang.IllegalStateException: boom");
            assertThat(made.get(0).failure()).isSameAs(boom);
            assertThat(fixture.logs(LogLevel.ERROR)).isEmpty();
        }

        @Test
        void anySucceedsWithTheFirstValueToArriveEvenAfterFailures() {
            Deferred<String> a = deferred();
            Deferred<String> b = deferred();
            Deferred<String> c = deferred();
            Promise<String> any = Promise.any(plugin, Arrays.asList(a.promise(), b.promise(), c.promise()));

            a.completer().fail(boom);
            c.completer().succeed("c");
            b.completer().succeed("b");

            assertThat(any.value()).isEqualTo("c");
        }

        @Test
        void anyFailsWithEveryFailureInTheOrderGivenWhenAllFail() {
            Deferred<String> a = deferred();
            Deferred<String> b = deferred();
            IOException second = new IOException("second");
            Promise<String> any = Promise.any(plugin, Arrays.asList(a.promise(), b.promise())).onFailure(e -> { });

            b.completer().fail(second);
            assertThat(any.isDone()).isFalse();
            a.completer().fail(boom);

            assertThat(any.failure()).isInstanceOf(AllFailedException.class)
                    .hasMessage("all 2 promises failed; first: java.lang.IllegalStateException: boom");
            assertThat(((AllFailedException) any.failure()).failures()).containsExactly(boom, second);
        }

        @Test
        void anyAndFirstRejectAnEmptyList() {
            assertThatThrownBy(() -> Promise.any(plugin, Collections.<Promise<String>>emptyList()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("any() needs at least one promise");
            assertThatThrownBy(() -> Promise.first(plugin, Collections.<Promise<String>>emptyList()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("first() needs at least one promise");
        }

        @Test
        void firstSucceedsLikeTheFirstToCompleteAndIgnoresTheRest() {
            Deferred<String> a = deferred();
            Deferred<String> b = deferred();
            Promise<String> first = Promise.first(plugin, Arrays.asList(a.promise(), b.promise()));

            b.completer().succeed("b");
            a.completer().fail(boom);

            assertThat(first.value()).isEqualTo("b");
        }

        @Test
        void firstFailsLikeTheFirstToComplete() {
            Deferred<String> a = deferred();
            Deferred<String> b = deferred();
            Promise<String> first = Promise.first(plugin, Arrays.asList(a.promise(), b.promise()))
                    .onFailure(e -> { });

            a.completer().fail(boom);
            b.completer().succeed("b");

            assertThat(first.failure()).isSameAs(boom);
        }
    }

    @Nested
    class Timeouts {
        @Test
        void failsAPromiseStillPendingAtTheFirstTickAfterItsDeadline() {
            Deferred<String> d = unbound();
            Promise<String> timed = d.promise().timeout(1000).onFailure(e -> events.add("failed " + e.getMessage()));

            assertThat(fixture.host.tickPeriodMillis).isEqualTo(100);
            fixture.tickAfterMillis(900);
            assertThat(timed.isDone()).isFalse();
            fixture.tickAfterMillis(99);
            assertThat(timed.isDone()).as("the tick function runs every 100 ms").isFalse();
            fixture.tickAfterMillis(1);

            assertThat(timed.failure()).isInstanceOf(PromiseTimeoutException.class)
                    .hasMessage("no result within 1000 ms");
            assertThat(events).containsExactly("failed no result within 1000 ms");
        }

        @Test
        void ignoresTheLateResultOfATimedOutPromise() {
            Deferred<String> d = unbound();
            Promise<String> timed = d.promise().timeout(100).onFailure(e -> { });
            fixture.tickAfterMillis(100);

            fixture.inPluginCallback(() -> d.completer().fail(new IOException("late")));

            assertThat(timed.failure()).isInstanceOf(PromiseTimeoutException.class);
            assertThat(fixture.logs(LogLevel.ERROR)).isEmpty();
        }

        @Test
        void passesOnAResultThatArrivesBeforeTheDeadline() {
            Deferred<String> d = unbound();
            Promise<String> timed = d.promise().timeout(1000);

            d.completer().succeed("in time");
            fixture.tickAfterMillis(5000);

            assertThat(timed.value()).isEqualTo("in time");
            assertThat(PromiseTimeouts.of(plugin).pending()).isZero();
        }

        @Test
        void passesOnACompletedPromiseAtOnceWithoutATick() {
            Promise<String> timed = Promise.succeeded(plugin, "v").timeout(10);

            assertThat(timed.value()).isEqualTo("v");
            assertThat(fixture.host.tickPeriodMillis).isZero();
        }

        @Test
        void rejectsATimeoutThatIsNotPositive() {
            assertThatThrownBy(() -> Promise.succeeded(plugin, "v").timeout(0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("timeoutMillis must be positive but was 0");
        }

        @Test
        void runsTheStagesOfATimedOutChainInTheTickCallback() {
            Deferred<String> d = unbound();
            d.promise().timeout(100)
                    .recover(e -> "fallback")
                    .onSuccess(v -> events.add("continued with " + v));

            fixture.tickAfterMillis(150);

            assertThat(events).containsExactly("continued with fallback");
        }

        @Test
        void expiresDeadlinesInTheOrderTheyWereSet() {
            Deferred<String> a = unbound();
            Deferred<String> b = unbound();
            a.promise().timeout(200).onFailure(e -> events.add("a"));
            b.promise().timeout(100).onFailure(e -> events.add("b"));

            fixture.tickAfterMillis(200);

            assertThat(events).containsExactly("a", "b");
        }

        @Test
        void keepsTimingOutAcrossANewConfiguration() {
            Deferred<String> before = unbound();
            before.promise().timeout(5000).onFailure(e -> events.add("before"));
            assertThat(fixture.configure("{}")).isTrue();
            assertThat(fixture.host.tickPeriodMillis).as("the SDK's timeout tick survives reconfiguration")
                    .isEqualTo(100);

            Deferred<String> after = unbound();
            after.promise().timeout(100).onFailure(e -> events.add("after"));
            fixture.tickAfterMillis(5000);

            assertThat(events).containsExactly("before", "after");
        }

        @Test
        void forgetsTheDeadlineOfARequestThatEnded() {
            List<Promise<String>> made = new ArrayList<>();
            HttpContext http = fixture.openRequest(h -> made.add(Promise.<String>deferred(plugin).promise()
                    .timeout(1000)));
            assertThat(PromiseTimeouts.of(plugin).pending()).isEqualTo(1);

            fixture.endRequest(http);
            fixture.tick();

            assertThat(PromiseTimeouts.of(plugin).pending()).isZero();
            assertThat(made.get(0).isDone()).isFalse();
        }
    }

    @Nested
    class RequestBinding {
        @Test
        void aPromiseMadeWhileHandlingARequestStopsSilentlyOnceTheRequestEnds() {
            List<Completer<String>> completers = new ArrayList<>();
            HttpContext http = fixture.openRequest(h -> {
                Deferred<String> d = Promise.deferred(plugin);
                completers.add(d.completer());
                d.promise().map(v -> events.add("map " + v)).onFailure(e -> events.add("failed"));
            });

            fixture.endRequest(http);
            fixture.inPluginCallback(() -> completers.get(0).fail(boom));

            assertThat(events).isEmpty();
            assertThat(fixture.logs(LogLevel.ERROR)).isEmpty();
        }

        @Test
        void stagesAddedAfterTheRequestEndedDoNotRun() {
            List<Promise<String>> made = new ArrayList<>();
            HttpContext http = fixture.openRequest(h -> {
                Deferred<String> d = Promise.deferred(plugin);
                d.completer().succeed("v");
                made.add(d.promise());
            });

            fixture.endRequest(http);
            made.get(0).onSuccess(v -> events.add("ran"));

            assertThat(events).isEmpty();
        }

        @Test
        void bindToStopsAnUnboundChainOnceTheGivenRequestEnds() {
            Deferred<String> shared = unbound();
            HttpContext http = fixture.openRequest(h -> shared.promise().bindTo(h)
                    .onSuccess(v -> events.add("bound " + v)));
            shared.promise().onSuccess(v -> events.add("unbound " + v));

            fixture.endRequest(http);
            fixture.inPluginCallback(() -> shared.completer().succeed("v"));

            assertThat(events).containsExactly("unbound v");
        }

        @Test
        void bindToPassesTheOutcomeOnWhileTheRequestLasts() {
            Deferred<String> shared = unbound();
            List<Promise<String>> made = new ArrayList<>();
            fixture.openRequest(h -> made.add(shared.promise().bindTo(h)));

            fixture.inPluginCallback(() -> shared.completer().succeed("v"));

            assertThat(made.get(0).value()).isEqualTo("v");
        }

        @Test
        void aPluginPromiseKeepsRunningAfterTheRequestThatMadeItEnded() {
            List<Completer<String>> completers = new ArrayList<>();
            HttpContext http = fixture.openRequest(h -> Promise.<String>createForPlugin(plugin, completers::add)
                    .onSuccess(v -> events.add("ran " + v)));

            fixture.endRequest(http);
            fixture.inPluginCallback(() -> completers.get(0).succeed("v"));

            assertThat(events).containsExactly("ran v");
        }

        @Test
        void aFailureOfAnEndedRequestIsNotReported() {
            List<Completer<String>> completers = new ArrayList<>();
            HttpContext http = fixture.openRequest(h -> Promise.<String>create(plugin, completers::add));

            fixture.endRequest(http);
            fixture.inPluginCallback(() -> completers.get(0).fail(boom));

            assertThat(fixture.logs(LogLevel.ERROR)).isEmpty();
        }

        @Test
        void aPromiseMadeOutsideAnyRequestIsNotBound() {
            List<Promise<String>> made = new ArrayList<>();
            fixture.inPluginCallback(() -> made.add(Promise.create(plugin, c -> c.succeed("v"))));
            HttpContext http = fixture.openRequest(h -> { });

            fixture.endRequest(http);
            made.get(0).onSuccess(v -> events.add("ran " + v));

            assertThat(events).containsExactly("ran v");
        }
    }

    @Nested
    class ResumeOrReject {
        @Test
        void resumesTheRequestWhenTheChainSucceeds() {
            fixture.openRequest(http -> fixture.call("token").resumeOrReject(http, 503, "token failed"));

            fixture.respond("token", "t-1");

            assertThat(fixture.host.streamActions).containsExactly("2 resume REQUEST");
        }

        @Test
        void answersTheFailureStatusAndBodyWhenTheChainFails() {
            fixture.openRequest(http -> fixture.call("token").resumeOrReject(http, 503, "token failed"));

            fixture.reset("token");

            assertThat(fixture.host.streamActions).containsExactly("2 local 503 token failed");
            assertThat(fixture.logs(LogLevel.WARN))
                    .containsExactly(REQUEST_PREFIX + "request chain failed: java.io.IOException: token reset");
            assertThat(fixture.logs(LogLevel.ERROR)).isEmpty();
        }

        @Test
        void answersWithABodyMadeFromTheFailure() {
            fixture.openRequest(http -> fixture.call("token")
                    .mapFailure(e -> new IOException("step token", e))
                    .resumeOrReject(http, 502, e -> "failed at " + e.getMessage()));

            fixture.reset("token");

            assertThat(fixture.host.streamActions).containsExactly("2 local 502 failed at step token");
        }

        @Test
        void answersWithAnEmptyBodyWhenTheBodyFunctionThrows() {
            fixture.openRequest(http -> fixture.call("token").resumeOrReject(http, 503, e -> fail(boom)));

            fixture.reset("token");

            assertThat(fixture.host.streamActions).containsExactly("2 local 503 ");
            assertThat(fixture.logs(LogLevel.ERROR)).containsExactly(
                    REQUEST_PREFIX + "failure body function threw: java.lang.IllegalStateException: boom");
        }

        @Test
        void doesNotResumeARequestThatAStageAnswered() {
            fixture.openRequest(http -> fixture.call("token")
                    .onSuccess(token -> http.sendLocalResponse(403, "denied"))
                    .resumeOrReject(http, 503, "token failed"));

            fixture.respond("token", "t-1");

            assertThat(fixture.host.streamActions).containsExactly("2 local 403 denied");
        }

        @Test
        void doesNotAnswerAgainWhenAStageAnsweredBeforeTheChainFailed() {
            fixture.openRequest(http -> fixture.call("token")
                    .onSuccess(token -> {
                        http.sendLocalResponse(403, "denied");
                        throw boom;
                    })
                    .resumeOrReject(http, 503, "token failed"));

            fixture.respond("token", "t-1");

            assertThat(fixture.host.streamActions).containsExactly("2 local 403 denied");
        }

        @Test
        void actsWithinTheCallbackWhenTheChainIsAlreadyComplete() {
            fixture.openRequest(http -> {
                Promise.succeeded(plugin, "cached").resumeOrReject(http, 503, "failed");
                events.add("handler returns");
            });

            assertThat(fixture.host.streamActions).containsExactly("2 resume REQUEST");
            assertThat(events).containsExactly("handler returns");
        }

        @Test
        void doesNothingOnceTheStreamHasEnded() {
            Deferred<String> shared = unbound();
            HttpContext http = fixture.openRequest(h -> shared.promise().resumeOrReject(h, 503, "failed"));

            fixture.endRequest(http);
            fixture.inPluginCallback(() -> shared.completer().fail(boom));

            assertThat(fixture.host.streamActions).isEmpty();
            assertThat(fixture.logs(LogLevel.WARN)).isEmpty();
            assertThat(fixture.logs(LogLevel.ERROR)).isEmpty();
        }

        @Test
        void answersATimedOutChainFromTheTick() {
            fixture.openRequest(http -> fixture.call("token").timeout(500).resumeOrReject(http, 504, "too slow"));

            fixture.tickAfterMillis(500);

            assertThat(fixture.host.streamActions).containsExactly("2 local 504 too slow");
        }
    }

    @Nested
    class UnhandledFailures {
        @Test
        void logsAFailureNobodyHandlesOnceAtErrorAfterTheCallback() {
            fixture.openRequest(http -> fixture.call("token").map(String::length));

            fixture.inPluginCallback(() -> { });
            assertThat(fixture.logs(LogLevel.ERROR)).isEmpty();
            fixture.reset("token");
            fixture.inPluginCallback(() -> { });
            fixture.tick();

            assertThat(fixture.logs(LogLevel.ERROR))
                    .containsExactly(REQUEST_PREFIX + "unhandled promise failure: java.io.IOException: token reset");
        }

        @Test
        void waitsForTheEndOfTheCallbackBeforeLogging() {
            List<Integer> errorsDuringCallback = new ArrayList<>();
            HttpContext http = fixture.openRequest(h -> { });

            fixture.inRequest(http, h -> {
                Promise.deferred(plugin).completer().fail(boom);
                errorsDuringCallback.add(fixture.logs(LogLevel.ERROR).size());
            });

            assertThat(errorsDuringCallback).containsExactly(0);
            assertThat(fixture.logs(LogLevel.ERROR)).containsExactly(
                    REQUEST_PREFIX + "unhandled promise failure: java.lang.IllegalStateException: boom");
        }

        @Test
        void doesNotLogAFailureWhenAHandlerIsAttachedLaterInTheSameCallback() {
            fixture.openRequest(http -> {
                Promise<String> failed = Promise.failed(plugin, boom);
                events.add("failed first");
                failed.onFailure(e -> events.add("handled " + e.getMessage()));
            });

            assertThat(events).containsExactly("failed first", "handled boom");
            assertThat(fixture.logs(LogLevel.ERROR)).isEmpty();
        }

        @Test
        void logsAFailureWhoseHandlerOnlyCameInALaterCallbackAndStillRunsTheHandler() {
            List<Promise<String>> made = new ArrayList<>();
            HttpContext http = fixture.openRequest(h -> { });
            fixture.inRequest(http, h -> made.add(Promise.failed(plugin, boom)));

            fixture.inRequest(http, h -> made.get(0).onFailure(e -> events.add("handled late")));

            assertThat(events).containsExactly("handled late");
            assertThat(fixture.logs(LogLevel.ERROR)).containsExactly(
                    PLUGIN_PREFIX + "unhandled promise failure: java.lang.IllegalStateException: boom");
        }

        @Test
        void logsAFailurePassedAlongAChainOnlyOnceAtItsEnd() {
            fixture.openRequest(http -> fixture.call("token")
                    .map(String::length)
                    .flatMap(length -> Promise.succeeded(plugin, length * 2))
                    .onSuccess(v -> events.add("ran")));

            fixture.reset("token");

            assertThat(events).isEmpty();
            assertThat(fixture.logs(LogLevel.ERROR))
                    .containsExactly(REQUEST_PREFIX + "unhandled promise failure: java.io.IOException: token reset");
        }

        @Test
        void doesNotLogAFailureThatOnFailureHandledFurtherDownTheChain() {
            fixture.openRequest(http -> fixture.call("token")
                    .onFailure(e -> events.add("handled " + e.getMessage()))
                    .map(String::length)
                    .onSuccess(v -> events.add("ran")));

            fixture.reset("token");

            assertThat(events).containsExactly("handled token reset");
            assertThat(fixture.logs(LogLevel.ERROR)).isEmpty();
        }

        @Test
        void logsAFailureThrownByAnOnFailureAction() {
            fixture.openRequest(http -> fixture.call("token").onFailure(e -> fail(boom)));

            fixture.reset("token");

            assertThat(fixture.logs(LogLevel.ERROR)).containsExactly(
                    REQUEST_PREFIX + "unhandled promise failure: java.lang.IllegalStateException: boom");
        }

        @Test
        void doesNotLogFailuresThatAllAnyAndFirstIgnored() {
            fixture.openRequest(http -> {
                Promise.all(plugin, Arrays.asList(fixture.call("a"), fixture.call("b"))).onFailure(e -> { });
                Promise.any(plugin, Arrays.asList(fixture.call("c"), fixture.call("d")));
                Promise.first(plugin, Arrays.asList(fixture.call("e"), fixture.call("f")));
            });

            fixture.reset("a");
            fixture.reset("b");
            fixture.respond("c", "c");
            fixture.reset("d");
            fixture.respond("e", "e");
            fixture.reset("f");

            assertThat(fixture.logs(LogLevel.ERROR)).isEmpty();
        }

        @Test
        void logsATimeoutNobodyHandlesAfterTheTick() {
            fixture.openRequest(http -> fixture.call("token").timeout(100));

            fixture.tickAfterMillis(100);

            assertThat(fixture.logs(LogLevel.ERROR)).containsExactly(REQUEST_PREFIX
                    + "unhandled promise failure: io.wasmjava.core.Promise$PromiseTimeoutException: "
                    + "no result within 100 ms");
        }

        @Test
        void logsWithThePluginPrefixWhenNotBoundToARequest() {
            fixture.inPluginCallback(() -> Promise.failed(plugin, boom));

            assertThat(fixture.logs(LogLevel.ERROR)).containsExactly(
                    PLUGIN_PREFIX + "unhandled promise failure: java.lang.IllegalStateException: boom");
        }

        @Test
        void logsAtOnceOutsideAnyHostCallback() {
            Promise.failed(plugin, boom);

            assertThat(fixture.logs(LogLevel.ERROR)).containsExactly(
                    PLUGIN_PREFIX + "unhandled promise failure: java.lang.IllegalStateException: boom");
        }
    }

    /**
     * Nothing of a request stays reachable from what outlives it: its stages on shared promises, its deadlines and its
     * callouts are released when its stream ends (HttpContext's "Nothing outlives the request").
     */
    @Nested
    class Release {
        @Test
        void stagesOfEndedRequestsLeaveASharedPromise() {
            Deferred<String> shared = unbound();
            List<HttpContext> requests = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                requests.add(fixture.openRequest(h -> shared.promise().bindTo(h)
                        .onSuccess(v -> events.add(h.contextId() + " " + v))));
            }
            assertThat(shared.promise().waitingStages()).isEqualTo(1000);

            for (HttpContext http : requests.subList(0, 999)) {
                fixture.endRequest(http);
            }

            assertThat(shared.promise().waitingStages()).isEqualTo(1);
            fixture.inPluginCallback(() -> shared.completer().succeed("v"));
            assertThat(events).containsExactly(requests.get(999).contextId() + " v");
        }

        @Test
        void flatMapAllAnyAndFirstOnASharedPromiseLeaveItWhenTheirRequestEnds() {
            Deferred<String> shared = unbound();
            HttpContext http = fixture.openRequest(h -> {
                Deferred<String> first = Promise.deferred(plugin);
                first.promise().flatMap(x -> shared.promise());
                first.completer().succeed("x");
                Promise.all(plugin, List.of(shared.promise()));
                Promise.any(plugin, List.of(shared.promise()));
                Promise.first(plugin, List.of(shared.promise()));
            });
            assertThat(shared.promise().waitingStages()).isEqualTo(4);

            fixture.endRequest(http);

            assertThat(shared.promise().waitingStages()).isZero();
        }

        @Test
        void stagesLeaveAtProxyOnDeleteWhenTheHostSkipsProxyOnDone() {
            Deferred<String> shared = unbound();
            HttpContext http = fixture.openRequest(h -> shared.promise().bindTo(h));

            fixture.deleteRequest(http);

            assertThat(shared.promise().waitingStages()).isZero();
        }

        @Test
        void deadlinesOfEndedRequestsAreDroppedWhenTheStreamEndsNotAtTheNextTick() {
            Deferred<String> shared = unbound();
            List<HttpContext> requests = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                requests.add(fixture.openRequest(h -> shared.promise().bindTo(h).timeout(60_000)));
            }
            PromiseTimeouts timeouts = PromiseTimeouts.of(plugin);
            assertThat(timeouts.pending()).isEqualTo(100);

            requests.forEach(fixture::endRequest);

            assertThat(timeouts.pending()).isZero();
            assertThat(shared.promise().waitingStages()).isZero();
        }

        @Test
        void aCalloutOfAnEndedRequestIsForgottenAndItsLateAnswerIgnored() {
            HttpContext http = fixture.openRequest(h -> fixture.call("auth").onSuccess(v -> events.add("ran " + v)));
            assertThat(fixture.pendingCallouts()).isEqualTo(1);

            fixture.endRequest(http);

            assertThat(fixture.pendingCallouts()).isZero();
            fixture.respond("auth", "late");
            assertThat(events).isEmpty();
        }

        @Test
        void aPluginCalloutOutlivesTheRequestThatMadeIt() {
            List<String> answers = new ArrayList<>();
            HttpContext http = fixture.openRequest(h -> plugin.callouts().dispatchHttpCallForPlugin(plugin.contextId(),
                    "shared", Headers.empty(), new byte[0], 1000,
                    (headers, body, trailers) -> answers.add(new String(body, StandardCharsets.UTF_8))));

            fixture.endRequest(http);

            assertThat(fixture.pendingCallouts()).isEqualTo(1);
            fixture.respond("shared", "token");
            assertThat(answers).containsExactly("token");
        }
    }
}
