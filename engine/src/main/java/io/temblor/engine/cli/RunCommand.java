package io.temblor.engine.cli;

import io.temblor.offheap.journal.JournalSettings;
import io.temblor.engine.api.ApiServer;
import io.temblor.engine.log.Log;
import io.temblor.engine.runtime.Threading;
import io.temblor.json.JsonError;
import io.temblor.json.JsonParser;
import io.temblor.json.JsonWriter;
import io.temblor.offheap.ByteSink;
import io.temblor.script.compile.CompiledScript;
import io.temblor.script.compile.ScriptCompiler;
import io.temblor.script.compile.Warning;
import io.temblor.script.error.CompileError;
import io.temblor.script.runtime.ScriptInstance;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code temblor run SCRIPT.tremor|QUERY.trickle [-i IN|-] [--path DIR]...}: runs a tremor-script (or a trickle query,
 * see {@link QueryRun}) over newline-delimited JSON events.
 * Each non-blank input line is one event, run with fresh metadata and the state shared across events; every emitted
 * value is printed as one compact JSON line on standard output ({@code drop} prints nothing); a runtime error or an
 * invalid input line is printed as {@code {"error": ..., "event": ...}} on standard error and the run goes on. A script
 * that does not compile prints the rendered error and exits 2.
 *
 * <p>Module path, searched in order: the script's folder, each {@code --path DIR}, then the folders of the
 * {@code TREMOR_PATH} environment variable (separated by {@code :}, as in Tremor). For flows, {@code --threads} and
 * {@code --idle} choose the runtime's {@link Threading} (default: a pool of two threads, backing off when idle). Tremor's {@code std} and
 * {@code tremor} modules are built into the compiler; a module of the same name on the path replaces the built-in one.
 */
final class RunCommand
{
    private static final String USAGE = "usage: temblor run SCRIPT.tremor|QUERY.trickle [-i IN.ndjson|-] [--path DIR]...\n" +
        "       temblor run FLOW.troy [--args ARGS.json] [--path DIR]... [--api HOST:PORT | --no-api]\n" +
        "                             [--log-format logfmt|json] [--log-level debug|info|warn|error]\n" +
        "                             [--threads shared|dedicated|pool:N] [--idle backoff|yield|busy-spin|sleep]\n" +
        "                             [--stats SECONDS]\n" +
        "                             [--capture DIR [--capture-roll daily|hourly|minutely] [--capture-retention 10GiB|7d]]";

    private RunCommand()
    {
    }

