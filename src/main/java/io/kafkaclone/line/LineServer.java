package io.kafkaclone.line;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kafkaclone.config.BrokerConfig;
import io.kafkaclone.config.DoorGuards;
import io.kafkaclone.core.Broker;
import io.kafkaclone.core.group.ClassicGroupCoordinator;
import io.kafkaclone.core.Listener;
import io.kafkaclone.limits.ConnectionLimiter;
import io.kafkaclone.limits.IdleTimeout;
import io.kafkaclone.metrics.BrokerMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
    /** The door's name in metrics and readiness. */
    static final String DOOR = "line";

    @Inject
    Vertx vertx;
    @Inject
    Broker broker;
    @Inject
    ClassicGroupCoordinator kafkaGroups;
    @Inject
    BrokerMetrics metrics;
    @Inject
    BrokerConfig config;
    @Inject
    ObjectMapper mapper;
    @Inject
    DoorGuards guards;

    /** One server per event loop, all on the same port: Vert.x spreads accepted connections over them. */
    private final List<NetServer> servers = new CopyOnWriteArrayList<>();
    private final Set<LineConnection> connections = ConcurrentHashMap.newKeySet();
    private volatile int actualPort = -1;
    private volatile boolean stopping;

    void start(@Observes StartupEvent event) throws Exception {
        BrokerConfig.Line line = config.line();
        // a connection lives on the event loop of the server that accepted it; with one server every
        // connection would share one event loop (one core) for JSON parsing and replies
        int loops = Runtime.getRuntime().availableProcessors();
        // servers share a port when bound with the same value; Vert.x reads a negative port as
        // "one random port shared by every server given this value", so 0 becomes -1
        int bindPort = line.port() == 0 ? -1 : line.port();
        NetServerOptions options = new NetServerOptions().setHost(line.host()).setPort(bindPort).setTcpNoDelay(true)
                .setTcpKeepAlive(true);
        guards.tls().line(options);
        Replies refusals = new Replies(mapper);
        // each verticle instance gets its own event-loop context, so its server and connections run there
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                NetServer server = vertx.createNetServer(options);
                guards.tls().serving(DOOR, server);
                server.connectHandler(socket -> {
                    if (stopping) {
                        socket.close();
                        return;
                    }
                    ConnectionLimiter.Admission admission = guards.limiter().admit(DOOR, socket.remoteAddress());
                    if (!admission.admitted()) {
                        // told at once, before the client sends anything, then closed
                        LineError e = new LineError(LineError.TOO_MANY_CONNECTIONS, admission.refusal() + "; closing");
                        socket.write(refusals.line(refusals.error(null, e)));
                        socket.end();
                        return;
                    }
                    LineConnection c = new LineConnection(socket, context, vertx, broker, kafkaGroups, metrics, line, mapper,
                            guards);
                    metrics.connectionOpened(DOOR);
                    connections.add(c);
                    IdleTimeout idle = IdleTimeout.watch(context, c, guards.connectionsMaxIdleMs());
                    c.closed().onComplete(x -> {
                        admission.release();
                        IdleTimeout.cancel(idle);
                        connections.remove(c);
                        metrics.connectionClosed(DOOR);
                    });
                    c.start();
                });
                servers.add(server);
                server.listen().<Void>mapEmpty().onComplete(started);
            }
        }, new DeploymentOptions().setInstances(loops)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        actualPort = servers.get(0).actualPort();
        LOG.infof("kafka-clone line protocol listening on port %d%s", actualPort, guards.tls().enabled(DOOR) ? " (TLS)" : "");
    }

    void stop(@Observes @Priority(STOP_PRIORITY) ShutdownEvent event) {
        if (servers.isEmpty()) {
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
            Future.join(servers.stream().map(NetServer::close).toList()).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
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
        return DOOR;
    }

    @Override
    public boolean isListening() {
        return actualPort > 0;
    }
}
