package org.novasim.api.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import org.novasim.messaging.MessagingException;

/** Every error in Nova's format; bad input is a 4xx, never a 500. */
@RestControllerAdvice
public class NovaErrors {

    private static final Logger log = LoggerFactory.getLogger(NovaErrors.class);

    public static Map<String, Object> body(int status, String message) {
        Map<String, Object> fault = new LinkedHashMap<>();
        fault.put("code", status);
        fault.put("message", message);
        return Map.of(NovaApiException.faultName(status), fault);
    }

    private static ResponseEntity<Map<String, Object>> answer(int status, String message) {
        return ResponseEntity.status(status).body(body(status, message));
    }

    @ExceptionHandler(NovaApiException.class)
    ResponseEntity<Map<String, Object>> nova(NovaApiException e) {
        return answer(e.status(), e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return answer(400, "Malformed request body");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return answer(415, "Unsupported Content-Type");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e) {
        return answer(405, "The method " + e.getMethod() + " is not allowed for this resource.");
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    ResponseEntity<Map<String, Object>> parameter(Exception e) {
        return answer(400, "Invalid input: " + e.getMessage());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Map<String, Object>> noRoute(NoResourceFoundException e) {
        return answer(404, "The resource could not be found.");
    }

    /** The broker refused or could not take a cast: the request did not happen. */
    @ExceptionHandler(MessagingException.class)
    ResponseEntity<Map<String, Object>> messaging(MessagingException e) {
        log.error("messaging failed: {}", e.getMessage());
        return answer(503, "The compute service is unavailable: " + e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e) {
        log.error("unexpected API error", e);
        return answer(500, "Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the"
                + " Nova API log if possible.\n" + e.getClass().getName());
    }
}
