package io.kafkaclone.kafka;

import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.kafkaclone.cluster.ClusterMembership;
import io.kafkaclone.config.BrokerProducer;
import io.kafkaclone.config.DoorGuards;
import io.kafkaclone.core.Broker;
import io.kafkaclone.limits.ConnectionLimiter;
import io.kafkaclone.limits.IdleTimeout;
import io.kafkaclone.metrics.BrokerMetrics;
import io.kafkaclone.core.group.ClassicGroupCoordinator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** The Kafka wire-protocol door: a Vert.x TCP server whose connections speak Kafka to the core {@link Broker}. */
@ApplicationScoped
public class KafkaServer {
    private static final Logger LOG = Logger.getLogger(KafkaServer.class);

    @Inject
    Vertx vertx;
    @Inject
    Broker broker;
    @Inject
    ClassicGroupCoordinator coordinator;
    @Inject
    KafkaConfig config;
    @Inject
    BrokerMetrics metrics;
    @Inject
    DoorGuards guards;
    @Inject
    ClusterMembership membership;

    /** The door's name in metrics. */
    static final String DOOR = "kafka";

    private NetServer server;
    private volatile int actualPort = -1;
    private volatile BrokerNode node;

    void start(@Observes StartupEvent event) throws Exception {
        if (!config.enabled()) {
            LOG.info("kafka-clone kafka protocol disabled");
            return;
        }
        NetServerOptions options = new NetServerOptions().setHost(config.host()).setPort(config.port()).setTcpNoDelay(true);
        guards.tls().kafka(options);
        server = vertx.createNetServer(options);
        guards.tls().serving(DOOR, server);
        ProducerStates producers = new ProducerStates(broker, new Blocking(vertx), membership.enabled());
        // the node is only known once bound (port 0), and connections cannot arrive before that
        KafkaApis[] apis = new KafkaApis[1];
        server.connectHandler(socket -> {
            if (apis[0] == null) {
                socket.close(); // bound but not ready yet: the client reconnects
                return;
            }
            ConnectionLimiter.Admission admission = guards.limiter().admit(DOOR, socket.remoteAddress());
            if (!admission.admitted()) {
                socket.close(); // what Kafka does: the protocol has no "go away" message; the limiter logged why
                return;
            }
            metrics.connectionOpened(DOOR);
            io.vertx.core.Context context = vertx.getOrCreateContext();
            KafkaConnection connection = new KafkaConnection(socket, context, apis[0], config.maxFrameBytes(),
                    config.maxInFlightRequests(), SaslAuthenticator.forConnection(guards.authentication(), vertx, context));
            IdleTimeout idle = IdleTimeout.watch(context, connection, guards.connectionsMaxIdleMs());
            connection.onClose(() -> {
                admission.release();
                IdleTimeout.cancel(idle);
                metrics.connectionClosed(DOOR);
            }).start();
        });
        NetServer bound = server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        actualPort = bound.actualPort();
        String host = advertisedHost();
        int port = config.advertisedPort().orElse(actualPort);
        KafkaCluster cluster;
        if (membership.enabled()) {
            // the registry hands out (or confirms) the node id; kafka-clone.kafka.node-id is not used then
            node = new BrokerNode(membership.join(host, port).nodeId(), host, port, config.clusterId());
            cluster = new KafkaCluster(node, membership);
        } else {
            node = new BrokerNode(config.nodeId(), host, port, config.clusterId());
            cluster = new KafkaCluster(node, null);
        }
        apis[0] = new KafkaApis(broker, coordinator, producers, cluster, vertx, metrics, guards.quotas(), guards.authorizer());
        LOG.infof("kafka-clone kafka protocol listening on port %d%s", actualPort, guards.tls().enabled(DOOR) ? " (TLS)" : "");
        LOG.infof("kafka-clone kafka protocol advertised to clients as %s:%d (node %d)", node.host(), node.port(), node.nodeId());
    }

    private String advertisedHost() {
        if (config.advertisedHost().isPresent()) {
            return config.advertisedHost().get();
        }
        String host = config.host();
        return host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
    }

    /** Stops accepting connections before the broker closes (which fails what is still queued). */
    void stop(@Observes @Priority(BrokerProducer.CLOSE_PRIORITY - 100) ShutdownEvent event) {
        if (server != null) {
            try {
                server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("kafka protocol server did not close cleanly", e);
            }
            server = null;
        }
    }

    /** The port bound (useful with port 0), or -1 before start. */
    public int actualPort() {
        return actualPort;
    }

    public BrokerNode node() {
        return node;
    }
}
