package io.temblor.bench.json;

import io.temblor.bench.BenchSuite;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code json} suite: {@link JsonParseBenchmark} on the six corpus files, reported by {@link ReportGenerator}. */
public final class JsonSuite implements BenchSuite
{
    /** {@inheritDoc} */
    @Override
    public String name()
    {
        return "json";
    }

    /** {@inheritDoc} */
    @Override
    public String description()
    {
        return "JSON parsing: Temblor vs simdjson-java, Jackson streaming, fastjson2 on the shared corpus (GB/s, B/op)";
    }

    /** {@inheritDoc} */
    @Override
    public String includePattern()
    {
        return "^" + JsonParseBenchmark.class.getName().replace(".", "\\.") + "\\.";
    }

    /** {@inheritDoc} */
    @Override
    public void configure(final ChainedOptionsBuilder options)
    {
        options.jvmArgsAppend("-D" + JsonParseBenchmark.DATA_PROPERTY + "=" + JsonParseBenchmark.dataDir().toAbsolutePath());
    }

    /** The parsers, interleaved fork by fork in a full run. */
    @Override
    public List<String> methods()
    {
        return JsonParseBenchmark.PARSERS;
    }

    /** One JMH run per corpus file: the four parsers are measured back to back on each file. */
    @Override
    public List<Map<String, String>> rounds()
    {
        final List<Map<String, String>> rounds = new ArrayList<>();
        for (final String file : JsonParseBenchmark.FILES)
        {
            rounds.add(Map.of("file", file));
        }
        return rounds;
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> inputs() throws IOException
    {
        final Path dir = JsonParseBenchmark.dataDir().toAbsolutePath();
        final Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("dataDir", dir.toString());
        final Map<String, Object> files = new LinkedHashMap<>();
        for (final String file : JsonParseBenchmark.FILES)
        {
            final Path path = dir.resolve(file);
            if (!Files.isRegularFile(path))
            {
                throw new IOException("corpus file missing: " + path + " (set -D" + JsonParseBenchmark.DATA_PROPERTY + "=DIR)");
            }
            final byte[] bytes = Files.readAllBytes(path);
            final Map<String, Object> info = new LinkedHashMap<>();
            info.put("bytes", (long)bytes.length);
            info.put("sha256", sha256(bytes));
            files.put(file, info);
        }
        inputs.put("files", files);
        return inputs;
    }

    /** {@inheritDoc} */
    @Override
    public void report(final Path runDir) throws IOException
    {
        ReportGenerator.generate(runDir);
    }

    /** {@inheritDoc} */
    @Override
    public void printSummary(final Path runDir, final PrintStream out) throws IOException
    {
        out.print(ReportGenerator.consoleTable(ReportGenerator.summarize(runDir)));
    }

    /** {@inheritDoc} */
    @Override
    public String headline(final Path runDir) throws IOException
    {
        return ReportGenerator.headline(ReportGenerator.summarize(runDir));
    }

    private static String sha256(final byte[] bytes)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
