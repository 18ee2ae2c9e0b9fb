package io.kafkaclone.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Line-protocol publish throughput: each connection pipelines publishes (a bounded window of
 * unacknowledged requests) and counts the durable {"ok":true} replies.
 * Usage: LinePublishBench host port topic totalRecords recordBytes connections [window]
 * Prints: "line-publish connections=C records=N seconds=S msg_per_sec=R".
 */
public final class LinePublishBench {
    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String topic = args[2];
        long total = Long.parseLong(args[3]);
        int size = Integer.parseInt(args[4]);
        int connections = Integer.parseInt(args[5]);
        int window = args.length > 6 ? Integer.parseInt(args[6]) : 10_000;

        char[] body = new char[size];
        Arrays.fill(body, 'x');
        byte[] line = ("{\"op\":\"publish\",\"topic\":\"" + topic + "\",\"message\":\"" + new String(body) + "\"}\n")
                .getBytes(StandardCharsets.UTF_8);

        List<Thread> threads = new ArrayList<>();
        AtomicLong acked = new AtomicLong();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            long share = total / connections + (c < total % connections ? 1 : 0);
            Thread t = new Thread(() -> {
                try {
                    publish(host, port, line, share, window, acked);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "line-publisher-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!failures.isEmpty()) {
            failures.get(0).printStackTrace();
            System.exit(1);
        }
        System.out.printf("line-publish connections=%d records=%d seconds=%.3f msg_per_sec=%.1f%n", connections, acked.get(),
                seconds, acked.get() / seconds);
    }

    private static void publish(String host, int port, byte[] line, long count, int window, AtomicLong acked) throws Exception {
        try (Socket socket = new Socket(host, port)) {
            socket.setTcpNoDelay(true);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            Semaphore credits = new Semaphore(window);
            Throwable[] readFailure = new Throwable[1];
            Thread reader = new Thread(() -> {
                try {
                    readReplies(in, count, credits, acked);
                } catch (Throwable e) {
                    readFailure[0] = e;
                    credits.release(window);
                }
            }, "line-reader");
            reader.start();
            for (long i = 0; i < count; i++) {
                if (!credits.tryAcquire()) {
                    out.flush();
                    credits.acquire();
                }
                if (readFailure[0] != null) {
                    break;
                }
                out.write(line);
            }
            out.flush();
            reader.join();
            if (readFailure[0] != null) {
                throw new IllegalStateException("reply reader failed", readFailure[0]);
            }
        }
    }

    /** Replies are one JSON object per line; a failure reply carries "ok":false. */
    private static void readReplies(InputStream in, long count, Semaphore credits, AtomicLong acked) throws Exception {
        byte[] okFalse = "\"ok\":false".getBytes(StandardCharsets.US_ASCII);
        byte[] lineBuf = new byte[4096];
        int len = 0;
        long replies = 0;
        while (replies < count) {
            int b = in.read();
            if (b < 0) {
                throw new IllegalStateException("connection closed after " + replies + " replies");
            }
            if (b != '\n') {
                if (len < lineBuf.length) {
                    lineBuf[len] = (byte) b;
                }
                len++;
                continue;
            }
            if (indexOf(lineBuf, Math.min(len, lineBuf.length), okFalse) >= 0) {
                throw new IllegalStateException("publish failed: " + new String(lineBuf, 0, Math.min(len, lineBuf.length),
                        StandardCharsets.UTF_8));
            }
            len = 0;
            replies++;
            acked.incrementAndGet();
            credits.release();
        }
    }

    private static int indexOf(byte[] hay, int len, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= len; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
