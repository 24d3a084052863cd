package org.novasim.messaging;

import java.util.List;
import java.util.Map;

/**
 * An exception raised by the remote endpoint, rebuilt on the caller's side from oslo.messaging's
 * failure reply. Keeps the remote class and module names so callers can tell errors apart.
 */
public class RemoteError extends MessagingException {

    private final String excType;
    private final String module;
    private final String value;
    private final List<String> traceback;
    private final List<Object> args;
    private final Map<String, Object> kwargs;

    public RemoteError(String excType, String module, String value, List<String> traceback,
                       List<Object> args, Map<String, Object> kwargs) {
        super("Remote error: " + excType + " " + value);
        this.excType = excType;
        this.module = module;
        this.value = value;
        this.traceback = List.copyOf(traceback);
        this.args = args;
        this.kwargs = kwargs;
    }

    /** The remote exception's class name, e.g. {@code ValueError} or {@code NoValidHost}. */
    public String excType() {
        return excType;
    }

    /** The remote exception's module, e.g. {@code builtins} or {@code nova.exception}. */
    public String module() {
        return module;
    }

    /** The remote exception's message. */
    public String value() {
        return value;
    }

    public List<String> traceback() {
        return traceback;
    }

    public List<Object> args() {
        return args;
    }

    public Map<String, Object> kwargs() {
        return kwargs;
    }
}
