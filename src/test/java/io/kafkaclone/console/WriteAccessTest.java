package io.kafkaclone.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.LaunchMode;

/** The write-guard rule on its own, for every mode (the HTTP side is covered by the token profile test). */
class WriteAccessTest {

    @Test
    void openInDevAndTestWithoutToken() {
        assertThat(WriteAccess.check(true, Optional.empty(), LaunchMode.DEVELOPMENT, null)).isEmpty();
        assertThat(WriteAccess.check(true, Optional.empty(), LaunchMode.TEST, null)).isEmpty();
    }

    @Test
    void prodWithoutTokenRefuses() {
        assertThat(WriteAccess.check(true, Optional.empty(), LaunchMode.NORMAL, "Bearer x"))
                .hasValueSatisfying(p -> assertThat(p.status()).isEqualTo(403));
    }

    @Test
    void tokenIsRequiredWhenSetInAnyMode() {
        for (LaunchMode mode : LaunchMode.values()) {
            assertThat(WriteAccess.check(true, Optional.of("s3cret"), mode, "Bearer s3cret")).isEmpty();
            assertThat(WriteAccess.check(true, Optional.of("s3cret"), mode, "Bearer wrong"))
                    .hasValueSatisfying(p -> assertThat(p.status()).isEqualTo(401));
            assertThat(WriteAccess.check(true, Optional.of("s3cret"), mode, null))
                    .hasValueSatisfying(p -> assertThat(p.error()).isEqualTo("UNAUTHORIZED"));
        }
    }

    @Test
    void disabledWinsOverEverything() {
        assertThat(WriteAccess.check(false, Optional.of("s3cret"), LaunchMode.DEVELOPMENT, "Bearer s3cret"))
                .hasValueSatisfying(p -> assertThat(p.status()).isEqualTo(403));
    }
}
