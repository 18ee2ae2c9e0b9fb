package io.kafkaclone.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.junit.jupiter.api.Test;

/** ApiVersions v5 (KIP-1242): a client that names a cluster and node is told when it reached another. */
class ApiVersionsHandlerTest {
    private final ApiVersionsHandler handler = new ApiVersionsHandler(new BrokerNode(3, "127.0.0.1", 9092, "cluster-a"));

    private ApiVersionsResponseData answer(short version, String clusterId, int nodeId) {
        ApiVersionsRequestData data = new ApiVersionsRequestData().setClientSoftwareName("apache-kafka-java")
                .setClientSoftwareVersion("4.4.0").setClusterId(clusterId).setNodeId(nodeId);
        return handler.respond(new ApiVersionsRequest(data, version));
    }

    @Test
    void aBootstrapRequestWithoutClusterIdGetsTheVersionsServed() {
        ApiVersionsResponseData r = answer((short) 5, null, -1);
        assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(r.apiKeys().find(ApiKeys.API_VERSIONS.id).maxVersion()).isEqualTo((short) 5);
        assertThat(r.apiKeys().find(ApiKeys.PRODUCE.id)).isNotNull();
    }

    @Test
    void theRightClusterAndNodeGetTheVersionsServed() {
        assertThat(answer((short) 5, "cluster-a", 3).errorCode()).isEqualTo(Errors.NONE.code());
    }

    @Test
    void anotherClusterOrAnotherNodeMeansRebootstrap() {
        assertThat(answer((short) 5, "cluster-b", 3).errorCode()).isEqualTo(Errors.REBOOTSTRAP_REQUIRED.code());
        assertThat(answer((short) 5, "cluster-a", 4).errorCode()).isEqualTo(Errors.REBOOTSTRAP_REQUIRED.code());
        assertThat(answer((short) 5, "cluster-a", 4).apiKeys()).isEmpty();
    }

    @Test
    void beforeV5TheClusterFieldsDoNotExistSoNothingIsChecked() {
        ApiVersionsRequestData data = new ApiVersionsRequestData().setClientSoftwareName("librdkafka")
                .setClientSoftwareVersion("2.6.1");
        assertThat(handler.respond(new ApiVersionsRequest(data, (short) 4)).errorCode()).isEqualTo(Errors.NONE.code());
    }

    @Test
    void aMalformedClientSoftwareNameIsAnInvalidRequest() {
        ApiVersionsRequestData data = new ApiVersionsRequestData().setClientSoftwareName("bad name!")
                .setClientSoftwareVersion("1.0");
        assertThat(handler.respond(new ApiVersionsRequest(data, (short) 3)).errorCode())
                .isEqualTo(Errors.INVALID_REQUEST.code());
    }
}
