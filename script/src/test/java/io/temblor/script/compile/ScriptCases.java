package io.temblor.script.compile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temblor.json.JsonParser;
import io.temblor.offheap.ByteSink;
import io.temblor.script.error.CompileError;
import io.temblor.script.runtime.ScriptError;
import io.temblor.script.runtime.ScriptInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one Tremor conformance case through the compiler and an instance, the way Tremor's test runner does: events
 * from {@code in} (one JSON value per line) with fresh {@code $} and shared {@code state}; emitted values compared as
 * JSON values with {@code out} (records unordered, integers and floats distinct).
 */
final class ScriptCases
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MARKER = Pattern.compile("^\\s+\\|\\s*\\^+ (.*)$");

    /** Outcome of one case. */
    record Outcome(boolean passed, boolean renderedExactly, String detail)
    {
    }

    private ScriptCases()
    {
    }

    static Path tremor()
    {
        return Path.of(System.getProperty("temblor.shared", "../../shared"), "conformance", "tremor");
    }

    static List<Path> cases(final String folder)
    {
        final List<Path> out = new ArrayList<>();
        try (var dirs = Files.list(tremor().resolve(folder)))
        {
            dirs.filter(d -> Files.isRegularFile(d.resolve("script.tremor"))).sorted().forEach(out::add);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out;
    }

    /**
     * The module path of a case: its folder only, so {@code std} and {@code tremor} come from the compiler's bundled
     * modules as for a user; with {@code -Dtemblor.script.tremorLib=true} Tremor's library folder follows (and replaces
     * them), as in Tremor's own test runner.
     *
     * @param dir the case folder.
     * @return the module path.
     */
    static List<Path> modulePath(final Path dir)
    {
        return Boolean.getBoolean("temblor.script.tremorLib") ? withTremorLib(dir) : List.of(dir);
    }

    /**
     * The case folder followed by Tremor's library folder.
     *
     * @param dir the case folder.
     * @return the module path.
     */
    static List<Path> withTremorLib(final Path dir)
    {
        return List.of(dir, tremor().resolve("tremor-script/lib"));
    }

    static String readMaybeXz(final Path dir, final String name)
    {
        try
        {
            final Path plain = dir.resolve(name);
            if (Files.isRegularFile(plain))
            {
                return Files.readString(plain, StandardCharsets.UTF_8);
            }
            final Path xz = dir.resolve(name + ".xz");
            if (!Files.isRegularFile(xz))
            {
                return null;
            }
            final Process p = new ProcessBuilder("xz", "-dc", xz.toString()).redirectErrorStream(false).start();
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (InputStream in = p.getInputStream())
            {
                in.transferTo(bytes);
            }
            p.waitFor();
            return bytes.toString(StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    static List<String> lines(final String text)
    {
        final List<String> out = new ArrayList<>();
        if (null != text)
        {
            for (final String line : text.split("\n"))
            {
                if (!line.isBlank())
                {
                    out.add(line);
                }
            }
        }
        return out;
    }

    static Outcome runScript(final Path dir)
    {
        return runScript(dir, modulePath(dir));
    }

    static Outcome runScript(final Path dir, final List<Path> modulePath)
    {
        final String source = readMaybeXz(dir, "script.tremor");
        final CompiledScript script;
        try
        {
            script = ScriptCompiler.compile(source, modulePath);
        }
        catch (final CompileError ex)
        {
            return new Outcome(false, false, "compile error: " + ex.getMessage());
        }
        catch (final RuntimeException ex)
        {
            return new Outcome(false, false, "compiler crash: " + ex);
        }
        final List<String> in = lines(readMaybeXz(dir, "in"));
        final List<String> expected = lines(readMaybeXz(dir, "out"));
        final List<String> actual = new ArrayList<>();
        try (ScriptInstance instance = script.newInstance(); JsonParser parser = new JsonParser(); ByteSink sink = new ByteSink())
        {
            // Tremor's runner gives every event this origin
            instance.origin("snot", "test", 23, "snot");
            for (final String line : in)
            {
                final byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                if (parser.parse(bytes, 0, bytes.length) != 0)
                {
                    return new Outcome(false, false, "bad input line " + line);
                }
                final int outcome = instance.run(parser.tape());
                if (outcome == ScriptInstance.ERROR)
                {
                    return new Outcome(false, false, "runtime error: " + instance.error().getMessage());
                }
                if (outcome == ScriptInstance.EMIT)
                {
                    sink.reset();
                    instance.writeValue(sink);
                    actual.add(new String(sink.toByteArray(), StandardCharsets.UTF_8));
                }
            }
        }
        catch (final RuntimeException ex)
        {
            return new Outcome(false, false, "crash: " + ex);
        }
        if (actual.size() != expected.size())
        {
            return new Outcome(false, false, "expected " + expected.size() + " values, got " + actual.size() + ": " +
                String.join(" | ", actual.subList(0, Math.min(3, actual.size()))));
        }
        for (int i = 0; i < actual.size(); i++)
        {
            try
            {
                if (!jsonEquals(JSON.readTree(expected.get(i)), JSON.readTree(actual.get(i))))
                {
                    return new Outcome(false, false, "value " + i + ": expected " + expected.get(i) + " got " + actual.get(i));
                }
            }
            catch (final IOException ex)
            {
                return new Outcome(false, false, "unparsable output " + actual.get(i));
            }
        }
        return new Outcome(true, true, "ok");
    }

    static Outcome runError(final Path dir)
    {
        final String source = readMaybeXz(dir, "script.tremor");
        final String expectedText = readMaybeXz(dir, "error.txt").strip();
        final String expected = message(expectedText);
        String message;
        String rendered;
        try
        {
            final CompiledScript script = ScriptCompiler.compile(source, modulePath(dir));
            final List<String> in = lines(readMaybeXz(dir, "in"));
            try (ScriptInstance instance = script.newInstance(); JsonParser parser = new JsonParser())
            {
                final byte[] bytes = (in.isEmpty() ? "null" : in.get(0)).getBytes(StandardCharsets.UTF_8);
                parser.parse(bytes, 0, bytes.length);
                if (instance.run(parser.tape()) != ScriptInstance.ERROR)
                {
                    return new Outcome(false, false, "no error");
                }
                final ScriptError error = instance.error();
                message = error.getMessage();
                rendered = error.render(source);
            }
        }
        catch (final CompileError ex)
        {
            message = ex.getMessage();
            rendered = ex.render(source);
        }
        catch (final RuntimeException ex)
        {
            return new Outcome(false, false, "crash: " + ex);
        }
        final boolean exact = rendered.strip().equals(expectedText);
        message = message.lines().findFirst().orElse("").strip();
        if (!expected.equals(message))
        {
            return new Outcome(false, false, "expected message `" + expected + "` got `" + message + "`");
        }
        return new Outcome(true, exact, exact ? "ok" : "message ok, rendering differs:\n" + rendered + "\n--- expected:\n" +
            expectedText);
    }

    static Outcome compileError(final Path dir)
    {
        final String source = readMaybeXz(dir, "script.tremor");
        final String expectedText = readMaybeXz(dir, "error.txt").strip();
        final String expected = message(expectedText);
        try
        {
            ScriptCompiler.compile(source, modulePath(dir));
            return new Outcome(false, false, "compiled without error");
        }
        catch (final CompileError ex)
        {
            final String message = ex.getMessage().lines().findFirst().orElse("").strip();
            if (!expected.equals(message))
            {
                return new Outcome(false, false, "expected message `" + expected + "` got `" + message + "`");
            }
            final boolean exact = ex.render(source).strip().equals(expectedText);
            return new Outcome(true, exact, exact ? "ok" : "message ok, rendering differs");
        }
        catch (final RuntimeException ex)
        {
            return new Outcome(false, false, "crash: " + ex);
        }
    }

    static Outcome warnings(final Path dir)
    {
        final String source = readMaybeXz(dir, "script.tremor");
        final String expectedText = readMaybeXz(dir, "warning.txt").strip();
        final List<String> expected = new ArrayList<>();
        for (final String line : expectedText.split("\n"))
        {
            final Matcher m = MARKER.matcher(line);
            if (m.matches())
            {
                expected.add(m.group(1).strip());
            }
        }
        final CompiledScript script;
        try
        {
            script = ScriptCompiler.compile(source, modulePath(dir));
        }
        catch (final CompileError ex)
        {
            return new Outcome(false, false, "compile error: " + ex.getMessage());
        }
        final List<String> actual = new ArrayList<>();
        final StringBuilder rendered = new StringBuilder();
        for (final io.temblor.script.compile.Warning w : script.warnings())
        {
            actual.add(w.message());
            rendered.append(w.render(source)).append('\n');
        }
        final List<String> sortedExpected = new ArrayList<>(expected);
        final List<String> sortedActual = new ArrayList<>(actual);
        sortedExpected.sort(null);
        sortedActual.sort(null);
        if (expected.isEmpty() || !sortedExpected.equals(sortedActual))
        {
            return new Outcome(false, false, "expected warnings " + expected + " got " + actual);
        }
        final boolean exact = rendered.toString().replace("\n\n", "\n").strip()
            .equals(expectedText.replace("\n\n", "\n").strip());
        return new Outcome(true, exact, exact ? "ok" : "messages ok, rendering differs");
    }

    static String message(final String errorText)
    {
        for (final String line : errorText.split("\n"))
        {
            final Matcher m = MARKER.matcher(line);
            if (m.matches())
            {
                return m.group(1).strip();
            }
        }
        return errorText.strip();
    }

    static boolean jsonEquals(final JsonNode a, final JsonNode b)
    {
        if (a.isNumber() || b.isNumber())
        {
            if (!a.isNumber() || !b.isNumber())
            {
                return false;
            }
            if (a.isIntegralNumber() != b.isIntegralNumber())
            {
                return false;
            }
            return a.isIntegralNumber() ? a.bigIntegerValue().equals(b.bigIntegerValue()) : a.doubleValue() == b.doubleValue();
        }
        if (a.isObject())
        {
            if (!b.isObject() || a.size() != b.size())
            {
                return false;
            }
            final Iterator<Map.Entry<String, JsonNode>> it = a.fields();
            while (it.hasNext())
            {
                final Map.Entry<String, JsonNode> entry = it.next();
                final JsonNode other = b.get(entry.getKey());
                if (null == other || !jsonEquals(entry.getValue(), other))
                {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray())
        {
            if (!b.isArray() || a.size() != b.size())
            {
                return false;
            }
            for (int i = 0; i < a.size(); i++)
            {
                if (!jsonEquals(a.get(i), b.get(i)))
                {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
