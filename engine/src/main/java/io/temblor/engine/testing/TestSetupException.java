package io.temblor.engine.testing;

/** A test folder or file that cannot be run as given (missing file, malformed YAML); the message names the file. */
public final class TestSetupException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, starting with the file (and line when known).
     */
    public TestSetupException(final String message)
    {
        super(message);
    }
}
