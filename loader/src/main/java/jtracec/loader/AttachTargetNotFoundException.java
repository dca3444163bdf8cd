package jtracec.loader;

/** A probe names something that is not there: a missing tracepoint, binary or symbol. */
public final class AttachTargetNotFoundException extends LoaderException {
    private final String help;

    public AttachTargetNotFoundException(String message, String help) {
        super(message, null);
        this.help = help;
    }

    @Override
    public String help() {
        return help;
    }
}
