package io.kafkaclone.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The kafka-clone command-line client. It speaks the line protocol over a plain socket and starts nothing
 * else (no Quarkus, no database), so it is packaged alone in {@code kafka-clone-<version>-cli.jar}.
 */
@Command(name = "kafka-clone-cli", mixinStandardHelpOptions = true, versionProvider = CliVersion.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Publishes to or consumes from a kafka-clone broker over its line protocol.",
            "",
            "  -p -t TOPIC -m MESSAGE  publish; prints TOPIC-PARTITION@OFFSET",
            "  -p -t TOPIC -m -        publish each line of stdin; one position per line",
            "  -c -t TOPIC -n NAME     consume; prints each message on its own line",
            "                          until Ctrl-C, acknowledging it once printed",
            "  --hash-user USER        print the users-file lines (SCRAM credentials) for USER;",
            "                          the password comes from --password, $KAFKA_CLONE_PASSWORD or stdin",
            ""},
        footer = {"", "Environment: HOST and PORT set the broker address when --host/--port/-s are not given "
                + "(default localhost:9001); KAFKA_CLONE_USER and KAFKA_CLONE_PASSWORD stand for --user/--password.",
            "Exit status: 0 success, 1 connection failure or broker error, 2 usage error."})
public final class KafkaCloneCli implements Callable<Integer> {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = {"-p", "--publish"}, required = true, description = "Publish a message (-m) to a topic.")
        boolean publish;

        @Option(names = {"-c", "--consume"}, required = true, description = "Consume a topic as consumer -n.")
        boolean consume;

        @Option(names = "--hash-user", required = true, paramLabel = "USER",
                description = "Print users-file lines for USER (kafka-clone.auth.users-file); connects to nothing.")
        String hashUser;
    }

    @Option(names = {"-t", "--topic"}, paramLabel = "TOPIC", description = "Topic to publish to or consume from.")
    String topic;

    @Option(names = {"-m", "--message"}, paramLabel = "MESSAGE",
            description = "Message to publish; '-' publishes each line of standard input.")
    String message;

    @Option(names = {"-k", "--key"}, paramLabel = "KEY", description = "Record key (chooses the partition).")
    String key;

    @Option(names = {"-H", "--header"}, paramLabel = "NAME=VALUE", description = "Record header; repeatable.")
    Map<String, String> headers;

    @Option(names = "--partition", paramLabel = "N", description = "Publish to this partition.")
    Integer partition;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME",
            description = "Consumer name (a consumer group: it resumes where the name last acknowledged).")
    String name;

    @Option(names = "--from", paramLabel = "WHERE",
            description = "Where a consumer starts: committed (default), earliest, latest, or an offset.")
    String from;

    @Option(names = {"-s", "--server"}, paramLabel = "HOST:PORT", description = "Broker address.")
    String server;

    @Option(names = "--host", paramLabel = "HOST", description = "Broker host (default: $HOST or localhost).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Broker line-protocol port (default: $PORT or 9001).")
    Integer port;

    @Option(names = {"-u", "--user"}, paramLabel = "USER",
            description = "Authenticate as USER (brokers with kafka-clone.auth.enabled; default: $KAFKA_CLONE_USER).")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD",
            description = "Password for --user (default: $KAFKA_CLONE_PASSWORD; prefer the variable: arguments show in ps).")
    String password;

    @Option(names = "--iterations", paramLabel = "N", description = "SCRAM iterations for --hash-user (default 4096, at most 16384).")
    Integer iterations;

    private final InputStream stdin;
    private final OutputStream stdout;
    private final Map<String, String> env;
    private final boolean installShutdownHook;

    KafkaCloneCli(InputStream stdin, OutputStream stdout, Map<String, String> env, boolean installShutdownHook) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.env = env;
        this.installShutdownHook = installShutdownHook;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new KafkaCloneCli(System.in, System.out, System.getenv(), true), System.out, System.err)
                .execute(args));
    }

    /** The picocli command line with UTF-8 output and stderr wired to the given streams (tests pass their own). */
    static CommandLine commandLine(KafkaCloneCli cli, OutputStream out, OutputStream err) {
        return new CommandLine(cli)
                .setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true))
                .setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    }

    @Override
    public Integer call() throws Exception {
        if (mode.hashUser != null) {
            return hashUser();
        }
        validate();
        String authUser = user != null ? user : env.get("KAFKA_CLONE_USER");
        String authPassword = password != null ? password : env.get("KAFKA_CLONE_PASSWORD");
        if (authUser != null && !authUser.isEmpty() && (authPassword == null || authPassword.isEmpty())) {
            throw usage("--user needs --password or KAFKA_CLONE_PASSWORD");
        }
        BrokerAddress address;
        try {
            address = BrokerAddress.resolve(server, host, port, env);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        LineConnection connection;
        try {
            connection = LineConnection.open(address);
        } catch (ConnectException e) {
            err.println("cannot connect to the broker at " + address + ": " + e.getMessage()
                    + " (is it running? set --host/--port, -s or HOST/PORT)");
            return EXIT_FAILURE;
        } catch (UnknownHostException e) {
            err.println("cannot connect to the broker at " + address + ": unknown host " + e.getMessage());
            return EXIT_FAILURE;
        } catch (IOException e) {
            err.println("cannot connect to the broker at " + address + ": " + e);
            return EXIT_FAILURE;
        }
        try (connection) {
            if (authUser != null && !authUser.isEmpty()) {
                authenticate(connection, authUser, authPassword);
            }
            return mode.publish ? publish(connection, err) : consume(connection);
        } catch (BrokerErrorException e) {
            err.println("broker error " + e.code() + ": " + e.getMessage());
            return EXIT_FAILURE;
        } catch (IOException e) {
            err.println("connection to " + address + " failed: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    /** The line protocol's auth op, before anything else on the connection. */
    private static void authenticate(LineConnection connection, String user, String password) throws IOException, BrokerErrorException {
        connection.send(LineConnection.request("auth").put("user", user).put("password", password));
        connection.flush();
        com.fasterxml.jackson.databind.JsonNode reply = connection.receive();
        if (reply == null) {
            throw new IOException("the broker closed the connection during authentication");
        }
        LineConnection.requireOk(reply);
    }

    private int hashUser() throws IOException {
        String u = mode.hashUser;
        if (u.isBlank() || u.chars().anyMatch(Character::isWhitespace) || u.equals("ANONYMOUS")) {
            throw usage("--hash-user needs a user name without blanks (and not ANONYMOUS)");
        }
        int n = iterations == null ? ScramCredentialLines.DEFAULT_ITERATIONS : iterations;
        if (n < 4096 || n > 16384) {
            throw usage("--iterations must be between 4096 and 16384 (the SCRAM mechanisms' limits)");
        }
        String secret = password != null ? password : env.get("KAFKA_CLONE_PASSWORD");
        if (secret == null) {
            secret = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
        }
        if (secret == null || secret.isEmpty()) {
            throw usage("--hash-user needs a password: --password, KAFKA_CLONE_PASSWORD or one line on stdin");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(ScramCredentialLines.lines(u, secret, n));
        out.flush();
        return EXIT_OK;
    }

    private int publish(LineConnection connection, PrintWriter err) throws Exception {
        Publisher publisher = new Publisher(connection, new PublishRequest(topic, key, headers, partition),
                spec.commandLine().getOut(), err);
        if (!"-".equals(message)) {
            publisher.publishOne(message);
            return EXIT_OK;
        }
        BufferedReader lines = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        long refused = publisher.publishLines(lines);
        return refused == 0 ? EXIT_OK : EXIT_FAILURE;
    }

    private int consume(LineConnection connection) throws Exception {
        if (installShutdownHook) {
            // Ctrl-C: close the socket so the blocked read ends, without a stack trace
            Runtime.getRuntime().addShutdownHook(new Thread(connection::close, "kafka-clone-cli-close"));
        }
        new ConsumerLoop(connection, stdout).run(topic, name, from);
        return EXIT_OK;
    }

    /** Rules picocli's annotations cannot express; a violation is a usage error (exit 2). */
    private void validate() {
        if (topic == null || topic.isBlank()) {
            throw usage("Missing required option: '--topic=TOPIC'");
        }
        if (mode.publish) {
            if (message == null) {
                throw usage("Missing required option for publish: '--message=MESSAGE' (or '-m -' for stdin)");
            }
            rejectIfSet(name != null, "--name", "consume");
            rejectIfSet(from != null, "--from", "consume");
        } else {
            if (name == null || name.isBlank()) {
                throw usage("Missing required option for consume: '--name=NAME'");
            }
            rejectIfSet(message != null, "--message", "publish");
            rejectIfSet(key != null, "--key", "publish");
            rejectIfSet(headers != null, "--header", "publish");
            rejectIfSet(partition != null, "--partition", "publish");
        }
    }

    private void rejectIfSet(boolean set, String option, String onlyFor) {
        if (set) {
            throw usage(option + " is only valid with --" + onlyFor);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
