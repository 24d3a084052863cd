package org.novasim.messaging.rpc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.novasim.messaging.RemoteExceptionIdentity;
import org.novasim.messaging.RequestContext;

/** A test endpoint: arithmetic, records, context, failures, casts it remembers. */
@RpcEndpoint(topic = "novasim_test_calculator", version = "1.3")
public class Calculator {

    public record Sum(int total, List<Integer> addends, String requestedBy) {
    }

    public record Cast(String server, String value, String requestId) {
    }

    public static class NotFound extends RuntimeException implements RemoteExceptionIdentity {
        private final String id;

        public NotFound(String id) {
            super("Instance " + id + " could not be found.");
            this.id = id;
        }

        @Override
        public String remoteClass() {
            return "InstanceNotFound";
        }

        @Override
        public String remoteModule() {
            return "nova.exception";
        }

        @Override
        public Map<String, Object> remoteKwargs() {
            return Map.of("instance_id", id, "code", 404);
        }
    }

    private final String server;
    final BlockingQueue<Cast> casts = new LinkedBlockingQueue<>();
    final BlockingQueue<String> mdcRequestIds = new LinkedBlockingQueue<>();

    public Calculator(String server) {
        this.server = server;
    }

    public Sum addAll(RequestContext context, List<Integer> addends, @Nullable Integer start) {
        mdcRequestIds.add(String.valueOf(MDC.get("request_id")));
        int total = (start == null ? 0 : start) + addends.stream().mapToInt(Integer::intValue).sum();
        return new Sum(total, addends, context.userId());
    }

    public String whoAmI() {
        return server;
    }

    public Map<String, Object> context(RequestContext context) {
        return Map.of("request_id", context.requestId(), "user_id", context.userId(),
                "project_id", context.projectId(), "roles", context.roles(), "is_admin", context.isAdmin());
    }

    public void remember(RequestContext context, String value) {
        casts.add(new Cast(server, value, context.requestId()));
    }

    public int slow(int millis) throws InterruptedException {
        Thread.sleep(millis);
        return millis;
    }

    public void fail(String message) {
        throw new IllegalStateException(message);
    }

    public void findInstance(String instanceId) {
        throw new NotFound(instanceId);
    }
}
