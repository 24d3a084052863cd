package org.novasim.api.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/** Nova's {@code generate_hostid}: a host's name hidden from a project, sha224 of project id and host. */
public final class HostId {

    private HostId() {
    }

    /** The hex digest, "" without a host. */
    public static String of(@Nullable String projectId, @Nullable String host) {
        if (host == null || host.isEmpty()) {
            return "";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-224").digest(((projectId == null ? "" : projectId) + host)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
