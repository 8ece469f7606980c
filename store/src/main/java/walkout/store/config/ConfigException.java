package walkout.store.config;

/** Invalid configuration: the message names the file, the line or field, and why. The store exits non-zero. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
