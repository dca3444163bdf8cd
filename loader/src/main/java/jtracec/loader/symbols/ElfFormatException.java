package jtracec.loader.symbols;

import java.io.IOException;

/** The file is not an ELF object this reader understands. */
public final class ElfFormatException extends IOException {
    public ElfFormatException(String message) {
        super(message);
    }
}
