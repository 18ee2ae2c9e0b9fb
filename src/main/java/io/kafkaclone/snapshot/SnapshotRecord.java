package io.kafkaclone.snapshot;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.kafkaclone.core.Header;
import io.kafkaclone.core.StoredRecord;
import io.kafkaclone.core.Utf8;

/**
 * One record of a partition file. Key, value and header values are JSON text when they are valid
 * UTF-8, otherwise base64 with the matching {@code *Encoding: "base64"} marker; null stays null.
 */
public record SnapshotRecord(long offset, long timestamp, String key,
        @JsonInclude(JsonInclude.Include.NON_NULL) String keyEncoding, String value,
        @JsonInclude(JsonInclude.Include.NON_NULL) String valueEncoding, List<SnapshotHeader> headers) {

    static final String BASE64 = "base64";

    public record SnapshotHeader(String key, String value, @JsonInclude(JsonInclude.Include.NON_NULL) String encoding) {
    }

    static SnapshotRecord of(StoredRecord r) {
        List<SnapshotHeader> headers = new ArrayList<>(r.headers().size());
        for (Header h : r.headers()) {
            headers.add(new SnapshotHeader(h.key(), text(h.value()), encoding(h.value())));
        }
        return new SnapshotRecord(r.offset(), r.timestamp(), text(r.key()), encoding(r.key()), text(r.value()), encoding(r.value()),
                headers);
    }

    StoredRecord toStored() {
        List<Header> hs = new ArrayList<>();
        if (headers != null) {
            for (SnapshotHeader h : headers) {
                hs.add(new Header(h.key(), bytes(h.value(), h.encoding())));
            }
        }
        return new StoredRecord(offset, timestamp, bytes(key, keyEncoding), bytes(value, valueEncoding), hs);
    }

    private static String text(byte[] b) {
        if (b == null) {
            return null;
        }
        String s = Utf8.decodeOrNull(b);
        return s != null ? s : Base64.getEncoder().encodeToString(b);
    }

    private static String encoding(byte[] b) {
        return b != null && Utf8.decodeOrNull(b) == null ? BASE64 : null;
    }

    private static byte[] bytes(String text, String encoding) {
        if (text == null) {
            return null;
        }
        return BASE64.equals(encoding) ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes this record occupies in memory while importing, to bound import batches. */
    int approximateSize() {
        int n = 64 + (key == null ? 0 : key.length()) + (value == null ? 0 : value.length());
        if (headers != null) {
            for (SnapshotHeader h : headers) {
                n += 32 + h.key().length() + (h.value() == null ? 0 : h.value().length());
            }
        }
        return n;
    }
}
