package io.kafkaclone.kafka;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestHeader;

/** Hand-built Produce requests (acks=all, no producer id), for tests that read the raw response. */
final class ProduceRequests {
    static final short VERSION = 9;

    private ProduceRequests() {
    }

    static ProduceRequest of(String topic, int partition, SimpleRecord... records) {
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000);
        ProduceRequestData.TopicProduceData t = new ProduceRequestData.TopicProduceData().setName(topic);
        t.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(partition)
                .setRecords(MemoryRecords.withRecords(Compression.NONE, records)));
        data.topicData().add(t);
        return new ProduceRequest(data, VERSION);
    }

    /** Sends the request on {@code socket} and reads its response. */
    static ProduceResponse send(RawKafkaSocket socket, ProduceRequest request, int correlationId) throws java.io.IOException {
        RequestHeader header = new RequestHeader(ApiKeys.PRODUCE, VERSION, "raw-producer", correlationId);
        socket.send(request, header);
        return (ProduceResponse) socket.receive(header);
    }

    /** The error code of the first (only) partition of a response. */
    static short partitionError(ProduceResponse response) {
        return response.data().responses().iterator().next().partitionResponses().get(0).errorCode();
    }
}
