package org.clientsapi.auth;

import org.clientsapi.auth.TokenService.IssuedToken;
import org.clientsapi.throttle.LoginThrottle;
import org.clientsapi.web.InputFields;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Login and logout: {@code /auth/token}, {@code /auth/logout}, {@code /auth/logoutall}. */
@RestController
class AuthController {

    private final LoginService logins;
    private final TokenService tokens;
    private final LoginThrottle throttle;

    AuthController(LoginService logins, TokenService tokens, LoginThrottle throttle) {
        this.logins = logins;
        this.tokens = tokens;
        this.throttle = throttle;
    }

    @PostMapping(path = { "/auth/token", "/auth/token/" }, consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<IssuedToken> tokenFromJson(@RequestBody(required = false) Object body, ServerWebExchange exchange) {
        return Mono.defer(() -> login(InputFields.fromJson(body), exchange));
    }

    @PostMapping(path = { "/auth/token", "/auth/token/" }, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<IssuedToken> tokenFromForm(ServerWebExchange exchange) {
        return InputFields.fromForm(exchange).flatMap(fields -> login(fields, exchange));
    }

    @PostMapping({ "/auth/logout", "/auth/logout/" })
    Mono<ResponseEntity<Void>> logout(TokenAuthentication caller) {
        return tokens.revoke(caller.tokenId()).thenReturn(ResponseEntity.noContent().build());
    }

    @PostMapping({ "/auth/logoutall", "/auth/logoutall/" })
    Mono<ResponseEntity<Void>> logoutAll(TokenAuthentication caller) {
        return tokens.revokeAll(caller.getPrincipal().id()).thenReturn(ResponseEntity.noContent().build());
    }

    private Mono<IssuedToken> login(InputFields fields, ServerWebExchange exchange) {
        long started = System.nanoTime();
        String username = fields.requiredString("username", true, 150);
        String password = fields.requiredString("password", false, 4096);
        fields.throwIfInvalid();
        return throttle.check(exchange.getRequest(), username).then(logins.login(username, password, started));
    }
}
