package io.kafkaclone.kafka;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;

/**
 * ApiVersions as Kafka 4.4 answers it: the versions this broker serves, INVALID_REQUEST for a malformed
 * client software name or version (v3+), and REBOOTSTRAP_REQUIRED (v5, KIP-1242) when a client that
 * names the cluster and node it means to reach has reached another. Serving v5 also spares a 4.x
 * client a second round trip on every new connection: it sends v5 first and, refused, retries with
 * the version the refusal lists.
 */
final class ApiVersionsHandler implements ApiHandler {
    private final BrokerNode self;

    ApiVersionsHandler(BrokerNode self) {
        this.self = self;
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        return CompletableFuture.completedFuture(respond((ApiVersionsRequest) request.body()));
    }

    ApiVersionsResponseData respond(ApiVersionsRequest request) {
        if (!request.isValid()) {
            return new ApiVersionsResponseData().setErrorCode(Errors.INVALID_REQUEST.code());
        }
        if (reachedAnotherNode(request.version(), request.data())) {
            return new ApiVersionsResponseData().setErrorCode(Errors.REBOOTSTRAP_REQUIRED.code());
        }
        return new ApiVersionsResponseData().setApiKeys(SupportedApis.advertised());
    }

    private boolean reachedAnotherNode(short version, ApiVersionsRequestData data) {
        // a client that does not know the cluster yet (bootstrap) sends no cluster id: any node will do
        return version >= 5 && data.clusterId() != null
                && (!data.clusterId().equals(self.clusterId()) || data.nodeId() != self.nodeId());
    }
}
