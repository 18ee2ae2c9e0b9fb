package io.kafkaclone.security;

/**
 * Who a connection or HTTP request acts for. Every door (line, Kafka, console) carries one, so
 * authentication sets it once and authorization, quotas and metrics read it the same way.
 * With authentication off every client is {@link #ANONYMOUS}.
 */
public record Principal(String name) {
    public static final Principal ANONYMOUS = new Principal("ANONYMOUS");

    public boolean isAnonymous() {
        return ANONYMOUS.equals(this);
    }
}
