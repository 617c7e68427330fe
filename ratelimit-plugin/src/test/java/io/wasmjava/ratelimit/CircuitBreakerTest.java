package io.wasmjava.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.ratelimit.CircuitBreaker.Permit;
import io.wasmjava.ratelimit.CircuitBreaker.Transition;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link CircuitBreaker}'s state machine on a hand-moved clock. */
class CircuitBreakerTest {
    private final CircuitBreaker breaker = new CircuitBreaker(3, 10, 1000);

    @Test
    void opensAfterTheConfiguredRunOfFailures() {
        assertThat(breaker.onUnanswered(breaker.acquire(0), 0)).isEqualTo(Transition.NONE);
        assertThat(breaker.onUnanswered(breaker.acquire(0), 0)).isEqualTo(Transition.NONE);
        assertThat(breaker.onUnanswered(breaker.acquire(0), 5)).isEqualTo(Transition.OPENED);

        assertThat(breaker.acquire(5)).isEqualTo(Permit.SKIP);
        assertThat(breaker.acquire(10_004)).isEqualTo(Permit.SKIP);
    }

    @Test
    void isClosedExactlyWhileCallsNeedNoClock() {
        assertThat(breaker.isClosed()).isTrue();
        breaker.onUnanswered(breaker.acquire(0), 0);
        assertThat(breaker.isClosed()).isTrue();

        open(0);

        assertThat(breaker.isClosed()).isFalse();
        assertThat(breaker.onAnswered(breaker.acquire(10_000))).isEqualTo(Transition.CLOSED);
        assertThat(breaker.isClosed()).isTrue();
    }

    @Test
    void anAnswerEndsTheRun() {
        breaker.onUnanswered(breaker.acquire(0), 0);
        breaker.onUnanswered(breaker.acquire(0), 0);
        breaker.onAnswered(breaker.acquire(0));

        assertThat(breaker.onUnanswered(breaker.acquire(0), 0)).isEqualTo(Transition.NONE);
        assertThat(breaker.consecutiveFailures()).isEqualTo(1);
        assertThat(breaker.acquire(0)).isEqualTo(Permit.CALL);
    }

    @Test
    void letsOneProbeThroughAfterTheOpenPeriodAndClosesWhenItIsAnswered() {
        open(0);

        Permit probe = breaker.acquire(10_000);

        assertThat(probe).isEqualTo(Permit.PROBE);
        assertThat(breaker.acquire(10_001)).isEqualTo(Permit.SKIP);
        assertThat(breaker.onAnswered(probe)).isEqualTo(Transition.CLOSED);
        assertThat(breaker.acquire(10_002)).isEqualTo(Permit.CALL);
        assertThat(breaker.consecutiveFailures()).isZero();
    }

    /** How a probe fails: the call got no answer, or it was not sent because the init failed. */
    interface ProbeFailure {
        Transition report(CircuitBreaker breaker, Permit probe, long nowMillis);
    }

    static Stream<Arguments> probeFailures() {
        return Stream.of(
                Arguments.of("unanswered", 10_500L, (ProbeFailure) CircuitBreaker::onUnanswered),
                Arguments.of("not sent for a failed init", 10_000L, (ProbeFailure) CircuitBreaker::onNotSent));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probeFailures")
    void aFailedProbeOpensTheBreakerAgainForTheOpenTime(String name, long failedAtMillis, ProbeFailure failure) {
        open(0);
        Permit probe = breaker.acquire(10_000);

        assertThat(failure.report(breaker, probe, failedAtMillis)).isEqualTo(Transition.REOPENED);

        assertThat(breaker.acquire(failedAtMillis + 9_999)).isEqualTo(Permit.SKIP);
        assertThat(breaker.acquire(failedAtMillis + 10_000)).isEqualTo(Permit.PROBE);
    }

    @Test
    void aLostProbeIsReplacedAfterTheRedisTimeout() {
        open(0);
        assertThat(breaker.acquire(10_000)).isEqualTo(Permit.PROBE);

        assertThat(breaker.acquire(10_999)).isEqualTo(Permit.SKIP);
        assertThat(breaker.acquire(11_000)).isEqualTo(Permit.PROBE);
    }

    @Test
    void answersToCallsMadeBeforeItOpenedLeaveItOpen() {
        Permit late = breaker.acquire(0);
        open(0);

        assertThat(breaker.onUnanswered(late, 9_000)).isEqualTo(Transition.NONE);
        assertThat(breaker.onAnswered(late)).isEqualTo(Transition.NONE);
        assertThat(breaker.acquire(9_999)).isEqualTo(Permit.SKIP);
        assertThat(breaker.acquire(10_000)).isEqualTo(Permit.PROBE);
    }

    @Test
    void aCallNotSentForAFailedInitNeitherCountsNorEndsTheRun() {
        breaker.onUnanswered(breaker.acquire(0), 0);
        breaker.onUnanswered(breaker.acquire(0), 0);

        for (int i = 0; i < 10; i++) {
            assertThat(breaker.onNotSent(breaker.acquire(0), 0)).isEqualTo(Transition.NONE);
        }

        assertThat(breaker.consecutiveFailures()).isEqualTo(2);
        assertThat(breaker.onUnanswered(breaker.acquire(0), 0)).isEqualTo(Transition.OPENED);
    }

    @Test
    void zeroFailuresDisablesIt() {
        CircuitBreaker disabled = new CircuitBreaker(0, 10, 1000);
        for (int i = 0; i < 100; i++) {
            assertThat(disabled.onUnanswered(disabled.acquire(i), i)).isEqualTo(Transition.NONE);
        }

        assertThat(disabled.acquire(100)).isEqualTo(Permit.CALL);
    }

    private void open(long nowMillis) {
        for (int i = 0; i < 3; i++) {
            breaker.onUnanswered(breaker.acquire(nowMillis), nowMillis);
        }
        assertThat(breaker.acquire(nowMillis)).isEqualTo(Permit.SKIP);
    }
}
