package jtracec.loader.target;

import java.io.IOException;

/** A file given as a target snapshot is not one (or is of a format this jtracec cannot read). */
public final class SnapshotFormatException extends IOException {
    public SnapshotFormatException(String message) {
        super(message);
    }
}
