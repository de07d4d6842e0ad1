package dev.sparkjobs.gateway.hs2;

import dev.sparkjobs.gateway.Gateway;
import dev.sparkjobs.gateway.TestingGateway;

/** The test JVM's gateway, shared with the other door tests (one Spark per JVM). */
final class TestGateway
{
    private TestGateway() {}

    static Gateway get()
    {
        return TestingGateway.shared();
    }
}
