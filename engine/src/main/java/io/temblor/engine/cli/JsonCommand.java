package io.temblor.engine.cli;

import io.temblor.json.JsonError;
import io.temblor.json.JsonParser;
import io.temblor.json.JsonWriter;
import io.temblor.offheap.ByteSink;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code temblor json check|fmt}: validates and formats JSON files with the simd-json parser. Files named
 * {@code *.ndjson} or {@code *.jsonl} hold one document per line; {@code -} reads standard input.
 */
final class JsonCommand
{
    private JsonCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (args.length == 0)
        {
            err.println("usage: temblor json check FILE... | temblor json fmt FILE");
            return Main.EXIT_USAGE;
        }
        final String[] files = java.util.Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0])
        {
            case "check" -> check(files, out, err);
            case "fmt" -> fmt(files, out, err);
            default ->
            {
                err.println("temblor json: unknown subcommand '" + args[0] + "' (check or fmt)");
                yield Main.EXIT_USAGE;
            }
        };
    }

    private static int check(final String[] files, final PrintStream out, final PrintStream err)
    {
        if (files.length == 0)
        {
            err.println("usage: temblor json check FILE...");
            return Main.EXIT_USAGE;
        }
        int invalid = 0;
        try (JsonParser parser = new JsonParser())
        {
            for (final String file : files)
            {
                final String verdict = verdict(parser, file, null, null);
                if (verdict != null)
                {
                    invalid++;
                }
                out.println(file + ": " + (verdict == null ? "ok" : verdict));
            }
        }
        return invalid == 0 ? Main.EXIT_OK : Main.EXIT_INVALID;
    }

    private static int fmt(final String[] files, final PrintStream out, final PrintStream err)
    {
        if (files.length != 1)
        {
            err.println("usage: temblor json fmt FILE");
            return Main.EXIT_USAGE;
        }
        try (JsonParser parser = new JsonParser(); ByteSink sink = new ByteSink(1 << 16))
        {
            final String verdict = verdict(parser, files[0], new JsonWriter(), sink);
            if (verdict != null)
            {
                err.println(files[0] + ": " + verdict);
                return Main.EXIT_INVALID;
            }
            sink.writeTo(out);
            out.flush();
            return Main.EXIT_OK;
        }
        catch (final IOException ex)
        {
            err.println(files[0] + ": error: cannot write output: " + ex.getMessage());
            return Main.EXIT_INTERNAL;
        }
    }

    /**
     * Parses one file; when a writer is given, appends the compact form of every document (one per line) to sink.
     *
     * @return null when valid, else the error text.
     */
    private static String verdict(final JsonParser parser, final String file, final JsonWriter writer, final ByteSink sink)
    {
        final byte[] input;
        try
        {
            input = "-".equals(file) ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
        }
        catch (final IOException | RuntimeException ex)
        {
            return "error: cannot read file (" + ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")";
        }
        if (file.endsWith(".ndjson") || file.endsWith(".jsonl"))
        {
            int status = parser.startDocuments(input, 0, input.length);
            while (status == JsonError.OK && (status = parser.nextDocument()) == JsonError.OK)
            {
                if (writer != null)
                {
                    writer.write(parser.tape(), sink);
                    sink.writeByte('\n');
                }
            }
            return status == JsonParser.END_OF_DOCUMENTS ? null : describe(parser, input);
        }
        final int status = parser.parse(input, 0, input.length);
        if (status != JsonError.OK)
        {
            return describe(parser, input);
        }
        if (writer != null)
        {
            writer.write(parser.tape(), sink);
            sink.writeByte('\n');
        }
        return null;
    }

    private static String describe(final JsonParser parser, final byte[] input)
    {
        final long offset = parser.errorOffset();
        int line = 1;
        long lineStart = 0;
        for (int i = 0; i < offset && i < input.length; i++)
        {
            if (input[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return "error: " + JsonError.message(parser.errorCode()) + " at byte " + offset
            + " (line " + line + ", column " + (offset - lineStart + 1) + ")";
    }
}
