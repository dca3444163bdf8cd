package jtracec.loader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jtracec.loader.sys.Signals;

/**
 * The one process a session traces, as bpftrace's {@code -p PID} (ProcMon) and {@code -c CMD}
 * (ChildProc): uprobes attach to it alone, and the session ends when it exits. A command is
 * started stopped, so its first instructions run only after every probe is attached.
 */
public sealed interface TracedProcess {
    int pid();

    boolean isAlive();

    /** Lets the process run once the probes are attached (a no-op for a process already running). */
    void resume();

    /** Ends a command the session started when tracing stops first, as bpftrace terminates its child. */
    void release();

    /** A running process named by {@code -p}. */
    record Existing(int pid) implements TracedProcess {
        /** Fails with {@link AttachTargetNotFoundException} when no such process exists, as bpftrace's "No such process". */
        public Existing {
            if (pid <= 0 || !Files.isDirectory(Path.of("/proc", Integer.toString(pid)))) {
                throw new AttachTargetNotFoundException("No such process: " + pid, "give the id of a running process (see ps)");
            }
        }

        @Override
        public boolean isAlive() {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !isZombie(pid);
        }

        @Override
        public void resume() {}

        @Override
        public void release() {}
    }

    /** A command started by {@code -c}, stopped until {@link #resume()}. */
    record Child(Process process) implements TracedProcess {
        /**
         * Starts {@code command} split on spaces (bpftrace does not use a shell), inheriting this
         * process's standard streams and environment. A small shell wrapper takes the command's name
         * (its comm, as exec will set it), stops itself, and once resumed execs the command in place:
         * the pid uprobes attach to is the command's own, and every event after attaching, its exec
         * included, shows the command's pid and comm.
         */
        public static Child start(String command) {
            List<String> words = List.of(command.trim().split(" +"));
            if (command.isBlank()) throw new AttachTargetNotFoundException("-c needs a command", "e.g. -c '/bin/ls -l'");
            var argv = new ArrayList<>(List.of("/bin/sh", "-c", WRAPPER, commOf(words.get(0))));
            argv.addAll(words);
            try {
                var process = new ProcessBuilder(argv).inheritIO().start();
                awaitStopped(process);
                return new Child(process);
            } catch (IOException e) {
                throw new AttachTargetNotFoundException("cannot run %s: %s".formatted(words.get(0), e.getMessage()), "check the command given to -c");
            }
        }

        /** Names itself ($0, written to /proc/self/comm: the task's comm), stops, then becomes the command. */
        private static final String WRAPPER = "printf '%s' \"$0\" > /proc/$$/comm; kill -STOP $$; exec \"$@\"";

        /** The comm execve gives a program: the last component of its path, cut to 15 bytes (TASK_COMM_LEN - 1). */
        static String commOf(String program) {
            String name = program.substring(program.lastIndexOf('/') + 1);
            byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return bytes.length <= 15 ? name : new String(bytes, 0, 15, java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public int pid() {
            return Math.toIntExact(process.pid());
        }

        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public void resume() {
            Signals.send(process.pid(), Signals.SIGCONT);
        }

        @Override
        public void release() {
            if (!process.isAlive()) return;
            // a child stopped or still running when tracing ends is ended, as bpftrace's ChildProc::terminate
            Signals.send(process.pid(), Signals.SIGCONT);
            process.destroy();
            try {
                if (!process.waitFor(1, TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }

        /** The exit code, once it has exited. */
        public int exitCode() {
            return process.exitValue();
        }

        private static void awaitStopped(Process process) throws IOException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) throw new IOException("it exited before it could be traced");
                if (state(Math.toIntExact(process.pid())) == 'T') return;
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            process.destroyForcibly();
            throw new IOException("it did not stop before exec");
        }
    }

    private static boolean isZombie(int pid) {
        return state(pid) == 'Z';
    }

    /** The state letter of /proc/PID/stat ("R", "S", "T", "Z"...), or 'X' when the process is gone. */
    private static char state(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException | IndexOutOfBoundsException e) {
            return 'X';
        }
    }
}
