package io.kafkaclone.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import io.quarkus.runtime.LaunchMode;

/** Decides whether a mutating console request may proceed; the rule in one pure function, tested on its own. */
final class WriteAccess {
    private WriteAccess() {
    }

    /** With authentication on, an authenticated request may write unless writes are off everywhere. */
    static Optional<Problem> checkAuthenticated(boolean writesEnabled) {
        return writesEnabled ? Optional.empty() : Optional.of(writesDisabled());
    }

    private static Problem writesDisabled() {
        return new Problem(403, "WRITES_DISABLED", "console writes are disabled (kafka-clone.console.writes-enabled=false)");
    }

    /** @return empty when allowed, else the problem to answer with */
    static Optional<Problem> check(boolean writesEnabled, Optional<String> token, LaunchMode mode, String authorization) {
        if (!writesEnabled) {
            return Optional.of(writesDisabled());
        }
        if (token.isPresent() && !token.get().isEmpty()) {
            String expected = "Bearer " + token.get();
            if (authorization == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                    authorization.trim().getBytes(StandardCharsets.UTF_8))) {
                return Optional.of(new Problem(401, "UNAUTHORIZED", "this request needs the header 'Authorization: Bearer <kafka-clone.console.token>'"));
            }
            return Optional.empty();
        }
        if (mode == LaunchMode.NORMAL) {
            return Optional.of(new Problem(403, "WRITES_NEED_TOKEN",
                    "console writes in production need kafka-clone.console.token to be set (or run in dev mode)"));
        }
        return Optional.empty();
    }
}
