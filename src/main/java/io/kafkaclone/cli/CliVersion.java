package io.kafkaclone.cli;

import picocli.CommandLine.IVersionProvider;

/** The version written into the CLI jar's manifest by the build. */
final class CliVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = KafkaCloneCli.class.getPackage().getImplementationVersion();
        return new String[] {"kafka-clone-cli " + (version == null ? "(development build)" : version)};
    }
}
