package io.kafkaclone.console;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code kafka-clone.console.*}: who may change things through the console (see README, "Console and snapshots"). */
@ConfigMapping(prefix = "kafka-clone.console")
public interface ConsoleConfig {

    /** false refuses every mutating console request with 403, in every mode. */
    @WithDefault("true")
    boolean writesEnabled();

    /**
     * When set, mutating requests need {@code Authorization: Bearer <token>} (any mode). In prod
     * without a token, mutating requests are refused; dev mode and tests are open.
     */
    Optional<String> token();
}
