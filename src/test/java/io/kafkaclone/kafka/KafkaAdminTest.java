package io.kafkaclone.kafka;

import static io.kafkaclone.kafka.KafkaTestClients.admin;
import static io.kafkaclone.kafka.KafkaTestClients.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Topic administration through the real kafka-clients AdminClient. */
@QuarkusTest
class KafkaAdminTest {

    @Inject
    KafkaServer server;

    @Test
    void createListDescribeDeleteTopics() throws Exception {
        String name = unique("admin");
        try (Admin admin = admin(server)) {
            admin.createTopics(List.of(new NewTopic(name, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);

            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(name);
            TopicDescription d = admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS).get(name);
            assertThat(d.partitions()).hasSize(3);
            assertThat(d.topicId()).isNotNull();
            assertThat(d.partitions().get(0).leader().port()).isEqualTo(server.actualPort());

            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicExistsException.class);
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(unique("rf"), 1, (short) 3))).all().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(InvalidReplicationFactorException.class);

            admin.deleteTopics(List.of(name)).all().get(30, TimeUnit.SECONDS);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(name);
            assertThatThrownBy(() -> admin.deleteTopics(List.of(name)).all().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        }
    }

    @Test
    void describesClusterAndConfigs() throws Exception {
        String name = unique("configs");
        try (Admin admin = admin(server)) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            DescribeClusterResult cluster = admin.describeCluster();
            assertThat(cluster.nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
            assertThat(cluster.clusterId().get(30, TimeUnit.SECONDS)).isNotBlank();

            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, name);
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "0");
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(topic, broker)).all().get(30, TimeUnit.SECONDS);
            assertThat(configs.get(topic).get("cleanup.policy").value()).isEqualTo("delete");
            // Kafka's defaults unless configured: 7 days, no size limit
            assertThat(configs.get(topic).get("retention.ms").value()).isEqualTo("604800000");
            assertThat(configs.get(topic).get("retention.ms").source()).isEqualTo(org.apache.kafka.clients.admin.ConfigEntry.ConfigSource.DEFAULT_CONFIG);
            assertThat(configs.get(topic).get("retention.bytes").value()).isEqualTo("-1");
            assertThat(configs.get(broker).get("log.retention.ms").value()).isEqualTo("604800000");
            assertThat(configs.get(broker).get("num.partitions").value()).isNotBlank();
        }
    }
}
