/**
 * The Nova layer: what the NovaSim services share on top of the generic messaging layer. One typed client per
 * service, as Nova's {@code rpcapi.py} modules ({@code NetworkRpcApi}, ...), the objects they exchange, and Nova's
 * exceptions as they travel between services. A service reaches another only through that service's client.
 */
package org.novasim.nova;
