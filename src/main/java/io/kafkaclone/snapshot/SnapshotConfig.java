package io.kafkaclone.snapshot;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code kafka-clone.snapshot.*}: where snapshots go, how often they are taken, how many are kept. */
@ConfigMapping(prefix = "kafka-clone.snapshot")
public interface SnapshotConfig {

    /** Folder holding one sub-folder per snapshot. */
    @WithDefault("${kafka-clone.data-dir}/snapshots")
    String dir();

    /** Interval of scheduled snapshots (e.g. {@code 1h}, {@code 30m}); {@code off} disables them. */
    @WithDefault("off")
    String interval();

    /** How many snapshots to keep; older ones are deleted after each new one. 0 keeps all. */
    @WithDefault("5")
    int keep();
}
