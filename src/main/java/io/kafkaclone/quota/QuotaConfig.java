package io.kafkaclone.quota;

import java.util.Map;
import java.util.OptionalLong;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Byte-rate quotas: {@code kafka-clone.quotas.*}. Unset rates mean unlimited. A rate set under
 * {@code users."<principal>"} wins over one under {@code clients."<client-id>"} (Kafka clients only), which
 * wins over the default; as in Kafka, the default applies to each user separately.
 */
@ConfigMapping(prefix = "kafka-clone.quotas")
public interface QuotaConfig {

    /** Bytes per second each user may publish (Kafka Produce, line publish); unset: unlimited. */
    OptionalLong producerByteRate();

    /** Bytes per second each user may fetch (Kafka Fetch); unset: unlimited. */
    OptionalLong consumerByteRate();

    /** Per-principal overrides, e.g. {@code kafka-clone.quotas.users."alice".producer-byte-rate=1048576}. */
    Map<String, Rates> users();

    /** Per-client-id overrides for Kafka clients, e.g. {@code kafka-clone.quotas.clients."batch-loader".producer-byte-rate=...}. */
    Map<String, Rates> clients();

    /** Length of one rate sample (Kafka's quota.window.size.seconds, in ms). */
    @WithDefault("1000")
    int sampleMs();

    /** Samples kept: the rate is measured over about samples × sample-ms (Kafka's quota.window.num). */
    @WithDefault("11")
    int samples();

    interface Rates {
        OptionalLong producerByteRate();

        OptionalLong consumerByteRate();
    }
}
