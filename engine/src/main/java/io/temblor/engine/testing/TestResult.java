package io.temblor.engine.testing;

/**
 * The outcome of one test: a unit test of a suite, or one integration case.
 *
 * @param suite the suite (unit: the {@code test::suite} name; integration: the folder's parent name).
 * @param name the test's name.
 * @param status pass, fail or skip.
 * @param message why it failed (empty when it passed or was skipped).
 * @param durationNs how long it ran.
 */
public record TestResult(String suite, String name, Status status, String message, long durationNs)
{
    /** What happened to a test. */
    public enum Status
    {
        /** It ran and passed. */
        PASS,
        /** It ran and failed, or could not run. */
        FAIL,
        /** The tag filter left it out. */
        SKIP
    }

    /**
     * Whether the test passed.
     *
     * @return true for {@link Status#PASS}.
     */
    public boolean passed()
    {
        return status == Status.PASS;
    }
}
