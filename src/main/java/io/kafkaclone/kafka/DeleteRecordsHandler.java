package io.kafkaclone.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.TopicLog;
import io.kafkaclone.security.AclOperation;
import io.kafkaclone.security.Authorizer;
import io.kafkaclone.security.ResourceType;

/**
 * DeleteRecords (Admin#deleteRecords): moves each partition's log start to the given offset (-1: the
 * high watermark) and deletes the stored chunks below it, on the broker's writer. Answers once the new
 * start is durable, with it as the low watermark.
 */
final class DeleteRecordsHandler implements ApiHandler {
    private final Broker broker;
    private final Authorizer authorizer;

    DeleteRecordsHandler(Broker broker, Authorizer authorizer) {
        this.broker = broker;
        this.authorizer = authorizer;
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        DeleteRecordsRequestData data = request.data();
        DeleteRecordsResponseData response = new DeleteRecordsResponseData();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (DeleteRecordsRequestData.DeleteRecordsTopic t : data.topics()) {
            DeleteRecordsResponseData.DeleteRecordsTopicResult tr = new DeleteRecordsResponseData.DeleteRecordsTopicResult().setName(t.name());
            response.topics().add(tr);
            // as in Kafka: DELETE on the topic, checked before existence so names are not probed
            boolean allowed = authorizer.allows(request.principal(), AclOperation.DELETE, ResourceType.TOPIC, t.name());
            TopicLog topic = broker.topic(t.name()).orElse(null);
            for (DeleteRecordsRequestData.DeleteRecordsPartition p : t.partitions()) {
                DeleteRecordsResponseData.DeleteRecordsPartitionResult pr = new DeleteRecordsResponseData.DeleteRecordsPartitionResult()
                        .setPartitionIndex(p.partitionIndex()).setLowWatermark(-1);
                tr.partitions().add(pr);
                if (!allowed) {
                    pr.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
                    continue;
                }
                if (topic == null || p.partitionIndex() < 0 || p.partitionIndex() >= topic.partitionCount()) {
                    pr.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    continue;
                }
                // the collection is keyed by partition: set fields on pr only, never re-add it
                pending.add(broker.deleteRecordsBefore(topic.partition(p.partitionIndex()), p.offset()).handle((start, failure) -> {
                    synchronized (response) {
                        if (failure != null) {
                            pr.setErrorCode(KafkaErrors.of(failure).code());
                        } else {
                            pr.setLowWatermark(start);
                        }
                    }
                    return null;
                }));
            }
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenApply(v -> {
            synchronized (response) {
                return response;
            }
        });
    }
}
