package io.temblor.script.parser;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.temblor.script.error.CompileError;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random inputs and random mutations of the conformance scripts never make the front end throw anything but a
 * {@link CompileError}, and every such error renders. Runs on a thread with a 1 MiB stack (a common default) so the
 * nesting limits are checked under realistic conditions. Seed: system property {@code temblor.fuzz.seed}.
 */
class ParserFuzzTest
{
    private static final int ITERATIONS = Integer.getInteger("temblor.fuzz.iterations", 20_000);
    private static final long STACK_BYTES = 1L << 20;
    private static final String[] VOCABULARY = {
        "match", "of", "case", "when", "end", "for", "into", "use", "let", "emit", "drop", "patch", "merge", "fn",
        "with", "recur", "present", "absent", "not", "and", "or", "xor", "%{", "%[", "%(", "{", "}", "[", "]", "(", ")",
        "\"", "\"\"\"\n", "#{", "|", "re|", "~", "~=", "=>", "=", "==", "<<", ">>", ">>>", "::", ":", ";", ",", ".",
        "...", "$", "event", "state", "args", "`", "\\", "#", "##", "\n", "0x", "1.0e", "_", "-", "!", "null", "x",
        "define", "create", "select", "from", "into", "window", "script", "pipeline", "flow", "connect", "/", "#!config "};

    @Test
    @Timeout(300)
    void shouldOnlyThrowCompileErrorWhenInputIsRandom() throws InterruptedException
    {
        final long seed = Long.getLong("temblor.fuzz.seed", System.nanoTime());
        final List<String> corpus = corpus();
        assertFalse(corpus.isEmpty());
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread fuzzer = new Thread(null, () ->
        {
            final Random random = new Random(seed);
            String input = "";
            try
            {
                for (int i = 0; i < ITERATIONS; i++)
                {
                    input = i % 4 == 0 ? randomText(random) : mutate(random, corpus.get(random.nextInt(corpus.size())));
                    check(input);
                }
            }
            catch (final Throwable t)
            {
                failure.set(new AssertionError("seed " + seed + ", input:\n" + input, t));
            }
        }, "script-fuzzer", STACK_BYTES);
        fuzzer.start();
        fuzzer.join();
        assertNull(failure.get(), () -> String.valueOf(failure.get()));
    }

    @Test
    @Timeout(60)
    void shouldReportNestingErrorWhenInputIsDeeplyNestedOnSmallStack() throws InterruptedException
    {
        final int n = 100_000;
        final List<String> inputs = List.of(
            "(".repeat(n), "[".repeat(n), "{\"a\":".repeat(n), "-".repeat(n), "!".repeat(n) + "x", "not ".repeat(n),
            "let a = ".repeat(n), "match x of case " + "%{ a ~= ".repeat(n), "match x of case " + "a = ".repeat(n),
            "x[".repeat(n), "f(".repeat(n), "\"#{".repeat(n), "<<(".repeat(n), "use " + "a::{".repeat(n),
            "match x of case " + "%[ %{ a ~= ".repeat(n),
            "match x of case " + "%( %{ a ~= ".repeat(n), "patch x of insert \"a\" => ".repeat(n));
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final List<String> messages = new ArrayList<>();
        final Thread parser = new Thread(null, () ->
        {
            for (final String input : inputs)
            {
                try
                {
                    Parser.parseScript(input);
                    failure.set(new AssertionError("parsed: " + input.substring(0, 20)));
                }
                catch (final CompileError error)
                {
                    messages.add(error.getMessage());
                }
                catch (final Throwable t)
                {
                    failure.set(new AssertionError(input.substring(0, 20), t));
                    return;
                }
            }
        }, "deep-parser", STACK_BYTES);
        parser.start();
        parser.join();
        assertNull(failure.get(), () -> String.valueOf(failure.get()));
        assertTrue(messages.stream().allMatch(m -> m.contains("nested too deeply")), messages::toString);
    }

    private static void check(final String input)
    {
        for (int mode = 0; mode < 4; mode++)
        {
            try
            {
                switch (mode)
                {
                    case 0 -> Parser.parseScript(input);
                    case 1 -> Parser.parseModule(input);
                    case 2 -> Parser.parseQuery(input);
                    default -> Parser.parseDeploy(input);
                }
            }
            catch (final CompileError error)
            {
                final String rendered = error.render(input);
                assertTrue(rendered.startsWith("Error: \n"), rendered);
            }
        }
    }

    private static String randomText(final Random random)
    {
        final byte[] bytes = new byte[random.nextInt(64)];
        random.nextBytes(bytes);
        if (random.nextBoolean())
        {
            for (int i = 0; i < bytes.length; i++)
            {
                bytes[i] = (byte)(32 + Math.floorMod(bytes[i], 95));
            }
        }
        return new String(bytes, random.nextBoolean() ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    private static String mutate(final Random random, final String source)
    {
        final StringBuilder text = new StringBuilder(source);
        final int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++)
        {
            final int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
            switch (random.nextInt(5))
            {
                case 0 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(8)));
                case 1 -> text.insert(at, VOCABULARY[random.nextInt(VOCABULARY.length)]);
                case 2 -> text.insert(at, (char)random.nextInt(128));
                case 3 ->
                {
                    final int end = Math.min(text.length(), at + random.nextInt(40));
                    text.insert(random.nextInt(text.length() + 1), text.substring(at, end));
                }
                default ->
                {
                    if (!text.isEmpty())
                    {
                        text.setCharAt(Math.min(at, text.length() - 1), (char)(32 + random.nextInt(95)));
                    }
                }
            }
        }
        return text.toString();
    }

    private static List<String> corpus()
    {
        final List<String> corpus = new ArrayList<>();
        for (final String folder : Conformance.SCRIPT_FOLDERS)
        {
            for (final Path file : Conformance.files(folder, ".tremor"))
            {
                corpus.add(Conformance.read(file));
            }
        }
        for (final Path file : Conformance.files("tests/script_errors", ".tremor"))
        {
            corpus.add(Conformance.read(file));
        }
        for (final Path file : Conformance.files("tests/queries", ".trickle"))
        {
            corpus.add(Conformance.read(file));
        }
        for (final Path file : Conformance.files("tests/flows", ".troy"))
        {
            corpus.add(Conformance.read(file));
        }
        return corpus;
    }
}
