package io.temblor.engine.testing;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML files of an integration case, read as Tremor reads them: {@code assert.yaml} ({@code status}, {@code name},
 * {@code asserts}), {@code before.yaml} / {@code after.yaml} (a command or a list of them) and {@code env.yaml}. Every
 * error names the file and, where it can, the line.
 */
public final class CaseSpec
{
    private CaseSpec()
    {
    }

    /**
     * What {@code assert.yaml} asks.
     *
     * @param status the exit code the flow must end with.
     * @param name the case's display name (the folder's name when missing).
     * @param asserts the file checks.
     */
    public record AssertSpec(int status, String name, List<FileAssert> asserts)
    {
    }

    /**
     * One check of a file: {@code source} is {@code stdout}, {@code stderr} or a path relative to the case.
     *
     * @param source what is checked.
     * @param contains strings that must each appear in some line (trimmed), or empty.
     * @param doesntContain strings that must appear in no line, or empty.
     * @param equalsFile the file whose lines the source must equal (JSON lines compare as values), or null.
     * @param equalsFileBinary the file whose bytes the source must equal, or null.
     */
    public record FileAssert(String source, List<String> contains, List<String> doesntContain, String equalsFile,
        String equalsFileBinary)
    {
    }

    /**
     * A command of {@code before.yaml} or {@code after.yaml}.
     *
     * @param dir working folder, relative to the case.
     * @param cmd the program ({@code temblor} is this Temblor).
     * @param args its arguments.
     * @param env extra environment.
     * @param await conditions to wait for: {@code port-open}, {@code file-exists}, {@code wait-for-ms}, {@code status}.
     * @param maxAwaitSecs how long the conditions may take.
     * @param minAwaitSecs how long to wait after them.
     */
    public record Command(String dir, String cmd, List<String> args, Map<String, String> env,
        Map<String, List<String>> await, long maxAwaitSecs, long minAwaitSecs)
    {
        /**
         * The command line as shown in messages.
         *
         * @return the program and its arguments.
         */
        public String cmdline()
        {
            return cmd + (args.isEmpty() ? "" : " " + String.join(" ", args));
        }
    }

    /**
     * Reads {@code assert.yaml}.
     *
     * @param file the file.
     * @param defaultName the name when the file has none.
     * @return the spec.
     * @throws TestSetupException when it is malformed.
     */
    public static AssertSpec readAssert(final Path file, final String defaultName)
    {
        final String text = read(file);
        final Object value = load(file, text);
        if (!(value instanceof Map<?, ?> map))
        {
            throw new TestSetupException(file + ":1: expected a mapping with `status`, `name` and `asserts`");
        }
        final Object status = map.get("status");
        if (!(status instanceof Number number))
        {
            throw new TestSetupException(file + ":" + line(text, "status") + ": `status` must be an exit code (an " +
                "integer), got " + (null == status ? "nothing" : "`" + status + "`"));
        }
        final Object name = map.get("name");
        final List<FileAssert> asserts = new ArrayList<>();
        final Object list = map.get("asserts");
        if (null != list && !(list instanceof List<?>))
        {
            throw new TestSetupException(file + ":" + line(text, "asserts") + ": `asserts` must be a list");
        }
        if (null != list)
        {
            for (final Object item : (List<?>)list)
            {
                if (!(item instanceof Map<?, ?> a) || !(a.get("source") instanceof String source))
                {
                    throw new TestSetupException(file + ":" + line(text, "asserts") +
                        ": each assert needs a `source` (stdout, stderr or a file), got `" + item + "`");
                }
                asserts.add(new FileAssert(source, strings(file, text, a, "contains"),
                    strings(file, text, a, "doesnt_contain"), string(file, text, a, "equals_file"),
                    string(file, text, a, "equals_file_binary")));
            }
        }
        return new AssertSpec(number.intValue(), null == name ? defaultName : String.valueOf(name), asserts);
    }

