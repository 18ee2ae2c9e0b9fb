package io.kafkaclone.testing;

import java.util.UUID;

/** Names no other test (or earlier run on the same data directory) has used. */
public final class TestNames {
    private TestNames() {
    }

    /** {@code prefix} plus 12 random hex characters: a valid topic and group name. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }
}
