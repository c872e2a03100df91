package io.temblor.engine.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaseSpecTest
{
    @TempDir
    Path dir;

    private Path write(final String name, final String text) throws IOException
    {
        final Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void shouldReadAssertYamlAsTremorWritesIt() throws IOException
    {
        final Path file = write("assert.yaml", """
            status: 0
            name: tcp connector
            asserts:
              - source: out.log
                equals_file: expected.json
              - source: STDERR
                contains:
                  - "event for stdin"
                doesnt_contain: [panic]
            """);
        final CaseSpec.AssertSpec spec = CaseSpec.readAssert(file, "folder");
        assertEquals(0, spec.status());
        assertEquals("tcp connector", spec.name());
        assertEquals(2, spec.asserts().size());
        assertEquals("expected.json", spec.asserts().get(0).equalsFile());
        assertNull(spec.asserts().get(0).equalsFileBinary());
        assertEquals(List.of("event for stdin"), spec.asserts().get(1).contains());
        assertEquals(List.of("panic"), spec.asserts().get(1).doesntContain());
    }

    @Test
    void shouldNameFileAndLineWhenAssertYamlIsMalformed() throws IOException
    {
        final Path badStatus = write("assert.yaml", "name: x\nasserts: []\nstatus: zero\n");
        final TestSetupException status = assertThrows(TestSetupException.class,
            () -> CaseSpec.readAssert(badStatus, "x"));
        assertTrue(status.getMessage().startsWith(badStatus + ":3: `status` must be an exit code"), status.getMessage());

        final Path notYaml = write("broken.yaml", "status: 0\nasserts: [\n  - source: a\n");
        final TestSetupException yaml = assertThrows(TestSetupException.class, () -> CaseSpec.readAssert(notYaml, "x"));
        assertTrue(yaml.getMessage().contains("broken.yaml") && yaml.getMessage().contains("line"), yaml.getMessage());

        final Path noSource = write("nosource.yaml", "status: 0\nasserts:\n  - contains: [a]\n");
        final TestSetupException source = assertThrows(TestSetupException.class,
            () -> CaseSpec.readAssert(noSource, "x"));
        assertTrue(source.getMessage().contains(":2: each assert needs a `source`"), source.getMessage());
    }

    @Test
    void shouldReadBeforeYamlAsAListOrOneCommand() throws IOException
    {
        final Path list = write("before.yaml", """
            - dir: "./before"
              cmd: "tremor"
              args: ["server", "run", "config.troy"]
              env: {RUST_LOG: info}
              await:
                port-open: ["4242"]
                wait-for-ms: [100]
              max-await-secs: 15,
            """);
        final List<CaseSpec.Command> commands = CaseSpec.readCommands(list);
        assertEquals(1, commands.size());
        final CaseSpec.Command c = commands.get(0);
        assertEquals("./before", c.dir());
        assertEquals("tremor server run config.troy", c.cmdline());
        assertEquals(List.of("4242"), c.await().get("port-open"));
        assertEquals(List.of("100"), c.await().get("wait-for-ms"));
        assertEquals(15, c.maxAwaitSecs());
        assertEquals("info", c.env().get("RUST_LOG"));

        final Path one = write("after.yaml", "{\"dir\": \".\", \"cmd\": \"bash\", \"args\": [\"./after/stop.sh\"]}");
        assertEquals("bash ./after/stop.sh", CaseSpec.readCommands(one).get(0).cmdline());

        final Path bad = write("bad.yaml", "- dir: .\n  args: []\n");
        final TestSetupException ex = assertThrows(TestSetupException.class, () -> CaseSpec.readCommands(bad));
        assertTrue(ex.getMessage().contains("needs `cmd`"), ex.getMessage());
    }
}
