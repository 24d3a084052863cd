package org.novasim.api.web;

import jakarta.servlet.http.HttpServletRequest;

import org.novasim.messaging.RequestContext;

/** What the filter worked out for a request: who asks, under which request id, at which microversion. */
public record ApiRequest(RequestContext context, Microversion microversion) {

    private static final String ATTRIBUTE = ApiRequest.class.getName();

    public static ApiRequest of(HttpServletRequest request) {
        ApiRequest api = (ApiRequest) request.getAttribute(ATTRIBUTE);
        if (api == null) {
            throw new IllegalStateException("no API request context: the path is not behind the auth filter");
        }
        return api;
    }

    void attach(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    public boolean isAdmin() {
        return context.isAdmin();
    }

    public String projectId() {
        return context.projectId();
    }
}
