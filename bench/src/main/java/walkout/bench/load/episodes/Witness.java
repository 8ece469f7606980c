package walkout.bench.load.episodes;

/**
 * Something that saw the machine held up, independently of the appending thread: asked about a span of
 * {@link System#nanoTime()}, it says how bad the worst hold-up it saw there was.
 */
public interface Witness extends AutoCloseable {
    /** Short name for the report ("idle thread late"). */
    String name();

    /** Starts watching; call once. */
    void start();

    /** The worst hold-up seen overlapping {@code [fromNs, toNs]}, in ns; 0 when none. */
    long worstIn(long fromNs, long toNs);

    /** One line about what this witness saw over the whole recording, or an empty string. */
    default String summary() {
        return "";
    }

    @Override
    void close();
}
