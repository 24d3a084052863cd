package org.novasim.api.web;

/**
 * An error the API answers in Nova's format, {@code {"<name>": {"code": <status>, "message": "..."}}}, the name
 * following the status as in Nova's {@code wsgi.Fault}.
 */
public class NovaApiException extends RuntimeException {

    private final int status;

    public NovaApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static NovaApiException badRequest(String message) {
        return new NovaApiException(400, message);
    }

    public static NovaApiException unauthorized(String message) {
        return new NovaApiException(401, message);
    }

    public static NovaApiException forbidden(String message) {
        return new NovaApiException(403, message);
    }

    public static NovaApiException notFound(String message) {
        return new NovaApiException(404, message);
    }

    public static NovaApiException conflict(String message) {
        return new NovaApiException(409, message);
    }

    /** Nova's name of the error body for a status. */
    public static String faultName(int status) {
        return switch (status) {
            case 400 -> "badRequest";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "itemNotFound";
            case 405 -> "badMethod";
            case 406 -> "notAcceptable";
            case 409 -> "conflictingRequest";
            case 413, 429 -> "overLimit";
            case 415 -> "badMediaType";
            case 501 -> "notImplemented";
            case 503 -> "serviceUnavailable";
            default -> "computeFault";
        };
    }
}
