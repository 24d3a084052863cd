package org.novasim.messaging.objects;

import java.util.Map;

import org.novasim.messaging.RemoteExceptionIdentity;

/**
 * A versioned object primitive that cannot become the object a method takes, named as oslo.versionedobjects or
 * Python name the same failure, so that a caller reads the same error from NovaSim as from an oslo service.
 */
public final class ObjectBindingError extends RuntimeException implements RemoteExceptionIdentity {

    private static final String OVO_EXCEPTIONS = "oslo_versionedobjects.exception";

    private final String pythonClass;
    private final String pythonModule;
    private final Map<String, Object> kwargs;

    private ObjectBindingError(String pythonClass, String pythonModule, String message, Map<String, Object> kwargs) {
        super(message, null, false, false);
        this.pythonClass = pythonClass;
        this.pythonModule = pythonModule;
        this.kwargs = kwargs;
    }

    @Override
    public String remoteClass() {
        return pythonClass;
    }

    @Override
    public String remoteModule() {
        return pythonModule;
    }

    /** oslo.versionedobjects' exceptions carry their format arguments and code 500, as Nova's do. */
    @Override
    public Map<String, Object> remoteKwargs() {
        return kwargs;
    }

    public String pythonClass() {
        return pythonClass;
    }

    public String pythonModule() {
        return pythonModule;
    }

    /** No class of that name (or of another project's namespace) is known here. */
    public static ObjectBindingError unsupportedObject(String objtype) {
        return new ObjectBindingError("UnsupportedObjectError", OVO_EXCEPTIONS, "Unsupported object type " + objtype,
                Map.of("objtype", objtype, "code", 500));
    }

    /** A version this side cannot read: a newer minor, or another major. */
    public static ObjectBindingError incompatibleVersion(String objname, String objver, String supported) {
        return new ObjectBindingError("IncompatibleObjectVersion", OVO_EXCEPTIONS, "Version " + objver + " of "
                + objname + " is not supported, supported version is " + supported,
                Map.of("objname", objname, "objver", objver, "supported", supported, "code", 500));
    }

    /** A field's value does not fit its type, or a field the receiver needs is missing. */
    public static ObjectBindingError valueError(String message) {
        return new ObjectBindingError("ValueError", "builtins", message, Map.of());
    }
}
