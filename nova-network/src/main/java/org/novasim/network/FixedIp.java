package org.novasim.network;

/** One address of a network's pool and, when taken, the instance and VIF that hold it. */
record FixedIp(String address, String networkLabel, String instanceId, String vifId, String macAddress,
               String projectId) {
}
