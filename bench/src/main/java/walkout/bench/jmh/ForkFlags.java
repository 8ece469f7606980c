package walkout.bench.jmh;

/**
 * The JVM flags Chronicle Queue and Agrona need on Java 17, for {@code @Fork(jvmArgsAppend = ...)}: forked JVMs do not
 * inherit the launcher's flags. A copy of the parent POM's {@code walkout.jvm.flags} (annotations take constants
 * only); {@code bench/run} also passes that property's value with {@code -jvmArgsAppend}, which wins.
 */
final class ForkFlags {
    static final String REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    static final String NIO = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    static final String REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    static final String MISC = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    static final String NO_ANALYTICS = "-Dchronicle.analytics.disable=true";
    static final String NO_ANNOUNCER = "-Dchronicle.announcer.disable=true";

    private ForkFlags() {
    }
}
