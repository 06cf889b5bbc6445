package org.clientsapi.auth;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A token presented by a caller: unauthenticated it holds only the key; authenticated it holds the
 * user and the token's id (so that logout can revoke exactly this token), never the key.
 */
public final class TokenAuthentication extends AbstractAuthenticationToken {

    public static final String STAFF = "STAFF";

    private final String key;
    private final ApiUser user;
    private final long tokenId;

    private TokenAuthentication(String key, ApiUser user, long tokenId, List<GrantedAuthority> authorities) {
        super(authorities);
        this.key = key;
        this.user = user;
        this.tokenId = tokenId;
        setAuthenticated(user != null);
    }

    static TokenAuthentication unauthenticated(String key) {
        return new TokenAuthentication(key, null, 0, List.of());
    }

    static TokenAuthentication authenticated(ApiUser user, long tokenId) {
        List<GrantedAuthority> authorities = user.staff() ? List.of(new SimpleGrantedAuthority(STAFF)) : List.of();
        return new TokenAuthentication(null, user, tokenId, authorities);
    }

    @Override
    public String getCredentials() {
        return key;
    }

    @Override
    public ApiUser getPrincipal() {
        return user;
    }

    @Override
    public String getName() {
        return user == null ? "" : user.username();
    }

    public long tokenId() {
        return tokenId;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenAuthentication that && super.equals(that) && tokenId == that.tokenId;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(tokenId);
    }
}
