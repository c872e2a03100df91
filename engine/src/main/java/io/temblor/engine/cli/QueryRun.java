package io.temblor.engine.cli;

import io.temblor.engine.pipeline.HoldsEvents;
import io.temblor.engine.pipeline.Pipeline;
import io.temblor.json.JsonError;
import io.temblor.json.JsonParser;
import io.temblor.offheap.ByteSink;
import io.temblor.script.aggr.AggregateFunction;
import io.temblor.script.aggr.Aggregates;
import io.temblor.script.compile.CompiledQuery;
import io.temblor.script.compile.QueryCompiler;
import io.temblor.script.compile.Warning;
import io.temblor.script.error.CompileError;
import io.temblor.script.value.ValueWriter;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
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
 * {@code temblor run QUERY.trickle}: sends each input line as an event into the pipeline's {@code in} port, with the
 * event id and ingest time ({@code ingest_ns}) both the 0-based line index, so time-based windows give the same results
 * on every run; prints every event leaving by {@code err} as one compact JSON line on standard error and every event
 * leaving by any other output ({@code out}, {@code out/port}) on standard output. An event an operator fails (for
 * example a runtime error in a {@code where} clause) prints the rendered error on standard error and the run goes on,
 * as does an input line that is not JSON. Exit 0 when every event went through, 1 when some failed, 2 when the query
 * does not compile (rendered error on standard error). After the last line it ticks the pipeline until no operator
 * holds events back, so a shaping {@code qos::token_bucket} prints every event it queued.
 */
final class QueryRun
{
    /** The most ticks of the end-of-input flush. */
    static final int MAX_FLUSH_TICKS = 10_000_000;

    private QueryRun()
    {
    }

    static int run(final String source, final List<Path> modulePath, final String inputFile, final InputStream stdin,
        final PrintStream out, final PrintStream err)
    {
        final CompiledQuery query;
        final Pipeline pipeline;
        try
        {
            query = QueryCompiler.compile(source, modulePath, QueryRun::arity);
            pipeline = new Pipeline(query);
        }
        catch (final CompileError ex)
        {
            err.println(ex.render(source));
            return Main.EXIT_USAGE;
        }
        for (final Warning warning : query.warnings())
        {
            err.println(warning.render(source));
        }
        try (pipeline; InputStream in = "-".equals(inputFile) ? stdin : Files.newInputStream(Path.of(inputFile)))
        {
            return events(pipeline, new BufferedInputStream(in, 1 << 16), out, err);
        }
        catch (final IOException ex)
        {
            err.println("temblor run: cannot read " + inputFile + " (" + ex.getClass().getSimpleName() + ": " +
                ex.getMessage() + ")");
            return Main.EXIT_INVALID;
        }
    }

    /** The arity range of an aggregate function, for the query compiler. */
    static int[] arity(final String name)
    {
        final AggregateFunction fn = Aggregates.lookup(name);
        return null == fn ? null : new int[] {fn.minArity(), fn.maxArity()};
    }

    private static int events(final Pipeline pipeline, final InputStream in, final PrintStream out,
        final PrintStream err) throws IOException
    {
        int failed = 0;
        final OutputStream stdout = new BufferedOutputStream(out, 1 << 16);
        final ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
        final String source = pipeline.query().source();
        try (JsonParser parser = new JsonParser(); ByteSink sink = new ByteSink())
        {
            final ValueWriter writer = new ValueWriter();
            final int[] unwritable = {0};
            final Pipeline.Outputs outputs = (port, valueH, valueB, metaH, metaB, ingestNs, id) ->
            {
                sink.reset();
                boolean toErr = "err".equals(port);
                try
                {
                    writer.write(pipeline.context(), valueH, valueB, sink);
                }
                catch (final IllegalArgumentException ex)
                {
                    // a NaN or infinite float has no JSON form: reported, and the run goes on
                    unwritable[0]++;
                    sink.reset();
                    final byte[] text = ("{\"error\":" + RunCommand.quote("cannot write the output of line " + (id + 1) +
                        " (port " + port + ") as JSON: " + ex.getMessage()) + "}").getBytes(StandardCharsets.UTF_8);
                    sink.write(text, 0, text.length);
                    toErr = true;
                }
                sink.writeByte('\n');
                try
                {
                    if (toErr)
                    {
                        stdout.flush();
                        sink.writeTo(err);
                        err.flush();
                    }
                    else
                    {
                        sink.writeTo(stdout);
                    }
                }
                catch (final IOException ex)
                {
                    throw new java.io.UncheckedIOException(ex);
                }
            };
            long index = -1;
            while (RunCommand.readLine(in, line))
            {
                index++;
                final byte[] bytes = line.toByteArray();
                if (RunCommand.isBlank(bytes))
                {
                    continue;
                }
                final int status = parser.parse(bytes, 0, bytes.length);
                if (status != JsonError.OK)
                {
                    failed++;
                    stdout.flush();
                    err.println("{\"error\":" + RunCommand.quote("invalid JSON on line " + (index + 1) + ": " +
                        JsonError.message(status) + " at byte " + parser.errorOffset()) + ",\"event\":" +
                        RunCommand.quote(new String(bytes, StandardCharsets.UTF_8)) + "}");
                    continue;
                }
                if (pipeline.enqueue("in", parser.tape(), index, index, outputs) == Pipeline.ERROR)
                {
                    failed++;
                    stdout.flush();
                    err.println(pipeline.error().render(source));
                }
            }
            failed += flush(pipeline, Math.max(0, index), outputs, stdout, err);
            failed += unwritable[0];
        }
        catch (final java.io.UncheckedIOException ex)
        {
            throw ex.getCause();
        }
        stdout.flush();
        return failed == 0 ? Main.EXIT_OK : Main.EXIT_INVALID;
    }

    /**
     * End of input: operators that hold events back (a shaping {@code qos::token_bucket}) would keep them, since the
     * run has no clock of its own and only ticks here. Tick the pipeline at the time the next held event is due,
     * advancing from the last ingest time, until nothing is held. Each such tick releases at least one event (a tick
     * may also make a time window upstream emit more), so this ends after about as many ticks as events are held;
     * {@link #MAX_FLUSH_TICKS} only stops an operator that never releases.
     *
     * @return the ticks an operator failed.
     */
    private static int flush(final Pipeline pipeline, final long lastIngestNs, final Pipeline.Outputs outputs,
        final OutputStream stdout, final PrintStream err) throws IOException
    {
        final List<HoldsEvents> holders = new ArrayList<>();
        for (final CompiledQuery.QueryNode node : pipeline.query().nodes())
        {
            if (pipeline.operator(node.name()) instanceof HoldsEvents h)
            {
                holders.add(h);
            }
        }
        int failed = 0;
        long now = lastIngestNs;
        for (int ticks = 0; ticks < MAX_FLUSH_TICKS; ticks++)
        {
            long next = Long.MAX_VALUE;
            for (final HoldsEvents h : holders)
            {
                next = Math.min(next, h.nextReleaseNs(now));
            }
            if (next == Long.MAX_VALUE)
            {
                break;
            }
            now = Math.max(now, next);
            if (pipeline.tick(now, outputs) == Pipeline.ERROR)
            {
                failed++;
                stdout.flush();
                err.println(pipeline.error().render(pipeline.query().source()));
            }
        }
        return failed;
    }
}
