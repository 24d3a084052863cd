package org.novasim.nova.auth;

/**
 * A token as Nova's {@code noauth2} middleware reads {@code X-Auth-Token}: {@code user:project}, or a bare
 * {@code user} that is also the project; the user {@code admin} is an administrator.
 */
public record NoAuthToken(String user, String project) {

    public static final String HEADER = "X-Auth-Token";
    private static final String ADMIN = "admin";

    /** The token of a header's value, or null if there is none. */
    public static NoAuthToken parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String token = header.trim();
        int colon = token.indexOf(':');
        return colon < 0 ? new NoAuthToken(token, token)
                : new NoAuthToken(token.substring(0, colon), token.substring(colon + 1));
    }

    public boolean isAdmin() {
        return ADMIN.equals(user);
    }
}
