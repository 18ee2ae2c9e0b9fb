package io.kafkaclone.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kafkaclone.core.Storage;

class ClusterEventsTest {

    @Test
    void nothingToSayMeansNoNotification() {
        assertThat(new ClusterEvents().payloads()).isEmpty();
    }

    @Test
    void oneNotificationCarriesEachPartitionsNewEndAndTheStoredOffsets() throws Exception {
        ClusterEvents e = new ClusterEvents();
        e.appended(7, 0, 10);
        e.appended(7, 0, 25); // the same partition twice in one transaction: the later end wins
        e.appended(7, 1, 3);
        e.committed(new Storage.CommittedOffset("g,\"odd\"", "orders", 1, 42, null, 1000));
        assertThat(e.payloads()).hasSize(1);
        JsonNode json = new ObjectMapper().readTree(e.payloads().get(0));
        assertThat(json.get("p").toString()).isEqualTo("[[7,0,25],[7,1,3]]");
        assertThat(json.get("o").get(0).get(0).asText()).isEqualTo("g,\"odd\"");
        assertThat(json.get("o").get(0).get(4).isNull()).isTrue();
        assertThat(json.has("t")).isFalse();
    }

    @Test
    void aPayloadPastPostgresqlsLimitAsksForAFullReRead() {
        ClusterEvents e = new ClusterEvents();
        e.committed(new Storage.CommittedOffset("g", "orders", 0, 1, "m".repeat(ClusterEvents.MAX_PAYLOAD_BYTES), 1));
        assertThat(e.payloads()).containsExactly("{\"r\":1}");
    }
}
