package io.temblor.script.runtime;

/**
 * A standard-library function. Arguments are register pairs in {@link Env#regs} starting at {@code args}; the result
 * goes to the pair at {@code at}. Expected failures are return codes; the message of {@link #RUNTIME_ERROR} goes to
 * {@link Env#fail(String)}. Called by the thread that owns the Env.
 */
@FunctionalInterface
public interface Builtin
{
    /** Success. */
    int OK = 0;
    /** An argument has the wrong type (Tremor: "Bad type passed to function"). */
    int BAD_TYPE = -1;
    /** Another failure; the message was given to {@link Env#fail(String)}. */
    int RUNTIME_ERROR = -2;
    /**
     * Tremor's implementation does not take this many arguments (Tremor: "Bad arity for function"); the argument counts
     * it takes went to {@link Env#badArity(int)}.
     */
    int BAD_ARITY = -3;

    /**
     * Runs the function.
     *
     * @param e runtime state.
     * @param args handle register of the first argument.
     * @param argc argument count.
     * @param at result register.
     * @return {@link #OK}, {@link #BAD_TYPE}, {@link #RUNTIME_ERROR} or {@link #BAD_ARITY}.
     */
    int invoke(Env e, int args, int argc, int at);
}
