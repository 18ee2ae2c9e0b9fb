package io.kafkaclone.kafka;

import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import io.kafkaclone.quota.Quotas;

/**
 * Kafka-style byte-rate quotas (KIP-13, KIP-219) on Produce and Fetch: the bytes of a request's
 * record batches (Produce) or of a response's records (Fetch) are metered per user, and a
 * response over quota carries throttle_time_ms > 0. The client then holds back further requests
 * for that long, and {@link KafkaConnection} stops reading from the connection for the same time
 * (muting it) so a client that ignores the field gains nothing.
 */
final class KafkaQuotas {
    private final Quotas quotas;

    KafkaQuotas(Quotas quotas) {
        this.quotas = quotas;
    }

    CompletionStage<ApiMessage> apply(KafkaRequest request, CompletionStage<ApiMessage> result) {
        if (!quotas.enabled()) {
            return result;
        }
        if (request.apiKey() == ApiKeys.PRODUCE) {
            // counted when received, as Kafka does: refused batches used the bandwidth too
            long throttle = quotas.record(Quotas.Kind.PRODUCE, request.principal(), request.clientId(), produceBytes(request.data()));
            if (throttle <= 0) {
                return result;
            }
            return result.thenApply(r -> r instanceof ProduceResponseData p ? p.setThrottleTimeMs(clamp(throttle)) : r);
        }
        if (request.apiKey() == ApiKeys.FETCH) {
            return result.thenApply(r -> {
                if (r instanceof FetchResponseData f) {
                    long throttle = quotas.record(Quotas.Kind.FETCH, request.principal(), request.clientId(), fetchBytes(f));
                    if (throttle > 0) {
                        f.setThrottleTimeMs(Math.max(f.throttleTimeMs(), clamp(throttle)));
                    }
                }
                return r;
            });
        }
        return result;
    }

    /** The throttle a response asks its connection to honour (0 for every other API). */
    static int throttleMs(ApiMessage response) {
        if (response instanceof ProduceResponseData p) {
            return p.throttleTimeMs();
        }
        if (response instanceof FetchResponseData f) {
            return f.throttleTimeMs();
        }
        return 0;
    }

    private static long produceBytes(ProduceRequestData data) {
        long bytes = 0;
        for (ProduceRequestData.TopicProduceData t : data.topicData()) {
            for (ProduceRequestData.PartitionProduceData p : t.partitionData()) {
                bytes += p.records() == null ? 0 : p.records().sizeInBytes();
            }
        }
        return bytes;
    }

    private static long fetchBytes(FetchResponseData data) {
        long bytes = 0;
        for (FetchResponseData.FetchableTopicResponse t : data.responses()) {
            for (FetchResponseData.PartitionData p : t.partitions()) {
                bytes += p.records() == null ? 0 : p.records().sizeInBytes();
            }
        }
        return bytes;
    }

    private static int clamp(long ms) {
        return (int) Math.min(ms, Integer.MAX_VALUE);
    }
}
