package io.kafkaclone.core;

import java.util.List;

/**
 * A record to append. Key and value are raw bytes (either may be null); a timestamp below zero
 * means "stamp with the broker's clock at append time".
 */
public record Record(byte[] key, byte[] value, List<Header> headers, long timestamp) {
    public Record {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    /** Bytes counted against the maximum message size: key, value and headers. */
    public int sizeInBytes() {
        int size = (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (Header h : headers) {
            size += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        return size;
    }
}
