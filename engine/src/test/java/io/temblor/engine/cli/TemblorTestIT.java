package io.temblor.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/temblor test integration} and {@code test unit} end to end: tiny case folders made here, each flow run
 * as a child {@code temblor run}, results checked on the printed lines, the exit status and the JUnit report.
 */
class TemblorTestIT
{
    private static final Path ROOT = Path.of(System.getProperty("temblor.root", "..")).toAbsolutePath().normalize();

    private static final String FLOW = """
        define flow main
        flow
          use integration;
          use tremor::connectors;
          create connector in_file from integration::read_file;
          create connector out_file from integration::write_file;
          create connector exit from integration::exit;
          create pipeline main from integration::out_or_exit;
          connect /connector/in_file to /pipeline/main;
          connect /pipeline/main to /connector/out_file;
          connect /pipeline/main/exit to /connector/exit;
        end;
        deploy flow main;
        """;

    private static final String NEVER_ENDS = """
        define flow main
        flow
          use tremor::connectors;
          use tremor::pipelines;
          define connector tick from metronome with config = {"interval": 1000000000} end;
          create connector tick;
          create connector out from connectors::console;
          create pipeline pass from pipelines::passthrough;
          connect /connector/tick to /pipeline/pass;
          connect /pipeline/pass to /connector/out;
        end;
        deploy flow main;
        """;

    private static final String IN = "{\"b\":2,\"a\":1}\n\"exit\"\n";
    private static final String EQUALS_OUT = "status: 0\nname: %s\nasserts:\n  - source: out.log\n    equals_file: expected.json\n";

    @TempDir
    Path dir;

    private record Run(int code, String out, String err)
    {
    }

    private static Run temblor(final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("bin/temblor").toString());
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("TEMBLOR_NO_BUILD", "1");
        final File err = File.createTempFile("temblor-err", ".txt");
        builder.redirectError(err);
        final Process process = builder.start();
        process.getOutputStream().close();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS));
        final String stderr = Files.readString(err.toPath());
        Files.delete(err.toPath());
        return new Run(process.exitValue(), out, stderr);
    }

    private Path testCase(final String name, final Map<String, String> files) throws IOException
    {
        final Path folder = Files.createDirectories(dir.resolve("cases").resolve(name));
        for (final Map.Entry<String, String> file : files.entrySet())
        {
            Files.writeString(folder.resolve(file.getKey()), file.getValue());
        }
        return folder;
    }

    private static Map<String, String> files(final String... pairs)
    {
        final Map<String, String> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2)
        {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void shouldPassAndFailCasesWhenRunThroughTheLauncher() throws Exception
    {
        // given
        Files.createDirectories(dir.resolve("cases"));
        Files.writeString(dir.resolve("cases/tags.yaml"), "[\"integration\"]\n");
        testCase("pass", files("config.troy", FLOW, "in.json", IN, "expected.json", "{\"a\":1,\"b\":2}\n",
            "assert.yaml", EQUALS_OUT.formatted("pass"), "tags.yaml", "[\"file\"]"));
        testCase("fail_equals", files("config.troy", FLOW, "in.json", IN, "expected.json", "{\"a\":1,\"b\":3}\n",
            "assert.yaml", EQUALS_OUT.formatted("fail equals"), "tags.yaml", "[\"file\"]"));
        testCase("fail_status", files("config.troy", FLOW, "in.json", IN, "assert.yaml",
            "status: 3\nname: fail status\nasserts: []\n"));
        testCase("timeout", files("config.troy", NEVER_ENDS, "assert.yaml", "status: 0\nname: timeout\n"));
        testCase("before", files("config.troy", FLOW, "expected.json", "{\"x\":true}\n",
            "assert.yaml", EQUALS_OUT.formatted("before"),
            "before.yaml", "- cmd: sh\n  args: [\"-c\", \"printf '{\\\"x\\\":true}\\\\n\\\"exit\\\"\\\\n' > in.json\"]\n" +
            "  await:\n    file-exists: [\"in.json\"]\n  max-await-secs: 10\n"));
        testCase("malformed", files("config.troy", FLOW, "assert.yaml", "name: x\nstatus: zero\n"));
        testCase("no_flow", files("assert.yaml", "status: 0\n"));
        testCase("skipped", files("config.troy", FLOW, "assert.yaml", "status: 0\n", "tags.yaml", "- never\n"));
        final Path report = dir.resolve("report.xml");

        // when
        final Run run = temblor("test", "integration", dir.resolve("cases").toString(), "--timeout", "8s",
            "--exclude-tags", "never", "--report", report.toString());

        // then
        final String out = run.out();
        assertEquals(Main.EXIT_INVALID, run.code(), out + run.err());
        assertTrue(out.contains("RUN  pass\nPASS pass ("), out);
        assertTrue(out.contains("PASS before ("), out);
        assertTrue(out.contains("FAIL fail_equals") && out.contains("differs from expected.json at line 1: " +
            "expected `{\"a\":1,\"b\":3}`, got `{\"a\":1,\"b\":2}`"), out);
        assertTrue(out.contains("status: expected exit code 3, got 0"), out);
        assertTrue(out.contains("FAIL timeout") && out.contains("timed out after 8s"), out);
        assertTrue(out.contains("assert.yaml:2: `status` must be an exit code"), out);
        assertTrue(out.contains("no config.troy (or main.troy)"), out);
        assertTrue(out.contains("SKIP skipped"), out);
        assertTrue(out.strip().endsWith("2 passed, 5 failed, 1 skipped"), out);
        assertTrue(Files.isRegularFile(dir.resolve("cases/pass/fg.err.log")));

        final Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
        final Element root = doc.getDocumentElement();
        assertEquals("8", root.getAttribute("tests"));
        assertEquals("5", root.getAttribute("failures"));
        final NodeList cases = root.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++)
        {
            final Element c = (Element)cases.item(i);
            if ("timeout".equals(c.getAttribute("name")))
            {
                final Element failure = (Element)c.getElementsByTagName("failure").item(0);
                assertTrue(failure.getAttribute("message").startsWith("timed out after 8s"), failure.getAttribute("message"));
                assertTrue(Double.parseDouble(c.getAttribute("time")) >= 8.0, c.getAttribute("time"));
            }
        }
    }

    @Test
    void shouldExitWithUsageErrorWhenTheFolderIsMissing() throws Exception
    {
        final Run run = temblor("test", "integration", dir.resolve("nope").toString());
        assertEquals(Main.EXIT_USAGE, run.code());
        assertTrue(run.err().contains("no such folder"), run.err());
    }

    @Test
    void shouldRunUnitSuitesWhenGivenAFile() throws Exception
    {
        final Path file = dir.resolve("all.tremor");
        Files.writeString(file, """
            use std::test;
            test::suite({
              "name": "arith",
              "tags": ["math"],
              "tests": [
                test::test({"name": "adds", "test": test::assert("adds", 3, 1 + 2)}),
                test::test({"name": "wrong", "test": test::assert("wrong", 4, 1 + 2)})
              ]
            });
            """);
        final Run run = temblor("test", "unit", file.toString());
        assertEquals(Main.EXIT_INVALID, run.code(), run.err());
        assertTrue(run.out().contains("PASS arith > adds"), run.out());
        assertTrue(run.out().contains("FAIL arith > wrong\n      expected 4, got 3"), run.out());
        assertTrue(run.out().strip().endsWith("1 passed, 1 failed"), run.out());
        final Run captures = temblor("test", "captures", dir.toString());
        assertEquals(Main.EXIT_USAGE, captures.code());
        assertTrue(captures.err().contains("temblor test captures: no case in"), captures.err());
    }
}
