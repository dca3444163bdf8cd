package jtracec.loader;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jtracec.loader.sys.FileDescriptor;
import jtracec.loader.sys.SystemCallException;
import jtracec.loader.target.LiveTarget;
import jtracec.spec.object.BpfObject;
import jtracec.spec.object.BpfProgram;

/**
 * The differential tests' door to the kernel's verifier for objects ours has not proved (mutants):
 * the maps of one object are created once with {@link Loader#createMaps}, then each program is
 * relocated and loaded by {@link Loader#loadProgram} exactly as a real load does, and its fd is
 * closed at once. It lives in the loader's package so the loader keeps no public way to load
 * unverified bytecode. Close it to release the maps.
 */
public final class KernelVerdicts implements AutoCloseable {
    /** Why the kernel refused: errno and the verifier log (empty when the refusal came without one). */
    public record Rejection(int errno, String log) {
        public String lastLogLine() {
            var lines = log.strip().lines().toList();
            return lines.isEmpty() ? SystemCallException.describe(errno) : lines.get(lines.size() - 1);
        }
    }

    private final Loader loader;
    private final List<FileDescriptor> maps;

    private KernelVerdicts(Loader loader, List<FileDescriptor> maps) {
        this.loader = loader;
        this.maps = maps;
    }

    /** Creates {@code object}'s maps, or says why the kernel refused one (a map the kernel refuses makes every program unloadable). */
    public static Result open(LiveTarget target, BpfObject object) {
        var loader = new Loader(target);
        var maps = new ArrayList<FileDescriptor>();
        try {
            loader.createMaps(object, maps);
            return new Result.Opened(new KernelVerdicts(loader, maps));
        } catch (SystemCallException e) {
            maps.forEach(FileDescriptor::close);
            return new Result.MapRefused(new Rejection(e.errno(), e.getMessage()));
        }
    }

    /** Maps ready, or the refusal of one of them. */
    public sealed interface Result {
        record Opened(KernelVerdicts verdicts) implements Result {}
        record MapRefused(Rejection rejection) implements Result {}
    }

    /** Loads {@code program} against this object's maps and unloads it at once: empty when the kernel accepts it. */
    public Optional<Rejection> load(BpfProgram program) {
        try (FileDescriptor loaded = loader.loadProgram(program, maps)) {
            return Optional.empty();
        } catch (ProgramRejectedException e) {
            return Optional.of(new Rejection(e.errno(), e.verifierLog()));
        } catch (PermissionDeniedException e) {
            return Optional.of(new Rejection(SystemCallException.EPERM, e.getMessage()));
        } catch (SystemCallException e) {
            // errnos the loader does not retry with a log (ENOTSUPP, EFAULT, ...): still a refusal
            return Optional.of(new Rejection(e.errno(), e.getMessage()));
        }
    }

    @Override
    public void close() {
        maps.forEach(FileDescriptor::close);
    }
}
