package org.clientsapi.permission;

import org.clientsapi.auth.ApiUser;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;

/** What a permission looks at: the caller (null when anonymous) and the request. */
public record PermissionRequest(ApiUser user, ServerWebExchange exchange) {

    public boolean authenticated() {
        return user != null;
    }

    /** GET, HEAD and OPTIONS: DRF's SAFE_METHODS. */
    public boolean safeMethod() {
        HttpMethod method = exchange.getRequest().getMethod();
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method);
    }
}
