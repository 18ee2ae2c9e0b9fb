package io.kafkaclone.line;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kafkaclone.config.BrokerConfig;
import io.kafkaclone.core.Broker;
import io.kafkaclone.core.group.ClassicGroupCoordinator;
import io.kafkaclone.core.Listener;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** The line-protocol door: a Vert.x NetServer speaking JSON lines (see docs/line-protocol.md). */
@ApplicationScoped
public class LineServer implements Listener {
    private static final Logger LOG = Logger.getLogger(LineServer.class);
    /** Before {@link io.kafkaclone.config.BrokerProducer#CLOSE_PRIORITY}: stop the door, then the broker. */
    static final int STOP_PRIORITY = 1000;

    @Inject
    Vertx vertx;
    @Inject
    Broker broker;
    @Inject
    ClassicGroupCoordinator kafkaGroups;
    @Inject
    BrokerConfig config;
    @Inject
    ObjectMapper mapper;

    private NetServer server;
    private final Set<LineConnection> connections = ConcurrentHashMap.newKeySet();
    private volatile int actualPort = -1;
    private volatile boolean stopping;

    void start(@Observes StartupEvent event) throws Exception {
        BrokerConfig.Line line = config.line();
        server = vertx.createNetServer(new NetServerOptions().setHost(line.host()).setPort(line.port()).setTcpNoDelay(true)
                .setTcpKeepAlive(true));
        server.connectHandler(socket -> {
            if (stopping) {
                socket.close();
                return;
            }
            LineConnection c = new LineConnection(socket, vertx.getOrCreateContext(), vertx, broker, kafkaGroups, line, mapper);
            connections.add(c);
            c.closed().onComplete(v -> connections.remove(c));
            c.start();
        });
        server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        actualPort = server.actualPort();
        LOG.infof("kafka-clone line protocol listening on port %d", actualPort);
    }

    void stop(@Observes @Priority(STOP_PRIORITY) ShutdownEvent event) {
        if (server == null) {
            return;
        }
        try {
            // connections first: closing a Vert.x NetServer also closes its connections, which would
            // drop the acknowledgements of publishes that are committing right now
            stopping = true;
            List<LineConnection> open = List.copyOf(connections);
            open.forEach(LineConnection::shutdown);
            Future.join(open.stream().map(LineConnection::closed).toList()).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warnf("line connections did not close in time (%s); closing them", e.toString());
            connections.forEach(LineConnection::forceClose);
        }
        LOG.info("kafka-clone line protocol stopped");
    }

    /** The bound port (useful when configured as 0). */
    public int actualPort() {
        return actualPort;
    }

    @Override
    public String name() {
        return "line";
    }

    @Override
    public boolean isListening() {
        return actualPort > 0;
    }

    public int connectionCount() {
        return connections.size();
    }
}
