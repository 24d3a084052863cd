package org.novasim.conductor.objects;

import org.novasim.messaging.RemoteExceptionIdentity;

/**
 * A method the object class does not have: in Nova's conductor the {@code getattr} fails, and the caller gets
 * Python's {@code AttributeError} with its words.
 */
final class NoSuchObjectMethod extends RuntimeException implements RemoteExceptionIdentity {

    private NoSuchObjectMethod(String message) {
        super(message, null, false, false);
    }

    static NoSuchObjectMethod onClass(String objname, String method) {
        return new NoSuchObjectMethod("type object '" + objname + "' has no attribute '" + method + "'");
    }

    static NoSuchObjectMethod onObject(String objname, String method) {
        return new NoSuchObjectMethod("'" + objname + "' object has no attribute '" + method + "'");
    }

    @Override
    public String remoteClass() {
        return "AttributeError";
    }

    @Override
    public String remoteModule() {
        return "builtins";
    }
}
