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
            ""},
        footer = {"", "Environment: HOST and PORT set the broker address when --host/--port/-s are not given "
                + "(default localhost:9001).",
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
        validate();
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
            return mode.publish ? publish(connection, err) : consume(connection);
        } catch (BrokerErrorException e) {
            err.println("broker error " + e.code() + ": " + e.getMessage());
            return EXIT_FAILURE;
        } catch (IOException e) {
            err.println("connection to " + address + " failed: " + e.getMessage());
            return EXIT_FAILURE;
        }
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
