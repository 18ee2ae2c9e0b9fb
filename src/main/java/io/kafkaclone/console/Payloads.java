package io.kafkaclone.console;

import java.util.Base64;

import io.kafkaclone.core.Utf8;

/** Shows raw bytes as JSON text: the text itself when valid UTF-8, otherwise base64 with a marker. */
record Payloads(String text, String encoding) {
    static final String BASE64 = "base64";

    static Payloads of(byte[] bytes) {
        if (bytes == null) {
            return new Payloads(null, null);
        }
        String text = Utf8.decodeOrNull(bytes);
        return text != null ? new Payloads(text, null) : new Payloads(Base64.getEncoder().encodeToString(bytes), BASE64);
    }
}
