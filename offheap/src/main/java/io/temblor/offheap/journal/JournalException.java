package io.temblor.offheap.journal;

/**
 * A journal could not be opened, written or read; the message names the directory and what is wrong.
 */
public final class JournalException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * An error.
     *
     * @param message what went wrong, naming the journal directory.
     */
    public JournalException(final String message)
    {
        super(message);
    }

    /**
     * An error with its cause.
     *
     * @param message what went wrong, naming the journal directory.
     * @param cause the underlying failure.
     */
    public JournalException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
