package io.kafkaclone.kafka;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;

import io.kafkaclone.core.Broker;
import io.kafkaclone.metrics.BrokerMetrics;
import io.kafkaclone.quota.Quotas;
import io.kafkaclone.core.group.ClassicGroupCoordinator;
import io.kafkaclone.security.AclOperation;
import io.kafkaclone.security.Authorizer;
import io.kafkaclone.security.ResourceType;
import io.vertx.core.Vertx;

/** Routes each API key to its handler. Every key listed in {@link SupportedApis} has one. */
final class KafkaApis {
    private final Map<ApiKeys, ApiHandler> handlers = new EnumMap<>(ApiKeys.class);
    private final KafkaQuotas quotas;

    KafkaApis(Broker broker, ClassicGroupCoordinator coordinator, ProducerStates producers, KafkaCluster cluster, Vertx vertx,
            BrokerMetrics metrics, Quotas quotas, Authorizer authorizer) {
        this.quotas = new KafkaQuotas(quotas);
        Blocking blocking = new Blocking(vertx);
        GroupMembershipHandlers membership = new GroupMembershipHandlers(coordinator, broker.groups(), cluster, authorizer);
        OffsetHandlers offsets = new OffsetHandlers(broker, coordinator, cluster, authorizer);
        GroupAdminHandlers groupAdmin = new GroupAdminHandlers(broker, coordinator, cluster, authorizer);
        TopicAdminHandlers topicAdmin = new TopicAdminHandlers(broker, blocking, authorizer);
        ClusterHandlers clusterHandlers = new ClusterHandlers(broker, cluster);
        ConfigHandlers configs = new ConfigHandlers(broker, cluster.self(), blocking, authorizer);
        AclHandlers acls = new AclHandlers(authorizer, blocking);

        handlers.put(ApiKeys.API_VERSIONS, new ApiVersionsHandler(cluster.self()));
        handlers.put(ApiKeys.METADATA, new MetadataHandler(broker, blocking, cluster, authorizer));
        handlers.put(ApiKeys.PRODUCE, new ProduceHandler(broker, producers, metrics, authorizer));
        handlers.put(ApiKeys.FETCH, new FetchHandler(broker, blocking, vertx, cluster, authorizer));
        handlers.put(ApiKeys.LIST_OFFSETS, new ListOffsetsHandler(broker, blocking, authorizer));
        handlers.put(ApiKeys.INIT_PRODUCER_ID, r -> initProducerId(r, producers, authorizer));
        handlers.put(ApiKeys.FIND_COORDINATOR, membership::findCoordinator);
        handlers.put(ApiKeys.JOIN_GROUP, membership::joinGroup);
        handlers.put(ApiKeys.SYNC_GROUP, membership::syncGroup);
        handlers.put(ApiKeys.HEARTBEAT, membership::heartbeat);
        handlers.put(ApiKeys.LEAVE_GROUP, membership::leaveGroup);
        handlers.put(ApiKeys.OFFSET_COMMIT, offsets::offsetCommit);
        handlers.put(ApiKeys.OFFSET_FETCH, offsets::offsetFetch);
        handlers.put(ApiKeys.DESCRIBE_GROUPS, groupAdmin::describeGroups);
        handlers.put(ApiKeys.LIST_GROUPS, groupAdmin::listGroups);
        handlers.put(ApiKeys.CREATE_TOPICS, topicAdmin::createTopics);
        handlers.put(ApiKeys.DELETE_TOPICS, topicAdmin::deleteTopics);
        handlers.put(ApiKeys.DESCRIBE_CONFIGS, configs::describeConfigs);
        handlers.put(ApiKeys.INCREMENTAL_ALTER_CONFIGS, configs::incrementalAlterConfigs);
        handlers.put(ApiKeys.DELETE_RECORDS, new DeleteRecordsHandler(broker, authorizer));
        handlers.put(ApiKeys.DESCRIBE_CLUSTER, clusterHandlers::describeCluster);
        handlers.put(ApiKeys.CREATE_ACLS, acls::createAcls);
        handlers.put(ApiKeys.DESCRIBE_ACLS, acls::describeAcls);
        handlers.put(ApiKeys.DELETE_ACLS, acls::deleteAcls);
        // reached only when the broker does not require authentication (otherwise the connection's
        // SaslAuthenticator answers): like Kafka on a PLAINTEXT listener, there is no SASL to speak
        handlers.put(ApiKeys.SASL_HANDSHAKE, r -> CompletableFuture.completedFuture(new SaslHandshakeResponseData()
                .setErrorCode(Errors.ILLEGAL_SASL_STATE.code()).setMechanisms(java.util.List.of())));
        handlers.put(ApiKeys.SASL_AUTHENTICATE, r -> CompletableFuture.completedFuture(new SaslAuthenticateResponseData()
                .setErrorCode(Errors.ILLEGAL_SASL_STATE.code()).setErrorMessage("this broker does not require authentication")));
        for (ApiKeys key : SupportedApis.ranges().keySet()) {
            if (!handlers.containsKey(key)) {
                throw new IllegalStateException("no handler for advertised API " + key);
            }
        }
    }

    CompletionStage<ApiMessage> dispatch(KafkaRequest request) {
        ApiHandler handler = handlers.get(request.apiKey());
        if (handler == null) {
            return CompletableFuture.failedFuture(Errors.UNSUPPORTED_VERSION.exception());
        }
        return quotas.apply(request, handler.handle(request));
    }

    /** Requests that must never be answered, not even with an error (Produce with acks=0). */
    boolean isSilent(AbstractRequest body) {
        return ProduceHandler.isSilent(body.data());
    }

    private static CompletionStage<ApiMessage> initProducerId(KafkaRequest request, ProducerStates producers, Authorizer authorizer) {
        InitProducerIdRequestData data = request.data();
        InitProducerIdResponseData response = new InitProducerIdResponseData();
        if (data.transactionalId() != null) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code())
                    .setProducerId(-1).setProducerEpoch((short) -1));
        }
        // as in Kafka: an idempotent producer needs IDEMPOTENT_WRITE on the cluster or WRITE on some topic
        if (!authorizer.allows(request.principal(), AclOperation.IDEMPOTENT_WRITE, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME)
                && !authorizer.allowsAny(request.principal(), AclOperation.WRITE, ResourceType.TOPIC)) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code())
                    .setProducerId(-1).setProducerEpoch((short) -1));
        }
        if (request.version() >= 3 && data.producerId() >= 0) {
            // an idempotent producer bumping its epoch after an error keeps its id
            short epoch = (short) (data.producerEpoch() + 1);
            if (epoch >= 0) {
                return CompletableFuture.completedFuture(response.setProducerId(data.producerId()).setProducerEpoch(epoch));
            }
        }
        return CompletableFuture.completedFuture(response.setProducerId(producers.newProducerId()).setProducerEpoch((short) 0));
    }
}
