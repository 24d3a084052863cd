package org.novasim.messaging.rpc;

import org.novasim.messaging.objects.ObjectBindingError;
import org.novasim.messaging.wire.RemoteFailure;

/** A request the dispatcher could not hand to an endpoint, described as oslo.messaging describes it to the caller. */
final class DispatchFailure extends Exception {

    private final transient RemoteFailure failure;
    private final String reason;

    private DispatchFailure(RemoteFailure failure, String reason) {
        super(failure.className() + ": " + failure.message(), null, false, false);
        this.failure = failure;
        this.reason = reason;
    }

    /** Why no endpoint could take the message, as the dead-letter queue's reason header says it. */
    String reason() {
        return reason;
    }

    RemoteFailure failure() {
        return failure;
    }

    private static final String DISPATCHER_MODULE = "oslo_messaging.rpc.dispatcher";

    static DispatchFailure noSuchMethod(String method) {
        return new DispatchFailure(RemoteFailure.of("NoSuchMethod", DISPATCHER_MODULE,
                "Endpoint does not support RPC method " + method), "no_such_method");
    }

    static DispatchFailure unsupportedVersion(String version, String method) {
        return new DispatchFailure(RemoteFailure.of("UnsupportedVersion", DISPATCHER_MODULE,
                "Endpoint does not support RPC version " + (version == null ? "None" : version)
                        + ". Attempted method: " + method), "unsupported_version");
    }

    /**
     * An argument that is a versioned object that cannot be bound (unknown class, version this side cannot read, a
     * field of the wrong type or missing): refused before the endpoint runs, with the error oslo would raise.
     */
    static DispatchFailure badObject(String method, String arg, ObjectBindingError e) {
        return new DispatchFailure(RemoteFailure.of(e.pythonClass(), e.pythonModule(),
                method + "() argument '" + arg + "': " + e.getMessage()), "bad_object");
    }

    /** Bad arguments: Python raises {@code TypeError} when keyword arguments do not fit the method. */
    static DispatchFailure typeError(String message) {
        return new DispatchFailure(RemoteFailure.of("TypeError", "builtins", message), "bad_args");
    }
}
