package org.novasim.messaging.rpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

import org.novasim.messaging.Target;
import org.novasim.messaging.config.RpcProperties;

/**
 * Starts one RPC server per topic for the {@link RpcEndpoint} beans of the application, on {@code nova.rpc.host},
 * once everything else has started; stops them first on shutdown so no request arrives at a closing context.
 */
public final class RpcEndpointServers implements SmartLifecycle {

    private final ApplicationContext context;
    private final RpcServerFactory factory;
    private final RpcProperties properties;
    private final List<RpcServer> started = new ArrayList<>();

    public RpcEndpointServers(ApplicationContext context, RpcServerFactory factory, RpcProperties properties) {
        this.context = context;
        this.factory = factory;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        Map<String, List<Object>> byTopic = new LinkedHashMap<>();
        for (Object bean : context.getBeansWithAnnotation(RpcEndpoint.class).values()) {
            RpcEndpoint endpoint = AopUtils.getTargetClass(bean).getAnnotation(RpcEndpoint.class);
            if (endpoint != null) {
                byTopic.computeIfAbsent(context.getEnvironment().resolveRequiredPlaceholders(endpoint.topic()),
                        t -> new ArrayList<>()).add(bean);
            }
        }
        byTopic.forEach((topic, endpoints) ->
                started.add(factory.start(Target.topic(topic).withServer(properties.host()), endpoints)));
    }

    @Override
    public synchronized void stop() {
        started.forEach(factory::stop);
        started.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return !started.isEmpty();
    }

    /** Late start, early stop: after the web server starts, before anything the servers need stops. */
    static final int PHASE = Integer.MAX_VALUE - 1000;

    @Override
    public int getPhase() {
        return PHASE;
    }
}
