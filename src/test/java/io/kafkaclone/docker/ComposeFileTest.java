package io.kafkaclone.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * docker/compose.yaml checked without a Docker engine: two brokers built from docker/Dockerfile,
 * in cluster mode with distinct node ids on the one PostgreSQL database the init script creates,
 * on distinct host ports.
 */
class ComposeFileTest {

    private static final Path DOCKER = Path.of("docker").toAbsolutePath();

    @Test
    void twoBrokersShareOnePostgresDatabaseInClusterMode() throws IOException {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(DOCKER.resolve("compose.yaml").toFile());
        JsonNode services = compose.get("services");
        assertThat(services.has("postgres")).isTrue();

        List<JsonNode> brokers = new ArrayList<>();
        services.properties().forEach(e -> {
            if (e.getValue().has("build")) {
                brokers.add(e.getValue());
            }
        });
        assertThat(brokers).hasSize(2);

        Set<String> created = createdDatabases();
        Set<String> databases = new HashSet<>();
        Set<String> nodeIds = new HashSet<>();
        Set<String> hostPorts = new HashSet<>();
        for (JsonNode broker : brokers) {
            Path context = DOCKER.resolve(broker.at("/build/context").asText()).normalize();
            assertThat(context.resolve(broker.at("/build/dockerfile").asText())).exists();
            assertThat(broker.at("/depends_on/postgres/condition").asText()).isEqualTo("service_healthy");

            String url = broker.at("/environment/QUARKUS_DATASOURCE_JDBC_URL").asText();
            Matcher m = Pattern.compile("jdbc:postgresql://postgres:5432/(\\w+)").matcher(url);
            assertThat(m.matches()).as(url).isTrue();
            databases.add(m.group(1));
            assertThat(broker.at("/environment/KAFKA_CLONE_CLUSTER_ENABLED").asText()).isEqualTo("true");
            nodeIds.add(broker.at("/environment/KAFKA_CLONE_CLUSTER_NODE_ID").asText());
            assertThat(broker.at("/environment/QUARKUS_DATASOURCE_USERNAME").asText())
                    .isEqualTo(services.at("/postgres/environment/POSTGRES_USER").asText());

            for (JsonNode port : broker.get("ports")) {
                String[] hostAndContainer = port.asText().split(":");
                assertThat(hostPorts.add(hostAndContainer[0])).as("host port %s used twice", port).isTrue();
                if (hostAndContainer[1].equals("9092")) {
                    // Kafka clients reconnect to the advertised address, so it must be the published one
                    assertThat(broker.at("/environment/KAFKA_CLONE_KAFKA_ADVERTISED_PORT").asText()).isEqualTo(hostAndContainer[0]);
                }
            }
        }
        assertThat(databases).as("one database shared by the brokers").hasSize(1);
        assertThat(created).containsAll(databases);
        assertThat(nodeIds).as("a node id per broker").hasSize(2).doesNotContain("");

        for (JsonNode volume : services.at("/postgres/volumes")) {
            String source = volume.asText().split(":")[0];
            if (source.startsWith(".")) {
                assertThat(DOCKER.resolve(source)).exists();
            }
        }
    }

    private static Set<String> createdDatabases() throws IOException {
        Set<String> out = new HashSet<>();
        Matcher m = Pattern.compile("create database (\\w+)")
                .matcher(Files.readString(DOCKER.resolve("postgres-init.sql")).toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
