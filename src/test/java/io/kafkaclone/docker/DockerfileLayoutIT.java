package io.kafkaclone.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaclone.testing.LineClient;

/**
 * What can be checked of docker/Dockerfile on a machine without a Docker engine, after
 * {@code package}: the files it copies exist and cover the whole Quarkus app, and its ENTRYPOINT,
 * run with its ENV from the layout its COPY lines produce (container paths moved under a scratch
 * root, ports moved to free ones), starts the broker: health, line and Kafka listeners, data in the VOLUME,
 * JVM options picked up, and the HEALTHCHECK command passes (and fails when nothing listens).
 */
class DockerfileLayoutIT {

    private static final Path CONTEXT = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    private static Dockerfile dockerfile;

    @BeforeAll
    static void parse() throws IOException {
        dockerfile = Dockerfile.parse(CONTEXT.resolve("docker/Dockerfile"));
    }

    @Test
    void everyCopiedPathExistsAndTheWholeAppIsCopied() throws IOException {
        assertThat(dockerfile.copies()).isNotEmpty();
        Set<Path> copied = new java.util.HashSet<>();
        for (Dockerfile.Copy copy : dockerfile.copies()) {
            for (String source : copy.sources()) {
                Path p = CONTEXT.resolve(source).normalize();
                assertThat(p).as("COPY source %s", source).exists();
                copied.add(p);
            }
        }
        Path app = CONTEXT.resolve("target/quarkus-app");
        try (Stream<Path> entries = Files.list(app)) {
            List<Path> missing = entries.filter(e -> !copied.contains(e))
                    .filter(e -> !e.getFileName().toString().equals("quarkus-app-dependencies.txt")) // a build report
                    .toList();
            assertThat(missing).as("parts of target/quarkus-app the image leaves out").isEmpty();
        }
    }

    @Test
    void exposedPortsAndVolumeMatchTheEnvironment() {
        Map<String, String> env = dockerfile.env();
        assertThat(dockerfile.exposed()).contains(Integer.parseInt(env.get("KAFKA_CLONE_LINE_PORT")),
                Integer.parseInt(env.get("QUARKUS_HTTP_PORT")), Integer.parseInt(env.get("KAFKA_CLONE_KAFKA_PORT")));
        assertThat(dockerfile.volumes()).containsExactly(env.get("KAFKA_CLONE_DATA_DIR"));
        assertThat(env.get("JDK_JAVA_OPTIONS")).contains("-XX:MaxRAMPercentage=");
        assertThat(dockerfile.healthcheckShellCommand()).contains("/q/health");
    }

    @Test
    void theEntrypointStartsTheBrokerFromTheImageLayout() throws Exception {
        Path root = CONTEXT.resolve("target/docker-layout-it");
        deleteRecursively(root); // an earlier run's copy; this run's stays for its broker.log
        Path image = Files.createDirectories(root.resolve("image"));
        for (Dockerfile.Copy copy : dockerfile.copies()) {
            for (String source : copy.sources()) {
                copyInto(CONTEXT.resolve(source), inImage(image, copy.target()), copy.target().endsWith("/"));
            }
        }
        for (String volume : dockerfile.volumes()) {
            Files.createDirectories(inImage(image, volume));
        }

        Map<String, String> env = new HashMap<>();
        dockerfile.env().forEach((k, v) -> env.put(k, v.startsWith("/") ? inImage(image, v).toString() : v));
        int httpPort = freePort();
        int linePort = freePort();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.put("KAFKA_CLONE_LINE_PORT", Integer.toString(linePort));
        int kafkaPort = freePort();
        env.put("KAFKA_CLONE_KAFKA_PORT", Integer.toString(kafkaPort));

        List<String> command = new ArrayList<>();
        for (String arg : dockerfile.command()) {
            command.add(arg.startsWith("/") ? inImage(image, arg).toString() : arg);
        }
        assertThat(command.get(0)).isEqualTo("java");
        command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());

        Path log = image.resolve("broker.log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(inImage(image, dockerfile.workdir()).toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process broker = pb.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            Awaitility.await("live health of the broker started from the image layout (log: " + log + ")")
                    .atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        assertThat(broker.isAlive()).as("broker exited, see %s", log).isTrue();
                        return live(http, httpPort);
                    });

            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(output).contains("Picked up JDK_JAVA_OPTIONS: " + env.get("JDK_JAVA_OPTIONS"));

            try (LineClient client = new LineClient(linePort)) {
                JsonNode ack = client.request(LineClient.publish("docker-layout", "hello"));
                assertThat(ack.get("ok").asBoolean()).as(ack.toString()).isTrue();
            }
            try (java.net.Socket kafka = new java.net.Socket("127.0.0.1", kafkaPort)) {
                assertThat(kafka.isConnected()).as("Kafka protocol listener").isTrue();
            }
            try (Stream<Path> files = Files.list(Path.of(env.get("KAFKA_CLONE_DATA_DIR")))) {
                assertThat(files.map(f -> f.getFileName().toString()).collect(Collectors.toList()))
                        .as("database files in the data VOLUME").anyMatch(n -> n.startsWith("kafka-clone"));
            }

            assertThat(healthcheck(env)).as("HEALTHCHECK against the running broker").isZero();
            Map<String, String> nobodyListening = new HashMap<>(env);
            nobodyListening.put("QUARKUS_HTTP_PORT", Integer.toString(freePort()));
            assertThat(healthcheck(nobodyListening)).as("HEALTHCHECK with nothing listening").isNotZero();
        } finally {
            broker.destroy();
            if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static boolean live(HttpClient http, int port) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/live"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"UP\"");
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs the HEALTHCHECK's shell command the way Docker does ({@code /bin/sh -c}) and returns its exit code. */
    private static int healthcheck(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", dockerfile.healthcheckShellCommand()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    private static Path inImage(Path image, String containerPath) {
        return image.resolve(containerPath.substring(1));
    }

    /** COPY semantics: a directory's contents go into the target; a file becomes the target (or goes into it). */
    private static void copyInto(Path source, Path target, boolean targetIsDirectory) throws IOException {
        if (Files.isDirectory(source)) {
            try (Stream<Path> all = Files.walk(source)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    Path t = target.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } else {
            Path t = targetIsDirectory ? target.resolve(source.getFileName().toString()) : target;
            Files.createDirectories(t.getParent());
            Files.copy(source, t, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
