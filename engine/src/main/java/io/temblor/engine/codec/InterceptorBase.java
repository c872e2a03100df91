package io.temblor.engine.codec;

/**
 * Keeps the last error of an {@link Interceptor}: {@link #fail} records it and returns {@link Interceptor#ERROR},
 * {@link #ok} clears it and returns {@link Interceptor#OK}.
 */
abstract class InterceptorBase implements Interceptor
{
    private String error;

    @Override
    public String errorMessage()
    {
        return error;
    }

    final int fail(final String message)
    {
        error = message;
        return ERROR;
    }

    final int ok()
    {
        error = null;
        return OK;
    }
}
