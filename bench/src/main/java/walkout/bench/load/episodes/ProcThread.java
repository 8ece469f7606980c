package walkout.bench.load.episodes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The calling thread as Linux sees it, under {@code /proc}. */
public final class ProcThread {
    private ProcThread() {
    }

    /** {@code /proc/<pid>/task/<tid>} of the calling thread: its name is the thread id. */
    public static Path taskDir() throws IOException {
        return Path.of("/proc").resolve(Files.readSymbolicLink(Path.of("/proc/thread-self")));
    }
}
