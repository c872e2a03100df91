package io.temblor.engine.cli;

import io.temblor.engine.pipeline.Pipeline;
import io.temblor.script.compile.CompiledDeployment;
import io.temblor.script.compile.CompiledQuery;
import io.temblor.script.compile.QueryCompiler;
import io.temblor.script.compile.ScriptCompiler;
import io.temblor.script.compile.TroyCompiler;
import io.temblor.script.compile.Warning;
import io.temblor.script.error.CompileError;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code temblor check [--path DIR]... FILE...}: compiles tremor-script ({@code .tremor}), trickle
 * ({@code .trickle}) and troy ({@code .troy}) files without running them. Prints one line per file on stdout,
 * {@code FILE: ok} or {@code FILE: error}, and the errors and warnings rendered as Tremor renders them on stderr,
 * each after a {@code FILE:} line. The module path of a file is its folder, each {@code --path}, then
 * {@code TREMOR_PATH}, as for {@code temblor run}. Exit code 0 when every file compiles, 2 otherwise.
 */
final class CheckCommand
{
    private CheckCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final List<Path> path = new ArrayList<>();
        final List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++)
        {
            if ("--path".equals(args[i]) && i + 1 < args.length)
            {
                path.add(Path.of(args[++i]));
            }
            else if ("--help".equals(args[i]) || "-h".equals(args[i]))
            {
                usage(out);
                return Main.EXIT_OK;
            }
            else
            {
                files.add(args[i]);
            }
        }
        if (files.isEmpty())
        {
            usage(err);
            return Main.EXIT_USAGE;
        }
        int failed = 0;
        for (final String file : files)
        {
            final boolean ok = check(Path.of(file), path, err);
            out.println(file + (ok ? ": ok" : ": error"));
            failed += ok ? 0 : 1;
        }
        return failed == 0 ? Main.EXIT_OK : Main.EXIT_USAGE;
    }

    static void usage(final PrintStream out)
    {
        out.println("usage: temblor check [--path DIR]... FILE...");
        out.println("  compiles .tremor, .trickle and .troy files without running them; prints 'FILE: ok' or");
        out.println("  'FILE: error' per file, errors and warnings on stderr; exit 0 when all compile, 2 otherwise");
    }

    private static boolean check(final Path file, final List<Path> path, final PrintStream err)
    {
        final String name = file.getFileName().toString();
        final String source;
        try
        {
            source = Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            err.println(file + ":");
            err.println("temblor check: cannot read " + file + " (" + ex.getClass().getSimpleName() + ")");
            return false;
        }
        final List<Path> modulePath = RunCommand.modulePath(file, path);
        final List<Warning> warnings = new ArrayList<>();
        try
        {
            if (name.endsWith(".tremor"))
            {
                warnings.addAll(ScriptCompiler.compile(source, modulePath).warnings());
            }
            else if (name.endsWith(".trickle"))
            {
                final CompiledQuery query = QueryCompiler.compile(source, modulePath, QueryRun::arity);
                accept(query);
                warnings.addAll(query.warnings());
            }
            else if (name.endsWith(".troy"))
            {
                final CompiledDeployment deployment = TroyCompiler.compile(source, modulePath, QueryRun::arity);
                for (final CompiledDeployment.Flow flow : deployment.flows())
                {
                    for (final CompiledDeployment.Pipeline pipeline : flow.pipelines())
                    {
                        accept(pipeline.query());
                    }
                }
                warnings.addAll(deployment.warnings());
            }
            else
            {
                err.println(file + ":");
                err.println("temblor check: unknown file type (expected .tremor, .trickle or .troy)");
                return false;
            }
        }
        catch (final CompileError ex)
        {
            err.println(file + ":");
            err.println(ex.render(source));
            return false;
        }
        if (!warnings.isEmpty())
        {
            err.println(file + ":");
            for (final Warning warning : warnings)
            {
                err.println(warning.render(source));
            }
        }
        return true;
    }

    /** The engine's own checks of a compiled pipeline (its operators and their configuration). */
    private static void accept(final CompiledQuery query)
    {
        try (Pipeline ignored = new Pipeline(query))
        {
            // built and closed: nothing runs
        }
    }
}
