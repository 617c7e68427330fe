package io.wasmjava.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmjava.core.config.ConfigNode;
import org.junit.jupiter.api.Test;

/** The pause arithmetic at its edges, which the scenarios reach only through many failed fetches. */
class FetchBackoffTest {
    private static FetchBackoff backoff(String json) {
        return FetchBackoff.parse(ConfigNode.parse(json));
    }

    @Test
    void defaultsDoubleFromOneSecondToThirtySeconds() {
        FetchBackoff backoff = backoff("{}");

        assertThat(new long[] {backoff.delayMillis(1), backoff.delayMillis(2), backoff.delayMillis(5),
                backoff.delayMillis(6), backoff.delayMillis(7)}).containsExactly(1_000, 2_000, 16_000, 30_000, 30_000);
    }

    @Test
    void anyNumberOfFailuresStaysAtTheMaximumWithoutOverflow() {
        FetchBackoff backoff = backoff("{\"fetchBackoffMillis\":3600000,\"fetchBackoffMaxMillis\":3600000}");

        assertThat(backoff.delayMillis(Integer.MAX_VALUE)).isEqualTo(3_600_000);
        assertThat(backoff("{\"fetchBackoffMillis\":1}").delayMillis(Integer.MAX_VALUE)).isEqualTo(30_000);
    }

    @Test
    void aLargerInitialPauseRaisesTheDefaultMaximum() {
        assertThat(backoff("{\"fetchBackoffMillis\":45000}").delayMillis(3)).isEqualTo(45_000);
    }

    @Test
    void zeroTurnsThePauseOff() {
        FetchBackoff.Pause pause = backoff("{\"fetchBackoffMillis\":0}").newPause();

        assertThat(pause.failed(1_000)).isZero();
        assertThat(pause.isPaused(1_000)).isFalse();
    }

    @Test
    void aPauseEndsAtItsTimeAndASuccessResetsTheCount() {
        FetchBackoff.Pause pause = backoff("{}").newPause();

        assertThat(pause.failed(10_000)).isEqualTo(1_000);
        assertThat(pause.isPaused(10_999)).isTrue();
        assertThat(pause.isPaused(11_000)).isFalse();
        assertThat(pause.failed(11_000)).isEqualTo(2_000);
        pause.succeeded();
        assertThat(pause.isPaused(11_500)).isFalse();
        assertThat(pause.failed(12_000)).isEqualTo(1_000);
    }
}
