package io.kafkaclone.kafka;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;

import io.kafkaclone.core.AppendResult;
import io.kafkaclone.core.Broker;
import io.kafkaclone.metrics.BrokerMetrics;
import io.kafkaclone.core.PartitionLog;
import io.kafkaclone.core.TopicLog;
import io.kafkaclone.security.AclOperation;
import io.kafkaclone.security.Authorizer;
import io.kafkaclone.security.ResourceType;

/**
 * Produce: validates the v2 batches as sent (magic, CRC, size), checks idempotent-producer
 * sequences, and stores them unchanged via {@link Broker#appendBatches}, which renumbers offsets
 * without re-encoding; whatever compression the client used is kept. acks=0 gets no response.
 * The core's writer is a FIFO queue, so appends are enqueued here in request order.
 */
final class ProduceHandler implements ApiHandler {
    private final BrokerMetrics metrics;
    /** Batch header bytes allowed on top of max-message-bytes, as Kafka's max.message.bytes counts the whole batch. */
    private static final int BATCH_OVERHEAD = 61;

    private final Broker broker;
    private final ProducerStates producers;
    private final Authorizer authorizer;

    ProduceHandler(Broker broker, ProducerStates producers, BrokerMetrics metrics, Authorizer authorizer) {
        this.authorizer = authorizer;
        this.metrics = metrics;
        this.broker = broker;
        this.producers = producers;
    }

    static boolean isSilent(ApiMessage data) {
        return data instanceof ProduceRequestData p && p.acks() == 0;
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        ProduceRequestData data = request.data();
        short version = request.version();
        ProduceResponseData response = new ProduceResponseData();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (ProduceRequestData.TopicProduceData topicData : data.topicData()) {
            ProduceResponseData.TopicProduceResponse topicResponse = new ProduceResponseData.TopicProduceResponse()
                    .setName(topicData.name());
            response.responses().add(topicResponse);
            Optional<TopicLog> topic = Optional.ofNullable(topicData.name()).flatMap(broker::topic);
            // checked before existence, as Kafka does, so a denied client cannot probe which topics exist
            boolean mayWrite = topicData.name() != null
                    && authorizer.allows(request.principal(), AclOperation.WRITE, ResourceType.TOPIC, topicData.name());
            for (ProduceRequestData.PartitionProduceData partitionData : topicData.partitionData()) {
                ProduceResponseData.PartitionProduceResponse pr = new ProduceResponseData.PartitionProduceResponse()
                        .setIndex(partitionData.index()).setBaseOffset(-1).setLogAppendTimeMs(-1);
                topicResponse.partitionResponses().add(pr);
                if (!mayWrite) {
                    fail(pr, Errors.TOPIC_AUTHORIZATION_FAILED, "not authorized to write to topic '" + topicData.name() + "'", version);
                    continue;
                }
                if (topic.isEmpty() || partitionData.index() < 0 || partitionData.index() >= topic.get().partitionCount()) {
                    fail(pr, Errors.UNKNOWN_TOPIC_OR_PARTITION, null, version);
                    continue;
                }
                PartitionLog log = topic.get().partition(partitionData.index());
                pending.add(produce(log, partitionData, data.transactionalId(), pr, version));
            }
        }
        if (data.acks() == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenApply(v -> response);
    }

    private CompletableFuture<Void> produce(PartitionLog log, ProduceRequestData.PartitionProduceData partitionData,
            String transactionalId, ProduceResponseData.PartitionProduceResponse pr, short version) {
        if (transactionalId != null || !(partitionData.records() instanceof MemoryRecords records)) {
            fail(pr, transactionalId != null ? Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED : Errors.CORRUPT_MESSAGE,
                    transactionalId != null ? "transactions are not supported" : "no records", version);
            return CompletableFuture.completedFuture(null);
        }
        // numbered 0.. in place, so the core can shift them to their final offsets: the records are a view
        // of the request's frame, an array of this request alone (FrameReader), so nothing is copied here
        ByteBuffer bytes = records.buffer();
        List<MutableRecordBatch> batches = new ArrayList<>();
        int count = 0;
        int batchBytes = 0;
        try {
            for (MutableRecordBatch batch : records.batches()) {
                if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
                    fail(pr, Errors.UNSUPPORTED_FOR_MESSAGE_FORMAT, "only v2 record batches are accepted", version);
                    return CompletableFuture.completedFuture(null);
                }
                int maxMessageBytes = broker.topicConfigs().maxMessageBytes(log.topic());
                if (batch.sizeInBytes() > maxMessageBytes + BATCH_OVERHEAD) {
                    fail(pr, Errors.MESSAGE_TOO_LARGE, "batch of " + batch.sizeInBytes() + " bytes exceeds max message bytes "
                            + maxMessageBytes, version);
                    return CompletableFuture.completedFuture(null);
                }
                batch.ensureValid();
                if (batch.isTransactional() || batch.isControlBatch()) {
                    fail(pr, Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, "transactions are not supported", version);
                    return CompletableFuture.completedFuture(null);
                }
                int span = (int) (batch.lastOffset() - batch.baseOffset() + 1);
                batch.setLastOffset(count + span - 1L);
                count += span;
                batchBytes += batch.sizeInBytes();
                batches.add(batch);
            }
        } catch (CorruptRecordException | IllegalArgumentException e) {
            fail(pr, Errors.CORRUPT_MESSAGE, e.getMessage(), version);
            return CompletableFuture.completedFuture(null);
        }
        if (batches.isEmpty() || batchBytes != bytes.remaining()) {
            fail(pr, Errors.CORRUPT_MESSAGE, "records are empty or end in a partial batch", version);
            return CompletableFuture.completedFuture(null);
        }
        if (batches.size() > 1 && bytes.remaining() > broker.settings().maxMessageBytes() + Broker.APPEND_SLACK_BYTES) {
            // each batch is within the limit, but the core stores one partition's records of a request
            // together: Kafka's error for a record set too large as a whole
            fail(pr, Errors.RECORD_LIST_TOO_LARGE, bytes.remaining() + " bytes in " + batches.size()
                    + " batches for one partition exceed max message bytes " + broker.settings().maxMessageBytes(), version);
            return CompletableFuture.completedFuture(null);
        }
        CompletionStage<AppendResult> appended;
        RecordBatch first = batches.get(0);
        if (first.hasProducerId()) {
            RecordBatch last = batches.get(batches.size() - 1);
            int recordCount = count;
            appended = producers.admit(first.producerId(), first.producerEpoch(), log, first.baseSequence(), last.lastSequence(),
                    () -> broker.appendBatches(log, bytes, recordCount)).thenCompose(admission -> {
                        if (admission.error() != Errors.NONE) {
                            return CompletableFuture.failedFuture(admission.error().exception());
                        }
                        return admission.result();
                    });
        } else {
            appended = broker.appendBatches(log, bytes, count);
        }
        return appended.toCompletableFuture().handle((result, failure) -> {
            if (failure != null) {
                fail(pr, KafkaErrors.of(failure), KafkaErrors.message(failure), version);
            } else {
                pr.setBaseOffset(result.baseOffset());
                metrics.published(KafkaServer.DOOR, result.topic(), result.lastOffset() - result.baseOffset() + 1);
                if (version >= 5) {
                    pr.setLogStartOffset(log.logStartOffset());
                }
            }
            return null;
        });
    }

    private static void fail(ProduceResponseData.PartitionProduceResponse pr, Errors error, String message, short version) {
        pr.setErrorCode(error.code());
        if (version >= 8) {
            pr.setErrorMessage(message == null ? error.message() : message);
        }
    }
}
