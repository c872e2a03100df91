package io.temblor.engine.cli;

import java.io.PrintStream;

/** {@code temblor json check|fmt}: validates and formats JSON files with the simd-json parser. */
final class JsonCommand
{
    private JsonCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        err.println("temblor json: not built yet");
        return Main.EXIT_INTERNAL;
    }
}
