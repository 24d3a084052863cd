package org.novasim.messaging;

/** The client was asked to send a version above its cap (oslo.messaging's {@code RPCVersionCapError}). */
public class RpcVersionCapError extends MessagingException {

    public RpcVersionCapError(String version, String versionCap) {
        super("Requested message version, " + version + " is incompatible.  It needs to be equal in major version"
                + " and less than or equal in minor version as the specified version cap " + versionCap + ".");
    }
}
