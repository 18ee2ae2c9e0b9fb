package io.kafkaclone.door;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

/** Reads reach the reader in order, none while paused, and every buffer is released exactly once. */
class SocketReadsTest {
    private final List<String> seen = new ArrayList<>();
    private final List<Boolean> autoRead = new ArrayList<>();

    private static ByteBuf read(String text) {
        ByteBuf bytes = PooledByteBufAllocator.DEFAULT.directBuffer();
        bytes.writeCharSequence(text, StandardCharsets.US_ASCII);
        return bytes;
    }

    private SocketReads reads(java.util.function.Consumer<ByteBuf> reader) {
        return new SocketReads(reader, autoRead::add);
    }

    @Test
    void eachReadIsHandedOverOnceAndReleasedAfter() {
        SocketReads reads = reads(b -> seen.add(b.toString(StandardCharsets.US_ASCII)));
        ByteBuf a = read("a");
        ByteBuf b = read("b");
        reads.received(a);
        reads.received(b);
        assertThat(seen).containsExactly("a", "b");
        assertThat(a.refCnt()).isZero();
        assertThat(b.refCnt()).isZero();
        assertThat(autoRead).isEmpty(); // never paused: the channel's flag is left alone
    }

    @Test
    void whatArrivesWhilePausedWaitsForResumeInOrder() {
        SocketReads reads = reads(b -> seen.add(b.toString(StandardCharsets.US_ASCII)));
        reads.pause();
        assertThat(autoRead).containsExactly(false);
        ByteBuf late1 = read("1");
        ByteBuf late2 = read("2");
        reads.received(late1); // Netty had read these before it saw auto-read off
        reads.received(late2);
        assertThat(seen).isEmpty();
        assertThat(late1.refCnt()).isOne();

        reads.resume();
        assertThat(seen).containsExactly("1", "2");
        assertThat(late1.refCnt()).isZero();
        assertThat(late2.refCnt()).isZero();
        assertThat(autoRead).containsExactly(false, true);
    }

    @Test
    void aReaderThatPausesStopsTheReadsBehindItsOwn() {
        SocketReads[] self = new SocketReads[1];
        self[0] = reads(b -> {
            String text = b.toString(StandardCharsets.US_ASCII);
            seen.add(text);
            if (text.equals("stop")) {
                self[0].pause(); // e.g. too many requests in flight
            }
        });
        self[0].pause();
        self[0].received(read("stop"));
        self[0].received(read("after"));
        self[0].resume();
        assertThat(seen).containsExactly("stop");
        self[0].resume();
        assertThat(seen).containsExactly("stop", "after");
        assertThat(autoRead).containsExactly(false, true);
    }

    @Test
    void aResumeFromInsideTheReaderDoesNotLetALaterReadOvertake() {
        SocketReads[] self = new SocketReads[1];
        self[0] = reads(b -> {
            String text = b.toString(StandardCharsets.US_ASCII);
            seen.add(text + "<");
            if (text.equals("first")) {
                self[0].pause();
                self[0].resume(); // answered at once: resumes while "first" is still being read
            }
            seen.add(text + ">");
        });
        self[0].pause();
        self[0].received(read("first"));
        self[0].received(read("second"));
        self[0].resume();
        assertThat(seen).containsExactly("first<", "first>", "second<", "second>");
    }

    @Test
    void closeReleasesWhatIsHeldAndLaterReads() {
        SocketReads reads = reads(b -> seen.add("unexpected"));
        reads.pause();
        ByteBuf held = read("held");
        reads.received(held);
        reads.close();
        ByteBuf late = read("late");
        reads.received(late);
        reads.resume();
        assertThat(seen).isEmpty();
        assertThat(held.refCnt()).isZero();
        assertThat(late.refCnt()).isZero();
    }

    @Test
    void overARealSocketPauseTurnsTheChannelsReadingOffAndResumeBringsTheRest() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            StringBuilder received = new StringBuilder();
            CompletableFuture<Boolean> autoReadWhilePaused = new CompletableFuture<>();
            CompletableFuture<String> all = new CompletableFuture<>();
            CompletableFuture<Runnable> resume = new CompletableFuture<>();
            NetServer server = vertx.createNetServer().connectHandler(socket -> {
                io.netty.channel.Channel channel = ((io.vertx.core.net.impl.NetSocketInternal) socket).channelHandlerContext().channel();
                io.vertx.core.Context context = vertx.getOrCreateContext();
                SocketReads[] reads = new SocketReads[1];
                reads[0] = SocketReads.attach(socket, b -> {
                    received.append(b.toString(StandardCharsets.US_ASCII));
                    if (!autoReadWhilePaused.isDone()) {
                        reads[0].pause();
                        autoReadWhilePaused.complete(channel.config().isAutoRead());
                    }
                    if (received.length() >= 10) {
                        all.complete(received.toString());
                    }
                });
                socket.closeHandler(v -> reads[0].close());
                resume.complete(() -> context.runOnContext(v -> reads[0].resume()));
            });
            int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
            NetSocket client = vertx.createNetClient().connect(port, "127.0.0.1").toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            client.write(Buffer.buffer("hello"));
            assertThat(autoReadWhilePaused.get(10, TimeUnit.SECONDS)).isFalse();
            client.write(Buffer.buffer("world"));
            resume.get(10, TimeUnit.SECONDS).run();
            assertThat(all.get(10, TimeUnit.SECONDS)).isEqualTo("helloworld");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
