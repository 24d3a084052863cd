package org.novasim.nova.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a service's actuator to administrators: {@code health} and {@code info} are open (health checks, load
 * balancers); {@code rpc}, {@code metrics}, {@code prometheus} and the rest need an admin token
 * ({@code X-Auth-Token: admin:<project>}), else 401 or 403 in Nova's error format. With a separate management port
 * ({@code management.server.port}) this filter does not apply there: that port is the operator's to fence.
 */
public class ActuatorGuard extends OncePerRequestFilter {

    private final String basePath;

    public ActuatorGuard(String basePath) {
        this.basePath = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (!path.equals(basePath) && !path.startsWith(basePath + "/")) {
            return true;
        }
        String endpoint = path.substring(basePath.length());
        return endpoint.equals("/health") || endpoint.startsWith("/health/") || endpoint.equals("/info");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        NoAuthToken token = NoAuthToken.parse(request.getHeader(NoAuthToken.HEADER));
        if (token == null) {
            refuse(response, 401, "unauthorized", "The request you have made requires authentication.");
        } else if (!token.isAdmin()) {
            refuse(response, 403, "forbidden", "Only administrators may read " + request.getRequestURI() + ".");
        } else {
            chain.doFilter(request, response);
        }
    }

    private static void refuse(HttpServletResponse response, int status, String fault, String message)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(("{\"" + fault + "\": {\"code\": " + status + ", \"message\": \""
                + message.replace("\"", "'") + "\"}}").getBytes(StandardCharsets.UTF_8));
    }
}
