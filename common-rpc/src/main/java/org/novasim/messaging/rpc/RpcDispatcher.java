package org.novasim.messaging.rpc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.aop.support.AopUtils;

import org.novasim.messaging.wire.OsloJson;
import org.novasim.messaging.wire.RemoteFailure;
import org.novasim.messaging.wire.RpcRequest;
import org.novasim.messaging.wire.Versions;

import tools.jackson.databind.JsonNode;

/**
 * oslo.messaging's {@code RPCDispatcher}: finds the endpoint whose namespace matches the request and whose version
 * is compatible, and calls the method. A compatible endpoint without the method gives {@code NoSuchMethod}; no
 * compatible endpoint gives {@code UnsupportedVersion}, as the Python dispatcher answers.
 */
public final class RpcDispatcher {

    private record Endpoint(String namespace, String version, Map<String, EndpointMethod> methods) {
    }

    /** What a request came to: a result, or the failure to send back. */
    public record Outcome(JsonNode result, RemoteFailure failure, Throwable error) {
    }

    private final List<Endpoint> endpoints;

    public RpcDispatcher(List<?> beans) {
        List<Endpoint> list = new ArrayList<>();
        for (Object bean : beans) {
            Class<?> type = AopUtils.getTargetClass(bean);
            RpcEndpoint annotation = type.getAnnotation(RpcEndpoint.class);
            String namespace = annotation == null || annotation.namespace().isEmpty() ? null : annotation.namespace();
            String version = annotation == null ? "1.0" : annotation.version();
            list.add(new Endpoint(namespace, version, methods(bean, type)));
        }
        this.endpoints = List.copyOf(list);
    }

    private static Map<String, EndpointMethod> methods(Object bean, Class<?> type) {
        Map<String, EndpointMethod> methods = new HashMap<>();
        for (Method m : type.getMethods()) {
            if (m.getDeclaringClass() == Object.class || Modifier.isStatic(m.getModifiers()) || m.isSynthetic()
                    || m.isBridge()) {
                continue;
            }
            RpcMethod named = m.getAnnotation(RpcMethod.class);
            String name = named != null ? named.value() : OsloJson.snakeCase(m.getName());
            EndpointMethod previous = methods.put(name, new EndpointMethod(name, bean, m));
            if (previous != null) {
                throw new IllegalStateException(type.getName() + " has two methods answering '" + name
                        + "'; RPC methods cannot be overloaded");
            }
        }
        return methods;
    }

    public Outcome dispatch(RpcRequest request) {
        try {
            Object result = find(request).invoke(request.context(), request.args());
            return new Outcome(OsloJson.toTree(result), null, null);
        } catch (DispatchFailure e) {
            return new Outcome(null, e.failure(), e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Outcome(null, RemoteFailure.of(cause), cause);
        }
    }

    private EndpointMethod find(RpcRequest request) throws DispatchFailure {
        if (request.method().startsWith("_")) {
            throw DispatchFailure.noSuchMethod(request.method());
        }
        boolean compatibleFound = false;
        for (Endpoint endpoint : endpoints) {
            if (!Objects.equals(endpoint.namespace(), request.namespace()) || request.version() == null) {
                continue;
            }
            boolean compatible;
            try {
                compatible = Versions.isCompatible(endpoint.version(), request.version());
            } catch (IllegalArgumentException e) {
                throw DispatchFailure.unsupportedVersion(request.version(), request.method());
            }
            if (compatible) {
                EndpointMethod method = endpoint.methods().get(request.method());
                if (method != null) {
                    return method;
                }
                compatibleFound = true;
            }
        }
        throw compatibleFound ? DispatchFailure.noSuchMethod(request.method())
                : DispatchFailure.unsupportedVersion(request.version(), request.method());
    }
}
