package io.kafkaclone.cli;

import java.util.Map;

/**
 * Where the broker's line protocol listens: flags win over the {@code HOST}/{@code PORT}
 * environment variables, which win over localhost:9001.
 */
record BrokerAddress(String host, int port) {

    static final String DEFAULT_HOST = "localhost";
    static final int DEFAULT_PORT = 9001;

    /**
     * @param server  {@code host:port} or {@code host} from {@code -s/--server}, or null
     * @param host    from {@code --host}, or null
     * @param port    from {@code --port}, or null
     * @param env     the process environment (a map so tests can pass their own)
     */
    static BrokerAddress resolve(String server, String host, Integer port, Map<String, String> env) {
        String serverHost = null;
        Integer serverPort = null;
        if (server != null) {
            int colon = server.lastIndexOf(':');
            if (colon < 0) {
                serverHost = server;
            } else {
                serverHost = server.substring(0, colon);
                serverPort = parsePort(server.substring(colon + 1), "-s/--server");
            }
            if (serverHost.isBlank()) {
                throw new IllegalArgumentException("-s/--server needs a host, as in localhost:9001");
            }
        }
        String h = firstNonBlank(host, serverHost, env.get("HOST"), DEFAULT_HOST);
        Integer p = port != null ? port : serverPort;
        if (p == null) {
            String envPort = env.get("PORT");
            p = envPort == null || envPort.isBlank() ? DEFAULT_PORT : parsePort(envPort, "environment variable PORT");
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("port " + p + " is outside 1-65535");
        }
        return new BrokerAddress(h, p);
    }

    private static int parsePort(String text, String source) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " has an invalid port: '" + text + "'");
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        throw new IllegalStateException("no default");
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
