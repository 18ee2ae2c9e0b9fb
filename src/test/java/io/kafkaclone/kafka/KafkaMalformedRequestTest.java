package io.kafkaclone.kafka;

import static io.kafkaclone.kafka.KafkaTestClients.consumer;
import static io.kafkaclone.kafka.KafkaTestClients.pollUntil;
import static io.kafkaclone.kafka.KafkaTestClients.producer;
import static io.kafkaclone.kafka.KafkaTestClients.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Broken frames close only their own connection; unsupported ApiVersions is answered per KIP-511; responses keep request order. */
@QuarkusTest
class KafkaMalformedRequestTest {

    @Inject
    KafkaServer server;

    private static byte[] frame(int size, byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(size);
        out.write(body);
        return bytes.toByteArray();
    }

    /** Request header v1: api key, version, correlation id, client id. */
    private static byte[] header(int apiKey, int version, int correlationId) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(apiKey);
        out.writeShort(version);
        out.writeInt(correlationId);
        out.writeShort(4);
        out.writeBytes("test");
        return bytes.toByteArray();
    }

    private void assertClosedAfter(byte[] bytes) throws IOException {
        try (RawKafkaSocket s = new RawKafkaSocket(server.actualPort())) {
            s.sendRaw(bytes);
            assertThat(s.closedByBroker()).isTrue();
        }
    }

    @Test
    void brokenFramesCloseTheirConnectionAndTheBrokerKeepsServing() throws Exception {
        // a healthy connection stays open throughout
        try (RawKafkaSocket healthy = new RawKafkaSocket(server.actualPort())) {
            assertClosedAfter(frame(Integer.MAX_VALUE, new byte[8])); // absurd size
            assertClosedAfter(frame(-5, new byte[8])); // negative size
            assertClosedAfter(frame(12, header(999, 0, 1))); // unknown API key
            byte[] garbage = new byte[64];
            Arrays.fill(garbage, (byte) 0xFF);
            assertClosedAfter(frame(garbage.length, garbage)); // garbage
            byte[] metadataGarbage = concat(header(ApiKeys.METADATA.id, 9, 2), garbage);
            assertClosedAfter(frame(metadataGarbage.length, metadataGarbage)); // known key, unparseable body
            byte[] producev1 = header(ApiKeys.PRODUCE.id, 1, 3);
            assertClosedAfter(frame(producev1.length, producev1)); // refused old version
            try (RawKafkaSocket truncated = new RawKafkaSocket(server.actualPort())) {
                truncated.sendRaw(frame(100, new byte[10])); // announces 100 bytes, sends 10, then hangs up
            }

            RequestHeader h = new RequestHeader(ApiKeys.API_VERSIONS, (short) 3, "healthy", 42);
            healthy.send(new ApiVersionsRequest.Builder().build((short) 3), h);
            ApiVersionsResponse r = (ApiVersionsResponse) healthy.receive(h);
            assertThat(r.data().errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(r.data().apiKeys().find(ApiKeys.FETCH.id).maxVersion()).isGreaterThanOrEqualTo((short) 12);
        }

        String topic = unique("after-garbage");
        try (KafkaProducer<String, String> producer = producer(server)) {
            producer.send(new ProducerRecord<>(topic, "k", "still serving")).get(30, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<String, String> consumer = consumer(server, unique("group"))) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = pollUntil(consumer, 1, Duration.ofSeconds(30));
            assertThat(records).extracting(ConsumerRecord::value).containsExactly("still serving");
        }
    }

    @Test
    void unsupportedApiVersionsIsAnsweredInV0WithTheSupportedList() throws Exception {
        try (RawKafkaSocket s = new RawKafkaSocket(server.actualPort())) {
            // a future ApiVersions version: flexible request header v2 (client id, then an empty tagged-field section)
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeShort(ApiKeys.API_VERSIONS.id);
            out.writeShort(127);
            out.writeInt(7);
            out.writeShort(4);
            out.writeBytes("test");
            out.writeByte(0);
            out.write(new byte[] { 5, 'x', 'x', 'x', 'x', 2, '1', 0 }); // a body from the future
            s.sendRaw(frame(bytes.size(), bytes.toByteArray()));

            ByteBuffer response = s.receive();
            assertThat(response.getInt()).isEqualTo(7); // response header v0: just the correlation id
            ApiVersionsResponseData data = new ApiVersionsResponseData(new ByteBufferAccessor(response), (short) 0);
            assertThat(data.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(data.apiKeys().find(ApiKeys.API_VERSIONS.id).maxVersion()).isEqualTo((short) 5);
            assertThat(data.apiKeys().find(ApiKeys.PRODUCE.id).minVersion()).isZero();
            // the connection stays usable
            RequestHeader h = new RequestHeader(ApiKeys.API_VERSIONS, (short) 2, "test", 8);
            s.send(new ApiVersionsRequest.Builder().build((short) 2), h);
            assertThat(((ApiVersionsResponse) s.receive(h)).data().errorCode()).isZero();
        }
    }

    @Test
    void responsesKeepRequestOrderBehindALongPollingFetch() throws Exception {
        String topic = unique("order");
        try (KafkaProducer<String, String> producer = producer(server)) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS); // creates the topic
        }
        try (RawKafkaSocket s = new RawKafkaSocket(server.actualPort())) {
            // fetch at the log end: it waits max-wait (1.5 s) for data that never comes
            FetchRequest.PartitionData pd = new FetchRequest.PartitionData(Uuid.ZERO_UUID, 1, 0, 1024 * 1024, Optional.empty());
            FetchRequest fetch = FetchRequest.Builder.forConsumer((short) 12, 1500, 1, Map.of(new TopicPartition(topic, 0), pd))
                    .build((short) 12);
            RequestHeader fetchHeader = new RequestHeader(ApiKeys.FETCH, (short) 12, "test", 1);
            s.send(fetch, fetchHeader);
            RequestHeader metadataHeader = new RequestHeader(ApiKeys.METADATA, (short) 12, "test", 2);
            s.send(new MetadataRequest(new MetadataRequestData().setTopics(null), (short) 12), metadataHeader);

            FetchResponse first = (FetchResponse) s.receive(fetchHeader); // parsing checks the correlation id is 1
            assertThat(first.responseData(Map.of(), (short) 12).values()).allSatisfy(p -> assertThat(p.errorCode()).isZero());
            MetadataResponse second = (MetadataResponse) s.receive(metadataHeader);
            assertThat(second.topicsByError(Errors.NONE)).contains(topic);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
