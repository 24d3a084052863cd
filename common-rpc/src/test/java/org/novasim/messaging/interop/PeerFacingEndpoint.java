package org.novasim.messaging.interop;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.jspecify.annotations.Nullable;

import org.novasim.messaging.RemoteExceptionIdentity;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.rpc.RpcEndpoint;

/** The Java endpoint the Python client calls. */
@RpcEndpoint(topic = "novasim_test_peer_facing", version = "1.3")
public class PeerFacingEndpoint {

    /** Reaches Python callers as a real {@code ValueError}. */
    static class ValueError extends RuntimeException implements RemoteExceptionIdentity {
        ValueError(String message) {
            super(message);
        }

        @Override
        public String remoteClass() {
            return "ValueError";
        }

        @Override
        public String remoteModule() {
            return "builtins";
        }
    }

    final BlockingQueue<String> remembered = new LinkedBlockingQueue<>();
    private final String server;

    PeerFacingEndpoint(String server) {
        this.server = server;
    }

    public Map<String, Object> echo(RequestContext context, @Nullable String text, @Nullable Integer count) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("text", text);
        result.put("count", count);
        result.put("server", server);
        result.put("request_id", context.requestId());
        result.put("user_id", context.userId());
        return result;
    }

    public void remember(RequestContext context, String value) {
        remembered.add(value + "@" + context.requestId());
    }

    public void boom(String message) {
        throw new ValueError(message);
    }

    public void failJava(String message) {
        throw new IllegalStateException(message);
    }
}
