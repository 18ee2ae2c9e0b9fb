package io.kafkaclone.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How read cost grows with log size: time from seek to the first records at the start, middle
 * and end of a big partition, with a plain kafka-clients consumer (no group).
 * Usage: FetchLatencyBench bootstrap topic records [rounds]
 * Prints: "fetch-latency start_ms=a middle_ms=b end_ms=c" (medians).
 */
public final class FetchLatencyBench {
    public static void main(String[] args) {
        String bootstrap = args[0];
        String topic = args[1];
        long records = Long.parseLong(args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 15;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 * 1024));
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(64 * 1024));
        TopicPartition tp = new TopicPartition(topic, 0);
        // "end" stays a little short of the log end: a fetch parked at the log end would delay the next seek by fetch.max.wait.ms
        long[] positions = { 0, records / 2, Math.max(0, records - Math.min(5000, records / 20)) };
        List<List<Double>> samples = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.assign(List.of(tp));
            firstRecords(consumer, tp, 0); // warm up: connection, metadata
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < positions.length; i++) {
                    // spread the positions a little so no read hits exactly the previous rows
                    long at = Math.min(records - 1, positions[i] + (round * 997L) % Math.max(1, records / 100));
                    samples.get(i).add(firstRecords(consumer, tp, at));
                }
            }
        }
        System.out.printf("fetch-latency start_ms=%.2f middle_ms=%.2f end_ms=%.2f%n", median(samples.get(0)),
                median(samples.get(1)), median(samples.get(2)));
    }

    private static double firstRecords(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long offset) {
        consumer.seek(tp, offset);
        long start = System.nanoTime();
        while (true) {
            ConsumerRecords<byte[], byte[]> got = consumer.poll(Duration.ofSeconds(5));
            if (!got.isEmpty()) {
                long first = got.records(tp).get(0).offset();
                if (first > offset) {
                    throw new IllegalStateException("asked for " + offset + ", got " + first);
                }
                return (System.nanoTime() - start) / 1e6;
            }
            if (System.nanoTime() - start > 30_000_000_000L) {
                throw new IllegalStateException("no records at offset " + offset);
            }
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
