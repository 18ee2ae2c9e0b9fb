package io.kafkaclone.kafka;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsRequest;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.PartitionLog;
import io.kafkaclone.core.StoredRecord;
import io.kafkaclone.core.TopicLog;
import io.kafkaclone.security.AclOperation;
import io.kafkaclone.security.Authorizer;
import io.kafkaclone.security.ResourceType;

/** ListOffsets: earliest, latest, and the first offset at or after a timestamp (a database lookup, so on a worker). */
final class ListOffsetsHandler implements ApiHandler {
    private final Broker broker;
    private final Blocking blocking;
    private final Authorizer authorizer;

    ListOffsetsHandler(Broker broker, Blocking blocking, Authorizer authorizer) {
        this.authorizer = authorizer;
        this.broker = broker;
        this.blocking = blocking;
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        ListOffsetsRequestData data = request.data();
        short version = request.version();
        return blocking.run(() -> {
            ListOffsetsResponseData response = new ListOffsetsResponseData();
            for (ListOffsetsRequestData.ListOffsetsTopic t : data.topics()) {
                ListOffsetsResponseData.ListOffsetsTopicResponse tr = new ListOffsetsResponseData.ListOffsetsTopicResponse()
                        .setName(t.name());
                response.topics().add(tr);
                TopicLog topic = broker.topic(t.name()).orElse(null);
                boolean mayDescribe = authorizer.allows(request.principal(), AclOperation.DESCRIBE, ResourceType.TOPIC, t.name());
                for (ListOffsetsRequestData.ListOffsetsPartition p : t.partitions()) {
                    ListOffsetsResponseData.ListOffsetsPartitionResponse pr = new ListOffsetsResponseData.ListOffsetsPartitionResponse()
                            .setPartitionIndex(p.partitionIndex()).setTimestamp(-1).setOffset(-1);
                    tr.partitions().add(pr);
                    if (!mayDescribe) {
                        pr.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
                        continue;
                    }
                    if (topic == null || p.partitionIndex() < 0 || p.partitionIndex() >= topic.partitionCount()) {
                        pr.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                        continue;
                    }
                    if (version >= 4) {
                        pr.setLeaderEpoch(0);
                    }
                    lookUp(topic.partition(p.partitionIndex()), p.timestamp(), pr);
                }
            }
            return response;
        });
    }

    private void lookUp(PartitionLog log, long timestamp, ListOffsetsResponseData.ListOffsetsPartitionResponse pr) {
        if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP) {
            pr.setOffset(log.logEndOffset());
        } else if (timestamp == ListOffsetsRequest.MAX_TIMESTAMP) {
            // approximation: the newest record (records are stored with the producer's create time)
            long last = log.logEndOffset() - 1;
            if (last >= log.logStartOffset()) {
                pr.setOffset(last).setTimestamp(timestampAt(log, last));
            }
        } else if (timestamp < 0) {
            // EARLIEST and its tiered-storage variants: there is only one tier here
            pr.setOffset(log.logStartOffset());
        } else {
            OptionalLong found = broker.offsetForTimestamp(log, timestamp);
            if (found.isPresent()) {
                pr.setOffset(found.getAsLong()).setTimestamp(timestampAt(log, found.getAsLong()));
            }
        }
    }

    private long timestampAt(PartitionLog log, long offset) {
        List<StoredRecord> records = broker.readRecords(log, offset, 1);
        return records.isEmpty() ? -1 : records.get(0).timestamp();
    }
}
