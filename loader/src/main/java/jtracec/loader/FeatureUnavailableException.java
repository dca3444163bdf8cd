package jtracec.loader;

import jtracec.spec.kernel.KernelFeature;

/** The running kernel lacks what an attach point or helper needs, e.g. kprobes on a kernel built without CONFIG_KPROBES. */
public final class FeatureUnavailableException extends LoaderException {
    private final KernelFeature feature;
    private final String help;

    public FeatureUnavailableException(KernelFeature feature, String message, String help) {
        super(message, null);
        this.feature = feature;
        this.help = help;
    }

    public KernelFeature feature() {
        return feature;
    }

    @Override
    public String help() {
        return help;
    }
}
