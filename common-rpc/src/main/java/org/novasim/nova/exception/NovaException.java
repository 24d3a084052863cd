package org.novasim.nova.exception;

import java.util.Map;

import org.novasim.messaging.RemoteExceptionIdentity;

/**
 * Base of Nova's exceptions as they cross RPC: they travel as {@code nova.exception.<Name>}, with an HTTP-like code
 * in their kwargs, as Nova's {@code NovaException} does.
 */
public abstract class NovaException extends RuntimeException implements RemoteExceptionIdentity {

    public static final String MODULE = "nova.exception";

    private final int code;
    private final Map<String, Object> kwargs;

    protected NovaException(String message, int code) {
        this(message, code, Map.of());
    }

    /** @param kwargs the exception's format arguments, which Nova sends beside the code */
    protected NovaException(String message, int code, Map<String, Object> kwargs) {
        super(message);
        this.code = code;
        Map<String, Object> all = new java.util.LinkedHashMap<>(kwargs);
        all.put("code", code);
        this.kwargs = java.util.Collections.unmodifiableMap(all);
    }

    public int code() {
        return code;
    }

    @Override
    public String remoteClass() {
        return getClass().getSimpleName();
    }

    @Override
    public String remoteModule() {
        return MODULE;
    }

    @Override
    public Map<String, Object> remoteKwargs() {
        return kwargs;
    }
}
