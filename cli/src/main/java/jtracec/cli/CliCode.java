package jtracec.cli;

import jtracec.spec.diag.Code;

/** Diagnostics the command line itself produces, about running a verified program on a kernel. */
enum CliCode implements Code {
    /** The program is proven safe, but the target kernel lacks what it needs to attach. */
    CANNOT_ATTACH_HERE("E0901"),
    /** The kernel refused to attach or load a program jtracec proved safe. */
    KERNEL_REFUSED("E0902");

    private final String id;

    CliCode(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
