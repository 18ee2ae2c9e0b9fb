package io.kafkaclone.kafka;

import static io.kafkaclone.kafka.KafkaTestClients.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;
import org.junit.jupiter.api.Test;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.TopicLog;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Every advertised API at every advertised version gets a response that parses, on one connection
 * that stays open. Older clients (librdkafka, KafkaJS) use old versions whose encodings differ, and a
 * field set at a version that lacks it fails only at serialisation time, so each version is tried.
 */
@QuarkusTest
class KafkaApiVersionSweepTest {

    @Inject
    KafkaServer server;
    @Inject
    Broker broker;

    private String topic;
    private Uuid topicId;

    @Test
    void everyAdvertisedVersionIsAnswered() throws Exception {
        TopicLog t = broker.createTopic(unique("sweep"), 1);
        topic = t.name();
        topicId = new Uuid(t.topicId().getMostSignificantBits(), t.topicId().getLeastSignificantBits());
        List<String> failures = new ArrayList<>();
        int correlation = 0;
        int answered = 0;
        try (RawKafkaSocket s = new RawKafkaSocket(server.actualPort())) {
            for (Map.Entry<ApiKeys, SupportedApis.Range> e : SupportedApis.ranges().entrySet()) {
                for (short v = e.getValue().min(); v <= e.getValue().max(); v++) {
                    ApiKeys key = e.getKey();
                    RequestHeader h = new RequestHeader(key, v, "sweep", ++correlation);
                    ByteBuffer frame = RequestUtils.serialize(h.data(), h.headerVersion(), request(key, v), v);
                    byte[] bytes = new byte[4 + frame.remaining()];
                    ByteBuffer.wrap(bytes).putInt(frame.remaining()).put(frame);
                    s.sendRaw(bytes);
                    try {
                        AbstractResponse r = s.receive(h);
                        assertThat(r.apiKey()).isEqualTo(key);
                        if (r.errorCounts().containsKey(Errors.UNKNOWN_SERVER_ERROR)
                                || r.errorCounts().containsKey(Errors.UNSUPPORTED_VERSION)) {
                            failures.add(key + " v" + v + " answered " + r.errorCounts());
                        }
                        answered++;
                    } catch (Exception ex) {
                        failures.add(key + " v" + v + ": " + ex);
                        break; // the connection is gone
                    }
                }
                if (!failures.isEmpty()) {
                    break;
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(answered).isGreaterThan(100);
    }

    private ApiMessage request(ApiKeys key, short v) {
        String group = "sweep-group-" + key.id + "-" + v;
        return switch (key) {
            case API_VERSIONS -> new ApiVersionsRequestData().setClientSoftwareName("sweep").setClientSoftwareVersion("1");
            case METADATA -> new MetadataRequestData().setTopics(List.of(v >= 10
                    ? new MetadataRequestData.MetadataRequestTopic().setName(topic).setTopicId(Uuid.ZERO_UUID)
                    : new MetadataRequestData.MetadataRequestTopic().setName(topic)));
            case PRODUCE -> new ProduceRequestData().setAcks((short) 1).setTimeoutMs(10_000)
                    .setTopicData(new ProduceRequestData.TopicProduceDataCollection(List.of(new ProduceRequestData.TopicProduceData()
                            .setName(topic).setPartitionData(List.of(new ProduceRequestData.PartitionProduceData().setIndex(0)
                                    .setRecords(MemoryRecords.withRecords(Compression.NONE,
                                            new SimpleRecord(("v" + v).getBytes(StandardCharsets.UTF_8)))))))
                            .iterator()));
            case FETCH -> {
                FetchRequestData.FetchTopic ft = new FetchRequestData.FetchTopic().setPartitions(List.of(
                        new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0).setPartitionMaxBytes(1 << 20)));
                if (v >= 13) {
                    ft.setTopicId(topicId);
                } else {
                    ft.setTopic(topic);
                }
                yield new FetchRequestData().setReplicaId(-1).setMaxWaitMs(0).setMinBytes(1).setMaxBytes(1 << 20).setTopics(List.of(ft));
            }
            case LIST_OFFSETS -> new ListOffsetsRequestData().setReplicaId(-1).setTopics(List.of(new ListOffsetsRequestData.ListOffsetsTopic()
                    .setName(topic).setPartitions(List.of(new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0)
                            .setTimestamp(v == 0 ? -1 : 0)))));
            case OFFSET_COMMIT -> new OffsetCommitRequestData().setGroupId(group).setGenerationIdOrMemberEpoch(-1).setMemberId("")
                    .setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName(topic).setPartitions(List.of(
                            new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(1)
                                    .setCommittedMetadata("m")))));
            case OFFSET_FETCH -> v >= 8
                    ? new OffsetFetchRequestData().setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(group)
                            .setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics().setName(topic)
                                    .setPartitionIndexes(List.of(0))))))
                    : new OffsetFetchRequestData().setGroupId(group).setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopic()
                            .setName(topic).setPartitionIndexes(List.of(0))));
            case FIND_COORDINATOR -> v >= 4 ? new FindCoordinatorRequestData().setCoordinatorKeys(List.of(group))
                    : new FindCoordinatorRequestData().setKey(group);
            case JOIN_GROUP -> {
                JoinGroupRequestData.JoinGroupRequestProtocolCollection protocols = new JoinGroupRequestData.JoinGroupRequestProtocolCollection();
                protocols.add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range").setMetadata(new byte[] { 1 }));
                yield new JoinGroupRequestData().setGroupId(group).setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000)
                        .setMemberId("").setProtocolType("consumer").setProtocols(protocols);
            }
            case HEARTBEAT -> new HeartbeatRequestData().setGroupId(group).setGenerationId(1).setMemberId("nobody");
            case LEAVE_GROUP -> v >= 3
                    ? new LeaveGroupRequestData().setGroupId(group).setMembers(List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId("nobody")))
                    : new LeaveGroupRequestData().setGroupId(group).setMemberId("nobody");
            case SYNC_GROUP -> new SyncGroupRequestData().setGroupId(group).setGenerationId(1).setMemberId("nobody");
            case DESCRIBE_GROUPS -> new DescribeGroupsRequestData().setGroups(List.of(group, "sweep-group-" + ApiKeys.JOIN_GROUP.id + "-0"));
            case LIST_GROUPS -> new ListGroupsRequestData();
            case CREATE_TOPICS -> {
                CreateTopicsRequestData.CreatableTopicCollection topics = new CreateTopicsRequestData.CreatableTopicCollection();
                topics.add(new CreateTopicsRequestData.CreatableTopic().setName(unique("sweep-created")).setNumPartitions(1)
                        .setReplicationFactor((short) 1));
                yield new CreateTopicsRequestData().setTopics(topics).setTimeoutMs(10_000);
            }
            case DELETE_TOPICS -> v >= 6
                    ? new DeleteTopicsRequestData().setTopics(List.of(new DeleteTopicsRequestData.DeleteTopicState().setName("sweep-missing")))
                    : new DeleteTopicsRequestData().setTopicNames(List.of("sweep-missing"));
            case INIT_PRODUCER_ID -> new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60_000);
            case DESCRIBE_CONFIGS -> new DescribeConfigsRequestData().setResources(List.of(new DescribeConfigsRequestData.DescribeConfigsResource()
                    .setResourceType((byte) 2).setResourceName(topic)));
            case DESCRIBE_CLUSTER -> new DescribeClusterRequestData();
            // authorization is off here: these answer SECURITY_DISABLED, which still proves the version decodes
            case DESCRIBE_ACLS -> new org.apache.kafka.common.message.DescribeAclsRequestData().setResourceTypeFilter((byte) 1)
                    .setPatternTypeFilter((byte) 1).setOperation((byte) 1).setPermissionType((byte) 1);
            case CREATE_ACLS -> new org.apache.kafka.common.message.CreateAclsRequestData().setCreations(List.of(
                    new org.apache.kafka.common.message.CreateAclsRequestData.AclCreation().setResourceType((byte) 2).setResourceName(topic)
                            .setResourcePatternType((byte) 3).setPrincipal("User:sweep").setHost("*").setOperation((byte) 3)
                            .setPermissionType((byte) 3)));
            case DELETE_ACLS -> new org.apache.kafka.common.message.DeleteAclsRequestData().setFilters(List.of(
                    new org.apache.kafka.common.message.DeleteAclsRequestData.DeleteAclsFilter().setResourceTypeFilter((byte) 1)
                            .setPatternTypeFilter((byte) 1).setOperation((byte) 1).setPermissionType((byte) 1)));
            case SASL_HANDSHAKE -> new SaslHandshakeRequestData().setMechanism("PLAIN");
            case SASL_AUTHENTICATE -> new SaslAuthenticateRequestData().setAuthBytes(new byte[0]);
            case INCREMENTAL_ALTER_CONFIGS -> {
                org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfigCollection configs =
                        new org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfigCollection();
                configs.add(new org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig().setName("retention.ms")
                        .setConfigOperation((byte) 0).setValue("86400000"));
                org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResourceCollection resources =
                        new org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResourceCollection();
                resources.add(new org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource()
                        .setResourceType((byte) 2).setResourceName(topic).setConfigs(configs));
                yield new org.apache.kafka.common.message.IncrementalAlterConfigsRequestData().setResources(resources);
            }
            case DELETE_RECORDS -> new org.apache.kafka.common.message.DeleteRecordsRequestData().setTimeoutMs(10_000).setTopics(List.of(
                    new org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic().setName(topic).setPartitions(List.of(
                            new org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(0)
                                    .setOffset(0)))));
            default -> throw new IllegalStateException("no sample request for " + key);
        };
    }
}
