package io.wasmjava.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.UncheckedIOException;
import java.net.BindException;
import org.junit.jupiter.api.Test;

class JdkHttpServiceTest {
    @Test
    void anAddressInUseIsRefusedWithTheServiceAndTheAddressInTheMessage() {
        try (EchoServer first = EchoServer.start(0)) {
            UncheckedIOException refused = catchThrowableOfType(() -> EchoServer.start(first.address()),
                    UncheckedIOException.class);

            assertThat(refused.getCause()).isInstanceOf(BindException.class);
            assertThat(refused).hasMessage("cannot listen on echo address " + first.address() + ": "
                    + refused.getCause().getMessage());
        }
    }
}
