package dev.sparkjobs.flight;

/** Checks a user name and password. */
@FunctionalInterface
public interface Authenticator
{
    /** Accepts any user name: the mode of a gateway bound to loopback without authentication. */
    Authenticator ANY_USER = (user, password) -> true;

    boolean authenticate(String user, String password);
}
