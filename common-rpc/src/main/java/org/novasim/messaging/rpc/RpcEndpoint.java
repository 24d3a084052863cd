package org.novasim.messaging.rpc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose public methods answer RPC requests, like an oslo.messaging endpoint object: the application's
 * beans with it are served on their topic at start-up; other instances may be served with {@link RpcServerFactory}
 * (one per simulated host, say). Each method is
 * reached by its name in snake case ({@code buildAndRunInstance} answers {@code build_and_run_instance}, unless
 * {@link RpcMethod} names it), its parameters bound by name from the request's {@code args}; a parameter of type
 * {@link org.novasim.messaging.RequestContext} receives the caller's context.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RpcEndpoint {

    /** The topic the endpoint's server listens on, e.g. {@code conductor}; placeholders such as {@code ${...}} resolve. */
    String topic();

    /** The namespace the endpoint answers; empty for none (oslo's {@code Target(namespace=None)}). */
    String namespace() default "";

    /** The version the endpoint implements; requests are dispatched if compatible. */
    String version() default "1.0";
}