    /**
     * Reads {@code before.yaml} or {@code after.yaml}: one command or a list of them.
     *
     * @param file the file.
     * @return the commands in order.
     * @throws TestSetupException when it is malformed.
     */
    public static List<Command> readCommands(final Path file)
    {
        final String text = read(file);
        final Object value = load(file, text);
        final List<Command> commands = new ArrayList<>();
        if (null == value)
        {
            return commands;
        }
        final List<?> items = value instanceof List<?> l ? l : List.of(value);
        for (final Object item : items)
        {
            if (!(item instanceof Map<?, ?> map) || !(map.get("cmd") instanceof String cmd))
            {
                throw new TestSetupException(file + ":" + line(text, "cmd") + ": each command needs `cmd`, got `" +
                    item + "`");
            }
            final Object dir = map.get("dir");
            final Map<String, List<String>> await = new LinkedHashMap<>();
            if (map.get("await") instanceof Map<?, ?> conditions)
            {
                for (final Map.Entry<?, ?> e : conditions.entrySet())
                {
                    await.put(String.valueOf(e.getKey()), strings(file, text, conditions, e.getKey()));
                }
            }
            final Map<String, String> env = new LinkedHashMap<>();
            if (map.get("env") instanceof Map<?, ?> vars)
            {
                vars.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
            }
            commands.add(new Command(null == dir ? "." : String.valueOf(dir), cmd, strings(file, text, map, "args"),
                env, await, seconds(file, text, map, "max-await-secs"), seconds(file, text, map, "min-await-secs")));
        }
        return commands;
    }

    /**
     * Reads {@code env.yaml}: a mapping of environment variables.
     *
     * @param file the file.
     * @return the variables.
     */
    public static Map<String, String> readEnv(final Path file)
    {
        final String text = read(file);
        final Map<String, String> env = new LinkedHashMap<>();
        final Object value = load(file, text);
        if (null != value && !(value instanceof Map<?, ?>))
        {
            throw new TestSetupException(file + ":1: expected a mapping of environment variables");
        }
        if (value instanceof Map<?, ?> map)
        {
            map.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
        }
        return env;
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new TestSetupException(file + ": cannot read (" + ex.getMessage() + ")");
        }
    }

    private static Object load(final Path file, final String text)
    {
        try
        {
            return new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(text);
        }
        catch (final YamlEngineException ex)
        {
            throw new TestSetupException(file + ": not valid YAML: " + ex.getMessage().replace('\n', ' '));
        }
    }

    private static List<String> strings(final Path file, final String text, final Map<?, ?> map, final Object key)
    {
        final Object value = map.get(key);
        final List<String> result = new ArrayList<>();
        if (null == value)
        {
            return result;
        }
        if (value instanceof List<?> list)
        {
            list.forEach(v -> result.add(String.valueOf(v)));
            return result;
        }
        if (value instanceof String || value instanceof Number)
        {
            result.add(String.valueOf(value));
            return result;
        }
        throw new TestSetupException(file + ":" + line(text, String.valueOf(key)) + ": `" + key +
            "` must be a list of strings");
    }

    private static String string(final Path file, final String text, final Map<?, ?> map, final String key)
    {
        final Object value = map.get(key);
        if (null == value || value instanceof String)
        {
            return (String)value;
        }
        throw new TestSetupException(file + ":" + line(text, key) + ": `" + key + "` must be a file name");
    }

    private static long seconds(final Path file, final String text, final Map<?, ?> map, final String key)
    {
        final Object value = map.get(key);
        if (null == value)
        {
            return 0;
        }
        try
        {
            return Long.parseLong(String.valueOf(value).strip().replaceAll(",$", ""));
        }
        catch (final NumberFormatException ex)
        {
            throw new TestSetupException(file + ":" + line(text, key) + ": `" + key + "` must be a number of seconds");
        }
    }

    /** The 1-based line where {@code key} first appears as a key, or 1. */
    static int line(final String text, final String key)
    {
        final List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++)
        {
            final String l = lines.get(i).strip();
            if (l.startsWith(key + ":") || l.startsWith("- " + key + ":") || l.startsWith("\"" + key + "\"") ||
                l.startsWith("- \"" + key + "\""))
            {
                return i + 1;
            }
        }
        return 1;
    }
}
