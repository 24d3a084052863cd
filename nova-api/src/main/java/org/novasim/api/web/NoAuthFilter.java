package org.novasim.api.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import org.novasim.messaging.RequestContext;
import org.novasim.nova.auth.NoAuthToken;

import tools.jackson.databind.json.JsonMapper;

/**
 * Nova's {@code noauth2} for everything under {@code /v2.1/} but the version document: {@code X-Auth-Token:
 * user:project} (user {@code admin} is admin), else 401. Every response carries the request id (which every RPC
 * message of the request carries too) and the microversion it was answered at.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class NoAuthFilter extends OncePerRequestFilter {

    public static final String REQUEST_ID_HEADER = "X-Openstack-Request-Id";
    public static final String VERSION_HEADER = "OpenStack-API-Version";
    public static final String LEGACY_VERSION_HEADER = "X-OpenStack-Nova-API-Version";

    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith("/v2.1/") || path.equals("/v2.1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = RequestContext.newRequestId();
        response.setHeader(REQUEST_ID_HEADER, requestId);
        response.setHeader("X-Compute-Request-Id", requestId);
        MDC.put(RequestContext.MDC_KEY, requestId);
        try {
            Microversion version = Microversion.of(request.getHeader(VERSION_HEADER),
                    request.getHeader(LEGACY_VERSION_HEADER));
            if (!version.supported()) {
                throw new NovaApiException(406, "Version " + version + " is not supported by the API. Minimum is "
                        + Microversion.MIN + " and maximum is " + Microversion.MAX + ".");
            }
            response.setHeader(VERSION_HEADER, "compute " + version);
            response.setHeader(LEGACY_VERSION_HEADER, version.toString());
            response.setHeader("Vary", VERSION_HEADER + ", " + LEGACY_VERSION_HEADER);
            NoAuthToken token = NoAuthToken.parse(request.getHeader(NoAuthToken.HEADER));
            if (token == null) {
                throw NovaApiException.unauthorized("The request you have made requires authentication.");
            }
            boolean admin = token.isAdmin();
            new ApiRequest(new RequestContext(requestId, null, token.user(), token.project(),
                    admin ? List.of("admin") : List.of("member"), admin, Map.of()), version).attach(request);
            chain.doFilter(request, response);
        } catch (NovaApiException e) {
            response.setStatus(e.status());
            response.setContentType("application/json");
            json.writeValue(response.getOutputStream(), NovaErrors.body(e.status(), e.getMessage()));
        } finally {
            MDC.remove(RequestContext.MDC_KEY);
        }
    }
}
