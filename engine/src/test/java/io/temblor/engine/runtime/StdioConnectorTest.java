package io.temblor.engine.runtime;

import io.temblor.script.error.CompileError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code stdio} connector as Tremor's: standard input through the preprocessors and codec to {@code out} (however
 * the reads cut it, a last line without a newline included), what does not decode to {@code err}, a failed read
 * reported after what was read before it; events to {@code in}/{@code stdout} on standard output and to {@code stderr}
 * on standard error, through the codec and postprocessors (whose {@code finish} output is written at the stop).
 */
class StdioConnectorTest
{
    /** Hands out its bytes a few at a time, then fails or ends. */
    private static final class Trickle extends InputStream
    {
        private final byte[] data;
        private final boolean failAtEnd;
        private int at;

        Trickle(final String text, final boolean failAtEnd)
        {
            this.data = text.getBytes(StandardCharsets.UTF_8);
            this.failAtEnd = failAtEnd;
        }

        @Override
        public int read()
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(final byte[] b, final int off, final int len) throws IOException
        {
            if (at == data.length)
            {
                if (failAtEnd)
                {
                    throw new IOException("disk on fire");
                }
                return -1;
            }
            final int n = Math.min(Math.min(len, 7), data.length - at);
            System.arraycopy(data, at, b, off, n);
            at += n;
            return n;
        }
    }

    /** What a run wrote to standard output and standard error, and its exit code. */
    private record Run(long code, String stdout, String stderr)
    {
        List<String> outLines()
        {
            return stdout.isEmpty() ? List.of() : List.of(stdout.split("\n"));
        }

        List<String> errLines()
        {
            return stderr.isEmpty() ? List.of() : List.of(stderr.split("\n"));
        }
    }

    private static Run run(final String troy, final InputStream stdin, final Path dir) throws InterruptedException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final FlowRuntime runtime = new FlowRuntime(RunningFlow.compile(troy, dir), stdin,
            new PrintStream(out, false, StandardCharsets.UTF_8), new PrintStream(err, false, StandardCharsets.UTF_8), dir,
            Threading.defaults());
        final long code = runtime.run(30_000_000_000L);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** stdin -> pass -> stdout; err -> errors -> stderr; the event with `last` exits with its `code`. */
    private static String flow(final String with)
    {
        return "define flow main\nflow\n" +
            "  define connector io from stdio" + (with.isEmpty() ? "" : " with " + with + " end") + ";\n" +
            "  define connector stop from exit;\n" +
            "  define pipeline pass pipeline select event from in into out; end;\n" +
            "  define pipeline errors pipeline select event from in into out; end;\n" +
            "  define pipeline last pipeline select {\"exit\": event.code} from in where present event.last into out; end;\n" +
            "  create connector io;\n  create connector stop;\n" +
            "  create pipeline pass;\n  create pipeline errors;\n  create pipeline last;\n" +
            "  connect /connector/io/out to /pipeline/pass;\n" +
            "  connect /connector/io/err to /pipeline/errors;\n" +
            "  connect /pipeline/pass to /connector/io/stdout;\n" +
            "  connect /pipeline/errors to /connector/io/stderr;\n" +
            "  connect /pipeline/pass to /pipeline/last;\n" +
            "  connect /pipeline/last to /connector/stop;\n" +
            "end;\n";
    }

    @Test
    void shouldDecodeEveryLineWhateverTheReadsAndSendWhatDoesNotDecodeToErr(@TempDir final Path dir) throws Exception
    {
        final StringBuilder text = new StringBuilder();
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3000; i++)
        {
            final String line = "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 50) + "\"}";
            expected.add(line);
            text.append(line).append(i % 3 == 0 ? "\r\n" : "\n").append(i % 7 == 0 ? "\n\n" : "");
            if (i == 1234)
            {
                text.append("{\"broken\":\n");
            }
        }
        // the last line has no newline: it is decoded when standard input ends
        text.append("{\"code\":3,\"last\":true}");
        expected.add("{\"code\":3,\"last\":true}");
        final Run run = run(flow(""), new Trickle(text.toString(), false), dir);
        assertEquals(3, run.code());
        assertEquals(expected, run.outLines());
        assertEquals(1, run.errLines().size(), run.stderr());
        assertTrue(run.errLines().get(0).startsWith("{\"error\":\"invalid JSON: "), run.stderr());
    }

    @Test
    void shouldReportAFailedReadOnErrAfterTheEventsReadBeforeIt(@TempDir final Path dir) throws Exception
    {
        final String text = "{\"a\":1}\n{\"code\":0,\"last\":true}\n";
        final Run run = run(flow(""), new Trickle(text, true), dir);
        assertEquals(0, run.code());
        assertEquals(List.of("{\"a\":1}", "{\"code\":0,\"last\":true}"), run.outLines());
        assertEquals(List.of("{\"error\":\"cannot read standard input after " + text.length() +
            " bytes: disk on fire\"}"), run.errLines());
    }

    @Test
    void shouldUseTheCodecAndPostprocessorsBothWaysAndFinishTheChainAtTheStop(@TempDir final Path dir)
        throws Exception
    {
        // string codec, as Tremor's tremor::connectors::console; a line is a string event, echoed with a separator
        final String troy = "define flow main\nflow\n" +
            "  define connector io from console with codec = \"string\", preprocessors = [\"separate\"], " +
            "postprocessors = [{\"name\": \"separate\", \"config\": {\"separator\": \"|\"}}, \"collect\"] end;\n" +
            "  define connector stop from exit;\n" +
            "  define pipeline pass pipeline select event from in into out; end;\n" +
            "  define pipeline last pipeline select {} from in where event == \"bye\" into out; end;\n" +
            "  create connector io;\n  create connector stop;\n  create pipeline pass;\n  create pipeline last;\n" +
            "  connect /connector/io to /pipeline/pass;\n  connect /pipeline/pass to /connector/io;\n" +
            "  connect /pipeline/pass to /pipeline/last;\n  connect /pipeline/last to /connector/stop;\nend;\n";
        final Run run = run(troy, new ByteArrayInputStream("hello\nnot json {\nbye\n".getBytes(StandardCharsets.UTF_8)),
            dir);
        assertEquals(0, run.code());
        // collect holds everything until the chain is finished when the flow stops
        assertEquals("hello|not json {|bye|", run.stdout());
        assertEquals("", run.stderr());
    }

    @Test
    void shouldRejectAnInputPortStdioDoesNotHave(@TempDir final Path dir)
    {
        final String troy = "define flow main\nflow\n" +
            "  define connector io from stdio;\n  define pipeline pass pipeline select event from in into out; end;\n" +
            "  create connector io;\n  create pipeline pass;\n" +
            "  connect /connector/io to /pipeline/pass;\n  connect /pipeline/pass to /connector/io/stdin;\nend;\n";
        final CompileError error = assertThrows(CompileError.class, () -> new FlowRuntime(RunningFlow.compile(troy, dir),
            new ByteArrayInputStream(new byte[0]), System.out, dir));
        assertTrue(error.getMessage().contains("has no input port `stdin` (its input ports: in, stdout, stderr)"),
            error.getMessage());
    }
}