    static int run(final String[] args, final InputStream stdin, final PrintStream out, final PrintStream err)
    {
        String scriptFile = null;
        String inputFile = "-";
        String flowArgs = null;
        String api = ApiServer.DEFAULT_ADDRESS;
        Log.Format logFormat = Log.Format.LOGFMT;
        Log.Level logLevel = Log.Level.INFO;
        String threads = null;
        String stats = null;
        String idle = null;
        String capture = null;
        String captureRoll = null;
        String captureRetention = null;
        final List<Path> path = new ArrayList<>();
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if (("-i".equals(arg) || "--input".equals(arg) || "--path".equals(arg) || "--args".equals(arg) ||
                "--api".equals(arg) || "--log-format".equals(arg) || "--log-level".equals(arg) ||
                "--threads".equals(arg) || "--idle".equals(arg) || "--stats".equals(arg) || "--capture".equals(arg) ||
                "--capture-roll".equals(arg) || "--capture-retention".equals(arg)) &&
                i + 1 >= args.length)
            {
                err.println("temblor run: " + arg + " needs a value");
                err.println(USAGE);
                return Main.EXIT_USAGE;
            }
            switch (arg)
            {
                case "-i", "--input" -> inputFile = args[++i];
                case "--path" -> path.add(Path.of(args[++i]));
                case "--args" -> flowArgs = args[++i];
                case "--no-api" -> api = null;
                case "--api", "--log-format", "--log-level" ->
                {
                    final String value = args[++i];
                    try
                    {
                        switch (arg)
                        {
                            case "--api" ->
                            {
                                ApiServer.parseAddress(value);
                                api = value;
                            }
                            case "--log-format" -> logFormat = Log.Format.of(value);
                            default -> logLevel = Log.Level.of(value);
                        }
                    }
                    catch (final IllegalArgumentException ex)
                    {
                        err.println("temblor run: " + arg + ": " + ex.getMessage());
                        err.println(USAGE);
                        return Main.EXIT_USAGE;
                    }
                }
                case "--threads" -> threads = args[++i];
                case "--idle" -> idle = args[++i];
                case "--stats" -> stats = args[++i];
                case "--capture" -> capture = args[++i];
                case "--capture-roll" -> captureRoll = args[++i];
                case "--capture-retention" -> captureRetention = args[++i];
                default ->
                {
                    if (arg.startsWith("-") && !"-".equals(arg) || scriptFile != null)
                    {
                        err.println("temblor run: unexpected argument '" + arg + "'");
                        err.println(USAGE);
                        return Main.EXIT_USAGE;
                    }
                    scriptFile = arg;
                }
            }
        }
        if (scriptFile == null)
        {
            err.println(USAGE);
            return Main.EXIT_USAGE;
        }
        Log.configure(err, logFormat, logLevel);
        if ((null != threads || null != idle || null != stats) && !scriptFile.endsWith(".troy"))
        {
            err.println("temblor run: --threads, --idle and --stats apply to flows (.troy) only");
            return Main.EXIT_USAGE;
        }
        if (null != capture && !scriptFile.endsWith(".troy"))
        {
            err.println("temblor run: --capture applies to flows (.troy) only");
            return Main.EXIT_USAGE;
        }
        if (null == capture && (null != captureRoll || null != captureRetention))
        {
            err.println("temblor run: --capture-roll and --capture-retention need --capture DIR");
            return Main.EXIT_USAGE;
        }
        JournalSettings captureSettings = null;
        if (null != capture)
        {
            try
            {
                captureSettings = JournalSettings.parse(captureRoll, captureRetention);
            }
            catch (final IllegalArgumentException ex)
            {
                err.println("temblor run: " + ex.getMessage());
                err.println(USAGE);
                return Main.EXIT_USAGE;
            }
        }
        final Path script = Path.of(scriptFile);
        final String source;
        try
        {
            source = Files.readString(script, StandardCharsets.UTF_8);
        }
        catch (final IOException | RuntimeException ex)
        {
            err.println("temblor run: cannot read " + scriptFile + " (" + ex.getClass().getSimpleName() + ": " +
                ex.getMessage() + ")");
            return Main.EXIT_USAGE;
        }
        if (scriptFile.endsWith(".trickle"))
        {
            return QueryRun.run(source, modulePath(script, path), inputFile, stdin, out, err);
        }
        if (scriptFile.endsWith(".troy"))
        {
            final String entryArgs;
            try
            {
                entryArgs = null == flowArgs ? null : Files.readString(Path.of(flowArgs), StandardCharsets.UTF_8);
            }
            catch (final IOException ex)
            {
                err.println("temblor run: cannot read " + flowArgs + " (" + ex.getMessage() + ")");
                return Main.EXIT_USAGE;
            }
            final Threading threading;
            try
            {
                threading = Threading.parse(threads, idle);
            }
            catch (final IllegalArgumentException ex)
            {
                err.println("temblor run: " + ex.getMessage());
                err.println(USAGE);
                return Main.EXIT_USAGE;
            }
            long statsMs = 0;
            if (null != stats)
            {
                try
                {
                    statsMs = Math.round(Double.parseDouble(stats) * 1000);
                }
                catch (final NumberFormatException ex)
                {
                    statsMs = -1;
                }
                if (statsMs <= 0 || statsMs > 86_400_000L)
                {
                    err.println("temblor run: --stats needs a number of seconds (e.g. 1 or 0.5), got `" + stats + "`");
                    err.println(USAGE);
                    return Main.EXIT_USAGE;
                }
            }
            return FlowRun.run(source, modulePath(script, path), entryArgs, api, threading, statsMs,
                null == capture ? null : Path.of(capture), captureSettings, stdin, out, err);
        }
        final CompiledScript compiled;
        try
        {
            compiled = ScriptCompiler.compile(source, modulePath(script, path));
        }
        catch (final CompileError ex)
        {
            err.println(ex.render(source));
            return Main.EXIT_USAGE;
        }
        for (final Warning warning : compiled.warnings())
        {
            err.println(warning.render(source));
        }
        try (InputStream in = "-".equals(inputFile) ? stdin : Files.newInputStream(Path.of(inputFile)))
        {
            return events(compiled, new BufferedInputStream(in, 1 << 16), out, err);
        }
        catch (final IOException ex)
        {
            err.println("temblor run: cannot read " + inputFile + " (" + ex.getClass().getSimpleName() + ": " +
                ex.getMessage() + ")");
            return Main.EXIT_INVALID;
        }
    }

    /** The module path of a file: its folder, each {@code --path}, then {@code TREMOR_PATH}'s folders. */
    static List<Path> modulePath(final Path script, final List<Path> path)
    {
        final List<Path> modulePath = new ArrayList<>();
        final Path folder = script.toAbsolutePath().getParent();
        if (folder != null)
        {
            modulePath.add(folder);
        }
        modulePath.addAll(path);
        final String tremorPath = System.getenv("TREMOR_PATH");
        if (tremorPath != null)
        {
            for (final String dir : tremorPath.split(File.pathSeparator))
            {
                if (!dir.isBlank())
                {
                    modulePath.add(Path.of(dir));
                }
            }
        }
        return modulePath;
    }

    /** Runs every event line; returns 0, or 1 when some event failed (the others still ran). */
    private static int events(final CompiledScript compiled, final InputStream in, final PrintStream out,
        final PrintStream err) throws IOException
    {
        int failed = 0;
        final OutputStream stdout = new BufferedOutputStream(out, 1 << 16);
        final ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
        try (ScriptInstance instance = compiled.newInstance(); JsonParser parser = new JsonParser();
            ByteSink sink = new ByteSink())
        {
            long lineNumber = 0;
            while (readLine(in, line))
            {
                lineNumber++;
                final byte[] bytes = line.toByteArray();
                if (isBlank(bytes))
                {
                    continue;
                }
                final int status = parser.parse(bytes, 0, bytes.length);
                if (status != JsonError.OK)
                {
                    failed++;
                    stdout.flush();
                    err.println("{\"error\":" + quote("invalid JSON on line " + lineNumber + ": " +
                        JsonError.message(status) + " at byte " + parser.errorOffset()) + ",\"event\":" +
                        quote(new String(bytes, StandardCharsets.UTF_8)) + "}");
                    continue;
                }
                final int outcome = instance.run(parser.tape());
                if (outcome == ScriptInstance.EMIT)
                {
                    sink.reset();
                    instance.writeValue(sink);
                    sink.writeByte('\n');
                    sink.writeTo(stdout);
                }
                else if (outcome == ScriptInstance.ERROR)
                {
                    failed++;
                    stdout.flush();
                    err.println("{\"error\":" + quote(instance.error().render(compiled.source())) + ",\"event\":" +
                        new String(bytes, StandardCharsets.UTF_8).strip() + "}");
                }
            }
        }
        stdout.flush();
        return failed == 0 ? Main.EXIT_OK : Main.EXIT_INVALID;
    }

    /** Reads the next line (without its terminator) into {@code line}; false at the end of the input. */
    static boolean readLine(final InputStream in, final ByteArrayOutputStream line) throws IOException
    {
        line.reset();
        int b = in.read();
        if (b < 0)
        {
            return false;
        }
        while (b >= 0 && b != '\n')
        {
            line.write(b);
            b = in.read();
        }
        return true;
    }

    static boolean isBlank(final byte[] bytes)
    {
        for (final byte b : bytes)
        {
            if (b != ' ' && b != '\t' && b != '\r')
            {
                return false;
            }
        }
        return true;
    }

    /** A JSON string literal for {@code text}. */
    static String quote(final String text)
    {
        return JsonWriter.quote(text, new StringBuilder(text.length() + 2)).toString();
    }
}
