package jtracec.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code jtracec --version}: our version and the bpftrace language level we follow. */
final class Version implements IVersionProvider {
    static final String NUMBER = "0.1.0";

    @Override
    public String[] getVersion() {
        return new String[] {"jtracec v" + NUMBER + " (bpftrace v0.17 language)"};
    }
}
